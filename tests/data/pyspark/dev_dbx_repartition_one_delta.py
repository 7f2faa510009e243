# expect: coalesce_to_one
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

kpis = (
    spark.table("gold.daily_orders")
    .groupBy("order_date")
    .agg(F.sum("revenue").alias("revenue"), F.countDistinct("customer_id").alias("buyers"))
)

# COMMAND ----------

kpis.repartition(1).write.format("delta").mode("overwrite").saveAsTable("gold.daily_kpis")
