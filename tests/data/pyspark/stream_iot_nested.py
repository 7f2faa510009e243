# expect: nested_field_access
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("iot-stream").getOrCreate()

readings = (
    spark.readStream.format("kinesis")
    .option("streamName", "iot-readings")
    .option("region", "us-east-1")
    .load()
    .select(F.from_json(F.col("data").cast("string"), "device STRUCT<meta: STRUCT<site: STRING, rack: STRING>>, value DOUBLE").alias("r"))
)

by_site = readings.withColumn("site", F.col("r.device.meta.site"))
by_site = by_site.withColumn("rack", F.col("r.device.meta.rack"))

(
    by_site.groupBy("site", "rack")
    .agg(F.avg("r.value").alias("avg_value"))
    .writeStream.outputMode("complete")
    .format("memory")
    .queryName("site_rack_avg")
    .start()
)
