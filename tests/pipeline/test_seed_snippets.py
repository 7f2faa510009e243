"""Every Python snippet of the seed's README runs once its import line names strands_airflow.

The snippets are kept verbatim in tests/data/seed_snippets.md. Only their import lines
are rewritten (``from strands import X`` -> ``from strands_airflow import X``); a snippet
that continues an earlier one (it uses ``bus`` or ``coordinator``) runs after it in the same
namespace, and top-level ``await`` runs inside an event loop, as in a notebook.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import textwrap
import uuid
from pathlib import Path

import pytest

SNIPPETS = Path(__file__).resolve().parents[1] / "data" / "seed_snippets.md"
IMPORTS = [
    (r"from strands\.strands_message_bus import", "from strands_airflow import"),
    (r"from strands\.strands_agent_base import", "from strands_airflow import"),
    (r"from strands import", "from strands_airflow import"),
    (r"from orchestrator\.strands_orchestrator import StrandsOrchestrator\n", ""),
    (r"from orchestrator\.strands_enhanced_orchestrator import", "from strands_airflow import"),
]


def snippet(i: int) -> str:
    blocks = re.findall(r"```python\n(.*?)```", SNIPPETS.read_text(), re.S)
    code = blocks[i]
    for old, new in IMPORTS:
        code = re.sub(old, new, code)
    imports = [line for line in code.splitlines() if line.startswith(("from ", "import "))]
    assert all("strands_airflow" in line or line == "import asyncio" for line in imports), imports
    return code


async def run_async(code: str, ns: dict) -> dict:
    """Run `code` with top-level await in `ns` (what a notebook does)."""
    body = textwrap.indent(code, "    ") + "\n    globals().update(locals())\n"
    exec(f"async def __snippet__():\n{body}", ns)
    await ns["__snippet__"]()
    return ns


def test_snippet_message_bus():
    async def go():
        ns = await run_async(snippet(0), {})
        bus = ns["bus"]
        sent = bus.get_message_history()[-1]
        assert sent.sender == "my_agent" and sent.target == "target_agent"
        assert sent.payload == {"data": "value"}

    asyncio.run(go())


def test_snippet_agent_base():
    ns: dict = {}
    exec(snippet(1), ns)
    agent = ns["MyCustomAgent"]("my_custom_agent", "custom")

    async def go():
        await agent.start()
        await agent.autonomous_cycle()
        result = await agent.process_message(None)
        await agent.stop()
        return result

    assert asyncio.run(go()) == {"result": "processed"}


def test_snippet_natural_language_example_becomes_checks():
    from strands_airflow import StrandsQualityAgent

    request = eval(snippet(2).strip())  # the snippet is the request itself
    checks = StrandsQualityAgent().parse_request(request, columns=["customer_id", "email"])
    assert [(c.kind, c.columns, c.format) for c in checks] == [("format", ["email"], "email")]


@pytest.fixture
def seed_s3_config(moto_endpoint, monkeypatch, tmp_path):
    """s3://bucket/config.json, as the seed's quick start writes it, on a moto server."""
    import boto3
    from tests_support import aws_conn_json

    from strands_airflow.pipeline.sample_data import ensure_sample_data, samples_dir

    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(moto_endpoint))
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    data = ensure_sample_data(tmp_path / "home", orders=5_000, customers=500)
    cfg = json.loads((samples_dir() / "orders_daily.json").read_text())
    cfg["sources"]["orders"]["uri"] = data["orders"]
    cfg["sources"]["customers"]["uri"] = data["customers"]
    cfg["target"]["uri"] = str(tmp_path / "out" / "revenue.parquet")
    cfg["transform"] = {"sql": (samples_dir() / "orders_daily.sql").read_text()}
    cfg["platforms"] = {"local": {"enabled": True}}
    s3 = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket="bucket")
    s3.put_object(Bucket="bucket", Key="config.json", Body=json.dumps(cfg).encode())
    return "s3://bucket/config.json"


def test_snippet_quick_start(seed_s3_config):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet(3), {"__name__": "__main__"})
    text = out.getvalue()
    assert "Status: completed" in text, text
    assert "Platform: local" in text
    assert re.search(r"Quality: 0\.\d+|Quality: 1\.0", text)
    assert "Success Rate: 100.0%" in text


def test_snippets_quality_agent_sql_then_natural_language():
    async def go():
        ns = await run_async(snippet(4), {})
        bus, agent = ns["bus"], ns["agent"]
        answers: list = []
        bus.subscribe("app", ["AGENT_RESPONSE"], answers.append)
        await run_async(snippet(5), ns)
        for _ in range(200):
            if len(answers) >= 2:
                break
            await asyncio.sleep(0.05)
        await agent.stop()
        return answers

    answers = asyncio.run(go())
    sql, nl = sorted(answers, key=lambda m: m.payload["check_type"] != "sql")
    patterns = {f["pattern"] for f in sql.payload["report"]["findings"]}
    assert "select_star" in patterns, patterns
    kinds = {(c["kind"], tuple(c["columns"])) for c in nl.payload["checks"]}
    assert ("not_null", ("customer_id",)) in kinds
    assert any(k == "format" for k, _ in kinds)


def test_snippet_enhanced_orchestrator(seed_s3_config):
    ns = {"user_request": "Process customer orders", "config_path": seed_s3_config}
    exec(snippet(6), ns)
    assert ns["result"]["status"] == "completed", ns["result"].get("error")
    assert ns["result"]["decision"]["selected_platform"] == "local"


def test_snippet_custom_monitoring_agent():
    from strands_airflow import MessageType

    async def go():
        ns: dict = {"MessageType": MessageType}
        exec(snippet(7), ns)
        seen: list = []

        class Recording(ns["MyMonitoringAgent"]):
            async def process_message(self, message):
                seen.append(message.message_type)

        agent = Recording()
        await agent.start()
        await agent.send_message(MessageType.EXECUTION_COMPLETED, {"ok": True})
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.02)
        await agent.stop()
        return agent, seen

    agent, seen = asyncio.run(go())
    assert agent.agent_name == "monitoring_agent"
    assert seen == [MessageType.EXECUTION_COMPLETED]


def test_snippet_message_priority():
    from strands_airflow import MessageType, get_message_bus

    async def go():
        bus = get_message_bus()
        code = snippet(8).replace(
            "...", "sender='app', message_type=MessageType.AGENT_REQUEST, payload={}"
        )
        await run_async(code, {"bus": bus, "MessageType": MessageType})
        return bus.get_message_history()[-1]

    assert asyncio.run(go()).priority == 9


def test_snippet_agent_metrics(tmp_path):
    from strands_airflow import StrandsCoordinator
    from strands_airflow.bus import LocalBus

    async def go():
        coordinator = StrandsCoordinator(
            bus=LocalBus(), store_url=(tmp_path / f"s{uuid.uuid4().hex}").as_uri()
        )
        await coordinator.initialize()
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                await run_async(snippet(9), {"coordinator": coordinator})
        finally:
            await coordinator.shutdown()
        return out.getvalue()

    text = asyncio.run(go())
    for name in ("decision", "quality", "optimization", "learning"):
        assert f"{name}: 0 messages processed" in text, text
