# expect: none
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def enrich(fact: DataFrame, dim: DataFrame, key: str) -> DataFrame:
    return fact.join(F.broadcast(dim), key, "left")


spark = SparkSession.builder.getOrCreate()
fact_events = spark.table("dw.fact_events")
dim_campaign = spark.table("dw.dim_campaign")
dim_channel = spark.table("dw.dim_channel")

out = enrich(enrich(fact_events, dim_campaign, "campaign_id"), dim_channel, "channel_id")
out.write.mode("overwrite").saveAsTable("dw.events_enriched")
