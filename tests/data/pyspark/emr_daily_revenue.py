# expect: none
"""EMR step: daily revenue by store and product category."""
import argparse

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ds", required=True)
    parser.add_argument("--output", required=True)
    return parser.parse_args()


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("daily-revenue").enableHiveSupport().getOrCreate()

    sales = spark.table("dw.fact_sales").where(F.col("ds") == args.ds)
    products = spark.table("dw.dim_product").select("product_id", "category")

    revenue = (
        sales.join(F.broadcast(products), "product_id")
        .groupBy("store_id", "category")
        .agg(F.sum("amount").alias("revenue"), F.countDistinct("order_id").alias("orders"))
    )
    revenue.write.mode("overwrite").parquet(f"{args.output}/ds={args.ds}")
    spark.stop()


if __name__ == "__main__":
    main()
