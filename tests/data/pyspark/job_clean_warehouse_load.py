# expect: none
"""Loads the sales fact with dimension lookups (broadcast), cached once for two writes."""
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import broadcast

spark = SparkSession.builder.appName("warehouse-load").enableHiveSupport().getOrCreate()

sales = spark.table("staging.sales").where(F.col("ds") == F.date_format(F.current_date(), "yyyy-MM-dd"))
dim_customer = spark.table("dw.dim_customer").select("customer_id", "customer_key", "segment")
dim_date = spark.table("dw.dim_date").select("date", "date_key", "fiscal_week")

fact = (
    sales.join(broadcast(dim_customer), "customer_id")
    .join(broadcast(dim_date), sales.sale_date == dim_date.date)
    .select("customer_key", "date_key", "fiscal_week", "segment", "amount", "quantity")
    .cache()
)

fact.write.mode("append").insertInto("dw.fact_sales")
weekly = fact.groupBy("fiscal_week", "segment").agg(F.sum("amount").alias("amount"))
weekly.write.mode("overwrite").saveAsTable("marts.weekly_segment_sales")
fact.unpersist()
