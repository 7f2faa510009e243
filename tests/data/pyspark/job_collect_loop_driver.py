# expect: collect_to_driver, repeated_actions_without_cache, count_action
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("per-tenant-export").getOrCreate()

usage = spark.table("billing.usage_events")
tenant_ids = [row.tenant_id for row in usage.select("tenant_id").distinct().collect()]

for tenant_id in tenant_ids:
    tenant_usage = usage.filter(F.col("tenant_id") == tenant_id)
    if tenant_usage.count() == 0:
        continue
    tenant_usage.write.mode("overwrite").parquet(f"s3://billing/exports/tenant={tenant_id}/")
