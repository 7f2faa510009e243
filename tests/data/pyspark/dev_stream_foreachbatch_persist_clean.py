# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()


def fan_out(batch_df, epoch_id):
    batch_df.persist()
    batch_df.write.format("delta").mode("append").save("/delta/events_all")
    batch_df.where(F.col("severity") == "ERROR").write.format("delta").mode("append").save("/delta/events_errors")
    batch_df.unpersist()


events = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "kafka:9092").option(
    "subscribe", "app-logs"
).load()
parsed = events.selectExpr("CAST(key AS STRING) AS host", "CAST(value AS STRING) AS line").withColumn(
    "severity", F.regexp_extract("line", r"^\[(\w+)\]", 1)
)

parsed.writeStream.foreachBatch(fan_out).option("checkpointLocation", "/chk/app-logs").start().awaitTermination()
