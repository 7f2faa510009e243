# expect: none
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("event-counts").getOrCreate()

REQUIRED = ["event_id", "user_id", "event_ts", "event_type"]
print("required columns:", len(REQUIRED), "dupes:", REQUIRED.count("event_id"))
path = "s3://events/raw/2024/06/01/"
print("path depth:", path.count("/"))

events = spark.read.json(path)

per_type = events.groupBy("event_type").count().orderBy(F.desc("count"))
per_user = events.groupBy("user_id").agg(F.count("*").alias("events"), F.countDistinct("session_id").alias("sessions"))
ranked = events.withColumn("n_in_session", F.count("*").over(Window.partitionBy("session_id")))

per_type.write.mode("overwrite").parquet("s3://events/agg/per_type/")
per_user.write.mode("overwrite").parquet("s3://events/agg/per_user/")
ranked.write.mode("overwrite").parquet("s3://events/enriched/")
