# expect: udf_instead_of_builtin
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import IntegerType, StringType

spark = SparkSession.builder.getOrCreate()

lower_udf = F.udf(lambda s: s.lower() if s else s, StringType())
tag_count = F.udf(lambda tags: len(tags) if tags is not None else 0, IntegerType())

posts = spark.read.parquet("s3://blog/posts/")
posts = posts.withColumn("author", lower_udf("author")).withColumn("n_tags", tag_count("tags"))
posts.write.mode("overwrite").parquet("s3://blog/posts_clean/")
