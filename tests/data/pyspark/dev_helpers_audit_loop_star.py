# expect: withcolumn_in_loop, select_star_in_spark_sql
from datetime import datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

ACTIVE_CUSTOMERS = "SELECT * FROM staging.customers WHERE is_active = 1"


def add_audit_columns(df: DataFrame, job_name: str) -> DataFrame:
    audit = {"_job": job_name, "_loaded_at": datetime.utcnow().isoformat(), "_source": "crm"}
    for name, value in audit.items():
        df = df.withColumn(name, F.lit(value))
    return df


def load(df: DataFrame, table: str) -> None:
    df.write.mode("overwrite").saveAsTable(table)


def main() -> None:
    spark = SparkSession.builder.enableHiveSupport().getOrCreate()
    customers = spark.sql(ACTIVE_CUSTOMERS)
    load(add_audit_columns(customers, "customers_daily"), "curated.customers")


if __name__ == "__main__":
    main()
