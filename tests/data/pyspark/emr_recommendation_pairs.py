# expect: cross_join
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("item-pairs").getOrCreate()

top_items = (
    spark.table("reco.item_popularity")
    .where(F.col("rank") <= 500)
    .select(F.col("item_id").alias("item_a"))
)
candidates = top_items.crossJoin(top_items.select(F.col("item_a").alias("item_b"))).where(
    F.col("item_a") < F.col("item_b")
)
candidates.write.mode("overwrite").parquet("s3://reco/candidate_pairs/")
