"""DAG running the quality operator on its own (no pipeline config) on a parquet target."""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, Param

from strands_airflow.operators.quality import StrandsQualityOperator

with DAG(
    "strands_test_quality",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    params={"target": Param("", type="string"), "min_score": Param(0.9, type="number")},
) as quality_dag:
    StrandsQualityOperator(
        task_id="quality",
        sql="SELECT * FROM customers ORDER BY id",
        nl_request=["customer_id must never be null", "every customer has a valid email"],
        target="{{ params.target }}",
        min_score="{{ params.min_score }}",
        retries=0,
    )
