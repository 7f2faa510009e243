# expect: missing_broadcast
import h3
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

spark = SparkSession.builder.appName("h3-index").getOrCreate()


@F.udf(StringType())
def to_h3(lat, lon):
    if lat is None or lon is None:
        return None
    return h3.latlng_to_cell(lat, lon, 9)


rides = spark.read.parquet("s3://mobility/rides/")
zones_lookup = spark.read.parquet("s3://mobility/h3_zone_lookup/")

indexed = rides.withColumn("h3_cell", to_h3("pickup_lat", "pickup_lon"))
with_zone = indexed.join(zones_lookup, "h3_cell", "left")
with_zone.write.mode("overwrite").partitionBy("ride_date").parquet("s3://mobility/rides_zoned/")
