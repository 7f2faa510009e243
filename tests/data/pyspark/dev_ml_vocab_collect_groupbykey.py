# expect: collect_to_driver, rdd_groupbykey
from pyspark.sql import Row, SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("recsys-prep").getOrCreate()
sc = spark.sparkContext

docs = spark.read.parquet("s3://recsys/item_descriptions/").select("item_id", F.split("text", r"\s+").alias("tokens"))
vocab = docs.rdd.flatMap(lambda r: r.tokens).distinct().collect()
index = {tok: i for i, tok in enumerate(sorted(vocab))}
bc_index = sc.broadcast(index)

ratings = spark.read.parquet("s3://recsys/ratings/")
user_items = (
    ratings.rdd.map(lambda r: (r.user_id, r.item_id))
    .groupByKey()
    .map(lambda kv: Row(user_id=kv[0], items=sorted(set(kv[1]))))
)

spark.createDataFrame(user_items).write.mode("overwrite").parquet("s3://recsys/user_histories/")
