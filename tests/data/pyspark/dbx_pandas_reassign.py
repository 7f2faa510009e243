# expect: none
# Databricks notebook source
import pandas as pd

# COMMAND ----------

df = spark.table("gold.kpi_daily").where("day >= date_sub(current_date(), 30)").select("day", "kpi", "value")
df = df.limit(10000).toPandas()
df = pd.pivot_table(df, index="day", columns="kpi", values="value")
print("days:", df.count())
missing = df.isna().sum()
print(missing)
