# expect: cross_join
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("price-scenarios").getOrCreate()

products = spark.table("pricing.products").select("sku", "base_price")
scenarios = spark.table("pricing.scenarios").select("scenario_id", "uplift_pct")

simulated = products.join(scenarios, how="cross").withColumn(
    "simulated_price", F.round(F.col("base_price") * (1 + F.col("uplift_pct") / 100), 2)
)
simulated.write.mode("overwrite").saveAsTable("pricing.simulated_prices")
