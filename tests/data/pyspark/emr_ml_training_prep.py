# expect: topandas
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from sklearn.ensemble import GradientBoostingClassifier

spark = SparkSession.builder.appName("fraud-training").getOrCreate()

labelled = spark.table("fraud.labelled_transactions").where(F.col("label").isNotNull())
indexer = StringIndexer(inputCol="merchant_category", outputCol="merchant_category_idx")
indexed = indexer.fit(labelled).transform(labelled)
assembler = VectorAssembler(inputCols=["amount", "merchant_category_idx", "hour_of_day"], outputCol="features")
assembled = assembler.transform(indexed)

train_pdf = assembled.select("amount", "merchant_category_idx", "hour_of_day", "label").toPandas()
model = GradientBoostingClassifier().fit(train_pdf.drop(columns="label"), train_pdf["label"])
print("training rows:", len(train_pdf))
