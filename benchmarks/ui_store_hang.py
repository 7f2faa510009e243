"""Airflow's own /api/v2/version while the learning store hangs and the dashboard is hammered.

A REAL `airflow api-server` (own AIRFLOW_HOME, SQLite, simple auth manager, one worker)
is started with `[strands] store_url` on S3 whose endpoint is a TCP listener that accepts
and never answers (a hung S3). Baseline: /api/v2/version latency with no dashboard
traffic. Then for --seconds, waves of --concurrency concurrent dashboard requests
(/vectors, /dashboard, /runs) run while /api/v2/version is requested in turn. Prints a
table (p50/p95/max, ratio under load vs idle, the dashboard's status codes and answer
times), then one JSON line.

    python benchmarks/ui_store_hang.py [--concurrency 45] [--seconds 15]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

PATHS = [
    "/strands/api/v1/vectors",
    "/strands/api/v1/dashboard",
    "/strands/api/v1/runs?dag_id=etl&run_id=manual__1",
]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def get(url: str, token: str | None = None, timeout: float = 120.0) -> tuple[int, float]:
    req = urllib.request.Request(url)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as err:
        err.read()
        status = err.code
    except OSError:
        status = 0  # timed out / connection reset: the server did not answer
    return status, (time.perf_counter() - t0) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrency", type=int, default=45)
    ap.add_argument("--seconds", type=float, default=15.0)
    args = ap.parse_args()

    from api_server import ApiServer, HungEndpoint
    from tests_support import aws_conn_json

    hung = HungEndpoint()
    env = {
        "AIRFLOW__STRANDS__STORE_URL": "s3://strands-hung/prefix",
        "AIRFLOW_CONN_AWS_DEFAULT": aws_conn_json(hung.endpoint),
        "AIRFLOW__STRANDS__BUS_URL": "memory://",
    }
    dashboard: list[tuple[int, float]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="strands-hang-bench-") as home:
            with ApiServer(Path(home), env) as server:
                token = server.token()
                version_url = f"{server.url}/api/v2/version"
                idle = [get(version_url)[1] for _ in range(20)]
                stop = threading.Event()

                def hammer() -> None:
                    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                        while not stop.is_set():
                            wave = [
                                pool.submit(get, server.url + PATHS[i % len(PATHS)], token)
                                for i in range(args.concurrency)
                            ]
                            dashboard.extend(f.result() for f in wave)

                loader = threading.Thread(target=hammer)
                loader.start()
                time.sleep(1.0)
                loaded: list[float] = []
                statuses: Counter[int] = Counter()
                deadline = time.monotonic() + args.seconds
                while time.monotonic() < deadline:
                    status, ms = get(version_url, timeout=30)
                    statuses[status] += 1
                    loaded.append(ms)
                    time.sleep(0.2)
                stop.set()
                loader.join()
    finally:
        hung.close()

    ratio = pct(loaded, 95) / pct(idle, 95)
    codes = Counter(s for s, _ in dashboard)
    answer_ms = [ms for _, ms in dashboard]
    print(f"real airflow api-server, 1 worker; S3 endpoint hung; {args.concurrency} concurrent dashboard requests per wave")
    print(f"{'/api/v2/version':<28}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    print(f"{'idle (baseline)':<28}{len(idle):>9}{pct(idle, 50):>9.1f}{pct(idle, 95):>9.1f}{max(idle):>9.1f}")
    print(f"{'dashboard hammered':<28}{len(loaded):>9}{pct(loaded, 50):>9.1f}{pct(loaded, 95):>9.1f}{max(loaded):>9.1f}")
    print(f"p95 ratio hammered / idle: {ratio:.2f}; /api/v2/version status codes: {dict(statuses)}")
    print(
        f"dashboard answers: {len(dashboard)} ({dict(codes)}), p50 {pct(answer_ms, 50):.0f} ms, "
        f"max {max(answer_ms):.0f} ms"
    )
    print(
        json.dumps(
            {
                "benchmark": "ui_store_hang",
                "concurrency": args.concurrency,
                "seconds": args.seconds,
                "version_idle_p95_ms": round(pct(idle, 95), 1),
                "version_loaded_p50_ms": round(pct(loaded, 50), 1),
                "version_loaded_p95_ms": round(pct(loaded, 95), 1),
                "version_loaded_max_ms": round(max(loaded), 1),
                "ratio_p95": round(ratio, 2),
                "version_status": {str(k): v for k, v in statuses.items()},
                "dashboard_status": {str(k): v for k, v in codes.items()},
                "dashboard_answer_max_ms": round(max(answer_ms), 0),
            }
        )
    )


if __name__ == "__main__":
    main()
