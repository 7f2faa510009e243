# expect: withcolumn_in_loop
from functools import reduce

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("mask-pii").getOrCreate()

PII_COLUMNS = ["email", "phone", "ssn", "address_line1", "address_line2"]

people = spark.read.parquet("s3://hr/raw/people/")
masked = reduce(lambda acc, c: acc.withColumn(c, F.sha2(F.col(c), 256)), PII_COLUMNS, people)
masked.write.mode("overwrite").parquet("s3://hr/masked/people/")
