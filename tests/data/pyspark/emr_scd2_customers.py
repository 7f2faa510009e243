# expect: none
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("scd2-customers").enableHiveSupport().getOrCreate()

current = spark.table("dw.customer_history").where(F.col("is_current"))
incoming = spark.table("staging.customers_daily")

changed = (
    incoming.alias("n")
    .join(current.alias("c"), F.col("n.customer_id") == F.col("c.customer_id"), "left")
    .where(F.col("c.customer_id").isNull() | (F.col("n.address_hash") != F.col("c.address_hash")))
    .select("n.*")
)

w = Window.partitionBy("customer_id").orderBy(F.col("updated_at").desc())
latest = changed.withColumn("rn", F.row_number().over(w)).where("rn = 1").drop("rn")
new_rows = latest.withColumns(
    {"valid_from": F.current_timestamp(), "valid_to": F.lit(None).cast("timestamp"), "is_current": F.lit(True)}
)
new_rows.write.mode("append").insertInto("dw.customer_history")
