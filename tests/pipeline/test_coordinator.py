"""The seed's API outside Airflow: StrandsCoordinator, the sync orchestrator, the examples."""

from __future__ import annotations

import asyncio
import collections
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_coordinator_runs_pipelines_and_learns(small_pipeline, tmp_path):
    from strands_airflow import StrandsCoordinator
    from strands_airflow.bus import LocalBus

    async def go():
        c = StrandsCoordinator(
            bus=LocalBus(), store_url=(tmp_path / "store").as_uri(), random_state=1
        )
        await c.initialize()
        try:
            first = await c.orchestrate_pipeline("revenue per customer", str(small_pipeline))
            second = await c.orchestrate_pipeline("revenue per customer", str(small_pipeline))
            return first, second, await c.get_learning_summary(), await c.get_agent_metrics()
        finally:
            await c.shutdown()

    first, second, summary, metrics = asyncio.run(go())
    for result in (first, second):
        assert result["status"] == "completed", result.get("error")
        assert result["decision"]["selected_platform"] == "local"
        assert 0 < result["quality_reports"][0]["overall_score"] <= 1
        assert result["execution_result"]["rows_out"] > 0
        assert result["learning_updates"][0]["execution_metrics"]["success"] is True
        kinds = {m["message_type"] for m in result["messages"]}
        assert {
            "decision_made",
            "execution_completed",
            "quality_report",
            "learning_update",
        } <= kinds
    assert second["decision"]["n_history"] == first["decision"]["n_history"] + 1
    assert summary["total_runs"] == 2 and summary["success_rate"] == 1.0
    # pure agents: the Decision agent learns from each LEARNING_UPDATE; the Learning agent
    # redoes nothing the coordinator's steps did (it answers learning_capture requests only)
    assert metrics["decision"]["messages_processed"] >= 2
    assert metrics["learning"]["messages_processed"] == 0
    for result in (first, second):
        counts = collections.Counter(m["message_type"] for m in result["messages"])
        assert counts["learning_update"] == 1 and counts["optimization_report"] == 1
        assert counts["quality_report"] == 1 and counts["decision_made"] == 1
        stored = result["learning_updates"][0]
        assert stored["execution_metrics"]["data_quality_score"] == pytest.approx(
            result["quality_reports"][0]["overall_score"]
        )
        assert stored["performance_indicators"]["optimization_opportunities"] == len(
            result["optimization_reports"][0]["recommendations"]
        )


def test_failed_execution_is_reported_and_learned(small_pipeline, tmp_path):
    import json

    from strands_airflow import StrandsCoordinator
    from strands_airflow.bus import LocalBus

    cfg = json.loads(small_pipeline.read_text())
    cfg["transform"] = {"sql": "SELECT no_such_column FROM orders"}
    bad = tmp_path / "bad_sql.json"
    bad.write_text(json.dumps(cfg))

    async def go():
        c = StrandsCoordinator(bus=LocalBus(), store_url=(tmp_path / "store").as_uri())
        await c.initialize()
        try:
            return await c.orchestrate_pipeline("broken job", str(bad))
        finally:
            await c.shutdown()

    result = asyncio.run(go())
    assert result["status"] == "failed"
    assert "no_such_column" in result["error"]
    assert result["learning_updates"][0]["execution_metrics"]["success"] is False


def test_sync_orchestrator_gives_the_same_shape(small_pipeline, tmp_path):
    from strands_airflow import StrandsEnhancedOrchestrator

    result = StrandsEnhancedOrchestrator(
        store_url=(tmp_path / "store").as_uri(), bus_url="memory://"
    ).orchestrate("revenue", str(small_pipeline))
    assert result["status"] == "completed"
    assert result["decision"]["selected_platform"] == "local"
    assert result["quality_reports"][0]["overall_score"] > 0


@pytest.mark.parametrize(
    "example, expect",
    [
        ("example_quality_check.py", "FAIL format ['email_address']: 40 of 1000 rows failed"),
        ("example_decision_agent.py", "after 40 runs: glue"),
        ("example_full_pipeline.py", "learned from 3 runs, success rate 100%"),
    ],
)
def test_examples_run_offline_on_the_embedded_defaults(example, expect, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIRFLOW_CONN_", "AIRFLOW__STRANDS__"))
    }
    env["AIRFLOW__STRANDS__HOME"] = str(tmp_path)
    env["AIRFLOW_HOME"] = str(tmp_path / "airflow")
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / example)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert expect in out.stdout, out.stdout[-3000:]
