"""Job scripts shipped with the provider, run by ``spark-submit`` (never imported by the worker)."""

from pathlib import Path

#: The Spark SQL job: runs a pipeline's SQL over its sources (see spark_sql_job.py).
SPARK_SQL_JOB = str(Path(__file__).with_name("spark_sql_job.py"))
