"""StrandsExecutionOperator and StrandsOptimizationOperator inside dag.test().

Local runs use real DuckDB files; the Glue run goes through GlueJobHook and the amazon
provider's GlueJobCompleteTrigger (run inline by dag.test()) against moto's server.
Messages are read back from the real Redis streams.
"""

from __future__ import annotations

import json
import socket

import duckdb
import pytest
from tests_support import stream_messages, use_redis_bus


def _config(tmp_path, sql: str, **extra) -> str:
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT i AS order_id, i % 5 AS customer_id, i * 2.0 AS amount FROM range(100) t(i)) "
        f"TO '{tmp_path}/orders.parquet' (FORMAT parquet)"
    )
    con.close()
    cfg = {
        "name": "orders_daily",
        "workload": {"data_volume": "low", "transform": "sql"},
        "sources": {"orders": {"uri": "orders.parquet"}},
        "transform": {"sql": sql},
        "target": {"uri": "out/totals.parquet"},
        **extra,
    }
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(cfg))
    return str(path)


def test_local_run_from_the_decision_xcom_then_optimization(
    airflow_db, monkeypatch, stream_prefix, tmp_path
):
    use_redis_bus(monkeypatch, stream_prefix)
    from dag_files.execution_dags import execute_local_dag as dag

    path = _config(tmp_path, "SELECT * FROM orders ORDER BY customer_id")
    dr = dag.test(run_conf={"config_path": path})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert states == {
        "decision": "success",
        "execution": "success",
        "quality": "success",
        "optimization": "success",
    }, states
    result = dr.get_task_instance("execution").xcom_pull(task_ids="execution")
    assert result["platform"] == "local" and result["success"] is True
    assert result["rows_in"] == 100 and result["rows_out"] == 100
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path}/out/totals.parquet'").fetchall() == [
        (100,)
    ]

    recs = dr.get_task_instance("optimization").xcom_pull(task_ids="optimization")[
        "recommendations"
    ]
    assert recs and [r["priority"] for r in recs] == list(range(1, len(recs) + 1))
    assert {"select_star", "order_by_without_limit"} <= {r["pattern"] for r in recs}

    corr = f"{dag.dag_id}/{dr.run_id}"
    started = [
        m
        for m in stream_messages(stream_prefix, "execution_started")
        if m["correlation_id"] == corr
    ]
    done = [
        m
        for m in stream_messages(stream_prefix, "execution_completed")
        if m["correlation_id"] == corr
    ]
    assert started[0]["payload"]["platform"] == "local"
    assert done[0]["payload"]["execution_result"]["rows_out"] == 100
    report = [
        m
        for m in stream_messages(stream_prefix, "optimization_report")
        if m["correlation_id"] == corr
    ]
    assert report and report[0]["payload"]["recommendations"][0]["priority"] == 1


def test_failed_job_fails_the_task_with_the_platforms_text(
    airflow_db, monkeypatch, stream_prefix, tmp_path, capfd
):
    use_redis_bus(monkeypatch, stream_prefix)
    from dag_files.execution_dags import execute_local_dag as dag

    path = _config(tmp_path, "SELECT no_such_column FROM orders")
    dr = dag.test(run_conf={"config_path": path})
    assert dr.get_task_instance("execution").state == "failed"
    out = capfd.readouterr().out
    assert 'Referenced column "no_such_column" not found' in out
    # the failed result is the task's XCom, for the learning step running on all_done
    failed = dr.get_task_instance("execution").xcom_pull(task_ids="execution")
    assert failed["success"] is False and "no_such_column" in failed["error"]
    corr = f"{dag.dag_id}/{dr.run_id}"
    msgs = [
        m for m in stream_messages(stream_prefix, "execution_failed") if m["correlation_id"] == corr
    ]
    assert "no_such_column" in msgs[0]["payload"]["execution_result"]["error"]


@pytest.fixture
def moto_url():
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_glue_run_defers_and_resumes_the_run_a_killed_attempt_started(
    airflow_db, monkeypatch, stream_prefix, tmp_path, moto_url
):
    import boto3
    import requests

    use_redis_bus(monkeypatch, stream_prefix)
    monkeypatch.setenv(
        "AIRFLOW_CONN_AWS_DEFAULT",
        json.dumps(
            {
                "conn_type": "aws",
                "login": "testing",
                "password": "testing",
                "extra": {"endpoint_url": moto_url, "region_name": "us-east-1"},
            }
        ),
    )
    glue = boto3.client(
        "glue",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    glue.create_job(
        Name="orders-etl",
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": "s3://b/etl.py"},
        ExecutionProperty={"MaxConcurrentRuns": 3},
    )
    # the run stays STARTING / RUNNING for a few status reads, as a real job would
    requests.post(
        f"{moto_url}/moto-api/state-manager/set-transition",
        timeout=10,
        json={"model_name": "glue::job_run", "transition": {"progression": "manual", "times": 3}},
    )
    path = _config(
        tmp_path,
        "SELECT * FROM orders",
        platforms={"glue": {"enabled": True, "job_name": "orders-etl"}},
    )
    from dag_files.execution_dags import execute_glue_dag as dag

    dr = dag.test(run_conf={"config_path": path})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert states == {"killed_attempt": "success", "execution": "success"}, states
    first = dr.get_task_instance("killed_attempt").xcom_pull(task_ids="killed_attempt")
    ti = dr.get_task_instance("execution")
    assert ti.xcom_pull(task_ids="execution", key="external_id") == first
    result = ti.xcom_pull(task_ids="execution")
    assert result["external_id"] == first and result["state"] == "SUCCEEDED"
    # no second Glue run was started
    assert [r["Id"] for r in glue.get_job_runs(JobName="orders-etl")["JobRuns"]] == [first]


def test_missing_platform_setting_fails_before_anything_starts(
    airflow_db, monkeypatch, stream_prefix, tmp_path, capfd
):
    use_redis_bus(monkeypatch, stream_prefix)
    from dag_files.execution_dags import execute_glue_dag as dag

    path = _config(tmp_path, "SELECT 1", platforms={"glue": {"enabled": True}})
    dr = dag.test(run_conf={"config_path": path})
    assert dr.get_task_instance("execution").state in ("failed", "upstream_failed")
    assert "platforms.glue.job_name" in capfd.readouterr().out
    corr = f"{dag.dag_id}/{dr.run_id}"
    assert not [
        m
        for m in stream_messages(stream_prefix, "execution_started")
        if m["correlation_id"] == corr
    ]
