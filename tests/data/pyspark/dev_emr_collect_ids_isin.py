# expect: collect_to_driver
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("active-customer-orders").getOrCreate()

customers = spark.read.parquet("s3://lake/customers/")
orders = spark.read.parquet("s3://lake/orders/")

active = customers.where(F.col("last_login") >= F.date_sub(F.current_date(), 30))
active_ids = [row.customer_id for row in active.select("customer_id").distinct().collect()]

recent_orders = orders.filter(F.col("customer_id").isin(active_ids))
recent_orders.write.mode("overwrite").parquet("s3://lake/active_customer_orders/")
