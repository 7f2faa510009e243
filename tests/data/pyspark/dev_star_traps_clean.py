# expect: none
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()

ORACLE_URL = "jdbc:oracle:thin:@//erp-db:1521/ERP"

gl = (
    spark.read.format("jdbc")
    .option("url", ORACLE_URL)
    .option("query", "SELECT * FROM gl.journal_lines WHERE period = '2024-06'")
    .option("fetchsize", 10000)
    .load()
)
gl.createOrReplaceTempView("journal_lines")

summary = spark.sql(
    """
    SELECT account, COUNT(*) AS lines, SUM(debit) - SUM(credit) AS net, SUM(amount * fx_rate) AS amount_usd
    FROM journal_lines
    GROUP BY account
    """
)
everything = spark.table("journal_lines").select("*")
summary.write.mode("overwrite").parquet("s3://fin/gl_summary/2024-06/")
everything.write.mode("overwrite").parquet("s3://fin/gl_lines/2024-06/")
