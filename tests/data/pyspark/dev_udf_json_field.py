# expect: udf_instead_of_builtin
import json

from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf


@udf("string")
def campaign_from_payload(payload):
    if payload is None:
        return None
    return json.loads(payload).get("utm", {}).get("campaign")


spark = SparkSession.builder.getOrCreate()
hits = spark.read.parquet("s3://web/hits/")
hits.withColumn("campaign", campaign_from_payload(col("payload"))).write.mode("overwrite").parquet(
    "s3://web/hits_campaign/"
)
