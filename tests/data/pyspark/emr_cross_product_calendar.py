# expect: cross_join, missing_broadcast
from datetime import date, timedelta

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("store-day-grid").getOrCreate()

start = date(2024, 1, 1)
days = [(start + timedelta(days=i),) for i in range(366)]
calendar_df = spark.createDataFrame(days, ["day"])

stores = spark.table("retail.stores").select("store_id", "region_id")
grid = stores.crossJoin(calendar_df)

region_names = spark.createDataFrame(
    [(1, "North"), (2, "South"), (3, "East"), (4, "West")], ["region_id", "region_name"]
)
sales = spark.table("retail.daily_sales")
report = (
    grid.join(sales, ["store_id", "day"], "left")
    .join(region_names, "region_id")
    .fillna({"amount": 0.0})
)
report.write.mode("overwrite").saveAsTable("retail.store_day_sales")
