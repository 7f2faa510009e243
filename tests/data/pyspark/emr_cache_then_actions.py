# expect: count_action
from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("dq-report").getOrCreate()

accounts = spark.read.parquet("s3://bank/accounts/")
accounts.persist(StorageLevel.MEMORY_AND_DISK)

total = accounts.count()
negatives = accounts.filter(F.col("balance") < 0)
negatives.show(10)
accounts.write.mode("overwrite").parquet("s3://bank/accounts_snapshot/")
print("accounts:", total)
accounts.unpersist()
