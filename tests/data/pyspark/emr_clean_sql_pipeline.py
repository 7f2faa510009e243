# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("sql-clean").enableHiveSupport().getOrCreate()

run_date = "2024-06-01"
orders = spark.sql(
    f"""
    SELECT /*+ BROADCAST(c) */ o.order_id, o.amount, o.customer_id, c.country_name
    FROM raw.web_orders o
    JOIN ref.countries c ON o.country_code = c.code
    WHERE o.order_date = '{run_date}'
    """
)
orders.write.mode("overwrite").insertInto("curated.web_orders")

summary = spark.sql(
    f"SELECT country_name, count(*) AS n FROM curated.web_orders WHERE order_date = '{run_date}' GROUP BY country_name"
)
summary.write.mode("overwrite").saveAsTable("reports.orders_by_country")
