"""A learning task whose S3 store is unreachable: it retries, then fails clearly."""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import DAG

from strands_airflow.operators.learning import StrandsLearningOperator

with DAG(
    "strands_test_learning_s3_down", schedule=None, start_date=datetime(2025, 1, 1)
) as learning_s3_down_dag:
    StrandsLearningOperator(
        task_id="learning",
        workload={"data_volume": "low", "transform": "sql"},
        store_url="s3://strands-unreachable/learning",
        aws_conn_id="aws_down",
        retries=1,
        retry_delay=timedelta(seconds=0),
    )


def _bad_decision() -> dict:
    # a hand-written decision task returning a wrong type for the confidence
    return {"selected_platform": "local", "confidence": "very"}


with DAG(
    "strands_test_learning_bad_xcom", schedule=None, start_date=datetime(2025, 1, 1)
) as bad_decision_dag:
    from airflow.providers.standard.operators.python import PythonOperator

    decision = PythonOperator(task_id="decision", python_callable=_bad_decision)
    decision >> StrandsLearningOperator(
        task_id="learning",
        workload={"data_volume": "low", "transform": "sql"},
        retries=2,
        retry_delay=timedelta(seconds=0),
    )
