# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

summary = spark.table("ops.job_runs").groupBy("job_name").agg({"duration_s": "avg"}).limit(1000)
rows = summary.repartition(1).take(1000)
with open("/tmp/job_durations.txt", "w") as fh:
    for r in rows:
        fh.write(f"{r[0]}\t{r[1]}\n")
