# expect: none
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
mode = sys.argv[1]

result = spark.table("analytics.retention_cohorts").where("cohort_month >= '2024-01'")
if mode == "preview":
    result.show(20)
else:
    result.write.mode("overwrite").saveAsTable("analytics.retention_recent")
