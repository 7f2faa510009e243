"""StrandsDecisionOperator + StrandsPlatformBranchOperator inside dag.test().

The store is a real file:// learning-vector store; DECISION_MADE is read back from the
real Redis stream.
"""

from __future__ import annotations

import numpy as np
from tests_support import stream_messages, use_redis_bus


def _history(url: str) -> None:
    """Past runs: Glue is far faster than local DuckDB for 200+ GB, local for tiny jobs."""
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore(url)
    rng = np.random.default_rng(0)
    for gb in np.exp(rng.uniform(np.log(200), np.log(2000), 25)):
        for platform, secs in (("glue", 60 + 0.8 * gb), ("local", 2 + 30 * gb)):
            store.put(
                LearningVector.from_run(
                    workload={"data_volume_gb": float(gb), "num_joins": 1, "transform": "sql"},
                    platform=platform,
                    metrics={"execution_time_seconds": secs, "success": True},
                )
            )


def _run(url: str, workload: dict):
    from dag_files.decision_dags import decision_branch_dag as dag

    dr = dag.test(run_conf={"store_url": url, "workload": workload})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    decision = dr.get_task_instance("decision").xcom_pull(task_ids="decision")
    return states, decision


def test_decision_xcom_message_and_branch_follow_the_learned_platform(
    airflow_db, monkeypatch, stream_prefix, tmp_path
):
    use_redis_bus(monkeypatch, stream_prefix)
    url = f"file://{tmp_path}/store"
    _history(url)

    states, decision = _run(url, {"data_volume_gb": 800, "num_joins": 1, "transform": "sql"})
    assert decision["selected_platform"] == "glue" and decision["confidence"] > 0.8
    assert decision["scores"]["glue"]["n_similar_runs"] > 0
    assert "Selected glue" in decision["reasoning"]
    assert states["decision"] == states["route"] == states["run_glue"] == "success", states
    assert states["run_local"] == "skipped", states

    made = stream_messages(stream_prefix, "decision_made")
    assert made and made[-1]["payload"]["selected_platform"] == "glue"
    assert made[-1]["correlation_id"].startswith("strands_test_decision_branch/")


def test_tiny_job_goes_local(airflow_db, monkeypatch, stream_prefix, tmp_path):
    use_redis_bus(monkeypatch, stream_prefix)
    states, decision = _run(f"file://{tmp_path}/empty", {"data_volume": "low", "transform": "sql"})
    assert decision["selected_platform"] == "local" and decision["cold_start"] is True
    assert states["run_local"] == "success" and states["run_glue"] == "skipped", states


def test_branch_rejects_unknown_platform_ids():
    import pytest

    from strands_airflow.exceptions import StrandsConfigError
    from strands_airflow.operators.decision import StrandsPlatformBranchOperator

    with pytest.raises(StrandsConfigError, match="unknown platform.*hadoop; allowed: local, glue"):
        StrandsPlatformBranchOperator(task_id="route", platform_tasks={"hadoop": "run_hadoop"})


def test_the_decision_xcom_is_written_once_while_its_report_is_stored(
    airflow_db, monkeypatch, stream_prefix, tmp_path
):
    """The task's return value (the decision XCom) is pushed while the decision's report is
    being stored, not after: the two round trips overlap. It is pushed once, holds the
    decision, and the message still goes out after the report."""
    import threading

    from airflow.sdk.execution_time import task_runner

    from strands_airflow.vectors.store import LearningVectorStore

    use_redis_bus(monkeypatch, stream_prefix)
    pushed, pushes, overlapped = threading.Event(), [], []
    original_push, original_put = task_runner._xcom_push, LearningVectorStore.put_report

    def xcom_push(ti, key, value, **kwargs):
        if ti.task_id == "decision" and key == "return_value":
            pushes.append(value)
            pushed.set()
        return original_push(ti, key, value, **kwargs)

    def put_report(self, kind, run_id, report):
        if kind == "decision":
            # were the report and the XCom serial, nothing would be pushed yet
            overlapped.append(pushed.wait(5))
        return original_put(self, kind, run_id, report)

    monkeypatch.setattr(task_runner, "_xcom_push", xcom_push)
    monkeypatch.setattr(LearningVectorStore, "put_report", put_report)

    states, decision = _run(f"file://{tmp_path}/s", {"data_volume": "low", "transform": "sql"})
    assert overlapped == [True]
    assert len(pushes) == 1 and pushes[0] == decision
    assert decision["selected_platform"] == "local" and states["route"] == "success", states
    made = stream_messages(stream_prefix, "decision_made")
    assert made and made[-1]["payload"]["selected_platform"] == "local"
