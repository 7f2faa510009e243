# expect: repeated_actions_without_cache, collect_to_driver
import sys

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("sessionize").getOrCreate()
input_path, output_path = sys.argv[1], sys.argv[2]

clicks = spark.read.parquet(input_path)
w = Window.partitionBy("user_id").orderBy("ts")
sessions = (
    clicks.withColumn("prev_ts", F.lag("ts").over(w))
    .withColumn("new_session", (F.col("ts").cast("long") - F.col("prev_ts").cast("long") > 1800).cast("int"))
    .withColumn("session_idx", F.sum("new_session").over(w))
)

users = sessions.select("user_id").distinct().collect()
print(f"sessionized {len(users)} users")
sessions.write.mode("overwrite").partitionBy("event_date").parquet(output_path)
