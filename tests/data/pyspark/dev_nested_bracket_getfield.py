# expect: nested_field_access
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

rides = spark.read.json("s3://mobility/rides/")

started = rides.withColumn("start_lat", rides["trip"]["start"]["lat"]).withColumn(
    "start_lon", rides["trip"]["start"]["lon"]
)
downtown = started.filter(F.col("trip").getField("start").getField("zone") == "CBD")
downtown.write.mode("overwrite").parquet("s3://mobility/rides_cbd/")
