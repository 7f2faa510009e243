# expect: nested_field_access
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

raw = spark.read.json("s3://clickstream/raw/2024/")

sessions = raw.withColumn("device_os", F.col("context.device.os"))
sessions = sessions.withColumn("device_model", F.col("context.device.model"))
sessions = sessions.filter(F.col("context.device.type") != "bot")
sessions = sessions.withColumn("geo_country", F.col("context.geo.country"))

sessions.select("session_id", "device_os", "device_model", "geo_country").write.mode("append").parquet(
    "s3://clickstream/curated/sessions/"
)
job.commit()
