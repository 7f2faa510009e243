# expect: rdd_groupbykey
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("pos-totals").getOrCreate()


def parse(line):
    store, sku, qty, price = line.split(",")
    return store, int(qty) * float(price)


def totals_per_store(rdd):
    grouped = rdd.groupByKey()
    return grouped.mapValues(lambda amounts: round(sum(amounts), 2))


receipts = spark.sparkContext.textFile("hdfs:///pos/receipts/2024-06-01/")
pairs = receipts.filter(lambda l: not l.startswith("store")).map(parse)
totals = totals_per_store(pairs)
totals.toDF(["store_id", "revenue"]).write.mode("overwrite").parquet("hdfs:///pos/store_totals/2024-06-01/")
