"""DAGs exercising StrandsDecisionOperator and StrandsPlatformBranchOperator under dag.test()."""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

from strands_airflow.operators.decision import (
    StrandsDecisionOperator,
    StrandsPlatformBranchOperator,
)

with DAG(
    "strands_test_decision_branch",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    params={"store_url": "", "workload": {}},
) as decision_branch_dag:
    decision = StrandsDecisionOperator(
        task_id="decision",
        workload="{{ params.workload }}",
        platforms=["local", "glue"],
        store_url="{{ params.store_url }}",
        random_state=0,
    )
    route = StrandsPlatformBranchOperator(
        task_id="route", platform_tasks={"local": "run_local", "glue": "run_glue"}
    )

    @task(task_id="run_local")
    def run_local() -> str:
        return "local"

    @task(task_id="run_glue")
    def run_glue() -> str:
        return "glue"

    decision >> route >> [run_local(), run_glue()]
