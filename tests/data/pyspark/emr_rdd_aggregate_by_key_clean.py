# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("avg-session-length").getOrCreate()
sc = spark.sparkContext

sessions = sc.textFile("s3://web/sessions/*.csv").map(lambda l: l.split(","))
by_user = sessions.map(lambda p: (p[0], float(p[2])))
sum_count = by_user.aggregateByKey((0.0, 0), lambda acc, v: (acc[0] + v, acc[1] + 1), lambda a, b: (a[0] + b[0], a[1] + b[1]))
averages = sum_count.mapValues(lambda sc_: sc_[0] / sc_[1])
averages.toDF(["user_id", "avg_session_seconds"]).write.mode("overwrite").parquet("s3://web/reports/avg_session/")
