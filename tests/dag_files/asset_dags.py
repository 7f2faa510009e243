"""A DAG scheduled on the target asset of the asset test's pipeline (tests/operators/test_assets.py)."""

from __future__ import annotations

from datetime import datetime

from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG, Asset

#: where the asset test's pipeline writes; the asset is its file:// URI
ASSET_TARGET = "/tmp/strands-airflow-asset-test/customer_revenue.parquet"

with DAG(
    "strands_test_on_customer_revenue",
    schedule=[Asset(uri=f"file://{ASSET_TARGET}")],
    start_date=datetime(2025, 1, 1),
) as downstream_dag:
    EmptyOperator(task_id="consume")
