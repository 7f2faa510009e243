# expect: collect_to_driver
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("export-keys").getOrCreate()

accounts = spark.read.parquet("s3://bank/accounts/")
keys = accounts.rdd.map(lambda r: f"{r.branch}:{r.account_no}").collect()

with open("/tmp/account_keys.txt", "w") as fh:
    fh.write("\n".join(keys))
