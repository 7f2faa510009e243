# expect: missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("payments-stream").getOrCreate()

currency_rates = spark.read.table("ref.currency_rates").where(F.col("is_current"))

payments = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "broker:9092")
    .option("subscribe", "payments")
    .load()
    .selectExpr("CAST(value AS STRING) AS json")
    .select(F.from_json("json", "payment_id STRING, amount DOUBLE, currency STRING").alias("p"))
    .select("p.*")
)

in_usd = payments.join(currency_rates, payments.currency == currency_rates.currency_code).withColumn(
    "amount_usd", F.col("amount") * F.col("rate_to_usd")
)

in_usd.writeStream.format("parquet").option("path", "s3://payments/usd/").option(
    "checkpointLocation", "s3://payments/ckpt/usd/"
).start().awaitTermination()
