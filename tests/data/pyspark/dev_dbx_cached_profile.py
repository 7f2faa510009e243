# expect: count_action
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

members = (
    spark.read.table("hive_metastore.health.members")
    .where(F.col("plan_year") == 2024)
    .cache()
)

# COMMAND ----------

n_members = members.count()
print("members in scope:", n_members)

# COMMAND ----------

members.show(10)

# COMMAND ----------

members.write.format("delta").mode("overwrite").saveAsTable("health_silver.members_2024")
members.unpersist()
