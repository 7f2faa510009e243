# expect: repeated_actions_without_cache, count_action
# Databricks notebook source
# MAGIC %md
# MAGIC # Bronze to silver: orders

# COMMAND ----------

from pyspark.sql import functions as F

dbutils.widgets.text("ingest_date", "")
ingest_date = dbutils.widgets.get("ingest_date")

# COMMAND ----------

bronze = spark.read.format("delta").load("/mnt/lake/bronze/orders").where(F.col("ingest_date") == ingest_date)
display(bronze)

# COMMAND ----------

silver = (
    bronze.dropDuplicates(["order_id"])
    .withColumn("amount", F.col("amount").cast("decimal(18,2)"))
    .withColumn("order_ts", F.to_timestamp("order_ts"))
)
print(f"bronze rows: {bronze.count()}")

# COMMAND ----------

silver.write.format("delta").mode("append").saveAsTable("silver.orders")
