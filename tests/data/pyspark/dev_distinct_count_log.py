# expect: count_action, repeated_actions_without_cache
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

visits = spark.read.parquet("s3://web/visits/dt=2024-06-01/")
print(f"unique visitors today: {visits.select('visitor_id').distinct().count()}")

visits.where("country = 'DE'").write.mode("overwrite").parquet("s3://web/visits_de/dt=2024-06-01/")
