"""The decision service (`strands-decision-service`) against a real Redis and real stores.

A service replica runs in a thread of the test, as a member of the consumer group on the
test's own key prefix; tasks' requests go through `DecisionServiceClient` (the decision
step's own client) or through a real `dag.test()` run of the decision operator.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import numpy as np
import pytest
import redis as redis_lib
from tests_support import stream_messages, use_redis_bus

from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.agents.decision.service import (
    DecisionRequest,
    DecisionService,
    DecisionServiceClient,
    Keys,
)
from strands_airflow.vectors.model import LearningVector
from strands_airflow.vectors.store import LearningVectorStore

WORKLOAD = {"data_volume_gb": 800, "num_joins": 1, "transform": "sql"}


def _run(gb: float, platform: str, secs: float) -> LearningVector:
    return LearningVector.from_run(
        workload={"data_volume_gb": float(gb), "num_joins": 1, "transform": "sql"},
        platform=platform,
        metrics={"execution_time_seconds": secs, "success": True},
    )


def _history(url: str, n: int = 12) -> None:
    """Glue far faster than local for big jobs."""
    store = LearningVectorStore(url)
    rng = np.random.default_rng(0)
    for gb in np.exp(rng.uniform(np.log(200), np.log(2000), n)):
        store.put(_run(gb, "glue", 60 + 0.8 * gb))
        store.put(_run(gb, "local", 2 + 30 * gb))


@pytest.fixture
def r(redis_url):
    client = redis_lib.Redis.from_url(redis_url, socket_timeout=5)
    yield client
    client.close()


@contextmanager
def serving(store_url: str, r, prefix: str, name: str = "svc-1"):
    """A service replica answering in a thread until the block ends."""
    service = DecisionService(
        LearningVectorStore(store_url), r, prefix=prefix, name=name, block_ms=100
    )
    service.start()
    thread = threading.Thread(target=service.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        service.request_stop()
        thread.join(5)
        service.stop()


def _request(url: str, **kw) -> DecisionRequest:
    base = {
        "store_url": url,
        "correlation_id": "dag/run-1",
        "pipeline": "orders",
        "workload": WORKLOAD,
        "platforms": ["local", "glue"],
        "random_state": 7,
        "deadline": time.time() + 5,
    }
    return DecisionRequest(**{**base, **kw})


def test_the_service_decides_what_the_tasks_own_agent_decides_and_stores_the_report(
    tmp_path, r, stream_prefix
):
    url = f"file://{tmp_path}/store"
    _history(url)
    with serving(url, r, stream_prefix) as service:
        decision, reply = DecisionServiceClient(r, prefix=stream_prefix).ask(_request(url))
    assert reply["agent"] == "svc-1" and service.answered == 1

    own = DecisionAgent(
        store=LearningVectorStore(url), platforms=["local", "glue"], random_state=7
    ).decide(WORKLOAD)
    assert decision.selected_platform == own.selected_platform == "glue"
    assert decision.confidence == pytest.approx(own.confidence, rel=1e-12)
    # the same scores; floats to the last bits only (numpy's SIMD sums may round the last
    # bit differently in two processes)
    theirs, ours = decision.model_dump()["scores"], own.model_dump()["scores"]
    assert theirs.keys() == ours.keys()
    for platform, score in ours.items():
        for key, value in score.items():
            if isinstance(value, float):
                assert theirs[platform][key] == pytest.approx(value, rel=1e-12), (platform, key)
            else:
                assert theirs[platform][key] == value, (platform, key)
    assert decision.n_history == own.n_history == 24
    assert decision.pipeline == "orders"
    # the report a decision sensor reads, under the run's correlation id
    report = LearningVectorStore(url).get_report("decision", "dag/run-1")
    assert report == decision.model_dump(mode="json")


def test_each_answer_holds_every_run_stored_before_its_request(tmp_path, r, stream_prefix):
    url = f"file://{tmp_path}/store"
    _history(url, n=3)
    client = DecisionServiceClient(r, prefix=stream_prefix)
    with serving(url, r, stream_prefix):
        first, _ = client.ask(_request(url))
        # another process (a learning task on another worker) stores two runs
        other = LearningVectorStore(url)
        other.put(_run(500, "glue", 400))
        other.put(_run(900, "glue", 700))
        second, _ = client.ask(_request(url, correlation_id="dag/run-2"))
    assert first.n_history == 6
    assert second.n_history == 8


def test_without_a_live_service_the_task_decides_and_nothing_is_queued(tmp_path, r, stream_prefix):
    url = f"file://{tmp_path}/store"
    assert DecisionServiceClient(r, prefix=stream_prefix).ask(_request(url)) is None
    assert r.exists(Keys(stream_prefix, url).requests) == 0


def test_a_silent_service_times_out_the_task_claims_and_a_late_replica_drops_it(
    tmp_path, r, stream_prefix
):
    url = f"file://{tmp_path}/store"
    _history(url, n=2)
    keys = Keys(stream_prefix, url)
    service = DecisionService(LearningVectorStore(url), r, prefix=stream_prefix, name="late")
    service.beat()  # live and in the group, but not reading (hung, or busy)
    req = _request(url, deadline=time.time() + 60)  # even within its deadline
    t0 = time.monotonic()
    assert DecisionServiceClient(r, prefix=stream_prefix, timeout=0.3).ask(req) is None
    assert 0.25 < time.monotonic() - t0 < 3
    assert r.get(keys.claim(req.id)) == b"task"

    # the replica wakes up: the task has decided, so it must not answer nor store a report
    assert service.serve_once(block_ms=100) == 1
    assert service.answered == 0 and service.dropped == 1
    assert LearningVectorStore(url).get_report("decision", req.correlation_id) is None
    assert r.llen(keys.reply(req.id)) == 0
    assert r.xpending(keys.requests, "decision_service")["pending"] == 0


def test_a_request_past_its_deadline_is_dropped_unanswered(tmp_path, r, stream_prefix):
    url = f"file://{tmp_path}/store"
    service = DecisionService(LearningVectorStore(url), r, prefix=stream_prefix, name="s")
    service.beat()
    req = _request(url, deadline=time.time() - 1)
    r.xadd(service.keys.requests, {"request": req.model_dump_json()})
    assert service.serve_once(block_ms=100) == 1
    assert service.dropped == 1 and r.exists(service.keys.claim(req.id)) == 0


def test_an_unreadable_request_is_acknowledged_and_dropped(tmp_path, r, stream_prefix):
    url = f"file://{tmp_path}/store"
    service = DecisionService(LearningVectorStore(url), r, prefix=stream_prefix, name="s")
    service.beat()
    r.xadd(service.keys.requests, {"request": '{"store_url": 3}'})
    assert service.serve_once(block_ms=100) == 1
    assert service.dropped == 1
    assert r.xpending(service.keys.requests, "decision_service")["pending"] == 0
    assert r.hgetall(service.keys.stats) == {b"dropped": b"1"}


def test_an_error_answer_sends_the_task_to_decide_itself_with_the_usual_error(
    tmp_path, r, stream_prefix
):
    """Bad input: the service answers with an error; the step then decides here and fails
    with the error a task without a service gives, naming the field."""
    from strands_airflow.exceptions import DecisionInputError
    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.context import PipelineRun, RunContext

    url = f"file://{tmp_path}/store"
    run = PipelineRun(
        config=None,
        dag_id="d",
        run_id="r",
        context=RunContext(store_url=url, bedrock_model=""),
        workload={"data_volume_gb": 10, "num_joins": "lots"},
    )
    client = DecisionServiceClient(r, prefix=stream_prefix)
    with serving(url, r, stream_prefix) as service:
        with pytest.raises(DecisionInputError, match="num_joins"):
            steps.decide(run, platforms=["local", "glue"], service=client)
    assert service.answered == 0 and client.answered_by is None


def test_two_replicas_answer_every_request_exactly_once(tmp_path, r, stream_prefix):
    url = f"file://{tmp_path}/store"
    _history(url, n=3)
    answers: dict[str, str] = {}

    def ask(i: int) -> None:
        client = DecisionServiceClient(
            redis_lib.Redis(host="127.0.0.1", port=6379, socket_timeout=5),
            prefix=stream_prefix,
            timeout=10,
        )
        got = client.ask(_request(url, correlation_id=f"dag/run-{i}", random_state=None))
        answers[f"dag/run-{i}"] = got[1]["agent"] if got else "task"

    r2 = redis_lib.Redis(host="127.0.0.1", port=6379, socket_timeout=5)
    with serving(url, r, stream_prefix, "a") as a, serving(url, r2, stream_prefix, "b") as b:
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert len(answers) == 16 and set(answers.values()) <= {"a", "b"}, answers
    assert a.answered + b.answered == 16 and a.dropped == b.dropped == 0
    store = LearningVectorStore(url)
    assert all(store.get_report("decision", cid) for cid in answers)


def test_the_decision_operator_asks_the_service_when_the_setting_is_on(
    airflow_db, monkeypatch, stream_prefix, tmp_path, r
):
    """A real task (dag.test()): its decision XCom and DECISION_MADE come from the
    service's answer; switched off, the same task decides by itself."""
    from dag_files.decision_dags import decision_branch_dag as dag

    use_redis_bus(monkeypatch, stream_prefix)
    url = f"file://{tmp_path}/store"
    _history(url)
    monkeypatch.setenv("AIRFLOW__STRANDS__DECISION_SERVICE", "true")
    with serving(url, r, stream_prefix) as service:
        dr = dag.test(run_conf={"store_url": url, "workload": WORKLOAD})
        answered_on = service.answered
        monkeypatch.setenv("AIRFLOW__STRANDS__DECISION_SERVICE", "false")
        from strands_airflow.settings import get_settings

        get_settings.cache_clear()
        dr_off = dag.test(run_conf={"store_url": url, "workload": WORKLOAD})
        answered_off = service.answered
    assert answered_on == 1 and answered_off == 1
    decision = dr.get_task_instance("decision").xcom_pull(task_ids="decision")
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert decision["selected_platform"] == "glue" and states["run_glue"] == "success"
    report = LearningVectorStore(url).get_report("decision", f"{dag.dag_id}/{dr.run_id}")
    assert report == decision
    made = [m for m in stream_messages(stream_prefix, "decision_made")]
    assert {m["correlation_id"] for m in made} == {
        f"{dag.dag_id}/{dr.run_id}",
        f"{dag.dag_id}/{dr_off.run_id}",
    }
    off = dr_off.get_task_instance("decision").xcom_pull(task_ids="decision")
    assert off["selected_platform"] == "glue" and off["n_history"] == decision["n_history"]


def test_an_answer_the_task_cannot_read_sends_it_to_decide_itself(tmp_path, r, stream_prefix):
    """A replica of another version (mid-upgrade) answers in a shape this task does not
    know: the task decides by itself instead of failing."""
    import json

    url = f"file://{tmp_path}/store"
    keys = Keys(stream_prefix, url)
    other = DecisionService(LearningVectorStore(url), r, prefix=stream_prefix, name="v9")
    other.beat()
    req = _request(url)

    def answer_oddly() -> None:
        got = r.xreadgroup("decision_service", "v9", {keys.requests: ">"}, block=3000)
        assert got
        r.rpush(keys.reply(req.id), json.dumps({"status": "ok", "agent": "v9", "decision": {}}))

    t = threading.Thread(target=answer_oddly)
    t.start()
    client = DecisionServiceClient(r, prefix=stream_prefix, timeout=3)
    assert client.ask(req) is None and client.answered_by is None
    t.join()
