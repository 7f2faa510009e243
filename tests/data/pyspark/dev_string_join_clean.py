# expect: none
import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

BASE = "s3://lake"
KEYS = ["tenant_id", "account_id"]

accounts = spark.read.parquet(os.path.join(BASE, "accounts"))
balances = spark.read.parquet("/".join([BASE, "balances"]))

cond = [accounts[k] == balances[k] for k in KEYS]
joined = accounts.join(balances, cond, "inner").select(accounts["*"], balances["balance"])
print("joined on", ", ".join(KEYS))
joined.withColumn("snapshot", F.current_date()).write.mode("overwrite").parquet(os.path.join(BASE, "account_balances"))
