# expect: topandas, select_star_in_spark_sql
# Databricks notebook source
import matplotlib.pyplot as plt

# COMMAND ----------

revenue = spark.sql("SELECT * FROM gold.daily_revenue WHERE region = 'EMEA'")

# COMMAND ----------

pdf = revenue.toPandas()
pdf = pdf.sort_values("day")
print("days with data:", pdf["day"].count())
plt.plot(pdf["day"], pdf["revenue"])
plt.savefig("/dbfs/FileStore/plots/emea_revenue.png")
