"""The dashboard API shows what the store holds, validates its parameters and hides secrets."""

from __future__ import annotations

import asyncio
import html
import time

import pytest
from plugins_support import SEED_DAG, SEED_PLATFORMS


def test_dashboard_counts_the_seeded_runs_per_platform(client, seeded_store, auth):
    d = client.get("/strands/api/v1/dashboard?days=30", headers=auth).json()
    totals = {p["platform"]: p["total"] for p in d["decisions"]["platforms"]}
    assert totals == SEED_PLATFORMS
    assert sum(sum(p["counts"]) for p in d["decisions"]["platforms"]) == 44
    s = d["summary"]
    assert s["vectors"] == 44 and s["runs_in_window"] == 44
    assert s["platforms"] == sorted(SEED_PLATFORMS)
    # seeded runs k % 9 == 8 failed: local k=8,17 and glue k=8 -> 41 of 44 succeeded
    assert s["success_rate"] == pytest.approx(41 / 44, abs=1e-4)
    assert s["store"]["location"] == seeded_store["url"]


def test_runtime_compares_recent_runs_with_the_learned_baseline(client, seeded_store, auth):
    rt = client.get("/strands/api/v1/runtime", headers=auth).json()
    by = {p["platform"]: p for p in rt["platforms"]}
    assert by["emr_serverless"]["runs"] == 7
    # local runtimes cycle 40 * (1.00, 1.05, ..., 1.20): every median sits in that band
    assert 40.0 <= by["local"]["recent_median_seconds"] <= 48.0
    assert 40.0 <= by["local"]["baseline_median_seconds"] <= 48.0
    baselines = [b for b in by["glue"]["baseline_seconds"] if b is not None]
    assert baselines and all(180.0 <= b <= 216.0 for b in baselines)
    assert len(by["glue"]["median_seconds"]) == len(rt["buckets"])


def test_quality_trend_and_latest_score(client, seeded_store, auth):
    q = client.get("/strands/api/v1/quality", headers=auth).json()
    newest = seeded_store["runs"][-1][1]
    assert q["latest_score"] == newest.execution_metrics.data_quality_score
    assert q["runs_scored"] == 44
    means = [p["mean_score"] for p in q["points"]]
    assert means == sorted(means)  # the seed's scores rise run after run


def test_top_recommendations_are_ranked(client, seeded_store, auth):
    r = client.get("/strands/api/v1/recommendations?limit=1", headers=auth).json()
    assert r["total_open"] == 2 and r["reports_read"] == 1
    assert [i["priority"] for i in r["items"]] == [1]
    assert r["items"][0]["seconds_saved_per_run"] == 240.0


def test_run_filter_finds_the_run_its_baseline_and_recommendations(client, seeded_store, auth):
    run_id = seeded_store["last_run_id"]
    resp = client.get(
        "/strands/api/v1/runs", params={"dag_id": SEED_DAG, "run_id": run_id}, headers=auth
    )
    run = resp.json()
    assert run["found"] and run["platform"] == "emr_serverless"
    assert run["quality_report"] is True
    assert [r["priority"] for r in run["recommendations"]] == [1, 2]
    assert 420.0 <= run["baseline_seconds"] <= 504.0
    missing = client.get(
        "/strands/api/v1/runs", params={"dag_id": SEED_DAG, "run_id": "manual__nope"}, headers=auth
    ).json()
    assert missing["found"] is False
    page = client.get("/strands/", params={"dag_id": SEED_DAG, "run_id": run_id}, headers=auth)
    assert f"Filtered to DAG run {SEED_DAG} / {run_id}" in page.text


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("days=0", "days"),
        ("days=366", "days"),
        ("days=abc", "days"),
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("dag_id=" + "d" * 251, "dag_id"),
        ("dag_id=a%20b", "dag_id"),
        ("dag_id=x&run_id=%3Cscript%3E", "run_id"),
        ("dag_id=../etc", "dag_id"),
    ],
)
def test_invalid_parameters_answer_422_naming_the_parameter(
    client, seeded_store, auth, query, param
):
    resp = client.get(f"/strands/api/v1/dashboard?{query}", headers=auth)
    assert resp.status_code == 422
    assert [e["loc"] for e in resp.json()["detail"]] == [["query", param]]
    page = client.get(f"/strands/?{query}", headers=auth)
    assert page.status_code == 422
    assert f"invalid query parameter '{param}'" in html.unescape(page.text)
    assert "<script>" not in page.text


def test_unknown_parameter_and_lone_run_id_answer_400_naming_them(client, seeded_store, auth):
    resp = client.get("/strands/api/v1/decisions?dayz=3", headers=auth)
    assert resp.status_code == 400
    assert "unknown query parameter 'dayz'" in resp.json()["detail"]
    lone = client.get("/strands/api/v1/dashboard?run_id=manual__1", headers=auth)
    assert lone.status_code == 400
    assert "'run_id' needs 'dag_id'" in lone.json()["detail"]
    assert client.get("/strands/?run_id=manual__1", headers=auth).status_code == 400


