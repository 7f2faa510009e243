# expect: none
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

events = spark.read.format("delta").table("silver.events").where(F.col("event_date") >= F.date_sub(F.current_date(), 7))

# COMMAND ----------

(
    events.repartition(64, "event_date")
    .write.format("delta")
    .mode("overwrite")
    .partitionBy("event_date")
    .option("replaceWhere", "event_date >= date_sub(current_date(), 7)")
    .saveAsTable("gold.events_last_7d")
)

# COMMAND ----------

summary = events.groupBy("event_type").agg(F.count(F.lit(1)).alias("n"))
summary.coalesce(8).write.format("delta").mode("overwrite").saveAsTable("gold.event_type_counts")
