# expect: nested_field_access
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

raw = spark.read.table("iot_bronze.sensor_messages")

# COMMAND ----------

alerts = raw.filter(F.col("body.sensor.temperature") > 30)

# COMMAND ----------

alerts = alerts.withColumn("temp_f", F.col("body.sensor.temperature") * 9 / 5 + 32)

# COMMAND ----------

by_site = alerts.groupBy(F.col("body.sensor.location").alias("site")).agg(F.max("temp_f").alias("max_temp_f"))
by_site.write.format("delta").mode("overwrite").saveAsTable("iot_gold.alerts_by_site")
