# expect: collect_to_driver
from pyspark.sql import SparkSession

spark = SparkSession.builder.enableHiveSupport().getOrCreate()

QUERY = """
SELECT user_id, email, last_seen
FROM crm.users
WHERE last_seen < date_sub(current_date(), 365)
"""

stale_users = spark.sql(QUERY).collect()
for u in stale_users:
    print("would deactivate", u.user_id, u.email)
