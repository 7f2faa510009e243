# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

profiles = spark.read.parquet("s3://crm/profiles/")
merged = profiles.withColumn("phone", F.coalesce("mobile_phone", "home_phone", F.lit("n/a"))).withColumn(
    "score", F.coalesce(F.col("score"), F.lit(0))
)
merged.repartition(200, "country").write.mode("overwrite").partitionBy("country").parquet("s3://crm/profiles_merged/")
