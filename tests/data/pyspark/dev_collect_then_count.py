# expect: collect_to_driver, count_action, repeated_actions_without_cache
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

flagged = spark.table("fraud.alerts").where("reviewed = false")
rows = flagged.collect()
total = flagged.count()
print(f"{total} alerts, first batch: {rows[:10]}")
