# expect: none
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import DropNullFields, ResolveChoice
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "target"])
sc = SparkContext()
glueContext = GlueContext(sc)
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

source = glueContext.create_dynamic_frame.from_catalog(
    database="iot", table_name="sensor_readings", transformation_ctx="source"
)
resolved = ResolveChoice.apply(frame=source, choice="make_cols", transformation_ctx="resolved")
no_nulls = DropNullFields.apply(frame=resolved, transformation_ctx="no_nulls")

glueContext.write_dynamic_frame.from_options(
    frame=no_nulls,
    connection_type="s3",
    connection_options={"path": args["target"], "partitionKeys": ["year", "month", "day"]},
    format="parquet",
    transformation_ctx="sink",
)
job.commit()
