# expect: udf_instead_of_builtin
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

spark = SparkSession.builder.appName("order-buckets").getOrCreate()


def amount_bucket(amount):
    if amount is None:
        return "unknown"
    if amount >= 1000:
        return "large"
    elif amount >= 100:
        return "medium"
    return "small"


bucket_udf = F.udf(amount_bucket, StringType())

orders = spark.table("sales.orders")
orders.withColumn("bucket", bucket_udf("amount")).write.mode("overwrite").saveAsTable("sales.orders_bucketed")
