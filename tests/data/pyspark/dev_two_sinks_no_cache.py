# expect: repeated_actions_without_cache
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("dual-write").getOrCreate()

clean = (
    spark.read.parquet("s3://raw/invoices/")
    .dropDuplicates(["invoice_id"])
    .withColumn("amount", F.col("amount").cast("decimal(18,2)"))
)

clean.write.mode("overwrite").parquet("s3://curated/invoices/")
clean.write.format("jdbc").option("url", "jdbc:postgresql://rpt/db").option("dbtable", "invoices").mode(
    "overwrite"
).save()
