# expect: select_star_in_spark_sql
# Databricks notebook source
dbutils.widgets.text("run_date", "2024-06-01")
run_date = dbutils.widgets.get("run_date")

# COMMAND ----------

raw = spark.sql("SELECT * FROM bronze.web_events WHERE event_date = '{}'".format(run_date))

# COMMAND ----------

sessions = spark.sql(
    """
    SELECT session_id, user_id, min(event_ts) AS started_at, max(event_ts) AS ended_at, count(*) AS events
    FROM bronze.web_events
    WHERE event_date = '{d}'
    GROUP BY session_id, user_id
    """.format(d=run_date)
)

# COMMAND ----------

raw.createOrReplaceTempView("raw_events")
sessions.write.format("delta").mode("overwrite").option("replaceWhere", f"event_date = '{run_date}'").saveAsTable(
    "silver.sessions"
)
