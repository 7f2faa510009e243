# expect: nested_field_access
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

telemetry = spark.read.json("/mnt/raw/iot/telemetry/")

alerts = telemetry.filter(F.col("payload.reading.temperature") > 80)
alerts = alerts.withColumn("temp_f", F.col("payload.reading.temperature") * 9 / 5 + 32)
alerts = alerts.withColumn("device_id", F.col("device.id"))

# COMMAND ----------

alerts.select("device_id", "temp_f", "event_ts").write.format("delta").mode("append").saveAsTable("silver.iot_alerts")
