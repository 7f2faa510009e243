# expect: nested_field_access
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType

spark = SparkSession.builder.getOrCreate()

row = StructType(
    [StructField("order_id", LongType()), StructField("status", StringType()), StructField("total", StringType())]
)
envelope = StructType(
    [
        StructField(
            "payload",
            StructType(
                [
                    StructField("op", StringType()),
                    StructField("before", row),
                    StructField("after", row),
                    StructField("ts_ms", LongType()),
                ]
            ),
        )
    ]
)

cdc = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "kafka:9092")
    .option("subscribe", "dbserver1.inventory.orders")
    .load()
    .select(F.from_json(F.col("value").cast("string"), envelope).alias("msg"))
)

upserts = cdc.where(F.col("msg.payload.op").isin("c", "u"))
shipped = upserts.where(F.col("msg.payload.after.status") == "SHIPPED")
out = shipped.select(
    F.col("msg.payload.after.order_id").alias("order_id"),
    F.col("msg.payload.after.total").cast("decimal(12,2)").alias("total"),
    (F.col("msg.payload.ts_ms") / 1000).cast("timestamp").alias("changed_at"),
)

out.writeStream.format("delta").option("checkpointLocation", "/chk/shipped").start("/delta/shipped")
