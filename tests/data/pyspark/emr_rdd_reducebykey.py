# expect: none
from operator import add

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("log-levels").getOrCreate()
sc = spark.sparkContext

logs = sc.textFile("s3://app-logs/2024/06/*/*.log")
levels = logs.map(lambda line: line.split(" ")[2] if len(line.split(" ")) > 2 else "UNKNOWN")
counts = levels.map(lambda lvl: (lvl, 1)).reduceByKey(add)

top_levels = counts.takeOrdered(10, key=lambda kv: -kv[1])
for level, n in top_levels:
    print(level, n)

counts.map(lambda kv: f"{kv[0]}\t{kv[1]}").saveAsTextFile("s3://app-logs/reports/levels/2024-06/")
spark.stop()
