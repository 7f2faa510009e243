# expect: udf_instead_of_builtin, coalesce_to_one
from datetime import datetime

from pyspark.sql import SparkSession
from pyspark.sql.functions import udf
from pyspark.sql.types import DateType

spark = SparkSession.builder.appName("legacy-dates").getOrCreate()


@udf(returnType=DateType())
def parse_legacy_date(value):
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


claims = spark.read.option("header", "true").csv("s3://insurance/claims/legacy/")
claims = claims.withColumn("claim_date", parse_legacy_date("claim_date_raw"))
claims.coalesce(1).write.mode("overwrite").option("header", "true").csv("s3://insurance/claims/clean/")
