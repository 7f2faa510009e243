# expect: cross_join, topandas
# Databricks notebook source
from pyspark.sql import functions as F

# COMMAND ----------

dates = spark.sql("SELECT explode(sequence(to_date('2024-01-01'), to_date('2024-12-31'))) AS day")
sensors = spark.table("silver.sensors").select("sensor_id")
grid = sensors.join(dates, how="cross")

readings = spark.table("silver.daily_readings")
filled = grid.join(readings, ["sensor_id", "day"], "left").fillna({"reading": 0.0})

# COMMAND ----------

pdf = filled.toPandas()
pdf.pivot(index="day", columns="sensor_id", values="reading").plot()
