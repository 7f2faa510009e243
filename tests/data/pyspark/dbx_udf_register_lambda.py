# expect: udf_instead_of_builtin, select_star_in_spark_sql
# Databricks notebook source
from pyspark.sql.types import StringType

# COMMAND ----------

spark.udf.register("clean_sku", lambda s: s.replace("-", "").upper() if s else None, StringType())

# COMMAND ----------

skus = spark.sql("SELECT clean_sku(sku) AS sku, * FROM bronze.product_feed")
skus.write.mode("overwrite").saveAsTable("silver.product_feed")
