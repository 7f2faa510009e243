# expect: topandas
import pandas as pd
from pyspark.sql import DataFrame, SparkSession


def to_report(df: DataFrame, path: str) -> None:
    pdf = df.toPandas()
    with pd.ExcelWriter(path) as xl:
        pdf.to_excel(xl, sheet_name="data", index=False)


def main() -> None:
    spark = SparkSession.builder.getOrCreate()
    claims = spark.table("insurance.claims").where("status = 'OPEN'")
    to_report(claims, "/dbfs/reports/open_claims.xlsx")


if __name__ == "__main__":
    main()
