# expect: repeated_actions_without_cache, collect_to_driver, missing_broadcast
import logging

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

log = logging.getLogger(__name__)


class CustomerLifetimeValueJob:
    def __init__(self, spark: SparkSession, run_date: str):
        self.spark = spark
        self.run_date = run_date

    def extract(self) -> DataFrame:
        return self.spark.table("dw.fact_orders").where(F.col("order_date") <= self.run_date)

    def segments(self) -> DataFrame:
        return self.spark.table("dw.dim_customer_segment")

    def transform(self, orders: DataFrame) -> DataFrame:
        clv = orders.groupBy("customer_id").agg(F.sum("amount").alias("lifetime_value"))
        return clv.join(self.segments(), "customer_id", "left")

    def run(self):
        orders = self.extract()
        result = self.transform(orders)
        top = result.orderBy(F.desc("lifetime_value")).collect()
        log.info("top customer: %s", top[0])
        result.write.mode("overwrite").saveAsTable("marts.customer_clv")


if __name__ == "__main__":
    spark = SparkSession.builder.appName("clv").getOrCreate()
    CustomerLifetimeValueJob(spark, "2024-06-30").run()
