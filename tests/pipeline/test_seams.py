"""The seams between the two ways to run a pipeline: the DAG and the coordinator.

Both drive the same typed steps, so for the same input they store the same learning
vector, publish one message of each kind per run, and a long-lived coordinator on the same
bus and store never rewrites what the DAG learned.
"""

from __future__ import annotations

import asyncio
import collections
import json
import threading
import time

import pytest
from tests_support import aws_conn_json, stream_messages

# Fields that differ between two runs of the same input by nature: ids, times, runtimes.
VOLATILE_METRICS = {"execution_time_seconds", "external_id", "log_url", "cost_estimate_usd"}


def _comparable(vector: dict) -> dict:
    v = json.loads(json.dumps(vector))
    for key in ("vector_id", "timestamp"):
        v.pop(key)
    for key in VOLATILE_METRICS:
        v["execution_metrics"].pop(key, None)
    # the reasoning quotes measured means; the platform and confidence are compared
    v["decision_context"].pop("decision_reasoning")
    v.pop("learning_insights")
    v.pop("embedding", None)
    return v


def _run_dag(config) -> tuple[object, dict]:
    from strands_reference_pipeline import dag

    dr = dag.test(run_conf={"config_path": str(config)})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert set(states.values()) == {"success"}, states
    xcoms = {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in dr.get_task_instances()}
    return dr, xcoms


def _run_coordinator(config, store_url: str, **kwargs) -> dict:
    from strands_airflow import StrandsCoordinator

    async def go():
        c = StrandsCoordinator(store_url=store_url, random_state=0, **kwargs)
        await c.initialize()
        try:
            return await c.orchestrate_pipeline("orders", str(config))
        finally:
            await c.shutdown()

    return asyncio.run(go())


def test_coordinator_and_dag_store_the_same_vector_on_redis(
    airflow_db, small_pipeline, tmp_path, redis_bus, redis_url, monkeypatch
):
    from strands_airflow.vectors.store import LearningVectorStore

    dag_store = (tmp_path / "dag-store").as_uri()
    coord_store = (tmp_path / "coord-store").as_uri()
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", dag_store)

    dr, x = _run_dag(small_pipeline)
    result = _run_coordinator(small_pipeline, coord_store, bus_url=redis_url)
    assert result["status"] == "completed", result.get("error")

    dag_vector = LearningVectorStore(dag_store).query(limit=10)
    coord_vector = LearningVectorStore(coord_store).query(limit=10)
    assert len(dag_vector) == 1 and len(coord_vector) == 1
    a = dag_vector[0].model_dump(mode="json")
    b = coord_vector[0].model_dump(mode="json")
    assert _comparable(a) == _comparable(b)
    # complete vectors: the run's quality score and its recommendations are in them
    assert a["execution_metrics"]["data_quality_score"] == pytest.approx(
        x["quality"]["overall_score"]
    )
    assert a["performance_indicators"]["optimization_opportunities"] == len(
        x["optimization"]["recommendations"]
    )
    assert b["execution_metrics"]["data_quality_score"] == pytest.approx(
        result["quality_reports"][0]["overall_score"]
    )

    # one message of each kind per run, counted on the real Redis streams
    for correlation in (f"strands_reference_pipeline/{dr.run_id}", result["correlation_id"]):
        kinds = collections.Counter(
            m["message_type"]
            for m in stream_messages(redis_bus)
            if m["correlation_id"] == correlation
        )
        assert kinds["learning_update"] == 1, (correlation, kinds)
        assert kinds["optimization_report"] == 1, (correlation, kinds)
        assert kinds["quality_report"] == 1, (correlation, kinds)
        assert kinds["decision_made"] == 1, (correlation, kinds)
        assert kinds["execution_completed"] == 1, (correlation, kinds)


