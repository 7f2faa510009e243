# expect: nested_field_access
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("profile-extract").getOrCreate()

profiles = spark.read.parquet("s3://identity/profiles/")
emails = profiles.select("user_id", F.col("contact").getField("primary").getField("email").alias("email"))
verified = profiles.where(F.col("contact").getField("primary").getField("email").isNotNull())
emails.join(verified.select("user_id"), "user_id").write.mode("overwrite").parquet("s3://identity/emails/")
