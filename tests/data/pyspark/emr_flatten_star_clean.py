# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("orders-flatten").getOrCreate()

raw = spark.read.json("s3://oms/raw/orders/")
flat = raw.select("order_id", "order.customer.*", "order.totals.*")
flat = flat.withColumn("net", F.col("gross") - F.col("discount"))
flat.filter(F.col("country") == "DE").write.mode("overwrite").parquet("s3://oms/flat/orders_de/")
