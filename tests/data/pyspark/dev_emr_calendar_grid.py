# expect: cross_join
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("fill-gaps").getOrCreate()

sales = spark.read.parquet("s3://dw/sales_daily/")

calendar = spark.sql(
    "SELECT explode(sequence(to_date('2024-01-01'), to_date('2024-12-31'), interval 1 day)) AS sale_date"
)
stores = sales.select("store_id").distinct()

grid = calendar.crossJoin(stores)

filled = (
    grid.join(sales, ["sale_date", "store_id"], "left")
    .fillna({"revenue": 0.0, "units": 0})
    .select("sale_date", "store_id", "revenue", "units")
)
filled.write.mode("overwrite").partitionBy("sale_date").parquet("s3://dw/sales_daily_filled/")
