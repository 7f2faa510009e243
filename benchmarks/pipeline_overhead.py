"""What the Strands pipeline costs on top of the work it does.

1. DAG parse time: executing `dags/strands_reference_pipeline.py` against a plain five-task
   `airflow.sdk` DAG (five @task functions in a chain), each in a fresh interpreter (as the
   DAG processor does), alternating, median of N. Both pay for `import airflow.sdk`.
2. Pipeline wall time on the embedded defaults (in-process bus, file store, local DuckDB)
   for the shipped `orders_daily` sample (2M orders), through `dag.test()` and through
   `StrandsCoordinator`, against the same SQL run alone in DuckDB (read the parquet
   sources, write the parquet target) in the same process.

    python benchmarks/pipeline_overhead.py [--parse-runs 7] [--runs 3]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "dags" / "strands_reference_pipeline.py"

PLAIN_DAG = textwrap.dedent(
    """
    from datetime import datetime
    from airflow.sdk import DAG, task

    with DAG("plain_five_tasks", schedule=None, start_date=datetime(2025, 1, 1), tags=["plain"]):
        @task
        def decision(): return {}
        @task
        def execution(x): return x
        @task
        def quality(x): return x
        @task
        def optimization(x): return x
        @task
        def learning(x): return x
        learning(optimization(quality(execution(decision()))))
    """
)

PARSE_SNIPPET = (
    "import runpy, sys, time; t = time.perf_counter(); runpy.run_path(sys.argv[1]); "
    "print(time.perf_counter() - t)"
)


def parse_seconds(path: Path, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PARSE_SNIPPET, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def bench_parse(runs: int, env: dict[str, str]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain_dag.py"
        plain.write_text(PLAIN_DAG)
        parse_seconds(REFERENCE, env)  # warm the OS file cache for both
        parse_seconds(plain, env)
        ours, base = [], []
        for _ in range(runs):
            ours.append(parse_seconds(REFERENCE, env))
            base.append(parse_seconds(plain, env))
    return statistics.median(ours), statistics.median(base)


def duckdb_alone(config) -> float:
    import duckdb

    con = duckdb.connect()
    t0 = time.perf_counter()
    for name, loc in config.sources.items():
        con.execute(f"CREATE OR REPLACE VIEW \"{name}\" AS SELECT * FROM read_parquet('{loc.uri}')")
    sql = config.transform.sql_text(Path(config.base_dir))
    target = Path(tempfile.mkdtemp()) / "direct.parquet"
    con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parse-runs", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    home = Path(tempfile.mkdtemp(prefix="strands-bench-"))
    os.environ.update(
        {
            "AIRFLOW_HOME": str(home / "airflow"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__STRANDS__HOME": str(home / "strands"),
        }
    )
    for var in [
        k for k in os.environ if k.startswith("AIRFLOW_CONN_") or k == "AIRFLOW__STRANDS__BUS_URL"
    ]:
        del os.environ[var]
    env = dict(os.environ)

    parse_ours, parse_plain = bench_parse(args.parse_runs, env)

    from strands_airflow.pipeline.config import load_pipeline_config
    from strands_airflow.pipeline.sample_data import ensure_sample_data, sample_config_path

    ensure_sample_data()
    config = load_pipeline_config(sample_config_path("orders_daily"))

    from airflow.utils import db

    db.resetdb()
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(REFERENCE)).get_dag("strands_reference_pipeline")
    from strands_airflow import StrandsEnhancedOrchestrator

    dag.test()  # warm-up: first dag.test() in a process pays Airflow's start-up
    StrandsEnhancedOrchestrator(bus_url="memory://").orchestrate("warm-up", sample_config_path())
    duckdb_alone(config)
    dag_times, coord_times, direct_times = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        dr = dag.test()
        dag_times.append(time.perf_counter() - t0)
        assert dr.state == "success", f"reference DAG run {dr.state}"
        t0 = time.perf_counter()
        res = StrandsEnhancedOrchestrator(bus_url="memory://").orchestrate(
            "bench", sample_config_path()
        )
        coord_times.append(time.perf_counter() - t0)
        assert res["status"] == "completed", res.get("error")
        direct_times.append(duckdb_alone(config))
    dag_s, coord_s, direct_s = (
        statistics.median(x) for x in (dag_times, coord_times, direct_times)
    )
    out = {
        "parse_reference_dag_s": round(parse_ours, 4),
        "parse_plain_five_task_dag_s": round(parse_plain, 4),
        "parse_ratio": round(parse_ours / parse_plain, 3),
        "pipeline_dag_test_s": round(dag_s, 3),
        "pipeline_coordinator_s": round(coord_s, 3),
        "same_sql_in_duckdb_s": round(direct_s, 3),
        "dag_test_overhead_s": round(dag_s - direct_s, 3),
        "dag_test_ratio": round(dag_s / direct_s, 2),
        "coordinator_overhead_s": round(coord_s - direct_s, 3),
        "coordinator_ratio": round(coord_s / direct_s, 2),
        "orders_rows": 2_000_000,
        "runs": args.runs,
    }
    print(f"{'measure':<44}{'seconds':>10}")
    print(f"{'parse reference DAG (fresh interpreter)':<44}{parse_ours:>10.3f}")
    print(f"{'parse plain five-task airflow.sdk DAG':<44}{parse_plain:>10.3f}")
    print(f"{'  ratio (target <= 1.3)':<44}{out['parse_ratio']:>10.3f}")
    print(f"{'whole pipeline, dag.test()':<44}{dag_s:>10.3f}")
    print(f"{'whole pipeline, StrandsCoordinator':<44}{coord_s:>10.3f}")
    print(f"{'same SQL alone in DuckDB':<44}{direct_s:>10.3f}")
    print(
        f"{'  dag.test() overhead (s / ratio)':<44}{out['dag_test_overhead_s']:>10.3f} / {out['dag_test_ratio']}"
    )
    print(
        f"{'  coordinator overhead (s / ratio)':<44}{out['coordinator_overhead_s']:>10.3f} / {out['coordinator_ratio']}"
    )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
