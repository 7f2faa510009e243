# expect: udf_instead_of_builtin
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql.functions import col, udf
from pyspark.sql.types import StringType

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
sc = SparkContext()
glueContext = GlueContext(sc)
job = Job(glueContext)
job.init(args["JOB_NAME"], args)


@udf(returnType=StringType())
def clean_text(value):
    if value is None:
        return None
    return value.strip().upper()


vendors = glueContext.create_dynamic_frame.from_catalog(database="procurement", table_name="vendors").toDF()
vendors = vendors.withColumn("vendor_name", clean_text(col("vendor_name"))).withColumn(
    "country", clean_text(col("country"))
)

out = DynamicFrame.fromDF(vendors, glueContext, "out")
glueContext.write_dynamic_frame.from_catalog(frame=out, database="procurement", table_name="vendors_clean")
job.commit()
