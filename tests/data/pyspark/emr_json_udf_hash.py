# expect: udf_instead_of_builtin
import hashlib
import json

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

spark = SparkSession.builder.appName("event-keys").getOrCreate()


def event_key(payload):
    body = json.loads(payload)
    return hashlib.sha256(f"{body.get('user_id')}|{body.get('ts')}".encode("utf-8")).hexdigest()


event_key_udf = F.udf(event_key, StringType())

events = spark.read.text("s3://events/raw/")
keyed = events.withColumn("event_key", event_key_udf(F.col("value")))
keyed.write.mode("append").parquet("s3://events/keyed/")
