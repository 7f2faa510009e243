# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

dim_currency = spark.table("ref.dim_currency").select("currency_code", "usd_rate").hint("broadcast")
payments = spark.table("fin.payments").where(F.col("paid_date") == "2024-06-01")

usd = payments.join(dim_currency, "currency_code", "left").withColumn("amount_usd", F.col("amount") * F.col("usd_rate"))
usd.write.mode("append").saveAsTable("fin.payments_usd")
