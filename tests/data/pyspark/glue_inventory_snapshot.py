# expect: collect_to_driver, select_star_in_spark_sql
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "snapshot_date"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

inventory = glueContext.create_dynamic_frame.from_catalog(database="ops", table_name="inventory").toDF()
inventory.createOrReplaceTempView("inventory")

low_stock = spark.sql(
    f"""
    SELECT *
    FROM inventory
    WHERE snapshot_date = '{args['snapshot_date']}'
      AND quantity_on_hand < reorder_point
    """
)

sns = boto3.client("sns")
for row in low_stock.collect():
    sns.publish(
        TopicArn="arn:aws:sns:us-east-1:123456789012:low-stock",
        Message=f"SKU {row['sku']} at {row['warehouse_id']} is low: {row['quantity_on_hand']}",
    )

job.commit()
