# expect: missing_broadcast
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("geo-enrich").getOrCreate()

country_lookup = spark.read.option("header", True).csv("s3://ref-data/country_codes.csv").select(
    F.col("alpha2").alias("country_code"), F.col("name").alias("country_name"), "region"
)

visits = spark.read.parquet(sys.argv[1])
visits_geo = visits.join(country_lookup, on="country_code", how="left")
visits_geo.write.mode("overwrite").partitionBy("region").parquet(sys.argv[2])
