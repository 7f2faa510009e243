"""The reference DAG under dag.test(): runs, learns across runs, survives faults."""

from __future__ import annotations

import json

import redis
from tests_support import stream_messages

STEPS = ["decision", "execution", "quality", "optimization", "learning"]


def _run(dag, config):
    dr = dag.test(run_conf={"config_path": str(config)})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    xcoms = {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in dr.get_task_instances()}
    return dr, states, xcoms


def _stream_messages(prefix: str, correlation_id: str) -> list[dict]:
    return [m for m in stream_messages(prefix) if m["correlation_id"] == correlation_id]


def test_two_runs_on_redis_and_s3_the_second_decision_sees_the_first(
    airflow_db, small_pipeline, s3_store, redis_bus
):
    from strands_reference_pipeline import dag

    from strands_airflow.vectors.store import LearningVectorStore

    dr1, states1, x1 = _run(dag, small_pipeline)
    assert states1 == dict.fromkeys(STEPS, "success"), states1
    assert x1["decision"]["selected_platform"] == "local"
    assert x1["execution"]["rows_out"] > 0
    assert 0 < x1["quality"]["overall_score"] <= 1
    store = LearningVectorStore(s3_store)
    assert store.count() == 1

    dr2, states2, x2 = _run(dag, small_pipeline)
    assert states2 == dict.fromkeys(STEPS, "success"), states2
    store.refresh()
    assert store.count() == 2
    local1 = x1["decision"]["scores"]["local"]
    local2 = x2["decision"]["scores"]["local"]
    assert local2["n_similar_runs"] > local1["n_similar_runs"], (local1, local2)
    # the report of the run is stored beside the vectors
    assert (
        store.get_report("quality", f"{dag.dag_id}/{dr2.run_id}")["overall_score"]
        == x2["quality"]["overall_score"]
    )
    # every step announced itself on the Redis bus with the run's correlation id
    kinds = {m["message_type"] for m in _stream_messages(redis_bus, f"{dag.dag_id}/{dr2.run_id}")}
    assert {
        "decision_made",
        "execution_started",
        "execution_completed",
        "quality_report",
        "optimization_report",
        "learning_update",
    } <= kinds


def test_learning_retry_writes_no_duplicate_vector(
    airflow_db, small_pipeline, tmp_path, monkeypatch
):
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    from strands_reference_pipeline import dag

    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.config import load_pipeline_config
    from strands_airflow.vectors.store import LearningVectorStore

    dr, states, x = _run(dag, small_pipeline)
    assert states["learning"] == "success"
    store = LearningVectorStore((tmp_path / "store").as_uri())
    assert store.count() == 1
    # what a retry of the learning task does: the same step for the same run
    run = steps.PipelineRun(
        load_pipeline_config(str(small_pipeline)),
        dag.dag_id,
        dr.run_id,
        context=steps.RunContext(store_url=store.url),
    )
    again = steps.learn(run, x["decision"], x["execution"], x["quality"], x["optimization"])
    assert again.vector_id == x["learning"]["vector_id"]
    assert LearningVectorStore(store.url).count() == 1


def test_invalid_config_fails_the_first_task_at_once_naming_the_field(airflow_db, tmp_path, capfd):
    from strands_reference_pipeline import dag

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "name": "x",
                "sources": {"a": {"uri": "a.parquet"}},
                "transform": {"sql": "select 1", "pyspark": "job.py"},
                "target": {"uri": "o.parquet"},
            }
        )
    )
    dr, states, _ = _run(dag, bad)
    assert states["decision"] == "failed"
    assert states["execution"] == "upstream_failed"
    out = capfd.readouterr().out
    assert "transform: Value error, give exactly one of 'sql', 'sql_file' or 'pyspark'" in out
    assert out.count("Task failed with exception") == 1 or "up_for_retry" not in out


def test_redis_down_during_the_run_the_dag_succeeds_and_messages_arrive_later(
    airflow_db, small_pipeline, tmp_path, monkeypatch
):
    import shutil
    import signal
    import subprocess
    import time

    from tests_support import free_port

    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    args = [
        shutil.which("redis-server"),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(data),
        "--appendonly",
        "yes",
        "--save",
        "",
    ]

    def start():
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        cli = redis.Redis(port=port)
        for _ in range(100):
            try:
                cli.ping()
                return proc
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    monkeypatch.setenv(
        "AIRFLOW_CONN_REDIS_DEFAULT",
        json.dumps({"conn_type": "redis", "host": "127.0.0.1", "port": port, "extra": {"db": 0}}),
    )
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    proc = start()
    proc.send_signal(signal.SIGTERM)
    proc.wait()

    from strands_reference_pipeline import dag

    dr, states, _ = _run(dag, small_pipeline)
    assert states == dict.fromkeys(STEPS, "success"), states
    from strands_airflow.bus import build_bus
    from strands_airflow.settings import get_settings

    outbox = get_settings().outbox_dir
    assert len(list(outbox.glob("*.json"))) >= 6, "the run's messages wait in the outbox"

    proc = start()
    try:
        import asyncio

        async def flush():
            bus = build_bus()
            sent = await bus.flush_outbox()
            await bus.aclose()
            return sent

        assert asyncio.run(flush()) >= 6
        r = redis.Redis(port=port)
        kinds = set()
        for key in r.scan_iter(match="strands:s:*"):
            for _id, fields in r.xrange(key):
                msg = json.loads(fields[b"m"])
                if msg["correlation_id"] == f"{dag.dag_id}/{dr.run_id}":
                    kinds.add(msg["message_type"])
        assert {
            "decision_made",
            "execution_completed",
            "quality_report",
            "learning_update",
        } <= kinds
        assert not list(outbox.glob("*.json"))
    finally:
        proc.terminate()
        proc.wait()


def test_s3_unreachable_at_learning_retries_then_fails_clearly(airflow_db, monkeypatch, capfd):
    from tests_support import free_port

    dead = free_port()  # nothing listens there
    monkeypatch.setenv(
        "AIRFLOW_CONN_AWS_DOWN",
        json.dumps(
            {
                "conn_type": "aws",
                "login": "testing",
                "password": "testing",
                "extra": {
                    "endpoint_url": f"http://127.0.0.1:{dead}",
                    "region_name": "us-east-1",
                    "config_kwargs": {"connect_timeout": 1, "retries": {"max_attempts": 1}},
                },
            }
        ),
    )
    from dag_files.learning_dags import learning_s3_down_dag as dag

    dr = dag.test()
    ti = dr.get_task_instance("learning")
    assert ti.state == "failed"
    assert ti.try_number == 2, "one retry before failing"
    out = capfd.readouterr().out
    assert "strands-unreachable" in out and "aws_down" in out
