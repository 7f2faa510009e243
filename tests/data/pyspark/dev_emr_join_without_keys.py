# expect: cross_join
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def score_candidates(users: DataFrame, campaigns: DataFrame) -> DataFrame:
    # every user against every active campaign
    pairs = users.join(campaigns)
    return pairs.withColumn("score", F.col("affinity") * F.col("campaign_weight"))


def main():
    spark = SparkSession.builder.getOrCreate()
    users = spark.table("marketing.user_affinity").where("segment = 'gold'")
    campaigns = spark.table("marketing.campaigns").where("active")
    scored = score_candidates(users, campaigns)
    scored.write.mode("overwrite").saveAsTable("marketing.campaign_scores")


if __name__ == "__main__":
    main()
