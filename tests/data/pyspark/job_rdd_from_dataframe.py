# expect: rdd_groupbykey
from pyspark.sql import Row, SparkSession

spark = SparkSession.builder.appName("user-sequences").getOrCreate()

events = spark.table("analytics.page_events").select("user_id", "page", "ts")
sequences = (
    events.rdd.map(lambda r: (r.user_id, (r.ts, r.page)))
    .groupByKey()
    .mapValues(lambda visits: [p for _, p in sorted(visits)])
    .map(lambda kv: Row(user_id=kv[0], pages=kv[1]))
)
spark.createDataFrame(sequences).write.mode("overwrite").parquet("s3://analytics/user_sequences/")
