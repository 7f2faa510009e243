# expect: missing_broadcast
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "run_date"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

sales = glueContext.create_dynamic_frame.from_catalog(
    database="sales", table_name="fact_sales", push_down_predicate=f"ds='{args['run_date']}'"
).toDF()
stores = glueContext.create_dynamic_frame.from_catalog(database="sales", table_name="dim_store").toDF()

enriched = (
    sales.join(stores, on="store_id", how="left")
    .withColumn("net_amount", F.col("gross_amount") - F.col("discount"))
    .select("sale_id", "store_id", "store_name", "region", "net_amount", "ds")
)

enriched.write.mode("overwrite").partitionBy("ds").parquet("s3://warehouse/curated/sales_enriched/")
job.commit()
