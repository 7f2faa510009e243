# expect: none
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

trips = spark.read.parquet("s3://nyc-tlc/trip_data/yellow/2023/")
sample = trips.select("trip_distance", "fare_amount").sample(fraction=0.001, seed=7).limit(20000).toPandas()

print(sample["fare_amount"].count(), sample.describe())
sample.plot.scatter(x="trip_distance", y="fare_amount")
plt.savefig("/tmp/fares.png")
