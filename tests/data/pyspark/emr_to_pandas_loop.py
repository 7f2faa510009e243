# expect: topandas, repeated_actions_without_cache
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("per-region-export").getOrCreate()

sales = spark.table("gold.sales_by_day")
regions = ["NA", "EMEA", "APAC", "LATAM"]

for region in regions:
    region_pdf = sales.filter(F.col("region") == region).toPandas()
    region_pdf.to_excel(f"/tmp/sales_{region}.xlsx", index=False)
