# expect: none
import argparse

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--date", required=True)
    return p.parse_args()


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("daily-device-stats").getOrCreate()
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")

    readings = spark.read.parquet(args.input).where(F.col("event_date") == args.date)

    per_device = readings.groupBy("device_id", "event_date").agg(
        F.count("*").alias("readings"),
        F.countDistinct("sensor_id").alias("sensors"),
        F.avg("value").alias("avg_value"),
        F.expr("percentile_approx(value, 0.95)").alias("p95_value"),
    )
    per_type = readings.groupBy("device_type", "event_date").count()

    per_device.write.mode("overwrite").partitionBy("event_date").parquet(f"{args.output}/per_device")
    per_type.write.mode("overwrite").partitionBy("event_date").parquet(f"{args.output}/per_type")
    spark.stop()


if __name__ == "__main__":
    main()
