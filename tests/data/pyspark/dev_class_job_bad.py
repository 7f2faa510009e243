# expect: count_action, coalesce_to_one, missing_broadcast
from pyspark.sql import DataFrame, SparkSession


class DailySalesJob:
    def __init__(self, spark: SparkSession, fact_path: str, dim_path: str, out_path: str, logger):
        self.spark = spark
        self.fact_path = fact_path
        self.dim_path = dim_path
        self.out_path = out_path
        self.log = logger

    def extract_sales(self) -> DataFrame:
        return self.spark.read.parquet(self.fact_path)

    def load_dim_product(self) -> DataFrame:
        return self.spark.read.parquet(self.dim_path)

    def transform(self, sales: DataFrame, dim_product: DataFrame) -> DataFrame:
        return sales.join(dim_product, "product_id", "inner").select(
            "sale_id", "product_id", "product_name", "category", "qty", "amount"
        )

    def run(self) -> None:
        sales = self.extract_sales()
        self.log.info("sales rows: %d", sales.count())
        out = self.transform(sales, self.load_dim_product())
        out.coalesce(1).write.mode("overwrite").parquet(self.out_path)
