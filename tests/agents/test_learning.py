"""The Learning agent: capture -> stored vector + LEARNING_UPDATE, retries, summary."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
import uuid
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from strands_airflow.agents.learning import LearningAgent, StrandsLearningAgent
from strands_airflow.bus import LocalBus, MessageType
from strands_airflow.execution.models import ExecutionResult
from strands_airflow.vectors.store import LearningVectorStore

DECISION = {
    "selected_platform": "glue",
    "confidence": 0.82,
    "reasoning": "300 GB with 4 joins: glue has the lowest expected runtime",
    "workload": {"data_volume": "high", "num_joins": 4, "transform": "pyspark"},
}
QUALITY = {"overall_score": 0.9, "results": [{"passed": True}, {"passed": False}]}
OPTIMIZATION = {
    "recommendations": [
        {"priority": 2, "action": "Cache the dimension table"},
        {"priority": 1, "action": "Partition the output by date"},
    ]
}


@pytest.fixture
def store(tmp_path):
    return LearningVectorStore((tmp_path / "store").as_uri())


def _execution(seconds=420.0, success=True, error=None, minute=0):
    start = datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(minutes=minute)
    return ExecutionResult(
        platform="glue",
        success=success,
        execution_time_seconds=seconds,
        error=error,
        started_at=start,
        finished_at=start + timedelta(seconds=seconds),
    )


def _capture_with_listener(agent, bus, **kw):
    got = []

    async def go():
        async def handler(msg):
            got.append(msg)

        bus.subscribe("listener", [MessageType.LEARNING_UPDATE], handler)
        await bus.start()
        vector = await agent.acapture(DECISION, **kw)
        await asyncio.sleep(0.2)
        await bus.stop()
        return vector

    return asyncio.run(go()), got


def test_capture_stores_the_vector_and_publishes_nothing(store):
    """A pure agent: the caller of the learning step announces the vector, once."""
    bus = LocalBus()
    agent = StrandsLearningAgent(store=store, bus=bus, bedrock_model="")
    vector, got = _capture_with_listener(
        agent,
        bus,
        execution=_execution(),
        quality_report=QUALITY,
        optimization=OPTIMIZATION,
        run_key=("sales", "scheduled__2026-03-01", "learning"),
    )
    assert LearningVectorStore(store.url).get(vector.vector_id) == vector
    m = vector.execution_metrics
    assert (m.platform_used, m.execution_time_seconds, m.success) == ("glue", 420.0, True)
    assert m.data_quality_score == 0.9
    assert vector.workload_characteristics["data_volume"] == "high"
    assert vector.decision_context.decision_confidence == 0.82
    assert "glue succeeded in 7.0 min" in vector.learning_insights
    assert "1 check(s) failed" in vector.learning_insights
    assert "Partition the output by date" in vector.learning_insights  # highest priority
    assert got == []


def test_a_retried_capture_stores_one_vector(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    key = ("sales", "manual__1", "learning")
    first = agent.capture(DECISION, _execution(), run_key=key)
    again = LearningAgent(store=LearningVectorStore(store.url), bus=LocalBus(), bedrock_model="")
    second = again.capture(DECISION, _execution(seconds=999.0), run_key=key)
    assert second == first
    assert LearningVectorStore(store.url).count() == 1


def test_failed_runs_are_learned_with_the_platform_error(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    for i in range(4):
        agent.capture(DECISION, _execution(seconds=400.0 + i, minute=i), run_key=f"d/r{i}/learning")
    vector = agent.capture(
        DECISION,
        _execution(seconds=30.0, success=False, error="Glue job run jr_1 FAILED: OOM", minute=9),
        run_key="d/failed/learning",
    )
    assert vector.execution_metrics.success is False
    text = vector.learning_insights
    assert "failed in 30.0 s: Glue job run jr_1 FAILED: OOM" in text
    assert "glue has succeeded in 100% of its 4 earlier runs" in text


def test_history_comparison_in_insights(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    for i in range(5):
        agent.capture(DECISION, _execution(seconds=100.0, minute=i), run_key=f"d/r{i}/learning")
    v = agent.capture(DECISION, _execution(seconds=150.0, minute=10), run_key="d/slow/learning")
    assert "50% slower than the median (100.0 s) of 5 earlier successful glue runs" in (
        v.learning_insights
    )


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_bedrock_errors_fall_back_to_rules(store, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on: Bedrock is unreachable
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conn = {
        "conn_type": "aws",
        "login": "testing",
        "password": "testing",
        "extra": {
            "endpoint_url": f"http://127.0.0.1:{port}",
            "region_name": "us-east-1",
            "config_kwargs": {"retries": {"total_max_attempts": 1}, "connect_timeout": 2},
        },
    }
    monkeypatch.setenv("AIRFLOW_CONN_BEDROCK_DOWN", json.dumps(conn))
    agent = LearningAgent(
        store=store,
        bus=LocalBus(),
        bedrock_model="anthropic.claude-3-haiku-20240307-v1:0",
        aws_conn_id="bedrock_down",
    )
    recorder = _Recorder()  # Airflow's logging setup may keep records from caplog
    logging.getLogger("strands_airflow.agents.learning").addHandler(recorder)
    try:
        vector = agent.capture(DECISION, _execution(), run_key="d/bedrock/learning")
    finally:
        logging.getLogger("strands_airflow.agents.learning").removeHandler(recorder)
    assert vector.learning_insights.startswith("The run on glue succeeded")
    assert any("Bedrock insights failed" in m for m in recorder.messages)


def test_learning_summary(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    # 20 older runs: slow, half failing; 20 recent runs: fast, all succeeding.
    for i in range(40):
        recent = i >= 20
        store.put(
            agent.build_vector(
                {**DECISION, "selected_platform": "glue" if i % 4 else "local"},
                {
                    "platform": "glue" if i % 4 else "local",
                    "execution_time_seconds": 100.0 + i if recent else 300.0 + i,
                    "success": recent or i % 2 == 0,
                    "finished_at": (datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=i)),
                },
                run_key=f"d/summary{i}/learning",
            )
        )
    summary = agent.learning_summary(last_n=20)
    times = [100.0 + i if i >= 20 else 300.0 + i for i in range(40)]
    assert summary["total_runs"] == 40
    assert summary["success_rate"] == pytest.approx(30 / 40)
    assert summary["platforms"] == {"glue": 30, "local": 10}
    assert summary["mean_execution_time_seconds"] == pytest.approx(np.mean(times))
    assert summary["p90_execution_time_seconds"] == pytest.approx(np.percentile(times, 90))
    assert summary["trend"]["direction"] == "improving"
    assert summary["trend"]["recent"]["success_rate"] == 1.0
    assert len(summary["recent_insights"]) == 5

    empty = LearningAgent(
        store=LearningVectorStore(f"memory://{uuid.uuid4().hex}"), bus=LocalBus()
    ).learning_summary()
    assert empty["total_runs"] == 0 and empty["trend"]["direction"] == "insufficient_data"


def test_a_capture_request_is_stored_and_answered_with_one_learning_update(store):
    bus = LocalBus()
    agent = LearningAgent(store=store, bus=bus, bedrock_model="")
    got: list = []

    async def go():
        bus.subscribe("listener", [MessageType.LEARNING_UPDATE], got.append)
        await agent.start()
        corr = "etl/run_7"
        # a pipeline's own notifications are not requests: the agent leaves them alone
        for mtype, payload in [
            (MessageType.DECISION_MADE, DECISION),
            (MessageType.QUALITY_REPORT, QUALITY),
            (MessageType.EXECUTION_COMPLETED, _execution().model_dump(mode="json")),
        ]:
            await bus.publish(
                bus.create_message(
                    sender="pipeline", message_type=mtype, payload=payload, correlation_id=corr
                )
            )
        await asyncio.sleep(0.3)
        assert store.count() == 0
        await bus.publish(
            bus.create_message(
                sender="app",
                message_type=MessageType.AGENT_REQUEST,
                payload={
                    "request_type": "learning_capture",
                    "decision": DECISION,
                    "execution": _execution().model_dump(mode="json"),
                    "quality": QUALITY,
                },
                correlation_id=corr,
            )
        )
        deadline = time.monotonic() + 10
        while not got and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await agent.stop()
        await bus.stop()

    asyncio.run(go())
    (vector,) = store.query()
    assert vector.execution_metrics.data_quality_score == 0.9
    assert vector.decision_context.selected_platform == "glue"
    assert len(got) == 1 and got[0].payload["vector_id"] == vector.vector_id
    assert got[0].payload["status"] == "ok" and got[0].correlation_id == "etl/run_7"


def test_efficiency_score_against_the_best_known_run_of_the_class(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    fast = agent.capture(DECISION, _execution(seconds=100.0), run_key="d/fast/learning")
    assert fast.performance_indicators["efficiency_score"] == 1.0  # first of its class
    assert fast.performance_indicators["efficiency_basis"] == "runtime"
    slow = agent.capture(DECISION, _execution(seconds=400.0, minute=5), run_key="d/slow/learning")
    assert slow.performance_indicators["efficiency_score"] == pytest.approx(0.25)
    failed = agent.capture(
        DECISION, _execution(seconds=50.0, success=False, minute=9), run_key="d/fail/learning"
    )
    assert failed.performance_indicators["efficiency_score"] == 0.0
    other = dict(DECISION, workload={"data_volume": "low", "transform": "sql"})
    small = agent.capture(other, _execution(seconds=900.0, minute=12), run_key="d/small/learning")
    assert small.performance_indicators["efficiency_score"] == 1.0  # another class


def test_efficiency_is_on_cost_when_the_decision_minimised_cost(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    decision = dict(DECISION, objective={"minimize": "cost", "deadline_seconds": 3600})

    def run(seconds, usd, minute):
        ex = _execution(seconds=seconds, minute=minute).model_copy(
            update={"cost_estimate_usd": usd}
        )
        return agent.capture(decision, ex, run_key=f"d/c{minute}/learning")

    run(300.0, 0.20, 0)
    v = run(100.0, 0.80, 1)  # faster but four times the money
    assert v.performance_indicators["efficiency_basis"] == "cost"
    assert v.performance_indicators["efficiency_score"] == pytest.approx(0.25)


def test_a_learning_step_on_a_compacted_store_never_loads_the_whole_store(store):
    # A large team's store: the learning step must stay bounded. Here 300 runs are
    # compacted into the snapshot, then a new process learns one more run, twice (retry).
    seed = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    for i in range(300):
        seed.capture(DECISION, _execution(seconds=300.0 + i, minute=i), run_key=f"d/r{i}/learning")
    store.compact(grace_seconds=0)
    loads = []
    fresh = LearningVectorStore(store.url)
    original = fresh._load
    fresh._load = lambda: (loads.append(1), original())[1]  # count whole-store loads
    agent = LearningAgent(store=fresh, bus=LocalBus(), bedrock_model="")
    key = ("d", "new", "learning")
    vector = agent.capture(DECISION, _execution(seconds=250.0, minute=400), run_key=key)
    retried = agent.capture(DECISION, _execution(seconds=999.0, minute=401), run_key=key)
    assert loads == []
    assert retried == vector  # the first write won; nothing written twice
    assert "glue" in vector.learning_insights and "earlier runs" in vector.learning_insights
    assert vector.performance_indicators["efficiency_score"] == 1.0  # fastest glue run so far
    assert LearningVectorStore(store.url).count() == 301


def test_recent_history_is_the_newest_runs_of_the_whole_history(store):
    agent = LearningAgent(store=store, bus=LocalBus(), bedrock_model="")
    for i in range(120):
        agent.capture(DECISION, _execution(seconds=100.0 + i, minute=i), run_key=f"d/h{i}/learning")
    store.compact(grace_seconds=0)
    for i in range(120, 140):  # a tail newer than the snapshot
        agent.capture(DECISION, _execution(seconds=100.0 + i, minute=i), run_key=f"d/h{i}/learning")
    full = LearningVectorStore(store.url).history()
    recent = LearningVectorStore(store.url).recent_history(50)
    assert recent.vector_ids == full.vector_ids[-50:]
    assert np.allclose(recent.execution_time_seconds, full.execution_time_seconds[-50:])
    assert np.allclose(recent.embedding, full.embedding[-50:])
