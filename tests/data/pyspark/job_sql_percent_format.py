# expect: select_star_in_spark_sql, count_action
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("partition-check").enableHiveSupport().getOrCreate()
table, ds = sys.argv[1], sys.argv[2]

partition = spark.sql("select t.* from %s t where ds = '%s'" % (table, ds))
rows = partition.count()
print("rows in partition:", rows)
