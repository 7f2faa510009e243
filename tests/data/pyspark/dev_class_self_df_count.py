# expect: count_action, missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


class EnrichClaims:
    def __init__(self, spark):
        self.spark = spark
        self.claims = spark.table("ins.fact_claims")
        self.providers = spark.table("ins.provider_lookup")

    def enrich(self):
        self.enriched = self.claims.join(self.providers, on="provider_id", how="left")
        return self

    def report(self):
        print("claims:", self.claims.count())
        return self

    def save(self):
        self.enriched.withColumn("loaded", F.current_timestamp()).write.mode("overwrite").saveAsTable(
            "ins.claims_enriched"
        )


EnrichClaims(SparkSession.builder.getOrCreate()).enrich().report().save()
