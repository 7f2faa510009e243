# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("mask-pii").getOrCreate()

PII_COLUMNS = ["email", "phone", "ssn", "address_line1", "address_line2"]

people = spark.read.parquet("s3://hr/raw/people/")
masked = people.withColumns({c: F.sha2(F.col(c), 256) for c in PII_COLUMNS})
masked = masked.withColumn("masked_at", F.current_timestamp())
masked.write.mode("overwrite").parquet("s3://hr/masked/people/")
