# expect: nested_field_access, select_star_in_spark_sql, collect_to_driver
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "ds"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

events = spark.read.json(f"s3://clickstream/raw/ds={args['ds']}/")
events = events.withColumn("browser", F.col("client.agent.browser")).withColumn(
    "os", F.col("client.agent.os")
)
events.createOrReplaceTempView("events")

bots = spark.sql("SELECT * FROM events WHERE lower(browser) LIKE '%bot%'")
bot_ids = [r["visitor_id"] for r in bots.select("visitor_id").distinct().collect()]

humans = events.filter(~F.col("visitor_id").isin(bot_ids))
humans.write.mode("overwrite").partitionBy("os").parquet(f"s3://clickstream/curated/ds={args['ds']}/")
job.commit()
