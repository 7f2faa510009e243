# expect: none
import logging

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

log = logging.getLogger(__name__)


class ShipmentsJob:
    def __init__(self, spark: SparkSession, run_date: str, output: str):
        self.spark = spark
        self.run_date = run_date
        self.output = output

    def extract(self) -> DataFrame:
        return self.spark.read.parquet("s3://logistics/shipments/").where(F.col("ship_date") == self.run_date)

    def carriers(self) -> DataFrame:
        return self.spark.read.parquet("s3://logistics/ref/carriers/")

    def transform(self, shipments: DataFrame, carriers: DataFrame) -> DataFrame:
        return (
            shipments.join(F.broadcast(carriers), "carrier_code", "left")
            .withColumns(
                {
                    "transit_days": F.datediff("delivered_date", "ship_date"),
                    "late": F.col("delivered_date") > F.col("promised_date"),
                }
            )
            .select("shipment_id", "carrier_name", "ship_date", "transit_days", "late")
        )

    def load(self, df: DataFrame) -> None:
        df.write.mode("overwrite").partitionBy("ship_date").parquet(self.output)

    def run(self) -> None:
        log.info("running shipments job for %s", self.run_date)
        self.load(self.transform(self.extract(), self.carriers()))


if __name__ == "__main__":
    session = SparkSession.builder.appName("shipments").getOrCreate()
    ShipmentsJob(session, "2024-06-01", "s3://logistics/curated/shipments/").run()
