# expect: missing_broadcast
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders_df = glueContext.create_dynamic_frame.from_catalog(
    database="retail", table_name="fact_orders", transformation_ctx="orders"
).toDF()
dim_store = glueContext.create_dynamic_frame.from_catalog(database="retail", table_name="dim_store").toDF()

enriched = orders_df.join(dim_store, on="store_id", how="left").withColumn(
    "order_month", F.date_trunc("month", F.col("order_ts"))
)

glueContext.write_dynamic_frame.from_options(
    frame=DynamicFrame.fromDF(enriched, glueContext, "enriched"),
    connection_type="s3",
    connection_options={"path": "s3://retail-curated/orders_enriched/", "partitionKeys": ["order_month"]},
    format="glueparquet",
)
job.commit()
