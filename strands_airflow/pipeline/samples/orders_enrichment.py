"""Sample PySpark job: revenue per customer (analysed by the Quality agent, run on Glue/EMR)."""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("orders_enrichment").getOrCreate()
orders_path, customers_path, target_path = sys.argv[1], sys.argv[2], sys.argv[3]

orders = spark.read.parquet(orders_path)
customers = spark.read.parquet(customers_path)

print("orders:", orders.count())

revenue = (
    orders.filter(F.col("status") != "cancelled")
    .join(customers, "customer_id")
    .groupBy("customer_id", "name", "email", "country")
    .agg(
        F.count("*").alias("order_count"),
        F.sum("quantity").alias("total_quantity"),
        F.round(F.sum("amount"), 2).alias("total_amount"),
    )
)

revenue.coalesce(1).write.mode("overwrite").parquet(target_path)
