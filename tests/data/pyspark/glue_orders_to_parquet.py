# expect: count_action, repeated_actions_without_cache, coalesce_to_one
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.transforms import ApplyMapping
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_db", "target_path"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

orders_dyf = glueContext.create_dynamic_frame.from_catalog(
    database=args["source_db"], table_name="raw_orders", transformation_ctx="orders_dyf"
)
mapped = ApplyMapping.apply(
    frame=orders_dyf,
    mappings=[
        ("order_id", "string", "order_id", "string"),
        ("amount", "double", "amount", "double"),
        ("order_ts", "string", "order_ts", "timestamp"),
    ],
)
orders = mapped.toDF()
orders = orders.filter(F.col("amount") > 0).withColumn("order_date", F.to_date("order_ts"))

print(f"valid orders: {orders.count()}")

out = DynamicFrame.fromDF(orders.coalesce(1), glueContext, "out")
glueContext.write_dynamic_frame.from_options(
    frame=out,
    connection_type="s3",
    connection_options={"path": args["target_path"], "partitionKeys": ["order_date"]},
    format="parquet",
)
job.commit()
