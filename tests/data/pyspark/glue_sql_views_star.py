# expect: select_star_in_spark_sql, missing_broadcast
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

glueContext.create_dynamic_frame.from_catalog(database="hr", table_name="employees").toDF().createOrReplaceTempView("employees")
glueContext.create_dynamic_frame.from_catalog(database="hr", table_name="departments").toDF().createOrReplaceTempView("departments")

staff = spark.sql(
    """
    SELECT e.*, d.department_name
    FROM employees e
    LEFT JOIN departments d ON e.department_id = d.department_id
    """
)
staff.write.mode("overwrite").parquet("s3://hr-lake/curated/staff/")
job.commit()
