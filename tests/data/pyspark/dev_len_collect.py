# expect: collect_to_driver
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

orphans = spark.sql(
    """
    SELECT o.order_id
    FROM sales.orders o
    LEFT ANTI JOIN sales.customers c ON o.customer_id = c.customer_id
    """
)
n_orphans = len(orphans.collect())
if n_orphans:
    raise ValueError(f"{n_orphans} orders reference unknown customers")
