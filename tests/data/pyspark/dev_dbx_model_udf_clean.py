# expect: none
# Databricks notebook source
import mlflow.pyfunc
import pandas as pd
from pyspark.sql.functions import pandas_udf, struct
from pyspark.sql.types import BooleanType

# COMMAND ----------

model_uri = "models:/churn_model/Production"
predict = mlflow.pyfunc.spark_udf(spark, model_uri=model_uri, result_type="double")


@pandas_udf(BooleanType())
def is_private_ip(ips: pd.Series) -> pd.Series:
    import ipaddress

    return ips.map(lambda ip: ip is not None and ipaddress.ip_address(ip).is_private)


# COMMAND ----------

features = spark.table("ml.customer_features")
scored = features.withColumn("churn_score", predict(struct(*features.columns))).withColumn(
    "internal_login", is_private_ip("last_login_ip")
)
scored.write.mode("overwrite").saveAsTable("ml.customer_churn_scores")
