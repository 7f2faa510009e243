# expect: rdd_groupbykey
# Databricks notebook source
from pyspark.sql import Row

# COMMAND ----------

pageviews = spark.table("silver.pageviews").select("session_id", "page", "ts")

paths = (
    pageviews.rdd.map(lambda r: (r.session_id, (r.ts, r.page)))
    .groupByKey()
    .map(lambda kv: Row(session_id=kv[0], path=" > ".join(p for _, p in sorted(kv[1]))))
    .toDF()
)

# COMMAND ----------

paths.write.mode("overwrite").saveAsTable("gold.session_paths")
