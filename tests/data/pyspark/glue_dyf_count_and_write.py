# expect: repeated_actions_without_cache, count_action
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glue_context = GlueContext(SparkContext.getOrCreate())
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

leads_df = glue_context.create_dynamic_frame.from_catalog(database="marketing", table_name="leads").toDF()
qualified_df = leads_df.filter(F.col("score") >= 70)
print("qualified leads:", qualified_df.count())

glue_context.write_dynamic_frame.from_options(
    frame=DynamicFrame.fromDF(qualified_df, glue_context, "qualified"),
    connection_type="s3",
    connection_options={"path": "s3://marketing/qualified_leads/"},
    format="parquet",
)
job.commit()
