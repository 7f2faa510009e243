# expect: select_star_in_spark_sql
from pyspark.sql import DataFrame, SparkSession

spark = SparkSession.builder.appName("sql-runner").enableHiveSupport().getOrCreate()


def run_query(session: SparkSession, query: str) -> DataFrame:
    print("running:", query)
    return session.sql(query)


active = run_query(spark, "SELECT * FROM crm.accounts WHERE status = 'active'")
closed = run_query(spark, "SELECT account_id, closed_at FROM crm.accounts WHERE status = 'closed'")
active.write.mode("overwrite").saveAsTable("crm.active_accounts")
closed.write.mode("overwrite").saveAsTable("crm.closed_accounts")
