# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.enableHiveSupport().getOrCreate()

partitions = [r[0] for r in spark.sql("SHOW PARTITIONS warehouse.orders").collect()]
latest = sorted(partitions)[-1].split("=")[1]

top_rows = spark.table("warehouse.orders").where(f"dt = '{latest}'").orderBy("amount", ascending=False).limit(10).collect()
for r in top_rows:
    print(r.order_id, r.amount)

preview = spark.table("warehouse.customers").select("customer_id", "segment").take(20)
print(preview)
