# expect: topandas, count_action, repeated_actions_without_cache, cross_join
# Databricks notebook source
# MAGIC %md ## Churn exploration

# COMMAND ----------

from pyspark.sql import functions as F

customers = spark.table("gold.customers")
activity = spark.table("gold.monthly_activity")

# COMMAND ----------

print("customers:", customers.count())
display(customers.limit(10))
display(customers.groupBy("plan").count())

# COMMAND ----------

months = spark.range(0, 12).withColumnRenamed("id", "month_offset")
customer_months = customers.select("customer_id").join(months)
panel = customer_months.join(activity, ["customer_id", "month_offset"], "left").fillna(0)

# COMMAND ----------

panel_pdf = panel.toPandas()
panel_pdf.groupby("month_offset")["active"].mean().plot()
