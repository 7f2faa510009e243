# expect: missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("enrich-readings").getOrCreate()

dim_device = spark.read.table("ref.dim_device").select("device_id", "site", "model")

readings = (
    spark.readStream.format("delta")
    .table("iot.readings_bronze")
    .withWatermark("event_time", "5 minutes")
)

enriched = readings.join(dim_device, "device_id", "left").withColumn("ingested_at", F.current_timestamp())

(
    enriched.writeStream.format("delta")
    .option("checkpointLocation", "/chk/readings_enriched")
    .outputMode("append")
    .toTable("iot.readings_silver")
)
