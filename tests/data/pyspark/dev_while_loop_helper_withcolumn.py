# expect: withcolumn_in_loop
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def add_lags(df: DataFrame, col_name: str, max_lag: int) -> DataFrame:
    from pyspark.sql import Window

    w = Window.partitionBy("sensor_id").orderBy("ts")
    lag = 1
    while lag <= max_lag:
        df = df.withColumn(f"{col_name}_lag{lag}", F.lag(col_name, lag).over(w))
        lag += 1
    return df


spark = SparkSession.builder.getOrCreate()
readings = spark.read.parquet("s3://iot/readings/")
add_lags(readings, "value", 12).write.mode("overwrite").parquet("s3://iot/readings_lagged/")
