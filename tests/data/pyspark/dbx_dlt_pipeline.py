# expect: none
# Databricks notebook source
import dlt
from pyspark.sql import functions as F

# COMMAND ----------


@dlt.table(comment="Raw orders from the landing zone")
def orders_bronze():
    return spark.readStream.format("cloudFiles").option("cloudFiles.format", "json").load("/mnt/landing/orders/")


@dlt.table(comment="Cleaned orders")
@dlt.expect_or_drop("valid_amount", "amount > 0")
def orders_silver():
    return (
        dlt.read_stream("orders_bronze")
        .withColumn("order_ts", F.to_timestamp("order_ts"))
        .withColumn("amount", F.col("amount").cast("decimal(18,2)"))
    )


@dlt.table(comment="Revenue per day")
def revenue_gold():
    return dlt.read("orders_silver").groupBy(F.to_date("order_ts").alias("day")).agg(F.sum("amount").alias("revenue"))
