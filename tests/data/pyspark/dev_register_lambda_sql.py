# expect: udf_instead_of_builtin
from pyspark.sql import SparkSession

spark = SparkSession.builder.enableHiveSupport().getOrCreate()
spark.udf.register("clean_code", lambda s: s.strip().lower() if s is not None else None)

codes = spark.sql("SELECT id, clean_code(code) AS code, description FROM ref_raw.codes")
codes.write.mode("overwrite").saveAsTable("ref.codes")
