# expect: none
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F
from pyspark.sql.functions import broadcast

args = getResolvedOptions(sys.argv, ["JOB_NAME", "bucket"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

events = spark.read.json(f"s3://{args['bucket']}/landing/events/")
countries = spark.read.csv(f"s3://{args['bucket']}/reference/countries.csv", header=True)

cleaned = (
    events.dropDuplicates(["event_id"])
    .filter(F.col("event_type").isin("click", "view", "purchase"))
    .withColumns(
        {
            "event_date": F.to_date("event_ts"),
            "country_code": F.upper(F.trim("country_code")),
            "user_agent": F.lower("user_agent"),
        }
    )
    .join(broadcast(countries), "country_code", "left")
)

result = DynamicFrame.fromDF(cleaned.repartition(64, "event_date"), glueContext, "result")
glueContext.write_dynamic_frame.from_options(
    frame=result,
    connection_type="s3",
    connection_options={"path": f"s3://{args['bucket']}/curated/events/", "partitionKeys": ["event_date"]},
    format="glueparquet",
)
job.commit()
