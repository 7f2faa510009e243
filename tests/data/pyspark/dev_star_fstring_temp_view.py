# expect: select_star_in_spark_sql
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

TABLES = ["orders", "customers", "products"]

for name in TABLES:
    spark.read.parquet(f"s3://raw/{name}/").createOrReplaceTempView(f"v_{name}")

for name in TABLES:
    snap = spark.sql(f"""
        select
            *
        from v_{name}
    """)
    snap.write.mode("overwrite").parquet(f"s3://snapshots/{name}/")
