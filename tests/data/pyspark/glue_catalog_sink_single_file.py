# expect: coalesce_to_one, udf_instead_of_builtin
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql.functions import col, udf
from pyspark.sql.types import IntegerType

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

zip_len = udf(lambda z: len(z) if z is not None else 0, IntegerType())

addresses = glueContext.create_dynamic_frame.from_catalog(database="crm", table_name="addresses").toDF()
addresses = addresses.withColumn("zip_length", zip_len(col("zip_code")))

single = addresses.coalesce(1)
sink = glueContext.getSink(connection_type="s3", path="s3://exports/addresses/", enableUpdateCatalog=True)
sink.setFormat("csv")
sink.setCatalogInfo(catalogDatabase="exports", catalogTableName="addresses")
sink.writeFrame(DynamicFrame.fromDF(single, glueContext, "single"))
job.commit()
