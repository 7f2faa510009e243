# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("incremental-load").getOrCreate()

TARGET = "s3://warehouse/accounts/"
target = spark.read.parquet(TARGET)
last_loaded = target.agg(F.max("updated_at").alias("hw")).first()["hw"]

source = spark.read.format("jdbc").options(
    url="jdbc:postgresql://db:5432/core", dbtable="public.accounts", user="etl", password="***"
).load()

delta = source.where(F.col("updated_at") > F.lit(last_loaded)) if last_loaded else source
delta.write.mode("append").parquet(TARGET)
