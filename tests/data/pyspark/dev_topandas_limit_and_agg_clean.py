# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

orders = spark.table("shop.orders")
recent = orders.orderBy(F.desc("created_at")).limit(500).toPandas()
recent.to_csv("/tmp/recent_orders.csv", index=False)

totals = orders.agg(F.sum("amount").alias("revenue"), F.count("*").alias("orders")).toPandas()
print(totals.to_string())
