# expect: none
from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

scored = spark.read.parquet("s3://risk/scores/").where(F.col("score") > 0.8)
scored.persist(StorageLevel.MEMORY_AND_DISK)

scored.write.mode("overwrite").parquet("s3://risk/high_risk/")
scored.groupBy("segment").agg(F.avg("score")).write.mode("overwrite").parquet("s3://risk/high_risk_by_segment/")
first = scored.first()
print("example:", first)
scored.unpersist()
