# expect: missing_broadcast, repeated_actions_without_cache
from pyspark.sql import Row, SparkSession

spark = SparkSession.builder.appName("priority-mapping").getOrCreate()

priorities = spark.createDataFrame(
    data=[Row(code="P1", weight=10), Row(code="P2", weight=5), Row(code="P3", weight=1)]
)
tickets = spark.read.json("s3://support/tickets/")
weighted = tickets.join(priorities, tickets.priority == priorities.code, "left").drop("code")

weighted.show(5)
weighted.write.mode("overwrite").parquet("s3://support/tickets_weighted/")
