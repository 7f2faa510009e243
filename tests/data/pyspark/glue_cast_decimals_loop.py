# expect: withcolumn_in_loop
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

invoices = glueContext.create_dynamic_frame.from_catalog(database="ap", table_name="invoices").toDF()
for name, dtype in invoices.dtypes:
    if dtype.startswith("decimal"):
        invoices = invoices.withColumn(name, F.col(name).cast("double"))

invoices.write.mode("overwrite").parquet("s3://ap-lake/invoices/")
job.commit()
