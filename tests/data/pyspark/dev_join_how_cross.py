# expect: cross_join
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

sizes = spark.table("catalog.sizes")
colors = spark.table("catalog.colors")
styles = spark.table("catalog.styles").where(F.col("season") == "SS25")

skus = styles.join(sizes, how="cross").join(colors, how="cross")
skus = skus.withColumn("sku", F.concat_ws("-", "style_code", "size_code", "color_code"))
skus.write.mode("overwrite").saveAsTable("catalog.skus_ss25")
