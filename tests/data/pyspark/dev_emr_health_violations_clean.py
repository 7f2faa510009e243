# expect: none
import argparse

from pyspark.sql import SparkSession


def calculate_red_violations(data_source, output_uri):
    """Top 10 establishments with the most RED violations (EMR getting-started style step)."""
    with SparkSession.builder.appName("Calculate Red Health Violations").getOrCreate() as spark:
        if data_source is not None:
            restaurants_df = spark.read.option("header", "true").csv(data_source)

        restaurants_df.createOrReplaceTempView("restaurant_violations")

        top_red_violation_restaurants = spark.sql(
            "SELECT name, count(*) AS total_red_violations "
            + "FROM restaurant_violations "
            + "WHERE violation_type = 'RED' "
            + "GROUP BY name "
            + "ORDER BY total_red_violations DESC LIMIT 10 "
        )

        top_red_violation_restaurants.write.option("header", "true").mode("overwrite").csv(output_uri)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_source")
    parser.add_argument("--output_uri")
    args = parser.parse_args()
    calculate_red_violations(args.data_source, args.output_uri)
