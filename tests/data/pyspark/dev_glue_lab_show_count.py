# expect: count_action, repeated_actions_without_cache
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql.functions import col, upper

## @params: [JOB_NAME]
args = getResolvedOptions(sys.argv, ["JOB_NAME", "S3_INPUT_PATH", "S3_TARGET_PATH"])

sc = SparkContext()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

source_file = args["S3_INPUT_PATH"]
target_path = args["S3_TARGET_PATH"]

data_frame = spark.read.csv(source_file, header=True, inferSchema=True)
data_frame.show()
linhas = data_frame.count()
print("Numero de linhas do dataFrame: ", linhas)

upper_names = data_frame.withColumn("nome", upper(col("nome")))
upper_names.write.mode("overwrite").json(target_path)

job.commit()
