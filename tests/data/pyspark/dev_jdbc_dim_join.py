# expect: missing_broadcast
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

props = {"user": "etl", "password": "***", "driver": "org.postgresql.Driver"}
url = "jdbc:postgresql://erp:5432/erp"

dim_region = spark.read.jdbc(url, "public.dim_region", properties=props)
shipments = spark.read.parquet("s3://logistics/shipments/")

by_region = shipments.join(dim_region, shipments.region_id == dim_region.id).groupBy("region_name").sum("weight_kg")
by_region.write.mode("overwrite").parquet("s3://logistics/weight_by_region/")
