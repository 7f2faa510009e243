# expect: count_action, repeated_actions_without_cache, topandas
from pyspark.sql import DataFrame, SparkSession


def get_row_count(df: DataFrame, verbose=False):
    """Returns the number of rows in a DataFrame."""
    if verbose:
        print(df.count())
    return df.count()


def display_df(spark_df: DataFrame):
    pandas_df = spark_df.toPandas()
    print(pandas_df.head(20))


spark = SparkSession.builder.getOrCreate()
orders = spark.read.parquet("s3://shop/orders/")
print("rows:", get_row_count(orders, verbose=True))
display_df(orders)
