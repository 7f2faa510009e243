# expect: none
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

cfg = spark.read.json(sys.argv[1]).first()
threshold = cfg["min_amount"]

payments = spark.read.parquet(cfg["input_path"])
large = payments.where(F.col("amount") >= threshold).select("payment_id", "account_id", "amount", "paid_at")
large.write.mode("overwrite").parquet(cfg["output_path"])
