"""run_checks against one hand-written DuckDB query computing the same results.

Generates an orders parquet file (default 10M rows) in a temp dir with DuckDB, then times,
in the same process and alternating order:
- ``run_checks(8 typical checks, file)``: column probe + one aggregate scan (all checks pass,
  so no sample queries), report building included;
- one hand-written DuckDB query with the same 8 aggregates over ``read_parquet``.
Also reports parse_request p50 / p99 latency over the three request sets (rules only).

    .venv/bin/python benchmarks/quality_checks.py [--rows 10000000] [--repeat 3]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

from strands_airflow.agents.quality.checks import run_checks
from strands_airflow.agents.quality.checks.compile import FORMAT_PATTERNS
from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request_rules
from strands_airflow.exceptions import QualityRequestError

CHECKS = [
    Check(kind="not_null", columns=["customer_id"]),
    Check(kind="unique", columns=["order_id"]),
    Check(kind="range", columns=["quantity"], min=0),
    Check(kind="range", columns=["amount"], min=0, max=10000),
    Check(kind="accepted_values", columns=["status"], values=["pending", "shipped", "delivered"]),
    Check(kind="format", columns=["email"], format="email"),
    Check(kind="freshness", columns=["updated_at"], max_age_seconds=86400),
    Check(kind="row_count", min=1),
]

EMAIL = FORMAT_PATTERNS["email"].replace("'", "''")
HAND = f"""
SELECT COUNT(*),
       COUNT(*) FILTER (WHERE customer_id IS NULL),
       COUNT(order_id) - COUNT(DISTINCT order_id),
       COUNT(*) FILTER (WHERE quantity < 0),
       COUNT(*) FILTER (WHERE amount < 0 OR amount > 10000),
       COUNT(*) FILTER (WHERE status IS NOT NULL AND status NOT IN ('pending', 'shipped', 'delivered')),
       COUNT(*) FILTER (WHERE email IS NOT NULL AND NOT regexp_matches(email, '{EMAIL}')),
       MAX(updated_at)
FROM read_parquet('PATH')
"""


def generate(path: Path, rows: int) -> None:
    con = duckdb.connect()
    con.execute(
        f"""COPY (
          SELECT i AS order_id, i % 100000 AS customer_id, i % 7 AS quantity,
                 (i % 9973) * 1.0 AS amount,
                 CASE i % 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'shipped' ELSE 'delivered' END AS status,
                 'user' || (i % 100000) || '@example.com' AS email,
                 now()::TIMESTAMP - to_seconds(i % 3600) AS updated_at
          FROM range({rows}) t(i)) TO '{path}' (FORMAT parquet)"""
    )
    con.close()


def time_ours(path: Path) -> float:
    t = time.perf_counter()
    report = run_checks(CHECKS, str(path))
    elapsed = time.perf_counter() - t
    assert report.overall_score == 1.0, [r.message for r in report.failed_checks]
    return elapsed


def time_hand(path: Path) -> float:
    t = time.perf_counter()
    con = duckdb.connect()
    row = con.execute(HAND.replace("PATH", str(path))).fetchone()
    con.close()
    elapsed = time.perf_counter() - t
    assert row is not None and row[1] == 0 and row[2] == 0
    return elapsed


def parse_latency() -> tuple[float, float, int]:
    data = Path(__file__).parents[1] / "tests" / "data"
    requests = []
    for name in ("nl_requests.yaml", "nl_requests_dev2.yaml", "nl_blind.yaml"):
        if (data / name).exists():
            corpus = yaml.safe_load((data / name).read_text())
            requests += [
                (c["request"], c.get("columns"))
                for c in corpus
                if not c.get("error") and c.get("expect") != "error"
            ]
    samples = []
    for _ in range(5):
        for text, cols in requests:
            t = time.perf_counter()
            try:
                parse_request_rules(text, cols)
            except QualityRequestError:
                pass  # a request the parser misreads still costs its time
            samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.99 * (len(samples) - 1))], len(requests)


def main() -> None:
    logging.getLogger("strands_airflow").setLevel(
        logging.ERROR
    )  # the corpus has SQL fragments it drops
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="strands-quality-bench-") as tmp:
        path = Path(tmp) / "orders.parquet"
        t = time.perf_counter()
        generate(path, args.rows)
        gen = time.perf_counter() - t
        time_hand(path)  # warm the OS cache once
        ours, hand = [], []
        for i in range(args.repeat):
            if i % 2 == 0:
                ours.append(time_ours(path))
                hand.append(time_hand(path))
            else:
                hand.append(time_hand(path))
                ours.append(time_ours(path))
        queries = run_checks(CHECKS, str(path)).queries
    p50, p99, n_req = parse_latency()
    o, h = statistics.median(ours), statistics.median(hand)
    print(f"rows: {args.rows:,}  file generated in {gen:.1f}s  repeats: {args.repeat}")
    print(f"{'what':<40}{'median s':>10}{'runs':>30}")
    print(f"{'run_checks (8 checks)':<40}{o:>10.3f}{str([round(x, 3) for x in ours]):>30}")
    print(f"{'hand-written DuckDB query':<40}{h:>10.3f}{str([round(x, 3) for x in hand]):>30}")
    print(
        f"ratio run_checks / hand-written: {o / h:.3f}  (queries issued by run_checks: {queries})"
    )
    print(f"parse_request over {n_req} corpus requests: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    print(
        json.dumps(
            {
                "benchmark": "quality_checks",
                "rows": args.rows,
                "checks": len(CHECKS),
                "run_checks_s": round(o, 4),
                "hand_query_s": round(h, 4),
                "ratio": round(o / h, 4),
                "run_checks_queries": queries,
                "parse_request_p50_ms": round(p50, 3),
                "parse_request_p99_ms": round(p99, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
