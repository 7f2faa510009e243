"""Data checks run on a job's output: files, DuckDB tables, or any Airflow SQL connection.

>>> from strands_airflow.agents.quality.checks import run_checks
>>> report = run_checks([{"kind": "not_null", "columns": ["id"]}], "/data/orders.parquet")  # doctest: +SKIP

See `targets` for the target syntax, `compile` for the query plan.
"""

from __future__ import annotations

from strands_airflow.agents.quality.checks.condition import validate_condition
from strands_airflow.agents.quality.checks.interop import to_common_sql_checks
from strands_airflow.agents.quality.checks.runner import run_checks

__all__ = ["run_checks", "to_common_sql_checks", "validate_condition"]
