"""The baseline of `benchmarks/cluster_soak.py`: the same Airflow task cost without Strands.

Two tasks run on the cluster's Celery workers like the reference DAG's do:

- ``empty``: a Python task that does nothing: what any task costs on this cluster
  (queueing, the worker's task process, the execution API round trips);
- ``strands_decision``: the reference DAG's decision operator on the shipped sample config:
  the lightest Strands task (config, the decision, its report, one bus message), deciding
  the way the cluster is set up to (through the decision service when one runs);
- ``strands_decision_local``: the same operator with ``decision_service=False``: the task
  reads the S3 store and decides by itself (the comparison of the two ways).

The soak compares their durations: the Strands task's overhead against an empty task's.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

from strands_airflow.operators.decision import StrandsDecisionOperator
from strands_airflow.pipeline.sample_data import sample_config_path

with DAG(
    dag_id="strands_cluster_empty",
    description="Baseline of the cluster soak: an empty task and a Strands decision task",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=5,
    tags=["strands", "benchmark"],
    user_defined_macros={"strands_sample_config": sample_config_path},
) as dag:

    @task
    def empty() -> None:
        """Nothing: the cost of a task itself."""

    (
        empty()
        >> StrandsDecisionOperator(
            task_id="strands_decision", config_path="{{ strands_sample_config() }}"
        )
        >> StrandsDecisionOperator(
            task_id="strands_decision_local",
            config_path="{{ strands_sample_config() }}",
            decision_service=False,
        )
    )
