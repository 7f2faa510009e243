"""Benchmark: cost of the strands SQL rules over sqlfluff's own parse, and PySpark throughput.

For every corpus query (tests/data/sql/*.yaml) it times `analyze_sql` against sqlfluff's
parse alone (the same cached Linter: same dialect, templater and parser), first with the
Python parser, then with the Rust one (sqlfluffrs, selected by sqlfluff's
``use_rust_parser`` option). The ratio analyse/parse is the price of the rules (target
<= 1.5). Then PySpark scripts analysed per second over tests/data/pyspark/*.py.

    python benchmarks/quality_sql.py [--repeat 3]

Prints a table and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import yaml

from strands_airflow.agents.quality.sql.analyzer import _linter, analyze_sql, rust_parser_available

ROOT = Path(__file__).resolve().parents[1]


def load_queries() -> list[tuple[str, str]]:
    """(sql, dialect) of every corpus case."""
    out = []
    for path in sorted((ROOT / "tests" / "data" / "sql").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for case in doc["cases"]:
            out.append((case["sql"], case.get("dialect", doc.get("dialect", "ansi"))))
    return out


def _templater(sql: str) -> str:
    return "airflow" if ("{{" in sql or "{%" in sql or "{#" in sql) else "raw"


def time_parser(queries: list[tuple[str, str]], parser: str, repeat: int) -> dict[str, float]:
    """Per-query mean ms of parse alone and of analyze_sql.

    Each query is timed `repeat` times, parse and analysis interleaved, and its best
    time kept: on a shared machine the minimum is the least noisy estimate.
    """
    for sql, dialect in queries:  # warm the Linter cache, dialects and plugin
        analyze_sql(sql, dialect, parser=parser)  # type: ignore[arg-type]
        _linter(dialect, _templater(sql), parser).parse_string(sql)
    best_parse, best_analyse = [], []
    for sql, dialect in queries:
        linter = _linter(dialect, _templater(sql), parser)
        parse_times, analyse_times = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            linter.parse_string(sql)
            t1 = time.perf_counter()
            analyze_sql(sql, dialect, parser=parser)  # type: ignore[arg-type]
            t2 = time.perf_counter()
            parse_times.append(t1 - t0)
            analyse_times.append(t2 - t1)
        best_parse.append(min(parse_times))
        best_analyse.append(min(analyse_times))
    n = len(queries)
    parse_ms = sum(best_parse) / n * 1000
    analyse_ms = sum(best_analyse) / n * 1000
    return {
        "parse_ms": round(parse_ms, 3),
        "analyze_ms": round(analyse_ms, 3),
        "ratio": round(analyse_ms / parse_ms, 3),
        "median_query_ratio": round(
            statistics.median(a / p for a, p in zip(best_analyse, best_parse, strict=True)), 3
        ),
    }


def pyspark_rate(repeat: int) -> float | None:
    """PySpark scripts analysed per second, or None when the analyser or scripts are absent."""
    scripts = sorted((ROOT / "tests" / "data" / "pyspark").glob("*.py"))
    try:
        from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark
    except ImportError:
        return None
    if not scripts:
        return None
    codes = [p.read_text() for p in scripts]
    for code in codes:
        analyze_pyspark(code)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for code in codes:
            analyze_pyspark(code)
        best = min(best, time.perf_counter() - t0)
    return round(len(codes) / best, 1)


def main() -> None:
    """Run the benchmark and print the table and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    queries = load_queries()
    results: dict[str, object] = {"queries": len(queries)}
    print(f"{len(queries)} corpus queries, best of {args.repeat} runs each")
    print(
        f"{'parser':8s} {'parse ms/query':>15s} {'analyze ms/query':>17s} {'ratio':>7s} {'median q ratio':>15s}"
    )
    for name in ("python", "rust"):
        if name == "rust" and not rust_parser_available():
            print(f"{name:8s} {'n/a (pip install sqlfluffrs)':>40s}")
            results[name] = None
            continue
        row = time_parser(queries, name, args.repeat)
        results[name] = row
        print(
            f"{name:8s} {row['parse_ms']:15.2f} {row['analyze_ms']:17.2f} "
            f"{row['ratio']:7.2f} {row['median_query_ratio']:15.2f}"
        )
    rate = pyspark_rate(args.repeat)
    results["pyspark_scripts_per_second"] = rate
    print(f"pyspark scripts/second: {rate if rate is not None else 'n/a'}")
    print(json.dumps({"benchmark": "quality_sql", **results}))


if __name__ == "__main__":
    main()
