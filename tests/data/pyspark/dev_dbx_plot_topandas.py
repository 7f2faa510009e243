# expect: topandas
# Databricks notebook source
import matplotlib.pyplot as plt

# COMMAND ----------

hourly = spark.table("main.web.page_views").where("view_date >= '2024-01-01'").select("view_ts", "page", "latency_ms")

# COMMAND ----------

pdf = hourly.toPandas()
pdf["hour"] = pdf["view_ts"].dt.hour
pdf.groupby("hour")["latency_ms"].median().plot(kind="bar")
plt.show()
