# expect: missing_broadcast, count_action
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("join-strategies").getOrCreate()

large_df = spark.read.parquet("s3://bench/page_views/")
small_df = spark.read.parquet("s3://bench/page_metadata/")

joined = large_df.join(small_df, large_df.page_id == small_df.id, "inner")
print("joined rows:", joined.count())

spark.conf.set("spark.sql.autoBroadcastJoinThreshold", -1)
by_section = large_df.groupBy("section").agg(F.count("*").alias("views"))
by_section.write.mode("overwrite").parquet("s3://bench/views_by_section/")
