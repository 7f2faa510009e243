# expect: count_action
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "input_path", "output_path"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

shipments = spark.read.parquet(args["input_path"]).cache()

total = shipments.count()
null_ids = shipments.filter(F.col("shipment_id").isNull()).count()
if total == 0 or null_ids / total > 0.01:
    raise RuntimeError(f"quality gate failed: {null_ids} of {total} shipments have no id")

shipments.write.mode("overwrite").parquet(args["output_path"])
shipments.unpersist()
job.commit()
