# expect: none
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

telemetry = spark.read.format("json").load("/mnt/raw/telemetry/")

flat = telemetry.select(
    F.col("deviceId").alias("device_id"),
    F.col("payload.device.model").alias("model"),
    F.col("payload.device.firmware").alias("firmware"),
    F.col("payload.reading.temperature").alias("temperature"),
    F.col("payload.reading.humidity").alias("humidity"),
    F.to_timestamp("ts").alias("ts"),
)

# COMMAND ----------

hot = flat.where(F.col("temperature") > 40).withColumn("temperature_f", F.col("temperature") * 9 / 5 + 32)
per_model = hot.groupBy("model", "firmware").agg(F.avg("temperature").alias("avg_temp"))

# COMMAND ----------

per_model.write.format("delta").mode("overwrite").saveAsTable("iot.hot_devices_by_model")
