# expect: none
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import ApplyMapping, DropNullFields, ResolveChoice
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

## @params: [JOB_NAME, TempDir, target_table]
args = getResolvedOptions(sys.argv, ["JOB_NAME", "TempDir", "target_table"])

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

datasource0 = glueContext.create_dynamic_frame.from_catalog(
    database="sales_raw", table_name="orders_csv", transformation_ctx="datasource0"
)
applymapping1 = ApplyMapping.apply(
    frame=datasource0,
    mappings=[
        ("order_id", "string", "order_id", "long"),
        ("customer_id", "string", "customer_id", "long"),
        ("order_ts", "string", "order_ts", "timestamp"),
        ("amount", "string", "amount", "decimal(12,2)"),
    ],
    transformation_ctx="applymapping1",
)
resolvechoice2 = ResolveChoice.apply(frame=applymapping1, choice="make_cols", transformation_ctx="resolvechoice2")
dropnullfields3 = DropNullFields.apply(frame=resolvechoice2, transformation_ctx="dropnullfields3")

datasink4 = glueContext.write_dynamic_frame.from_jdbc_conf(
    frame=dropnullfields3,
    catalog_connection="redshift-conn",
    connection_options={"dbtable": args["target_table"], "database": "dev"},
    redshift_tmp_dir=args["TempDir"],
    transformation_ctx="datasink4",
)
job.commit()
