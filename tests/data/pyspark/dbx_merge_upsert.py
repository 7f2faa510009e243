# expect: none
# Databricks notebook source
from delta.tables import DeltaTable
from pyspark.sql import functions as F

# COMMAND ----------

updates = (
    spark.read.format("delta")
    .load("/mnt/lake/bronze/customers_cdc")
    .where(F.col("_commit_ts") > F.expr("current_timestamp() - INTERVAL 1 DAY"))
    .dropDuplicates(["customer_id"])
)

target = DeltaTable.forName(spark, "silver.customers")
(
    target.alias("t")
    .merge(updates.alias("s"), "t.customer_id = s.customer_id")
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute()
)
