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
    assert (
        with_sql.overall_score == 1.0
    )  # the share of checks passed; findings are reported beside it
    code_only = agent.assess(sql="SELECT * FROM orders")
    assert code_only.results == [] and 0 <= code_only.overall_score < 1


def test_assess_takes_the_pipeline_config_target_shapes(tmp_path):
    parts = tmp_path / "out"
    (parts / "day=1").mkdir(parents=True)
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    con.execute(
        f"COPY (SELECT i AS id FROM range(5) t(i)) TO '{parts / 'day=1' / 'part-0.parquet'}'"
    )
    con.execute("CREATE TABLE totals AS SELECT i AS id, i * 2 AS total FROM range(5) t(i)")
    con.close()
    finding = {
        "rule": "ST01",
        "pattern": "select_star",
        "line": 1,
        "column": 1,
        "message": "SELECT *",
    }
    agent = QualityAgent()
    folder = agent.assess(
        target={"uri": str(parts), "format": "parquet"},
        natural_language=["id must be unique", "at least 5 rows"],
        checks=[{"kind": "not_null", "columns": ["id"]}],
        findings=[finding],
    )
    assert [r.passed for r in folder.results] == [True, True, True] and folder.findings[
        0
    ].rule == "ST01"
    table = agent.assess(target={"uri": str(tmp_path / "wh.duckdb"), "format": "duckdb", "table": "totals"},
                         natural_language=["total must be between 0 and 5"])  # fmt: skip
    assert table.target.endswith("wh.duckdb::totals") and table.results[0].failing_rows == 2


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


def test_quality_check_messages_on_the_local_bus(orders, monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__QUALITY_BUS_TARGETS", orders)  # bus reads: allow-list
    _scenario(LocalBus(), orders)


def test_quality_check_messages_on_redis(orders, redis_url, stream_prefix, monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__QUALITY_BUS_TARGETS", orders)
    _scenario(RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50), orders)


def test_report_says_what_each_request_was_read_as(orders):
    agent = QualityAgent()
    report = agent.assess(
        nl_request=["emails must be valid (some are missing)", "qty cant be negative; make it snappy"],
        target=orders,
        strict=False,
    )
    assert report.read_as == [
        ["read as: email_address must be a valid email", "context: some are missing"],
        ["read as: quantity must be at least 0", report.read_as[1][1]],
    ]
    assert report.read_as[1][1].startswith("ignored: make it snappy")
    assert len(report.ignored) == 1 and report.ignored[0].startswith("make it snappy")
    with pytest.raises(Exception, match="snappy"):
        agent.assess(nl_request="qty cant be negative; make it snappy", target=orders)
