# expect: udf_instead_of_builtin
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql.functions import pandas_udf

spark = SparkSession.builder.getOrCreate()


@pandas_udf("string")
def normalise_sku(s: pd.Series) -> pd.Series:
    return s.str.strip().str.upper().str.replace("-", "", regex=False)


items = spark.read.parquet("s3://wms/items/")
items.withColumn("sku", normalise_sku("sku_raw")).write.mode("overwrite").parquet("s3://wms/items_clean/")
