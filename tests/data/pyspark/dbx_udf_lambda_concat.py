# expect: udf_instead_of_builtin
# Databricks notebook source
from pyspark.sql.functions import col, udf
from pyspark.sql.types import StringType

# COMMAND ----------

full_name = udf(lambda first, last: f"{first} {last}".strip(), StringType())
initials = udf(lambda first, last: (first[:1] + last[:1]).upper(), StringType())

people = spark.table("bronze.people")
people = people.select(
    "person_id",
    full_name(col("first_name"), col("last_name")).alias("full_name"),
    initials(col("first_name"), col("last_name")).alias("initials"),
)
people.write.mode("overwrite").saveAsTable("silver.people")
