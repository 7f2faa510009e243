# expect: count_action, repeated_actions_without_cache, withcolumn_in_loop, missing_broadcast, coalesce_to_one
"""Nightly revenue job (spark-submit --deploy-mode cluster nightly.py --date 2024-06-01)."""
import argparse
import logging

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("nightly")

MONEY_COLS = ["gross", "discount", "tax", "net"]


def main(run_date: str) -> None:
    spark = SparkSession.builder.appName(f"nightly-{run_date}").getOrCreate()

    sales = spark.read.parquet("s3://dw/fact_sales/").where(F.col("sale_date") == run_date)
    for c in MONEY_COLS:
        sales = sales.withColumn(c, F.col(c).cast("decimal(18,2)"))

    log.info("sales rows: %s", sales.count())
    sales.write.mode("overwrite").parquet(f"s3://dw/sales_typed/{run_date}/")

    dim_region = spark.read.parquet("s3://dw/dim_region/")
    by_region = sales.join(dim_region, "region_id").groupBy("region_name").agg(F.sum("net").alias("net"))
    by_region.coalesce(1).write.mode("overwrite").json(f"s3://dw/reports/by_region/{run_date}/")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--date", required=True)
    main(ap.parse_args().date)
