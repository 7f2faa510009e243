"""The execution operator stops its Glue run on a deferral timeout and on a kill while a
worker waits (moto server; BatchStopJobRun taught to moto by the `glue_stop` fixture)."""

from __future__ import annotations

import json

import pytest
from tests_support import aws_conn_json

from tests.execution.test_cancel import glue_stop  # noqa: F401 - fixture


@pytest.fixture
def glue_pipeline(airflow_db, tmp_path, monkeypatch, moto_endpoint):
    import boto3
    import requests

    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(moto_endpoint))
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    glue = boto3.client(
        "glue",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    name = f"cancel-{tmp_path.name}"[:60]
    glue.create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": "s3://b/etl.py"},
        ExecutionProperty={"MaxConcurrentRuns": 3},
    )
    # the run stays RUNNING: it is the operator that must stop it
    requests.post(
        f"{moto_endpoint}/moto-api/state-manager/set-transition",
        timeout=10,
        json={"model_name": "glue::job_run", "transition": {"progression": "manual", "times": 10**6}},
    )
    cfg = {
        "name": "orders_daily",
        "sources": {"orders": {"uri": "s3://bucket/orders/"}},
        "transform": {"sql": "SELECT * FROM orders"},
        "target": {"uri": "s3://bucket/out/"},
        "platforms": {"glue": {"enabled": True, "job_name": name}},
    }
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(cfg))
    yield str(path), glue, name
    requests.post(
        f"{moto_endpoint}/moto-api/state-manager/unset-transition",
        json={"model_name": "glue::job_run"},
        timeout=10,
    )


@pytest.mark.parametrize("dag_name", ["cancel_on_timeout_dag", "cancel_on_kill_dag"])
def test_the_glue_run_is_stopped(dag_name, glue_pipeline, glue_stop):  # noqa: F811
    import dag_files.cancel_dags as dags

    path, glue, name = glue_pipeline
    dag = getattr(dags, dag_name)
    dr = dag.test(run_conf={"config_path": path})
    ti = dr.get_task_instance("execution")
    assert ti.state == "failed"
    run_id = ti.xcom_pull(task_ids="execution", key="external_id")
    assert run_id
    assert glue_stop == [(name, [run_id])]
    assert glue.get_job_run(JobName=name, RunId=run_id)["JobRun"]["JobRunState"] == "STOPPED"
