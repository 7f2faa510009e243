# expect: missing_broadcast
from pyspark.sql import SparkSession

spark = SparkSession.builder.enableHiveSupport().getOrCreate()

sales_by_category = spark.sql(
    """
    SELECT p.category, s.sale_date, SUM(s.amount) AS revenue
    FROM dw.fact_sales s
    JOIN dw.dim_product p ON s.product_id = p.product_id
    WHERE s.sale_date >= '2024-01-01'
    GROUP BY p.category, s.sale_date
    """
)
sales_by_category.write.mode("overwrite").saveAsTable("dw.sales_by_category")
