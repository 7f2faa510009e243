# expect: rdd_groupbykey
from pyspark.sql import Row, SparkSession

SESSION_GAP = 30 * 60

spark = SparkSession.builder.appName("sessionize").getOrCreate()

clicks = spark.read.parquet("s3://web/clicks/dt=2024-06-01/")


def sessionize(kv):
    user, events = kv
    events = sorted(events)
    session, last = 0, None
    for ts, url in events:
        if last is not None and ts - last > SESSION_GAP:
            session += 1
        last = ts
        yield Row(user_id=user, session_no=session, ts=ts, url=url)


by_user = clicks.rdd.map(lambda r: (r.user_id, (r.ts, r.url))).groupByKey()
sessions = spark.createDataFrame(by_user.flatMap(sessionize))
sessions.write.mode("overwrite").parquet("s3://web/sessions/dt=2024-06-01/")