def test_no_secret_in_any_page_or_response(
    client, seeded_store, auth, monkeypatch, redis_url, stream_prefix
):
    """The bus runs on a real Redis reached through a connection with a password."""
    import json

    from strands_airflow.bus import RedisStreamBus, build_bus
    from strands_airflow.bus.message import MessageType
    from strands_airflow.plugins import api
    from strands_airflow.settings import get_settings

    secret = "Sup3r-S3cret-Pa55word"
    host_port = redis_url.split("//")[1].split("/")[0]
    monkeypatch.delenv("AIRFLOW__STRANDS__BUS_URL")
    monkeypatch.setenv(
        "AIRFLOW_CONN_REDIS_DEFAULT",
        # user "default" with any password is accepted by a Redis without requirepass
        json.dumps(
            {
                "conn_type": "redis",
                "host": host_port.split(":")[0],
                "port": int(host_port.split(":")[1]),
                "login": "default",
                "password": secret,
                "extra": {"db": 0},
            }
        ),
    )
    monkeypatch.setenv("AIRFLOW__STRANDS__STREAM_PREFIX", stream_prefix)
    get_settings.cache_clear()
    api._bus_cache.clear()

    async def register_agent_and_queue_messages() -> None:
        bus = build_bus()
        assert isinstance(bus, RedisStreamBus)
        bus.subscribe("quality_agent", [MessageType.QUALITY_CHECK], _ignore)
        await bus.start()
        r = bus.client()
        deadline = time.monotonic() + 5
        while not await r.hexists(f"{stream_prefix}:agents", "quality_agent"):
            assert time.monotonic() < deadline, "agent never registered"
            await asyncio.sleep(0.05)
        await bus.stop()
        for _ in range(3):
            await bus.publish(
                bus.create_message(sender="t", message_type=MessageType.QUALITY_CHECK, payload={})
            )
        await bus.aclose()

    asyncio.run(register_agent_and_queue_messages())

    health = client.get("/strands/api/v1/bus", headers=auth).json()
    assert health["backend"] == "redis" and health["reachable"] is True
    assert health["agents"] == [
        {"agent": "quality_agent", "stream_length": 3, "pending": 0, "dead_lettered": 0}
    ]
    bodies = [
        client.get(p, headers=auth).text
        for p in (
            "/strands/",
            "/strands/api/v1/dashboard",
            "/strands/api/v1/summary",
            "/strands/api/v1/bus",
            "/strands/api/v1/vectors",
            "/strands/api/v1/openapi.json",
        )
    ]
    assert "quality_agent" in bodies[0]
    for body in bodies:
        assert secret not in body

    # Unreachable Redis (a closed port): the error is named by kind, still without secrets.
    monkeypatch.setenv(
        "AIRFLOW_CONN_REDIS_DEFAULT",
        json.dumps(
            {
                "conn_type": "redis",
                "host": "127.0.0.1",
                "port": 1,
                "login": "default",
                "password": secret,
            }
        ),
    )
    get_settings.cache_clear()
    api._bus_cache.clear()
    down = client.get("/strands/api/v1/bus", headers=auth).json()
    assert down["reachable"] is False
    assert down["error"].split(":")[0] in ("ConnectionError", "TimeoutError")
    page = client.get("/strands/", headers=auth).text
    assert "not reachable" in page and secret not in page


async def _ignore(message) -> None:
    return None


def test_store_location_never_shows_credentials():
    from strands_airflow.plugins.data import public_location

    assert public_location("s3://AKIAX:s3cr3t@bucket/prefix") == "s3://bucket/prefix"
    assert public_location("file:///data/strands") == "file:///data/strands"


def test_empty_store_says_what_to_do(client, auth, tmp_path, monkeypatch):
    from strands_airflow.plugins import api, data
    from strands_airflow.settings import get_settings

    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "empty").as_uri())
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", "memory://")
    get_settings.cache_clear()
    data.reset_cache()
    api._bus_cache.clear()
    d = client.get("/strands/api/v1/dashboard", headers=auth).json()
    assert d["summary"]["vectors"] == 0 and d["decisions"]["platforms"] == []
    assert d["summary"]["bus_dead_lettered"] is None  # the server's own LocalBus has no agents
    page = html.unescape(client.get("/strands/", headers=auth).text)
    assert "The learning store is empty" in page
    assert "Trigger strands_reference_pipeline" in page.replace("\n", " ")
    assert "<svg" not in page
    data.reset_cache()


def test_dashboard_says_how_the_quality_requests_were_read(client, seeded_store, auth):
    """The quality section and the run banner show the report's "read as" lines (the same
    lines the quality operator logs), so a user sees what their English became."""
    from strands_airflow.agents.quality.models import QualityReport
    from strands_airflow.agents.quality.nl import parse_request_detailed
    from strands_airflow.vectors.store import LearningVectorStore

    run_id = seeded_store["last_run_id"]
    parsed = parse_request_detailed(
        "amount must not be above 1000 or below 0. make the <b>data</b> better",
        strict=False,
        model_id="",
    )
    report = QualityReport(
        read_as=[parsed.read_as()], ignored=list(parsed.ignored), overall_score=0.9
    )
    LearningVectorStore(seeded_store["url"]).put_report(
        "quality", f"{SEED_DAG}/{run_id}", report.model_dump(mode="json")
    )
    lines = parsed.read_as()
    assert lines[0] == "read as: amount must be between 0 and 1000"
    assert lines[1].startswith("ignored: make the <b>data</b> better")
    d = client.get("/strands/api/v1/dashboard?days=30", headers=auth).json()
    assert d["quality"]["read_as"] == lines
    assert d["quality"]["read_as_run"] == f"{SEED_DAG}/{run_id}"
    run = client.get(
        "/strands/api/v1/runs", params={"dag_id": SEED_DAG, "run_id": run_id}, headers=auth
    ).json()
    assert run["quality_read_as"] == lines
    page = client.get("/strands/", params={"dag_id": SEED_DAG, "run_id": run_id}, headers=auth).text
    for line in lines:  # in the quality section and in the run's banner, HTML-escaped
        assert page.count(html.escape(line)) == 2, line
    assert "<b>data</b>" not in page
