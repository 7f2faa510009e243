# expect: nested_field_access
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("user-geo").getOrCreate()

users = spark.read.json("s3://app/users/")

with_city = users.withColumn("city", F.col("profile.address.city"))
in_eu = with_city.filter(F.col("profile.address.country").isin("DE", "FR", "NL", "ES", "IT"))
by_zip = in_eu.groupBy(F.col("profile.address.zip")).agg(F.count("*").alias("users"))

by_zip.write.mode("overwrite").parquet("s3://app/users_by_zip/")
