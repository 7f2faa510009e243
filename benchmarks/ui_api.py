"""Dashboard API latency with 100k learning vectors, against the api-server's own /api/v2/version.

A REAL `airflow api-server` (own AIRFLOW_HOME, SQLite, simple auth manager, one worker) is
started with `[strands] store_url` pointing at a file store holding N learning vectors
(default 100,000, spread over the last 60 days) and R optimization reports. For
--seconds, each round requests every dashboard endpoint and `/api/v2/version` once, in
turn, over one keep-alive HTTP connection with a bearer token; p50/p95/p99/max per endpoint. The dashboard
caches its figures per store for 10 s, so the measured requests include the cache misses
that fall in the run (one recomputation per TTL); the first request right after start-up
(while the plugin preloads the store) and the uncached in-process compute time per figure are printed separately.

    python benchmarks/ui_api.py [--vectors 100000] [--seconds 35] [--store /tmp/strands-ui-bench]

The store is seeded once and reused when it already holds --vectors vectors. Prints a
table, then one JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "plugins"))

ENDPOINTS = [
    "/strands/api/v1/dashboard",
    "/strands/api/v1/summary",
    "/strands/api/v1/decisions",
    "/strands/api/v1/runtime",
    "/strands/api/v1/quality",
    "/strands/api/v1/recommendations",
    "/strands/api/v1/bus",
    "/strands/",
]
BASELINE = "/api/v2/version"
PLATFORMS = ("local", "glue", "emr_serverless", "lambda")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def seed(url: str, n: int, reports: int) -> float:
    """Put n vectors (runs over the last 60 days) and `reports` optimization reports."""
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=5000)
    if store.count() >= n:
        return 0.0
    t0 = time.perf_counter()
    now = datetime.now(timezone.utc)
    step = 60 * 86400 / n
    for i in range(store.count(), n):
        platform = PLATFORMS[i % len(PLATFORMS)]
        store.put(
            LearningVector.from_run(
                workload={"data_volume_gb": float(i % 200), "num_joins": i % 6, "transform": "sql"},
                platform=platform,
                metrics={
                    "execution_time_seconds": 30.0 * (1 + PLATFORMS.index(platform)) + i % 17,
                    "success": i % 11 != 0,
                    "data_quality_score": 0.7 + (i % 30) / 100,
                },
                decision={"selected_platform": platform, "confidence": 0.8},
                run_key=("bench_dag", f"scheduled__{i:08d}", "learning"),
                timestamp=now - timedelta(days=60) + timedelta(seconds=i * step),
            )
        )
    store.compact(grace_seconds=0)
    for r in range(reports):
        store.put_report(
            "optimization",
            f"bench_dag/scheduled__{r:08d}",
            {
                "created_at": (now - timedelta(minutes=reports - r)).isoformat(),
                "recommendations": [
                    {
                        "priority": 1 + r % 3,
                        "category": "platform",
                        "action": f"Move {r % 7} to glue",
                    }
                ],
            },
        )
    return time.perf_counter() - t0


def uncached_compute_ms(url: str) -> dict[str, float]:
    """In-process: each figure computed on a loaded store without the cache (median of 5)."""
    from strands_airflow.plugins import data
    from strands_airflow.vectors.store import LearningVectorStore

    t0 = time.perf_counter()
    store = LearningVectorStore(url)
    store.history()
    out = {"first_load_ms": (time.perf_counter() - t0) * 1000}
    t = time.perf_counter()
    store.refresh()  # what a request pays once per TTL: list the store for new objects
    out["refresh_ms"] = (time.perf_counter() - t) * 1000
    for name, fn, arg in (
        ("decisions", data.decisions, 30),
        ("runtime", data.runtime, 30),
        ("quality", data.quality, 30),
        ("recommendations", data.recommendations, 10),
    ):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            fn(store, arg)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = sorted(times)[2]
    return out


def measure(server, seconds: float) -> tuple[dict[str, list[float]], float]:
    token = server.token()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Authorization": f"Bearer {token}"}

    def get(path: str) -> float:
        t = time.perf_counter()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{path}: {resp.status} {body[:200]!r}")
        return (time.perf_counter() - t) * 1000

    cold = get(ENDPOINTS[0])  # right after start-up: the store's warm-up load may still run
    for path in [*ENDPOINTS, BASELINE]:  # warm-up: one of each
        get(path)
    times: dict[str, list[float]] = {p: [] for p in [*ENDPOINTS, BASELINE]}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for path in times:
            times[path].append(get(path))
    conn.close()
    return times, cold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vectors", type=int, default=100_000)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument(
        "--seconds", type=float, default=35.0, help="measure this long (>= 3 cache TTLs)"
    )
    ap.add_argument("--store", default=str(Path(tempfile.gettempdir()) / "strands-ui-bench"))
    args = ap.parse_args()

    from api_server import ApiServer

    url = Path(args.store).resolve().as_uri()
    seeded_s = seed(url, args.vectors, args.reports)
    compute = uncached_compute_ms(url)
    with tempfile.TemporaryDirectory(prefix="strands-ui-bench-home-") as home:
        env = {"AIRFLOW__STRANDS__STORE_URL": url, "AIRFLOW__STRANDS__BUS_URL": "memory://"}
        with ApiServer(Path(home), env) as server:
            times, cold = measure(server, args.seconds)

    print(f"real airflow api-server, 1 worker; store {url}: {args.vectors} vectors")
    print(f"{'endpoint':<34}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for path, ts in times.items():
        print(
            f"{path:<34}{len(ts):>9}{pct(ts, 50):>9.1f}{pct(ts, 95):>9.1f}"
            f"{pct(ts, 99):>9.1f}{max(ts):>9.1f}"
        )
    print(f"first request right after start-up: {cold:.0f} ms; seeding took {seeded_s:.0f} s")
    print(
        "uncached in-process compute (ms): " + ", ".join(f"{k} {v:.1f}" for k, v in compute.items())
    )
    worst = max(pct(ts, 95) for p, ts in times.items() if p != BASELINE)
    out = {
        "benchmark": "ui_api",
        "server": "real airflow api-server (1 worker, SQLite, simple auth)",
        "vectors": args.vectors,
        "seconds": args.seconds,
        "requests_per_endpoint": len(times[BASELINE]),
        "p95_ms": {
            p.replace("/strands/api/v1/", ""): round(pct(ts, 95), 2) for p, ts in times.items()
        },
        "p50_ms": {
            p.replace("/strands/api/v1/", ""): round(pct(ts, 50), 2) for p, ts in times.items()
        },
        "max_ms": {p.replace("/strands/api/v1/", ""): round(max(ts), 1) for p, ts in times.items()},
        "worst_dashboard_p95_ms": round(worst, 2),
        "baseline_version_p95_ms": round(pct(times[BASELINE], 95), 2),
        "first_request_after_startup_ms": round(cold, 1),
        "uncached_compute_ms": {k: round(v, 1) for k, v in compute.items()},
        "target_p95_ms": 200,
        "meets_target": worst < 200,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
