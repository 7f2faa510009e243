# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

customers = spark.read.json("s3://crm/customers/")

german = customers.filter(F.col("address.country") == "DE")
german = german.withColumn("city", F.upper(F.col("address.city")))
by_city = german.groupBy("address.city", "address.postcode").agg(F.count("*").alias("customers"))
once = customers.select("id", F.col("profile.preferences.language").alias("lang"))

by_city.write.mode("overwrite").parquet("s3://crm/de_by_city/")
once.write.mode("overwrite").parquet("s3://crm/languages/")
