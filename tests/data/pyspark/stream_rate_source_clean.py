# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("rate-demo").getOrCreate()

ticks = spark.readStream.format("rate").option("rowsPerSecond", 100).load()
windowed = (
    ticks.withWatermark("timestamp", "30 seconds")
    .groupBy(F.window("timestamp", "10 seconds"))
    .agg(F.count("value").alias("n"), F.max("value").alias("max_value"))
)

console = windowed.writeStream.outputMode("update").format("console").option("truncate", False).start()
sink = (
    windowed.writeStream.outputMode("append")
    .format("parquet")
    .option("path", "/tmp/rate_windows")
    .option("checkpointLocation", "/tmp/rate_ckpt")
    .start()
)
spark.streams.awaitAnyTermination()
