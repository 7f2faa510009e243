# expect: coalesce_to_one, repeated_actions_without_cache
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

weekly = (
    spark.table("gold.sales_daily")
    .where(F.col("day") >= F.date_sub(F.current_date(), 7))
    .groupBy("region")
    .agg(F.sum("revenue").alias("revenue"))
)
display(weekly)

# COMMAND ----------

weekly.coalesce(1).write.mode("overwrite").option("header", "true").csv("/mnt/exports/weekly_by_region")
