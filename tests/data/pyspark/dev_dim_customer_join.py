# expect: missing_broadcast, coalesce_to_one
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.getOrCreate()

fact_tickets = spark.table("support.fact_tickets").where(F.col("opened_date") >= "2024-05-01")
dim_agent = spark.table("support.dim_agent")

report = (
    fact_tickets.join(dim_agent, fact_tickets.agent_id == dim_agent.agent_id)
    .groupBy(dim_agent.team)
    .agg(F.avg("resolution_hours").alias("avg_resolution_hours"))
)

out = report.coalesce(1)
out.write.mode("overwrite").option("header", True).csv("s3://support/reports/team_resolution/")
