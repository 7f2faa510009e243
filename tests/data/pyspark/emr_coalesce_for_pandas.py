# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("small-report").getOrCreate()

top_products = (
    spark.table("gold.product_sales")
    .groupBy("product_id")
    .agg(F.sum("revenue").alias("revenue"))
    .orderBy(F.desc("revenue"))
    .limit(100)
)
report_pdf = top_products.coalesce(1).toPandas()
report_pdf.to_csv("/tmp/top_products.csv", index=False)

by_month = spark.table("gold.product_sales").groupBy("month").agg(F.sum("revenue").alias("revenue"))
by_month.coalesce(8).write.mode("overwrite").parquet("s3://reports/product_sales_by_month/")
