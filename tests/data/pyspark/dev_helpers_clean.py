# expect: none
from functools import partial

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

RENAMES = {"cust_no": "customer_id", "nm": "name", "eml": "email", "crt_dt": "created_date"}
CUSTOMERS_SQL = """
SELECT cust_no, nm, eml, crt_dt, country_cd
FROM staging.customers
WHERE is_active = 1
"""


def rename_all(df: DataFrame, mapping: dict) -> DataFrame:
    return df.select([F.col(c).alias(mapping.get(c, c)) for c in df.columns])


def normalise(df: DataFrame) -> DataFrame:
    return df.withColumns(
        {
            "email": F.lower(F.trim("email")),
            "name": F.initcap(F.trim("name")),
            "created_date": F.to_date("created_date", "yyyyMMdd"),
        }
    )


def write_table(df: DataFrame, table: str, mode: str = "overwrite") -> None:
    df.write.mode(mode).format("parquet").saveAsTable(table)


def run(spark: SparkSession) -> None:
    raw = spark.sql(CUSTOMERS_SQL)
    pipeline = [partial(rename_all, mapping=RENAMES), normalise]
    df = raw
    for step in pipeline:
        df = step(df)
    write_table(df, "curated.customers")


if __name__ == "__main__":
    run(SparkSession.builder.enableHiveSupport().getOrCreate())
