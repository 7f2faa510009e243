# expect: cross_join
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("pricing-scenarios").getOrCreate()

scenarios = spark.createDataFrame([(s,) for s in (0.9, 1.0, 1.1, 1.25)], ["price_factor"])
products = spark.read.parquet("s3://pricing/products/")

simulated = products.crossJoin(scenarios).withColumn("sim_price", F.col("list_price") * F.col("price_factor"))
simulated.write.mode("overwrite").parquet("s3://pricing/simulations/")
