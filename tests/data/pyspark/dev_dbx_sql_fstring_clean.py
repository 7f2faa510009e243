# expect: none
# Databricks notebook source
catalog = "main"
schema = "sales"
run_date = dbutils.widgets.get("run_date")

# COMMAND ----------

daily = spark.sql(
    f"""
    SELECT o.order_date,
           o.region,
           count(*)              AS orders,
           count(DISTINCT o.customer_id) AS customers,
           sum(o.net_amount)     AS revenue
    FROM {catalog}.{schema}.orders o
    WHERE o.order_date = '{run_date}'
    GROUP BY o.order_date, o.region
    """
)

# COMMAND ----------

daily.write.mode("overwrite").option("replaceWhere", f"order_date = '{run_date}'").saveAsTable(
    f"{catalog}.{schema}.daily_region_revenue"
)
