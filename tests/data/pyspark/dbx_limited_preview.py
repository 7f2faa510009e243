# expect: none
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

events = spark.table("bronze.app_events")
sample_rows = events.limit(20).collect()
for r in sample_rows:
    print(r.event_type, r.user_id)

# COMMAND ----------

preview = events.where(F.col("event_type") == "purchase").limit(1000).toPandas()
preview.describe()

# COMMAND ----------

latest = events.agg(F.max("event_ts").alias("latest")).collect()[0]["latest"]
print("latest event:", latest)
