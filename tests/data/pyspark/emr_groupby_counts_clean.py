# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("funnel").getOrCreate()

events = spark.read.parquet("s3://product-analytics/events/")

funnel = events.groupBy("step").agg(
    F.count("*").alias("events"),
    F.countDistinct("user_id").alias("users"),
    F.count(F.when(F.col("converted"), 1)).alias("conversions"),
)
daily = events.groupBy("event_date", "step").count()

funnel.write.mode("overwrite").parquet("s3://product-analytics/reports/funnel/")
daily.write.mode("overwrite").parquet("s3://product-analytics/reports/daily_steps/")
