# expect: withcolumn_in_loop, count_action, repeated_actions_without_cache
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("lag-features").getOrCreate()
from pyspark.sql.window import Window

prices = spark.table("markets.daily_prices")
w = Window.partitionBy("ticker").orderBy("trade_date")

lag = 1
while lag <= 5:
    prices = prices.withColumn(f"close_lag_{lag}", F.lag("close", lag).over(w))
    lag += 1

if prices.count() == 0:
    raise SystemExit("no prices")
prices.write.mode("overwrite").saveAsTable("markets.price_features")