def test_a_long_lived_coordinator_on_the_same_bus_and_store_leaves_dag_vectors_whole(
    airflow_db, small_pipeline, tmp_path, redis_bus, redis_url, monkeypatch
):
    """The probe's attack: agents of a coordinator listening on the DAG's bus and store."""
    from strands_airflow import StrandsCoordinator
    from strands_airflow.vectors.store import LearningVectorStore

    store = (tmp_path / "store").as_uri()
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", store)

    # the coordinator's agents listen in a thread of their own (dag.test() needs the main one)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    c = StrandsCoordinator(store_url=store, bus_url=redis_url)
    asyncio.run_coroutine_threadsafe(c.initialize(), loop).result(30)
    try:
        dr, x = _run_dag(small_pipeline)
        time.sleep(1.0)  # give the agents time to (wrongly) react
        metrics = asyncio.run_coroutine_threadsafe(c.get_agent_metrics(), loop).result(30)
    finally:
        asyncio.run_coroutine_threadsafe(c.shutdown(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
    vectors = LearningVectorStore(store).query(limit=10)
    assert len(vectors) == 1
    m = vectors[0].execution_metrics
    assert m.data_quality_score == pytest.approx(x["quality"]["overall_score"])
    assert vectors[0].performance_indicators["optimization_opportunities"] == len(
        x["optimization"]["recommendations"]
    )
    assert metrics["learning"]["messages_processed"] == 0
    kinds = collections.Counter(
        m["message_type"]
        for m in stream_messages(redis_bus)
        if m["correlation_id"] == f"strands_reference_pipeline/{dr.run_id}"
    )
    assert kinds["learning_update"] == 1 and kinds["optimization_report"] == 1


def test_the_coordinators_aws_conn_id_reaches_the_runner(
    small_pipeline, tmp_path, moto_endpoint, monkeypatch
):
    """A Glue-only pipeline through a named connection: the job run lands on that endpoint."""
    import boto3

    monkeypatch.setenv("AIRFLOW_CONN_STRANDS_COORD_AWS", aws_conn_json(moto_endpoint))
    monkeypatch.delenv("AIRFLOW_CONN_AWS_DEFAULT", raising=False)
    glue = boto3.client(
        "glue",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    glue.create_job(
        Name="coord-etl", Role="arn:aws:iam::123456789012:role/glue", Command={"Name": "glueetl"}
    )
    cfg = json.loads(small_pipeline.read_text())
    cfg["platforms"] = {
        "local": {"enabled": False},
        "glue": {"enabled": True, "job_name": "coord-etl"},
    }
    path = tmp_path / "glue.json"
    path.write_text(json.dumps(cfg))

    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.config import load_pipeline_config

    run = steps.PipelineRun(
        load_pipeline_config(str(path)),
        "d",
        "r1",
        context=steps.RunContext(
            aws_conn_id="strands_coord_aws",
            store_url=(tmp_path / "s").as_uri(),
            poll_interval=0.01,
        ),
    )
    plan = steps.plan_execution(run, {"selected_platform": "glue"})
    assert plan.runner.aws_conn_id == "strands_coord_aws"
    external_id = plan.runner.start(plan.job)
    runs = glue.get_job_runs(JobName="coord-etl")["JobRuns"]
    assert [r["Id"] for r in runs] == [external_id]

    # the coordinator hands the same context to its steps
    from strands_airflow import StrandsCoordinator

    c = StrandsCoordinator(aws_conn_id="strands_coord_aws", store_url=(tmp_path / "s").as_uri())
    assert c._context().runner("glue").aws_conn_id == "strands_coord_aws"
    assert c._context().bedrock.aws_conn_id == "strands_coord_aws"


def test_an_aws_error_names_a_connection_that_does_not_exist(small_pipeline, tmp_path):
    from botocore.exceptions import ClientError

    from strands_airflow.core.aws import naming_connection
    from strands_airflow.exceptions import ExecutionError

    err = ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "StartJobRun")
    with pytest.raises(ExecutionError) as exc:
        with naming_connection("glue run", "aws_typo_conn", ExecutionError):
            raise err
    text = str(exc.value)
    assert "aws_typo_conn" in text and "does not exist" in text and "AccessDenied: no" in text


@pytest.mark.parametrize(
    ("step", "args", "field"),
    [
        ("learn", (None, {"platform": "local"}, None, None), "execution_time_seconds"),
        ("learn", ({"selected_platform": 3}, None, None, None), "selected_platform"),
        ("optimize", (None, None, {"overall_score": "high"}), "overall_score"),
        ("quality", ({"platform": "local", "success": "maybe"},), "success"),
    ],
)
def test_a_malformed_input_at_a_seam_names_the_step_and_the_field(
    small_pipeline, tmp_path, step, args, field
):
    from strands_airflow.exceptions import StepInputError
    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.config import load_pipeline_config

    run = steps.PipelineRun(
        load_pipeline_config(str(small_pipeline)),
        "d",
        "r",
        context=steps.RunContext(store_url=(tmp_path / "s").as_uri()),
    )
    with pytest.raises(StepInputError) as err:
        getattr(steps, step)(run, *args)
    assert str(err.value).startswith(
        {"learn": "learning", "optimize": "optimization", "quality": "quality"}[step]
    )
    assert field in str(err.value)
    # nothing was stored for the bad input
    from strands_airflow.vectors.store import LearningVectorStore

    assert LearningVectorStore((tmp_path / "s").as_uri()).count() == 0


def test_a_malformed_xcom_fails_the_task_at_once_naming_the_field(airflow_db, tmp_path):
    """A hand-written upstream task returning a bad decision: no retries, a clear message."""
    from dag_files.learning_dags import bad_decision_dag

    dr = bad_decision_dag.test()
    ti = dr.get_task_instance("learning")
    assert ti.state == "failed"
    assert ti.try_number == 1  # not retried
