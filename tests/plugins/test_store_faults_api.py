"""Store URLs with credentials and a stopped S3, seen through the store, the CLI and the
dashboard API (in-process app, real moto server that is then stopped)."""

from __future__ import annotations

import json
import logging

import pytest

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import redact, url_secrets

KEY, SECRET = "AKIAREDACTTEST0002", "s3cr3t/Part+Two=="
CRED_URL = f"s3://{KEY}:{SECRET}@strands-bucket/prefix"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (CRED_URL, "s3://***@strands-bucket/prefix"),
        (f"failed: 's3://{KEY}:{SECRET}@b/p' (x)", "failed: 's3://***@b/p' (x)"),
        ("redis://:pa55@host:6379/0 and s3://b/p", "redis://***@host:6379/0 and s3://b/p"),
        ("file:///data/strands", "file:///data/strands"),
        ("no url here", "no url here"),
    ],
)
def test_redact_masks_url_credentials(text, shown):
    assert redact(text) == shown


def test_url_secrets_give_user_and_password_raw_and_decoded():
    parts = url_secrets("s3://user:p%2Fw@b/x")
    assert {"user", "p%2Fw", "p/w"} <= set(parts)
    assert redact("echoed p/w and user", parts) == "echoed *** and ***"


def test_a_store_url_with_credentials_is_refused_without_showing_them(caplog):
    from strands_airflow.vectors.store import LearningVectorStore

    caplog.set_level(logging.DEBUG)
    with pytest.raises(VectorStoreError) as err:
        LearningVectorStore(CRED_URL)
    text = str(err.value) + repr(err.value) + str(err.value.__cause__ or "")
    assert "s3://***@strands-bucket/prefix" in text and "carries credentials" in text
    for part in (KEY, SECRET, "s3cr3t"):
        assert part not in text and part not in caplog.text


def test_the_cli_never_prints_the_credentials(capsys):
    from strands_airflow.vectors.cli import main

    assert main(["--url", CRED_URL, "count"]) == 1
    out = capsys.readouterr()
    assert "carries credentials" in out.err
    for part in (KEY, SECRET, "s3cr3t"):
        assert part not in out.err + out.out


def test_settings_cli_prints_urls_redacted():
    import os
    import subprocess
    import sys

    env = {**os.environ, "AIRFLOW__STRANDS__STORE_URL": CRED_URL}
    out = subprocess.run(
        [sys.executable, "-m", "strands_airflow.settings"],
        env=env, capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert "store_url = s3://***@strands-bucket/prefix" in out and "s3cr3t" not in out


def test_api_answers_503_with_no_credentials_and_logs_none(client, auth, monkeypatch, caplog):
    from strands_airflow.plugins import api, data
    from strands_airflow.settings import get_settings

    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", CRED_URL)
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", "memory://")
    get_settings.cache_clear()
    data.reset_cache()
    api._bus_cache.clear()
    caplog.set_level(logging.DEBUG)
    data.warm_up().join(timeout=30)
    for path in ("vectors", "dashboard", "quality", "runs?dag_id=d&run_id=r"):
        resp = client.get(f"/strands/api/v1/{path}", headers=auth)
        assert resp.status_code == 503, (path, resp.text)
        assert "carries credentials" in resp.json()["detail"]
        assert KEY not in resp.text and "s3cr3t" not in resp.text
    page = client.get("/strands/", headers=auth)
    assert page.status_code == 503 and KEY not in page.text and "s3cr3t" not in page.text
    assert "carries credentials" in caplog.text  # the warm-up's line
    assert KEY not in caplog.text and "s3cr3t" not in caplog.text
    data.reset_cache()


def test_a_stopped_s3_answers_503_with_the_reason_not_500(client, auth, monkeypatch):
    """moto in server mode, stopped: every S3 call is refused at the TCP level."""
    from moto.server import ThreadedMotoServer
    from tests_support import aws_conn_json

    from strands_airflow.plugins import api, data
    from strands_airflow.plugins.pool import reset_store_pool
    from strands_airflow.settings import get_settings

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    server.stop()
    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(f"http://{host}:{port}"))
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", "s3://strands-stopped/p")
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", "memory://")
    # wait for the store's own verdict (retries with backoff), not the pool's timeout
    monkeypatch.setenv("AIRFLOW__STRANDS__DASHBOARD_STORE_TIMEOUT_SECONDS", "120")
    get_settings.cache_clear()
    data.reset_cache()
    api._bus_cache.clear()
    reset_store_pool()
    for path in ("vectors", "runs?dag_id=d&run_id=r"):
        resp = client.get(f"/strands/api/v1/{path}", headers=auth)
        assert resp.status_code == 503, (path, resp.text)
        detail = json.loads(resp.text)["detail"]
        assert detail.startswith("learning store unavailable: ")
        assert "strands-stopped" in detail and "aws_default" in detail
    data.reset_cache()
    reset_store_pool()


def test_the_store_pool_is_bounded_and_times_out():
    import asyncio
    import threading

    from strands_airflow.plugins.pool import StorePool, StoreUnavailable

    pool = StorePool(workers=1, timeout=0.3)
    hung = threading.Event()

    async def go():
        # two hung reads: one runs, one waits in the queue; a third is refused at once
        waiting = [asyncio.create_task(pool.run(hung.wait)) for _ in range(2)]
        await asyncio.sleep(0.05)
        with pytest.raises(StoreUnavailable, match="2 reads already wait"):
            await pool.run(lambda: 1)
        for task in waiting:
            with pytest.raises(StoreUnavailable, match="did not answer within 0.3 s"):
                await task
        # the queued read was cancelled on its timeout; the running one still holds its
        # thread, so the next read waits for it and times out as well
        with pytest.raises(StoreUnavailable, match="did not answer"):
            await pool.run(lambda: 2)
        hung.set()
        await asyncio.sleep(0.1)
        assert await pool.run(lambda: 42) == 42  # the thread and the slots are free again

    try:
        asyncio.run(go())
    finally:
        hung.set()
        pool.shutdown()
