# expect: none
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("kpi-report").getOrCreate()

kpis = (
    spark.table("gold.orders")
    .groupBy()
    .agg(F.sum("amount").alias("revenue"), F.countDistinct("customer_id").alias("customers"))
    .toPandas()
)
targets = pd.read_csv("/opt/config/kpi_targets.csv")
print("targets defined:", targets["kpi"].count())
report = pd.concat([kpis, targets], axis=1)
report.to_csv("/tmp/kpi_report.csv", index=False)
