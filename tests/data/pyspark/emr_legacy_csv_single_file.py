# expect: coalesce_to_one
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("legacy-feed").getOrCreate()

feed = spark.sql(
    "SELECT account_id, balance, currency FROM finance.balances WHERE snapshot_date = current_date()"
)
single_partition_feed = feed.repartition(1)
(
    single_partition_feed.write.format("com.databricks.spark.csv")
    .option("header", "true")
    .option("delimiter", "|")
    .mode("overwrite")
    .save("s3://legacy-feeds/balances/")
)
