# expect: none
import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("config-driven-load").getOrCreate()

config = json.loads(open(sys.argv[1]).read())
tables = config["tables"]
print("tables configured:", len(tables), "with duplicates:", tables.count("orders"))
path = config["output"]
print("path depth:", path.count("/"))

for table in tables:
    df = spark.table(f"staging.{table}")
    df = df.withColumn("load_ts", F.current_timestamp())
    df.write.mode("overwrite").saveAsTable(f"curated.{table}")

stats = spark.table("curated.orders").groupBy("status").count()
stats.write.mode("overwrite").saveAsTable("reports.order_status_counts")
