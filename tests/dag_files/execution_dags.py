"""DAGs exercising StrandsExecutionOperator and StrandsOptimizationOperator under dag.test().

The pipeline config path comes from ``run_conf`` (``params.config_path``), so each test
writes its own config and data into a temp folder.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import DAG, task

from strands_airflow.operators.execution import StrandsExecutionOperator
from strands_airflow.operators.optimization import StrandsOptimizationOperator

PARAMS = {"config_path": ""}

with DAG(
    "strands_test_execute_local", schedule=None, start_date=datetime(2025, 1, 1), params=PARAMS
) as execute_local_dag:

    @task(task_id="decision")
    def decide() -> dict:
        return {"selected_platform": "local", "confidence": 0.9, "scores": {}}

    @task(task_id="quality")
    def quality(params=None) -> dict:
        """The Quality agent's SQL analysis of the job, as its report travels in XCom."""
        from strands_airflow.agents.quality.models import QualityReport
        from strands_airflow.agents.quality.sql.analyzer import analyze_sql
        from strands_airflow.pipeline.config import load_pipeline_config

        sql = load_pipeline_config(params["config_path"]).transform.sql_text()
        report = QualityReport(findings=analyze_sql(sql, dialect="duckdb").findings)
        return report.model_dump(mode="json")

    execute = StrandsExecutionOperator(
        task_id="execution", config_path="{{ params.config_path }}", decision_task_id="decision"
    )
    optimize = StrandsOptimizationOperator(
        task_id="optimization", config_path="{{ params.config_path }}"
    )
    decide() >> execute >> quality() >> optimize

with DAG(
    "strands_test_execute_glue_resume",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    params=PARAMS,
) as execute_glue_dag:

    @task(task_id="killed_attempt")
    def killed_attempt(params=None, dag_run=None) -> str:
        """Start the Glue run the way an execution attempt would, then die without waiting."""
        from strands_airflow.execution.glue import GlueRunner
        from strands_airflow.execution.models import Job
        from strands_airflow.pipeline.config import load_pipeline_config

        cfg = load_pipeline_config(params["config_path"])
        job = Job.from_config(cfg, "glue", f"{dag_run.dag_id}/{dag_run.run_id}")
        return GlueRunner().start(job)

    execute_glue = StrandsExecutionOperator(
        task_id="execution",
        config_path="{{ params.config_path }}",
        platform="{{ 'glue' }}",
        decision_task_id=None,
        deferrable=True,
        poll_interval=1,
    )
    killed_attempt() >> execute_glue
