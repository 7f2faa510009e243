# expect: nested_field_access
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

logs = spark.read.json("s3://k8s/audit/")

errors = logs.selectExpr(
    "request.metadata.namespace AS namespace", "request.metadata.name AS pod", "responseStatus.code AS code"
).where("code >= 500")
by_ns = logs.where("request.metadata.namespace IS NOT NULL").groupBy("request.metadata.namespace").count()

errors.write.mode("overwrite").parquet("s3://k8s/audit_errors/")
by_ns.write.mode("overwrite").parquet("s3://k8s/audit_by_ns/")
