# expect: missing_broadcast, nested_field_access
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("customer-360").getOrCreate()

customers = spark.read.parquet("s3://c360/customers/")
orders = spark.read.parquet("s3://c360/orders/")
tickets = spark.read.json("s3://c360/support_tickets/")
country_ref = spark.read.option("header", True).csv("s3://c360/reference/country_codes.csv")

order_stats = orders.groupBy("customer_id").agg(F.count("order_id").alias("orders"), F.sum("total").alias("spend"))
ticket_stats = (
    tickets.withColumn("agent_team", F.col("assignment.agent.team"))
    .withColumn("agent_level", F.col("assignment.agent.level"))
    .groupBy("customer_id")
    .agg(F.count("*").alias("tickets"), F.first("agent_team").alias("last_team"))
)

c360 = (
    customers.join(order_stats, "customer_id", "left")
    .join(ticket_stats, "customer_id", "left")
    .join(country_ref, customers.country == country_ref.alpha2, "left")
)
c360.write.mode("overwrite").parquet("s3://c360/customer_360/")
