# expect: none
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf
from pyspark.sql.types import StringType

spark = SparkSession.builder.getOrCreate()
sc = spark.sparkContext

with open("/dbfs/config/sic_codes.tsv") as fh:
    sic = dict(line.rstrip("\n").split("\t", 1) for line in fh)
bc_sic = sc.broadcast(sic)


@udf(StringType())
def industry(code):
    return bc_sic.value.get(code, "UNKNOWN")


companies = spark.read.parquet("s3://registry/companies/")
companies.withColumn("industry", industry(col("sic_code"))).write.mode("overwrite").parquet("s3://registry/companies_ind/")
