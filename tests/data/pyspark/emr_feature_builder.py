# expect: withcolumn_in_loop, topandas
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("features").getOrCreate()

txns = spark.read.parquet("s3://ml-features/raw/transactions/")

windows = {"7d": 7, "30d": 30, "90d": 90}
features = txns.groupBy("customer_id").agg(F.max("txn_date").alias("last_txn"))
for label, days in windows.items():
    recent = txns.where(F.col("txn_date") >= F.date_sub(F.current_date(), days))
    agg = recent.groupBy("customer_id").agg(F.sum("amount").alias(f"spend_{label}"))
    features = features.join(agg, "customer_id", "left")
    features = features.withColumn(f"spend_{label}", F.coalesce(F.col(f"spend_{label}"), F.lit(0.0)))

training = features.toPandas()
training.to_parquet("/tmp/training.parquet")
