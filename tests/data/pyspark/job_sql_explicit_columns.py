# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("margin").enableHiveSupport().getOrCreate()

margin = spark.sql(
    """
    SELECT order_id,
           quantity * unit_price AS revenue,
           quantity * unit_cost AS cost,
           (quantity * unit_price) - (quantity * unit_cost) AS margin,
           COUNT(*) OVER (PARTITION BY customer_id) AS customer_orders
    FROM sales.order_lines
    WHERE order_date >= '2024-01-01'
    """
)
margin.write.mode("overwrite").saveAsTable("marts.order_margin")
