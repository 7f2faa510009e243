# expect: cross_join, repeated_actions_without_cache
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


class SimilarityJob:
    def __init__(self, spark: SparkSession):
        self.spark = spark

    def items(self) -> DataFrame:
        return self.spark.read.parquet("s3://recs/item_vectors/")

    def pairs(self, items: DataFrame) -> DataFrame:
        left = items.select(F.col("item_id").alias("a"), F.col("vec").alias("va"))
        right = items.select(F.col("item_id").alias("b"), F.col("vec").alias("vb"))
        return left.crossJoin(right).where(F.col("a") < F.col("b"))

    def run(self) -> None:
        pairs = self.pairs(self.items())
        pairs.show(5)
        pairs.write.mode("overwrite").parquet("s3://recs/item_pairs/")


if __name__ == "__main__":
    SimilarityJob(SparkSession.builder.getOrCreate()).run()
