# expect: missing_broadcast
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("status-labels").getOrCreate()

STATUS_LABELS = [("P", "pending"), ("S", "shipped"), ("D", "delivered"), ("C", "cancelled")]
status_df = spark.createDataFrame(STATUS_LABELS, ["status_code", "status_label"])

orders = spark.read.parquet("s3://oms/orders/")
labelled = orders.join(status_df, "status_code", "left")
labelled.write.mode("overwrite").parquet("s3://oms/orders_labelled/")
