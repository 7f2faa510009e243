# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("enrich-shipments").getOrCreate()

shipments = spark.read.parquet("s3://logistics/shipments/")
carrier_lookup = spark.read.parquet("s3://logistics/reference/carriers/").hint("broadcast")
dim_warehouse = F.broadcast(spark.table("logistics.dim_warehouse"))

enriched = (
    shipments.join(carrier_lookup, "carrier_code", "left")
    .join(dim_warehouse, shipments.origin_warehouse_id == dim_warehouse.warehouse_id, "left")
    .drop("warehouse_id")
)
enriched.write.mode("overwrite").partitionBy("ship_date").parquet("s3://logistics/curated/shipments/")
