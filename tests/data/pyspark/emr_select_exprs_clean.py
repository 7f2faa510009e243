# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("standardize").getOrCreate()

vendors = spark.read.parquet("s3://procurement/vendors/")
exprs = []
for name, dtype in vendors.dtypes:
    if dtype == "string":
        exprs.append(F.upper(F.trim(F.col(name))).alias(name))
    else:
        exprs.append(F.col(name))
standardized = vendors.select(*exprs)
standardized.write.mode("overwrite").parquet("s3://procurement/vendors_std/")
