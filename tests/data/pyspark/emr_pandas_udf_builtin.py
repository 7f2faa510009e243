# expect: udf_instead_of_builtin, count_action
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql.functions import pandas_udf

spark = SparkSession.builder.appName("normalize-products").getOrCreate()


@pandas_udf("string")
def clean_title(titles: pd.Series) -> pd.Series:
    return titles.str.strip().str.title()


@pandas_udf("double")
def price_with_tax(price: pd.Series) -> pd.Series:
    return (price * 1.2).round(2)


products = spark.read.parquet("s3://catalog/products/")
products = products.select(
    "product_id",
    clean_title("title").alias("title"),
    price_with_tax("price").alias("price_gross"),
)
print("products:", products.count())
