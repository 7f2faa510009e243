# expect: none
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "jdbc_url", "ds"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

daily = spark.sql(
    f"""
    SELECT customer_id, SUM(amount) AS revenue, COUNT(*) AS orders
    FROM lake.orders
    WHERE ds = '{args["ds"]}'
    GROUP BY customer_id
    """
)
daily = daily.withColumn("ds", F.lit(args["ds"]))

(
    daily.repartition(16)
    .write.format("jdbc")
    .option("url", args["jdbc_url"])
    .option("dbtable", "reporting.daily_customer_revenue")
    .option("batchsize", 5000)
    .mode("append")
    .save()
)
job.commit()
