# expect: missing_broadcast, count_action, repeated_actions_without_cache, udf_instead_of_builtin, withcolumn_in_loop, coalesce_to_one
"""Nightly retail batch: clean POS transactions, enrich with store and product dims, publish."""
import logging
import sys
from datetime import datetime

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("nightly")

RUN_DATE = sys.argv[1] if len(sys.argv) > 1 else datetime.utcnow().strftime("%Y-%m-%d")
TRIM_COLUMNS = ["store_code", "sku", "cashier_id", "payment_method"]


@F.udf(StringType())
def normalize_payment(method):
    if method is None:
        return "unknown"
    return method.strip().lower().replace(" ", "_")


def build_session():
    return SparkSession.builder.appName(f"retail-nightly-{RUN_DATE}").enableHiveSupport().getOrCreate()


def main():
    spark = build_session()
    pos = spark.read.parquet(f"s3://retail-raw/pos/dt={RUN_DATE}/")
    for c in TRIM_COLUMNS:
        pos = pos.withColumn(c, F.trim(F.col(c)))
    pos = pos.withColumn("payment_method", normalize_payment("payment_method"))

    stores = spark.table("retail.dim_store")
    products = spark.table("retail.dim_product")
    enriched = pos.join(stores, "store_code", "left").join(products, "sku", "left")

    log.info("enriched rows: %d", enriched.count())
    enriched.write.mode("overwrite").parquet(f"s3://retail-curated/pos_enriched/dt={RUN_DATE}/")

    summary = enriched.groupBy("region", "category").agg(F.sum("amount").alias("revenue"))
    summary.coalesce(1).write.mode("overwrite").option("header", True).csv(
        f"s3://retail-reports/daily_summary/dt={RUN_DATE}/"
    )
    spark.stop()


if __name__ == "__main__":
    main()
