# expect: missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

status_map = spark.createDataFrame(
    [("A", "Active"), ("I", "Inactive"), ("P", "Pending"), ("C", "Closed")],
    ["status_code", "status_label"],
)

accounts = spark.read.parquet("s3://bank/accounts/")
labelled = accounts.join(status_map, accounts.status == status_map.status_code, "left").drop("status_code")
labelled.withColumn("loaded_at", F.current_timestamp()).write.mode("overwrite").parquet("s3://bank/accounts_labelled/")
