# expect: coalesce_to_one
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "report_bucket", "run_date"])
glue_context = GlueContext(SparkContext.getOrCreate())
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

claims_dyf = glue_context.create_dynamic_frame.from_catalog(
    database="insurance", table_name="claims", push_down_predicate=f"claim_date = '{args['run_date']}'"
)
claims = claims_dyf.toDF()

summary = (
    claims.groupBy("line_of_business", "state")
    .agg(F.count("*").alias("claims"), F.sum("paid_amount").alias("paid"))
    .orderBy("line_of_business", "state")
)

# finance wants exactly one csv file per day
report_dyf = DynamicFrame.fromDF(summary.repartition(1), glue_context, "report_dyf")
glue_context.write_dynamic_frame.from_options(
    frame=report_dyf,
    connection_type="s3",
    connection_options={"path": f"s3://{args['report_bucket']}/claims_summary/{args['run_date']}/"},
    format="csv",
    format_options={"writeHeader": True},
)
job.commit()
