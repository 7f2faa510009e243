# expect: udf_instead_of_builtin, withcolumn_in_loop
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)


@F.udf(returnType=StringType())
def normalize_email(email):
    if email is None:
        return None
    return email.strip().lower()


customers = glueContext.create_dynamic_frame.from_catalog(database="crm", table_name="customers").toDF()
customers = customers.withColumn("email", normalize_email(F.col("email")))

string_cols = [name for name, dtype in customers.dtypes if dtype == "string"]
for column_name in string_cols:
    customers = customers.withColumn(column_name, F.trim(F.col(column_name)))

customers.write.mode("overwrite").parquet("s3://crm-lake/curated/customers/")
job.commit()
