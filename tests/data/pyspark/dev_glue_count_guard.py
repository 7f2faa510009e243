# expect: count_action, repeated_actions_without_cache
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql.functions import current_timestamp, lit

args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_db", "source_table", "output_path"])
sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
logger = glueContext.get_logger()
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

incoming = glueContext.create_dynamic_frame.from_catalog(
    database=args["source_db"],
    table_name=args["source_table"],
    transformation_ctx="incoming_bookmark",
)
df = incoming.toDF().withColumn("load_ts", current_timestamp()).withColumn("source", lit(args["source_table"]))

record_count = df.count()
logger.info(f"new records since last bookmark: {record_count}")
if record_count == 0:
    job.commit()
    sys.exit(0)

df.write.mode("append").partitionBy("source").parquet(args["output_path"])
job.commit()
