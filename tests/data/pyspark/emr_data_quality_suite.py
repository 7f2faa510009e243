# expect: count_action, repeated_actions_without_cache
"""Data quality checks run before publishing the customer table."""
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("dq-customers").getOrCreate()

customers = spark.table("staging.customers")

checks = {
    "null_ids": customers.filter(F.col("customer_id").isNull()).count(),
    "bad_emails": customers.filter(~F.col("email").rlike(r"^[^@]+@[^@]+\.[^@]+$")).count(),
    "future_signups": customers.filter(F.col("signup_date") > F.current_date()).count(),
}
failed = {name: n for name, n in checks.items() if n > 0}
if failed:
    raise ValueError(f"data quality failed: {failed}")

customers.write.mode("overwrite").saveAsTable("prod.customers")
