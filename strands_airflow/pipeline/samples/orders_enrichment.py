"""Sample PySpark job: revenue per customer (runs on Spark, Glue or EMR Serverless).

It reads its job like every Strands Spark script, from ``--strands-job <json>`` (Glue:
``--strands_job``): the sources by name and the target. Without it, three positional
arguments work too: ``orders_path customers_path target_path``.
"""

import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def job_paths(argv):
    """(orders, customers, target) paths from the Strands payload or the plain arguments."""
    for flag in ("--strands-job", "--strands_job"):
        if flag in argv:
            raw = argv[argv.index(flag) + 1]
            if raw.startswith("@"):
                with open(raw[1:]) as fh:
                    raw = fh.read()
            job = json.loads(raw)
            src = job["sources"]
            return src["orders"]["uri"], src["customers"]["uri"], job["target"]["uri"]
    return argv[1], argv[2], argv[3]


orders_path, customers_path, target_path = job_paths(sys.argv)
spark = SparkSession.builder.appName("orders_enrichment").getOrCreate()

orders = spark.read.parquet(orders_path)
customers = spark.read.parquet(customers_path)

revenue = (
    orders.filter(F.col("status") != "cancelled")
    .join(customers, "customer_id")
    .groupBy("customer_id", "name", "email", "country")
    .agg(
        F.count("*").alias("order_count"),
        F.sum("quantity").alias("total_quantity"),
        F.round(F.sum("amount"), 2).alias("total_amount"),
    )
)

revenue.coalesce(1).write.mode("overwrite").parquet(target_path)
spark.stop()
