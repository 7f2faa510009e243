# expect: udf_instead_of_builtin
# Databricks notebook source
import requests
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, StringType

# COMMAND ----------


@F.udf(DoubleType())
def fx_rate(currency):
    resp = requests.get(f"https://rates.internal/api/latest/{currency}", timeout=5)
    return float(resp.json()["rate"])


@F.udf(StringType())
def sku_prefix(sku):
    return sku[:4] if sku else None


# COMMAND ----------

items = spark.table("bronze.line_items")
items = items.withColumn("rate", fx_rate("currency")).withColumn("sku_family", sku_prefix("sku"))
items.write.mode("overwrite").saveAsTable("silver.line_items")
