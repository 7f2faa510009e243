# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.enableHiveSupport().getOrCreate()

sales_by_store = spark.sql(
    """
    SELECT /*+ BROADCAST(st) */ st.region, s.sale_date, SUM(s.amount) AS revenue
    FROM dw.fact_sales s
    JOIN dw.dim_store st ON s.store_id = st.store_id
    WHERE s.sale_date >= '2024-01-01'
    GROUP BY st.region, s.sale_date
    """
)
sales_by_store.write.mode("overwrite").saveAsTable("dw.sales_by_store")
