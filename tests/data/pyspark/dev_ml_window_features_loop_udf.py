# expect: withcolumn_in_loop, udf_instead_of_builtin
import math

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType

spark = SparkSession.builder.appName("txn-features").getOrCreate()

txns = spark.read.parquet("s3://fraud/transactions/")


def trailing(days):
    return (
        Window.partitionBy("card_id")
        .orderBy(F.col("ts").cast("long"))
        .rangeBetween(-days * 86400, 0)
    )


feats = txns
for days in (1, 7, 30):
    feats = feats.withColumn(f"amt_sum_{days}d", F.sum("amount").over(trailing(days)))
    feats = feats.withColumn(f"txn_cnt_{days}d", F.count("*").over(trailing(days)))

log_amount = F.udf(lambda x: math.log1p(x) if x is not None else None, DoubleType())
feats = feats.withColumn("log_amount", log_amount(F.col("amount")))

feats.write.mode("overwrite").parquet("s3://fraud/features/")
