# expect: coalesce_to_one
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

vendors = glueContext.create_dynamic_frame.from_catalog(database="procurement", table_name="vendors")
vendors_one_file = vendors.coalesce(1)
glueContext.write_dynamic_frame.from_options(
    frame=vendors_one_file,
    connection_type="s3",
    connection_options={"path": "s3://procurement-exports/vendors/"},
    format="csv",
)
job.commit()
