# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

orders = spark.read.parquet("s3://shop/orders/")
payments = spark.read.parquet("s3://shop/payments/")
shipments = spark.read.parquet("s3://shop/shipments/")

o2c = (
    orders.join(payments, orders.order_id == payments.order_id, "left")
    .drop(payments.order_id)
    .join(shipments, "order_id", "left")
    .withColumn("days_to_ship", F.datediff("shipped_at", "ordered_at"))
)
o2c.write.mode("overwrite").partitionBy("order_date").parquet("s3://shop/order_to_cash/")
