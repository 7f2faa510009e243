# expect: withcolumn_in_loop, topandas, repeated_actions_without_cache
from typing import Dict

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

RENAMES: Dict[str, str] = {"cust_id": "customer_id", "amt": "amount", "ts": "event_ts"}


def read_source(spark: SparkSession, path: str) -> DataFrame:
    return spark.read.option("header", True).csv(path)


def cast_columns(df: DataFrame, types: Dict[str, str]) -> DataFrame:
    for name, dtype in types.items():
        df = df.withColumn(name, F.col(name).cast(dtype))
    return df


def to_report(df: DataFrame):
    return df.toPandas()


def main():
    spark = SparkSession.builder.appName("csv-normalizer").getOrCreate()
    raw = read_source(spark, "s3://partner-drops/acme/transactions/")
    renamed = raw.select([F.col(old).alias(new) for old, new in RENAMES.items()])
    typed = cast_columns(renamed, {"amount": "double", "event_ts": "timestamp"})
    typed.write.mode("overwrite").parquet("s3://lake/partners/acme/transactions/")
    report = to_report(typed.groupBy("customer_id").agg(F.sum("amount").alias("total")))
    report.to_csv("/tmp/acme_totals.csv")


main()
