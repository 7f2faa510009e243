"""QualityAgent: the seed's QUALITY_CHECK message answered over a real bus, and the sync API."""

from __future__ import annotations

import asyncio
import time

import duckdb
import pytest

from strands_airflow.agents.quality.agent import QualityAgent, StrandsQualityAgent
from strands_airflow.bus import LocalBus, MessageType, RedisStreamBus


@pytest.fixture
def orders(tmp_path):
    path = tmp_path / "orders.parquet"
    duckdb.connect().execute(
        "COPY (SELECT i AS order_id, CASE WHEN i % 4 = 0 THEN NULL ELSE 'u' || i || '@x.io' END AS email_address,"
        f" i - 2 AS quantity FROM range(20) t(i)) TO '{path}'"
    )
    return str(path)


def test_constructing_connects_to_nothing_and_keeps_the_seed_names():
    agent = StrandsQualityAgent()
    assert isinstance(agent, QualityAgent)
    assert (agent.agent_name, agent.agent_type, agent._bus) == ("quality_agent", "quality", None)


def test_assess_joins_code_findings_and_data_checks(orders):
    agent = QualityAgent()
    report = agent.assess(nl_request="email must be valid; no negative quantities", target=orders)
    assert [r.check.columns for r in report.results] == [["email_address"], ["quantity"]]
    assert [r.failing_rows for r in report.results] == [0, 2]  # nulls are not format failures
    with_sql = agent.assess(
        sql="SELECT * FROM orders", nl_request="order_id is unique", target=orders
    )
    assert with_sql.findings and with_sql.results[0].passed
    assert 0 < with_sql.overall_score < 1


async def _until(pred, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "no reply"
        await asyncio.sleep(0.02)


def _exchange(bus, payloads):
    async def go():
        agent = QualityAgent(bus)
        replies = []
        bus.subscribe("client", [MessageType.AGENT_RESPONSE], lambda m: replies.append(m))
        await agent.start()
        for p in payloads:
            await bus.publish(
                bus.create_message("client", MessageType.QUALITY_CHECK, p, target="quality_agent")
            )
        await _until(lambda: len(replies) == len(payloads))
        await agent.stop()
        await bus.stop()
        return sorted(replies, key=lambda m: m.payload["check_type"])

    return asyncio.run(go())


def _scenario(bus, orders):
    replies = _exchange(
        bus,
        [
            {
                "check_type": "natural_language",
                "input": "no missing email; order_id is unique",
                "target": orders,
            },
            {"check_type": "sql", "input": "SELECT * FROM orders"},
            {"check_type": "pyspark", "input": "   "},
        ],
    )
    nl, pyspark, sql = (r.payload for r in replies)
    assert nl["status"] == "ok" and nl["checks"] == [
        {**nl["checks"][0], "kind": "not_null", "columns": ["email_address"]},
        {**nl["checks"][1], "kind": "unique", "columns": ["order_id"]},
    ]
    assert [r["failing_rows"] for r in nl["report"]["results"]] == [5, 0]
    assert nl["overall_score"] == pytest.approx(0.5)
    assert sql["status"] == "ok" and {f["pattern"] for f in sql["report"]["findings"]} >= {
        "select_star"
    }
    assert pyspark["status"] == "error" and "input" in pyspark["error"]
    assert all(r.target == "client" for r in replies)


def test_quality_check_messages_on_the_local_bus(orders):
    _scenario(LocalBus(), orders)


def test_quality_check_messages_on_redis(orders, redis_url, stream_prefix):
    _scenario(RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50), orders)
