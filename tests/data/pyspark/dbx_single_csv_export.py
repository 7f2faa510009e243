# expect: coalesce_to_one
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

monthly = (
    spark.table("gold.sales_monthly")
    .where(F.col("month") == "2024-05")
    .select("region", "category", "revenue", "units")
)

# COMMAND ----------

(
    monthly.repartition(1)
    .write.mode("overwrite")
    .option("header", True)
    .csv("/mnt/exports/finance/sales_2024_05")
)
