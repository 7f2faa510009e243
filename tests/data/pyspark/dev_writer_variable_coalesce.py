# expect: coalesce_to_one
from pyspark.sql import DataFrame, SparkSession


def save_as_single_csv(df: DataFrame, path: str) -> None:
    writer = df.coalesce(1).write.mode("overwrite").option("header", "true")
    writer.csv(path)


spark = SparkSession.builder.getOrCreate()
audit = spark.table("sec.audit_events").where("event_date = current_date()")
save_as_single_csv(audit, "s3://sec/exports/audit_today/")
