# expect: collect_to_driver
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("sku-index").getOrCreate()
sc = spark.sparkContext

catalog_rdd = sc.textFile("s3://catalog/exports/skus.tsv").map(lambda line: line.split("\t"))
sku_to_name = catalog_rdd.map(lambda parts: (parts[0], parts[1])).collectAsMap()
names = sc.broadcast(sku_to_name)

orders = sc.textFile("s3://oms/exports/orders.tsv").map(lambda line: line.split("\t"))
named = orders.map(lambda p: (p[0], names.value.get(p[1], "unknown"), float(p[2])))
named.map(lambda t: "\t".join(map(str, t))).saveAsTextFile("s3://oms/exports/orders_named/")
