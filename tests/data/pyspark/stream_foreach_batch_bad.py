# expect: repeated_actions_without_cache, count_action, missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("clickstream-foreach-batch").getOrCreate()

campaign_lookup = spark.read.parquet("s3://marketing/reference/campaigns/")


def process_batch(batch_df, batch_id):
    enriched = batch_df.join(campaign_lookup, "campaign_id", "left")
    n = enriched.count()
    print(f"batch {batch_id}: {n} rows")
    enriched.write.mode("append").parquet("s3://marketing/clicks_enriched/")
    enriched.write.format("jdbc").option("url", "jdbc:postgresql://db/marketing").option(
        "dbtable", "clicks"
    ).mode("append").save()


clicks = spark.readStream.schema("campaign_id STRING, user_id STRING, ts TIMESTAMP").json("s3://marketing/clicks/")
(
    clicks.writeStream.foreachBatch(process_batch)
    .option("checkpointLocation", "s3://marketing/ckpt/clicks/")
    .trigger(processingTime="1 minute")
    .start()
    .awaitTermination()
)
