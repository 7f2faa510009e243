# expect: select_star_in_spark_sql
from pyspark import SparkContext
from pyspark.sql import HiveContext

sc = SparkContext(appName="legacy-export")
sqlContext = HiveContext(sc)

QUERY_TEMPLATE = "SELECT * FROM legacy.transactions WHERE batch_id = %d"
batch = 20240601

df = sqlContext.sql(QUERY_TEMPLATE % batch)
df.write.mode("overwrite").format("orc").save("/exports/transactions/%d" % batch)
