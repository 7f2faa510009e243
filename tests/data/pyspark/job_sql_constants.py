# expect: select_star_in_spark_sql
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("sql-constants").enableHiveSupport().getOrCreate()

SOURCE_TABLE = "raw.shipments"
BASE_QUERY = "SELECT * FROM " + SOURCE_TABLE
FILTER = " WHERE ship_date >= date_sub(current_date(), 7)"

recent = spark.sql(BASE_QUERY + FILTER)
recent.write.mode("overwrite").saveAsTable("staging.recent_shipments")
