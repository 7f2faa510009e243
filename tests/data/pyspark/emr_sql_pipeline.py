# expect: select_star_in_spark_sql, missing_broadcast
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("sql-pipeline").enableHiveSupport().getOrCreate()

RUN_DATE = "2024-06-01"
STAGING_QUERY = """
SELECT *
FROM raw.web_orders
WHERE order_date = '{run_date}'
"""

staged = spark.sql(STAGING_QUERY.format(run_date=RUN_DATE))
staged.createOrReplaceTempView("staged_orders")

enriched = spark.sql(
    """
    SELECT o.order_id, o.amount, c.country_name
    FROM staged_orders o
    JOIN ref.country_codes c ON o.country_code = c.code
    """
)
enriched.write.mode("overwrite").insertInto("curated.web_orders")
