# expect: coalesce_to_one
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Filter
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "out"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

tickets = glueContext.create_dynamic_frame.from_catalog(database="helpdesk", table_name="tickets")
escalated = Filter.apply(frame=tickets, f=lambda r: r["priority"] in ("P1", "P2"))

glueContext.write_dynamic_frame.from_options(
    frame=escalated.coalesce(1),
    connection_type="s3",
    connection_options={"path": args["out"]},
    format="json",
)
job.commit()
