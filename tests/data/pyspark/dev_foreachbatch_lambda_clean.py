# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

clicks = spark.readStream.format("delta").table("web.clicks_bronze")
(
    clicks.writeStream.foreachBatch(
        lambda batch, epoch: batch.dropDuplicates(["click_id"]).write.mode("append").saveAsTable("web.clicks_silver")
    )
    .option("checkpointLocation", "/chk/clicks_silver")
    .start()
)
