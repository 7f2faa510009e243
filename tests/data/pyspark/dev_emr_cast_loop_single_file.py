# expect: withcolumn_in_loop, coalesce_to_one
import sys

from pyspark.sql import SparkSession
from pyspark.sql.functions import col

CASTS = {
    "invoice_id": "bigint",
    "amount": "decimal(18,2)",
    "tax": "decimal(18,2)",
    "issued_at": "timestamp",
    "due_date": "date",
}

spark = SparkSession.builder.getOrCreate()
src, dst = sys.argv[1], sys.argv[2]

invoices = spark.read.option("header", "true").csv(src)
for name, dtype in CASTS.items():
    invoices = invoices.withColumn(name, col(name).cast(dtype))

(
    invoices.coalesce(1)
    .write.mode("overwrite")
    .option("header", "true")
    .csv(dst)
)
