# expect: withcolumn_in_loop
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

raw = spark.read.option("header", True).csv("/mnt/raw/partner_feed/")
for c in raw.columns:
    clean_name = c.strip().lower().replace(" ", "_")
    raw = raw.withColumn(clean_name, F.col(f"`{c}`")).drop(c)

# COMMAND ----------

raw.write.mode("overwrite").saveAsTable("bronze.partner_feed")
