"""Platform runners: local (DuckDB), glue, emr_serverless, lambda, spark (spark-submit).

``get_runner(platform).run(Job.from_config(cfg, platform, run_key)) -> ExecutionResult``.
Runner modules import their AWS hooks lazily, so importing this package stays light.
"""

from strands_airflow.execution.base import Runner, get_runner
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus

__all__ = ["ExecutionResult", "Job", "JobStatus", "Runner", "get_runner"]
