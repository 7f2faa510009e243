# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, StringType, StructField, StructType, TimestampType

spark = SparkSession.builder.appName("kafka-orders-stream").getOrCreate()

schema = StructType(
    [
        StructField("order_id", StringType()),
        StructField("customer_id", StringType()),
        StructField("amount", DoubleType()),
        StructField("event_ts", TimestampType()),
    ]
)

raw = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "broker-1:9092,broker-2:9092")
    .option("subscribe", "orders")
    .option("startingOffsets", "latest")
    .load()
)
orders = raw.select(F.from_json(F.col("value").cast("string"), schema).alias("o")).select("o.*")

per_minute = (
    orders.withWatermark("event_ts", "10 minutes")
    .groupBy(F.window("event_ts", "1 minute"))
    .agg(F.sum("amount").alias("revenue"), F.count("*").alias("orders"))
)

query = (
    per_minute.writeStream.format("delta")
    .outputMode("append")
    .option("checkpointLocation", "s3://stream-ckpt/orders_per_minute/")
    .start("s3://lake/gold/orders_per_minute/")
)
query.awaitTermination()
