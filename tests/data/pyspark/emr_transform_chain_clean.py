# expect: none
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def with_revenue(df: DataFrame) -> DataFrame:
    return df.withColumn("revenue", F.col("qty") * F.col("unit_price"))


def only_completed(df: DataFrame) -> DataFrame:
    return df.filter(F.col("status") == "COMPLETED")


def with_order_month(df: DataFrame) -> DataFrame:
    return df.withColumn("order_month", F.date_format("order_ts", "yyyy-MM"))


spark = SparkSession.builder.appName("transform-chain").getOrCreate()
lines = spark.read.parquet("s3://oms/order_lines/")
monthly = (
    lines.transform(only_completed)
    .transform(with_revenue)
    .transform(with_order_month)
    .groupBy("order_month")
    .agg(F.sum("revenue").alias("revenue"))
)
monthly.write.mode("overwrite").parquet("s3://oms/monthly_revenue/")
