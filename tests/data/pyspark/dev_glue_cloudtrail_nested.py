# expect: nested_field_access
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "trail_path", "out_path"])
glue_context = GlueContext(SparkContext.getOrCreate())
spark = glue_context.spark_session
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

events = spark.read.json(args["trail_path"])

s3_events = events.filter(F.col("detail.requestParameters.bucketName").isNotNull())

by_bucket = s3_events.groupBy(F.col("detail.requestParameters.bucketName").alias("bucket")).agg(
    F.count("*").alias("calls")
)

actors = s3_events.select(
    F.col("detail.userIdentity.arn").alias("principal"),
    F.col("detail.eventName").alias("event_name"),
).where(F.col("detail.userIdentity.type") != "AWSService")

by_bucket.write.mode("overwrite").parquet(args["out_path"] + "/by_bucket")
actors.write.mode("overwrite").parquet(args["out_path"] + "/actors")
job.commit()
