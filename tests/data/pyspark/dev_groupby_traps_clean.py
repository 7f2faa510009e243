# expect: none
from itertools import groupby

import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

local = pd.DataFrame({"k": ["a", "a", "b"], "v": [1, 2, 3]})
print(local.groupby("k")["v"].sum())
print([(k, len(list(g))) for k, g in groupby(sorted("mississippi"))])

sales = spark.read.parquet("s3://shop/sales/")
by_key = sales.rdd.map(lambda r: (r.store_id, r.amount)).reduceByKey(lambda a, b: a + b)
spark.createDataFrame(by_key, ["store_id", "revenue"]).write.mode("overwrite").parquet("s3://shop/store_revenue/")
sales.groupBy("store_id").agg(F.max("amount")).write.mode("overwrite").parquet("s3://shop/store_max/")
