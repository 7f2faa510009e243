# expect: count_action
import logging

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

log = logging.getLogger("dq")


def check_not_empty(df: DataFrame, name: str) -> DataFrame:
    n = df.count()
    assert n > 0, f"{name} is empty"
    log.info("%s: %d rows", name, n)
    return df


def main():
    spark = SparkSession.builder.getOrCreate()
    policies = check_not_empty(spark.table("insurance.policies"), "policies")
    active = policies.where(F.col("status") == "ACTIVE")
    active.write.mode("overwrite").saveAsTable("insurance.active_policies")


main()
