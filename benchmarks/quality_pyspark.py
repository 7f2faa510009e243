"""Benchmark: `analyze_pyspark` over the PySpark corpus against `ast.parse` alone.

Prints per-script time of Python's parse (the floor: every analyser pays it), of the
PySpark rules (parse + tracker walk + rules, no SQL), and of the full analysis with the
SQL rules on `spark.sql` texts, cold (SQL cache cleared) and warm; then scripts per second.
Ends with one JSON line.

    python benchmarks/quality_pyspark.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import ast
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _best(fn, codes: list[str], repeat: int) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for code in codes:
            fn(code)
        best = min(best, time.perf_counter() - t0)
    return best / len(codes)


def main() -> None:
    """Run the benchmark and print the table and the JSON line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from strands_airflow.agents.quality.pyspark import analyzer
    from strands_airflow.agents.quality.pyspark.rules import RULES, RuleContext
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

    codes = [p.read_text() for p in sorted((ROOT / "tests" / "data" / "pyspark").glob("*.py"))]

    def rules_only(code: str) -> None:
        facts = Tracker(None).run(ast.parse(code))
        ctx = RuleContext(facts, code.splitlines())
        for rule in RULES:
            list(rule.check(ctx))

    def full_cold(code: str) -> None:
        analyzer._cached_sql.cache_clear()
        analyzer.analyze_pyspark(code, timeout_seconds=60)

    def full_warm(code: str) -> None:
        analyzer.analyze_pyspark(code, timeout_seconds=60)

    for code in codes:  # warm imports (sqlfluff, dialect) once
        full_warm(code)
    rows = {
        "ast.parse only": _best(ast.parse, codes, args.repeat),
        "pyspark rules (no SQL)": _best(rules_only, codes, args.repeat),
        "full, SQL cold": _best(full_cold, codes, max(1, args.repeat // 2)),
        "full, SQL cached": _best(full_warm, codes, args.repeat),
    }
    base = rows["ast.parse only"]
    print(f"{len(codes)} corpus scripts, best of {args.repeat} rounds")
    print(f"{'step':26s} {'ms/script':>10s} {'x parse':>8s} {'scripts/s':>10s}")
    for name, sec in rows.items():
        print(f"{name:26s} {sec * 1000:10.3f} {sec / base:8.2f} {1 / sec:10.1f}")
    print(
        json.dumps(
            {
                "benchmark": "quality_pyspark",
                "scripts": len(codes),
                "parse_ms": round(base * 1000, 3),
                "rules_ms": round(rows["pyspark rules (no SQL)"] * 1000, 3),
                "rules_vs_parse_ratio": round(rows["pyspark rules (no SQL)"] / base, 2),
                "scripts_per_second_no_sql": round(1 / rows["pyspark rules (no SQL)"], 1),
                "scripts_per_second_sql_cold": round(1 / rows["full, SQL cold"], 1),
                "scripts_per_second_sql_cached": round(1 / rows["full, SQL cached"], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
