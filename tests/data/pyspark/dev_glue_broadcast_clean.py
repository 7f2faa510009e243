# expect: none
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql.functions import broadcast, col, to_date

args = getResolvedOptions(sys.argv, ["JOB_NAME", "target"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

line_items = glueContext.create_dynamic_frame.from_catalog(
    database="erp", table_name="line_items", transformation_ctx="line_items"
).toDF()
dim_product = glueContext.create_dynamic_frame.from_catalog(database="erp", table_name="dim_product").toDF()

result = (
    line_items.join(broadcast(dim_product), "product_id", "left")
    .withColumn("ship_date", to_date(col("ship_ts")))
    .select("line_id", "order_id", "product_id", "category", "qty", "net_amount", "ship_date")
)

glueContext.write_dynamic_frame.from_options(
    frame=DynamicFrame.fromDF(result, glueContext, "result"),
    connection_type="s3",
    connection_options={"path": args["target"], "partitionKeys": ["ship_date"]},
    format="parquet",
    transformation_ctx="sink",
)
job.commit()
