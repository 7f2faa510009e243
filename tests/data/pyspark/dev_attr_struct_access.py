# expect: nested_field_access
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

orders = spark.read.json("s3://shop/orders_json/")

express = orders.filter(orders.shipping.address.country == "US")
express = express.withColumn("state", orders.shipping.address.state)
express = express.withColumn("zip", orders.shipping.address.zip)
express.write.mode("overwrite").parquet("s3://shop/us_orders/")
