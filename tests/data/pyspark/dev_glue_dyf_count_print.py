# expect: count_action
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import Join
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

persons = glueContext.create_dynamic_frame.from_catalog(database="legislators", table_name="persons_json")
memberships = glueContext.create_dynamic_frame.from_catalog(database="legislators", table_name="memberships_json")

persons_df = persons.toDF()
print("persons:", persons_df.count())

history = Join.apply(persons, memberships, "id", "person_id").drop_fields(["person_id"])
glueContext.write_dynamic_frame.from_options(
    frame=history,
    connection_type="s3",
    connection_options={"path": "s3://legislators-curated/history/"},
    format="parquet",
)
job.commit()
