"""The seed's message API over the real bus: DECISION_REQUEST -> DECISION_MADE."""

from __future__ import annotations

import asyncio
import time

import numpy as np
from decision_world import fresh_store, run_vector

from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.bus import LocalBus, MessageType, RedisStreamBus


async def _until(pred, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


def _conversation(bus):
    async def go():
        store = fresh_store()
        agent = DecisionAgent(store=store, bus=bus, random_state=0)
        answers = []
        bus.subscribe("pipeline", [MessageType.DECISION_MADE], lambda m: answers.append(m))
        await agent.start()
        ok = bus.create_message(
            "pipeline",
            MessageType.DECISION_REQUEST,
            {
                "workload": {"data_volume": "high", "complexity": "high"},
                "platforms": ["glue", "local"],
            },
            target="decision_agent",
            correlation_id="dag/run-1",
        )
        bad = bus.create_message(
            "pipeline",
            MessageType.DECISION_REQUEST,
            {"workload": {"data_volume": "huge"}},
            target="decision_agent",
            correlation_id="dag/run-2",
        )
        await bus.publish(ok)
        await bus.publish(bad)
        await _until(lambda: len(answers) >= 2)

        # A run reaches the store and LEARNING_UPDATE says so: learned at once.
        store.put(run_vector("glue", 300.0, np.random.default_rng(0)))
        await bus.publish(
            bus.create_message("learning_agent", MessageType.LEARNING_UPDATE, {"vectors": 1})
        )
        await _until(lambda: agent.learner.total_runs["glue"] == 1)
        metrics = agent.metrics()
        await agent.stop()
        await bus.stop()
        return ok, bad, answers, metrics

    return asyncio.run(go())


def _check(ok, bad, answers, metrics):
    by_corr = {m.correlation_id: m for m in answers}
    good = by_corr["dag/run-1"]
    assert good.target == "pipeline" and good.sender == "decision_agent"
    assert good.payload["status"] == "ok" and good.payload["in_reply_to"] == ok.id
    assert good.payload["selected_platform"] == "glue"
    assert set(good.payload["scores"]) >= {"glue", "local"}
    err = by_corr["dag/run-2"]
    assert err.payload["status"] == "error" and err.payload["in_reply_to"] == bad.id
    assert "workload.data_volume" in err.payload["error"]
    assert metrics["messages_processed"] >= 3 and metrics["errors"] == 0


def test_decision_request_on_local_bus():
    _check(*_conversation(LocalBus()))


def test_decision_request_on_redis_bus(redis_url, stream_prefix):
    _check(*_conversation(RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50)))


def test_constructing_the_agent_connects_to_nothing(monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    agent = DecisionAgent(platforms=["local"])
    assert agent._bus is None
    assert agent.decide({"data_volume": "low"}).selected_platform == "local"
    assert agent._bus is None


def test_a_decision_request_carries_its_objective_and_a_bad_one_is_answered_with_the_field():
    async def go():
        bus = LocalBus()
        agent = DecisionAgent(bus=bus, random_state=0)
        answers = []
        bus.subscribe("pipeline", [MessageType.DECISION_MADE], lambda m: answers.append(m))
        await agent.start()
        for objective in (
            {"minimize": "cost", "deadline_seconds": 1800},
            {"minimize": "runtime", "deadline_seconds": 1800},
        ):
            await bus.publish(
                bus.create_message(
                    "pipeline",
                    MessageType.DECISION_REQUEST,
                    {"workload": {"data_volume_gb": 300}, "objective": objective},
                    target="decision_agent",
                )
            )
        await _until(lambda: len(answers) >= 2)
        await agent.stop()
        await bus.stop()
        return answers

    answers = asyncio.run(go())
    by_status = {a.payload["status"]: a.payload for a in answers}
    ok = by_status["ok"]
    assert ok["objective"]["minimize"] == "cost"
    assert ok["scores"][ok["selected_platform"]]["expected_cost_usd"] > 0
    assert "objective.deadline_seconds" in by_status["error"]["error"]
