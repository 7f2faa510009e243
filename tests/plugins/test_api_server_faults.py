"""A real `airflow api-server` with a learning store that is hung or carries credentials.

- A hung S3 endpoint (a TCP listener that accepts and never answers) and 45 concurrent
  dashboard requests: every one answers 503 with the reason, and Airflow's own
  ``/api/v2/version`` keeps answering (before: the shared threadpool filled up and the
  whole api-server stopped answering).
- ``s3://KEY:SECRET@bucket``: neither key nor secret in any response or in the server's log.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from api_server import ApiServer, HungEndpoint
from tests_support import aws_conn_json


def _get(url: str, token: str | None = None, timeout: float = 60.0) -> tuple[int, str, float]:
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), time.monotonic() - started


def test_hung_s3_and_45_dashboard_requests_leave_the_api_server_answering(tmp_path):
    hung = HungEndpoint()
    env = {
        "AIRFLOW__STRANDS__STORE_URL": "s3://strands-hung/prefix",
        "AIRFLOW_CONN_AWS_DEFAULT": aws_conn_json(hung.endpoint),
        "AIRFLOW__STRANDS__BUS_URL": "memory://",
        "AIRFLOW__STRANDS__DASHBOARD_STORE_TIMEOUT_SECONDS": "3",
    }
    try:
        with ApiServer(tmp_path / "home", env) as server:
            token = server.token()
            paths = ["/strands/api/v1/vectors", "/strands/api/v1/dashboard",
                     "/strands/api/v1/runs?dag_id=etl&run_id=manual__1"] * 15  # fmt: skip
            with ThreadPoolExecutor(max_workers=len(paths)) as pool:
                futures = [pool.submit(_get, server.url + p, token) for p in paths]
                time.sleep(1.0)  # the 45 requests are in flight, the store hangs
                version = [_get(f"{server.url}/api/v2/version", timeout=30) for _ in range(3)]
                answers = [f.result() for f in futures]
            log = server.log_tail(400)
    finally:
        hung.close()

    worst_version = max(t for _, _, t in version)
    slowest = max(t for _, _, t in answers)
    print(
        f"\n/api/v2/version under load: {', '.join(f'{t * 1000:.0f} ms' for *_, t in version)}; "
        f"slowest of 45 dashboard answers: {slowest:.2f} s"
    )
    assert [s for s, _, _ in version] == [200, 200, 200], log
    assert worst_version < 5.0, "Airflow's own API hung behind the dashboard"  # did not hang
    assert {s for s, _, _ in answers} == {503}, log
    for _, body, _ in answers:
        detail = json.loads(body)["detail"]
        assert detail.startswith("learning store unavailable: the learning store ")
        assert "dashboard_store_timeout_seconds" in detail or "dashboard_store_workers" in detail
    assert slowest < 30.0  # bounded by the pool's timeout, not by S3's


def test_store_url_credentials_never_reach_responses_or_the_server_log(tmp_path):
    key, secret = "AKIAHARDENTEST0001", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYHARDEN"
    env = {
        "AIRFLOW__STRANDS__STORE_URL": f"s3://{key}:{secret}@strands-bucket/prefix",
        "AIRFLOW__STRANDS__BUS_URL": "memory://",
    }
    with ApiServer(tmp_path / "home", env) as server:
        token = server.token()
        answers = [
            _get(server.url + p, token)
            for p in (
                "/strands/api/v1/vectors",
                "/strands/api/v1/dashboard",
                "/strands/api/v1/summary",
                "/strands/api/v1/decisions",
                "/strands/api/v1/runs?dag_id=etl&run_id=manual__1",
                "/strands/?days=7",
            )
        ]
        time.sleep(0.5)  # let the warm-up's log line land
        log = server.log_path.read_text(errors="replace")
    assert [s for s, _, _ in answers] == [503] * 6
    assert "carries credentials" in answers[0][1] and "s3://***@strands-bucket" in answers[0][1]
    for _, body, _ in answers:
        assert secret not in body and key not in body
        assert "wJalr" not in body  # not even the part before the '/'
    assert "carries credentials" in log  # the warm-up said why the store is unavailable
    assert secret not in log and key not in log and "wJalr" not in log
