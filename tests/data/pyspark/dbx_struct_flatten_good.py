# expect: none
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

raw = spark.read.json("/mnt/raw/iot/telemetry/")

flat = raw.select(
    F.col("device.id").alias("device_id"),
    F.col("payload.reading.temperature").alias("temperature"),
    F.col("payload.reading.humidity").alias("humidity"),
    F.col("payload.location.lat").alias("lat"),
    F.col("payload.location.lon").alias("lon"),
    "event_ts",
)

hot = flat.filter(F.col("temperature") > 80).withColumn("alert", F.lit(True))
hot.write.format("delta").mode("append").saveAsTable("silver.iot_alerts")
