# expect: topandas
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

transactions = spark.read.parquet("s3://payments/transactions/").filter(F.col("status") == "SETTLED")

pdf = transactions.select("txn_id", "merchant_id", "amount", "settled_at").toPandas()
print(pdf.count())
pdf["settled_at"] = pd.to_datetime(pdf["settled_at"])
pdf.to_excel("/tmp/settled.xlsx", index=False)
