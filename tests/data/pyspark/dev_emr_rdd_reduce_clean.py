# expect: none
from collections import Counter

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("referrers").getOrCreate()
sc = spark.sparkContext

STOP = ["-", "", "direct"]
print("stop words:", len(STOP), STOP.count("-"))

logs = sc.textFile("hdfs:///data/access_logs/2024-05-*")
fields = logs.map(lambda line: line.split(" ")).filter(lambda f: len(f) > 10)
referrers = fields.map(lambda f: (f[10].strip('"'), 1)).filter(lambda kv: kv[0] not in STOP)
totals = referrers.reduceByKey(lambda a, b: a + b)

bytes_per_host = fields.map(lambda f: (f[0], int(f[9]) if f[9].isdigit() else 0)).aggregateByKey(
    (0, 0), lambda acc, v: (acc[0] + v, acc[1] + 1), lambda a, b: (a[0] + b[0], a[1] + b[1])
)

totals.saveAsTextFile("hdfs:///reports/referrers/2024-05")
bytes_per_host.mapValues(lambda s: s[0] / s[1]).saveAsTextFile("hdfs:///reports/bytes_per_host/2024-05")

local = Counter(["a", "b", "a"])
print(local.most_common(1))
