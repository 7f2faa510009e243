# expect: none
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("churn-train").getOrCreate()

data = spark.read.parquet("s3://ml/churn/features/").dropna(subset=["label"])
train, test = data.randomSplit([0.8, 0.2], seed=42)
train = train.cache()

cat_cols = ["plan", "region", "device"]
num_cols = ["tenure_months", "monthly_charges", "support_calls"]

indexers = [StringIndexer(inputCol=c, outputCol=f"{c}_idx", handleInvalid="keep") for c in cat_cols]
encoder = OneHotEncoder(inputCols=[f"{c}_idx" for c in cat_cols], outputCols=[f"{c}_ohe" for c in cat_cols])
assembler = VectorAssembler(inputCols=[f"{c}_ohe" for c in cat_cols] + num_cols, outputCol="raw_features")
scaler = StandardScaler(inputCol="raw_features", outputCol="features")
lr = LogisticRegression(featuresCol="features", labelCol="label", maxIter=50)

model = Pipeline(stages=indexers + [encoder, assembler, scaler, lr]).fit(train)
predictions = model.transform(test)
auc = BinaryClassificationEvaluator(labelCol="label").evaluate(predictions)
print(f"test AUC = {auc:.3f}")

model.write().overwrite().save("s3://ml/churn/models/latest")
predictions.select("customer_id", "label", "prediction", "probability").write.mode("overwrite").parquet(
    "s3://ml/churn/predictions/"
)
