# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("orders-returns").getOrCreate()

orders = spark.table("sales.fact_orders").where(F.col("order_date") >= "2024-01-01")
returns = spark.table("sales.fact_returns").where(F.col("return_date") >= "2024-01-01")

net = (
    orders.join(returns, ["order_id", "line_no"], "left")
    .withColumn("net_qty", F.col("qty") - F.coalesce(F.col("returned_qty"), F.lit(0)))
    .repartition(200, "order_date")
)
net.write.mode("overwrite").partitionBy("order_date").saveAsTable("sales.net_order_lines")
