# expect: repeated_actions_without_cache
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.window import Window

spark = SparkSession.builder.appName("top-products").getOrCreate()

sales = spark.read.parquet("s3://shop/sales/")
w = Window.partitionBy("category").orderBy(F.desc("revenue"))

top = (
    sales.groupBy("category", "product_id")
    .agg(F.sum("amount").alias("revenue"))
    .withColumn("rank", F.row_number().over(w))
    .where(F.col("rank") <= 10)
)

top.show(50, truncate=False)
top.write.mode("overwrite").parquet("s3://shop/top_products/")
