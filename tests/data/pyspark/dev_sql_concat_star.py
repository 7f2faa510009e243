# expect: select_star_in_spark_sql
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.enableHiveSupport().getOrCreate()

source_table = sys.argv[1]
target_table = sys.argv[2]
partition = sys.argv[3]

df = spark.sql("select * from " + source_table + " where dt = '" + partition + "'")
df.write.mode("overwrite").insertInto(target_table)
