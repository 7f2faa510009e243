# expect: nested_field_access, missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("nested-join").getOrCreate()

events = spark.read.json("s3://tracking/events/")
dim_campaign = spark.table("marketing.dim_campaign")

joined = events.join(dim_campaign, F.col("attribution.campaign.id") == dim_campaign.campaign_id, "left")
summary = joined.groupBy(F.col("attribution.campaign.id").alias("campaign_id")).agg(F.count("*").alias("events"))
summary.write.mode("overwrite").parquet("s3://tracking/campaign_events/")
