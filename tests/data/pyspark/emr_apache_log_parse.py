# expect: none
import re

from pyspark.sql import Row, SparkSession

spark = SparkSession.builder.appName("apache-logs").getOrCreate()
LOG_PATTERN = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+) \S+" (\d{3}) (\d+|-)')


def parse_line(line):
    m = LOG_PATTERN.match(line)
    if not m:
        return None
    host, ts, method, path, status, size = m.groups()
    return Row(host=host, ts=ts, method=method, path=path, status=int(status), size=0 if size == "-" else int(size))


raw = spark.sparkContext.textFile("s3://weblogs/apache/2024/06/*")
parsed = raw.map(parse_line).filter(lambda r: r is not None)
hits_per_path = parsed.map(lambda r: (r.path, 1)).reduceByKey(lambda a, b: a + b)
logs_df = spark.createDataFrame(parsed)
logs_df.write.mode("overwrite").partitionBy("status").parquet("s3://weblogs/parsed/2024/06/")
hits_per_path.toDF(["path", "hits"]).write.mode("overwrite").parquet("s3://weblogs/hits/2024/06/")
