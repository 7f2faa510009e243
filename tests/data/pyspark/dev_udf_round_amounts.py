# expect: udf_instead_of_builtin
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf
from pyspark.sql.types import DoubleType

spark = SparkSession.builder.appName("fx-convert").getOrCreate()

round2 = udf(lambda x: round(x, 2) if x is not None else None, DoubleType())

trades = spark.read.parquet("s3://markets/trades/")
converted = trades.withColumn("notional_usd", round2(col("notional") * col("fx_rate")))
converted.write.mode("overwrite").parquet("s3://markets/trades_usd/")
