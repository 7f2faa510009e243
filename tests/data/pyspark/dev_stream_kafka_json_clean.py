# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, StringType, StructField, StructType, TimestampType

spark = SparkSession.builder.appName("orders-stream").getOrCreate()

schema = StructType(
    [
        StructField("order_id", StringType()),
        StructField("customer_id", StringType()),
        StructField("amount", DoubleType()),
        StructField("created_at", TimestampType()),
    ]
)

orders = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "broker-1:9092,broker-2:9092")
    .option("subscribe", "orders")
    .option("startingOffsets", "latest")
    .load()
    .select(F.from_json(F.col("value").cast("string"), schema).alias("data"))
    .select("data.*")
)

per_minute = (
    orders.withWatermark("created_at", "10 minutes")
    .groupBy(F.window("created_at", "1 minute"))
    .agg(F.count("*").alias("orders"), F.sum("amount").alias("revenue"))
)

query = (
    per_minute.writeStream.outputMode("append")
    .format("delta")
    .option("checkpointLocation", "s3://chk/orders_per_minute/")
    .start("s3://lake/orders_per_minute/")
)
query.awaitTermination()
