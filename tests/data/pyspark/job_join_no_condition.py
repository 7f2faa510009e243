# expect: cross_join
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("global-stats").getOrCreate()

orders = spark.table("sales.orders")
totals = orders.agg(F.sum("amount").alias("grand_total"))

share = orders.join(totals).withColumn("share_of_total", F.col("amount") / F.col("grand_total"))
share.write.mode("overwrite").saveAsTable("sales.order_share")
