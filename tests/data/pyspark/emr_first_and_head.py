# expect: repeated_actions_without_cache
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("config-table-read").getOrCreate()

settings = spark.table("ops.job_settings").where(F.col("job") == "billing")
threshold = settings.first()["threshold"]
mode = settings.head()["mode"]

invoices = spark.table("billing.invoices").where(F.col("amount") > threshold)
invoices.write.mode(mode).saveAsTable("billing.large_invoices")
