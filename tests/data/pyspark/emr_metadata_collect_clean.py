# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("compact-partitions").enableHiveSupport().getOrCreate()

tables = [row.tableName for row in spark.sql("SHOW TABLES IN raw").collect()]
for table in tables:
    partitions = spark.sql(f"SHOW PARTITIONS raw.{table}").collect()
    latest = max(p[0] for p in partitions) if partitions else None
    if latest is None:
        continue
    stats = spark.table(f"raw.{table}").agg(F.count("*").alias("rows"), F.max("ingest_ts").alias("latest")).collect()[0]
    print(table, latest, stats["rows"], stats["latest"])
