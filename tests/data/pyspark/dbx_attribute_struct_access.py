# expect: nested_field_access
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

orders_df = spark.table("bronze.shop_orders")

premium = orders_df.filter(orders_df.customer.profile.tier == "gold")
premium = premium.withColumn("tier_since", orders_df.customer.profile.since)
premium = premium.withColumn("ship_city", orders_df["shipping"]["address"]["city"])

# COMMAND ----------

premium.write.mode("overwrite").saveAsTable("silver.premium_orders")
