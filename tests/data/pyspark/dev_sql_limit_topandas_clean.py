# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

sample = spark.sql("SELECT user_id, plan, mrr FROM billing.subscriptions ORDER BY mrr DESC LIMIT 100").toPandas()
print(sample.head())

n = spark.sql("SELECT count(*) AS n FROM billing.subscriptions").collect()[0]["n"]
print("subscriptions:", n)
