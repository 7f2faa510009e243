# expect: udf_instead_of_builtin
# Databricks notebook source
import re

from pyspark.sql import functions as F
from pyspark.sql.types import StringType

# COMMAND ----------


def extract_domain(url):
    if url is None:
        return None
    m = re.search(r"https?://([^/]+)", url)
    return m.group(1) if m else None


extract_domain_udf = F.udf(extract_domain, StringType())
spark.udf.register("extract_domain", extract_domain, StringType())

# COMMAND ----------

pageviews = spark.table("bronze.pageviews")
pageviews = pageviews.withColumn("domain", extract_domain_udf("referrer_url"))
pageviews.write.mode("overwrite").saveAsTable("silver.pageviews")
