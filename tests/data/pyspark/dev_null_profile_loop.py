# expect: count_action, repeated_actions_without_cache
import pyspark.sql.functions as F
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, count, when

spark = SparkSession.builder.appName("device-profile").getOrCreate()

df = spark.read.parquet("s3a://adtech-prod/agg/monthly/2022-01/*.parquet")

df2 = df.select(
    "ifa",
    "device.device_vendor",
    "device.device_name",
    "device.device_model",
    "device.platform",
    "device.major_os",
)

for d in df2.columns:
    print(d)
    c = df2.select(d).where(col(d).isNotNull()).count()
    print("%s : %d" % (d, c))

null_cnt = df2.select([count(when(col(c).isNull(), c)).alias(c) for c in df2.columns])
null_cnt.show()

con_df = df.select("ifa", F.explode("connection")).select("ifa", "col.*")
con_df.write.mode("overwrite").parquet("s3a://adtech-prod/etl/connections/2022-01/")
