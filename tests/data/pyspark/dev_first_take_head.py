# expect: repeated_actions_without_cache
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

readings = spark.read.option("header", True).csv("hdfs:///landing/meter_readings/*.csv")

first_row = readings.first()
print("first row:", first_row)
print("sample:", readings.take(5))
print("head:", readings.head(3))
