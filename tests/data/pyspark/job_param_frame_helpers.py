# expect: count_action, collect_to_driver, repeated_actions_without_cache
import logging

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

logger = logging.getLogger("inventory")


def log_size(frame, label):
    logger.info("%s has %d rows", label, frame.count())


def distinct_values(frame, column):
    return [r[0] for r in frame.select(column).distinct().collect()]


spark = SparkSession.builder.appName("inventory-audit").getOrCreate()
stock = spark.read.parquet("s3://inventory/stock_levels/")
log_size(stock, "stock")
warehouses = distinct_values(stock, "warehouse_id")
for wh in warehouses:
    logger.info("warehouse seen: %s", wh)
