# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

METRICS = ["cpu", "mem", "disk", "net_in", "net_out"]

hosts = spark.read.parquet("s3://infra/host_metrics/")

exprs = [F.col("host"), F.col("ts")]
for m in METRICS:
    exprs.append(F.round(F.col(m), 2).alias(m))
    exprs.append((F.col(m) > 0.9).alias(f"{m}_hot"))

hosts.select(*exprs).write.mode("overwrite").parquet("s3://infra/host_metrics_flags/")
