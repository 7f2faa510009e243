# expect: udf_instead_of_builtin
# Databricks notebook source
from datetime import datetime

from pyspark.sql import functions as F
from pyspark.sql.types import DateType

# COMMAND ----------


@F.udf(returnType=DateType())
def parse_date(s):
    if not s:
        return None
    return datetime.strptime(s, "%Y-%m-%d").date()


# COMMAND ----------

policies = spark.table("bronze.policies")
policies = policies.withColumn("effective_date", parse_date("effective_date_str")).withColumn(
    "expiry_date", parse_date(F.col("expiry_date_str"))
)
policies.write.mode("overwrite").saveAsTable("silver.policies")
