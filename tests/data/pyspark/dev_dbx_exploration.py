# expect: count_action, repeated_actions_without_cache
# Databricks notebook source
# MAGIC %md
# MAGIC ## Explore transactions before building the silver table

# COMMAND ----------

from pyspark.sql import functions as F

# COMMAND ----------

txns = spark.table("main.finance.transactions").where(F.col("txn_date") >= "2024-01-01")
txns.printSchema()

# COMMAND ----------

print(f"rows: {txns.count():,}")

# COMMAND ----------

txns.show(20, truncate=False)

# COMMAND ----------

txns.groupBy("channel").agg(F.sum("amount").alias("amount")).show()
