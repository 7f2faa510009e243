# expect: none
import pandas as pd
import joblib
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.functions import pandas_udf

spark = SparkSession.builder.appName("churn-scoring").getOrCreate()
model = joblib.load("/mnt/models/churn.pkl")
bc_model = spark.sparkContext.broadcast(model)


@pandas_udf("double")
def churn_score(tenure: pd.Series, spend: pd.Series, tickets: pd.Series) -> pd.Series:
    features = pd.DataFrame({"tenure": tenure, "spend": spend, "tickets": tickets})
    return pd.Series(bc_model.value.predict_proba(features)[:, 1])


customers = spark.read.parquet("s3://ml/customers/")
scored = customers.withColumn("churn_score", churn_score("tenure", "monthly_spend", "support_tickets"))
scored.select("customer_id", "churn_score").write.mode("overwrite").parquet("s3://ml/scores/churn/")
