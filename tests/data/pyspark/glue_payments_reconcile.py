# expect: repeated_actions_without_cache, count_action
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "ds"])
glueContext = GlueContext(SparkContext.getOrCreate())
spark = glueContext.spark_session
job = Job(glueContext)
job.init(args["JOB_NAME"], args)

payments = spark.table("finance.payments").where(F.col("ds") == args["ds"])
ledger = spark.table("finance.ledger_entries").where(F.col("ds") == args["ds"])

mismatches = payments.join(ledger, payments.payment_id == ledger.reference_id, "full_outer").where(
    payments.amount.isNull() | ledger.amount.isNull() | (payments.amount != ledger.amount)
)

mismatch_count = mismatches.count()
if mismatch_count > 0:
    mismatches.show(20, truncate=False)
    mismatches.write.mode("overwrite").parquet(f"s3://finance-lake/recon/mismatches/ds={args['ds']}/")
job.commit()
