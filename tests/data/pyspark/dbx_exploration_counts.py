# expect: count_action, repeated_actions_without_cache
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

trips = spark.read.parquet("/databricks-datasets/nyctaxi/tables/nyctaxi_yellow")

# COMMAND ----------

print("trips:", trips.count())
display(trips.groupBy("passenger_count").count())

# COMMAND ----------

long_trips = trips.filter(F.col("trip_distance") > 30)
display(long_trips)
