# expect: topandas
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("finance-export").getOrCreate()


def export_excel(frame: DataFrame, path: str) -> None:
    frame.toPandas().to_excel(path, index=False)


ledger = spark.table("finance.general_ledger").where(F.col("period") == "2024-06")
export_excel(ledger, "/tmp/general_ledger_2024_06.xlsx")
