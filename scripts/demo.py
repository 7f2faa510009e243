"""Run the reference DAG several times and show the system learn (see scripts/demo.sh).

Two sample pipelines on demo-sized sample data: the SQL one (`orders_daily`), which the
decision agent may run on local DuckDB or on Spark (spark-submit, local[*]), so it tries
both and settles on the faster one; then the PySpark one, which only Spark can run. Without
Java 17+ or pyspark the demo says so and runs local DuckDB only.

Each run goes through Airflow's own `dag.test()` (real task instances and XComs); Airflow's
task logs go to $AIRFLOW_HOME/demo-runs.log so the terminal shows one line per run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def logs_to(path: Path):
    """Send this process's stdout/stderr (file descriptors too) to `path` for a while."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "a") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def demo_configs(home: Path, orders: int, spark: bool) -> dict[str, Path]:
    """Copies of the two sample pipelines on demo-sized sample data (under `home`/demo).

    The SQL pipeline (`orders_daily`) may run on local DuckDB or Spark (Spark only when
    it can run here); the PySpark one (`orders_pyspark`) only on Spark.
    """
    import json
    import shutil

    from strands_airflow.pipeline.sample_data import ensure_sample_data, samples_dir

    data = ensure_sample_data(home / "demo", orders=orders, customers=max(orders // 10, 1000))
    gb = sum(Path(p).stat().st_size for p in data.values()) / 1e9
    out: dict[str, Path] = {}
    for name in ("orders_daily", "orders_pyspark"):
        cfg = json.loads((samples_dir() / f"{name}.json").read_text())
        cfg["sources"]["orders"]["uri"] = data["orders"]
        cfg["sources"]["customers"]["uri"] = data["customers"]
        cfg["workload"]["data_volume_gb"] = round(gb, 4)
        transform = cfg["transform"]
        (home / "demo").mkdir(parents=True, exist_ok=True)
        for key in ("sql_file", "pyspark"):
            if transform.get(key):
                # beside the demo's config: a sql_file must stay inside the config's folder
                shutil.copy(samples_dir() / transform[key], home / "demo" / transform[key])
        cfg["platforms"]["spark"]["enabled"] = spark
        path = home / "demo" / f"{name}.json"
        path.write_text(json.dumps(cfg, indent=2))
        out[name] = path
    return out


def run_pipeline(dag, config: str, runs: int, log_file: Path, title: str) -> int:
    """Run the DAG `runs` times on `config`, one table row per run; returns the failures."""
    print(f"\n{title}")
    header = (
        f"{'run':>3}  {'platform':<10}{'confidence':>10}{'runtime s':>10}{'rows out':>10}"
        f"{'quality':>8}  top recommendation"
    )
    print(header)
    print("-" * len(header))
    failures = 0
    for i in range(1, runs + 1):
        with logs_to(log_file):
            dr = dag.test(run_conf={"config_path": config})
        x = {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in dr.get_task_instances()}
        states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
        d, e, q = (x.get(k) or {} for k in ("decision", "execution", "quality"))
        recs = (x.get("optimization") or {}).get("recommendations") or []
        top = recs[0]["action"] if recs else "-"
        if dr.state != "success":
            failures += 1
            bad = ", ".join(f"{t}={s}" for t, s in states.items() if s != "success")
            top = f"run {dr.state}: {bad} (see {log_file})"
        print(
            f"{i:>3}  {d.get('selected_platform', '-'):<10}{d.get('confidence', 0):>10.2f}"
            f"{e.get('execution_time_seconds', 0):>10.2f}{e.get('rows_out') or 0:>10}"
            f"{q.get('overall_score', 0):>8.2f}  {top[:90]}",
            flush=True,
        )
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description="Run the Strands reference DAG several times.")
    ap.add_argument("--runs", type=int, default=8, help="runs of the SQL pipeline")
    ap.add_argument("--pyspark-runs", type=int, default=1, help="runs of the PySpark pipeline")
    ap.add_argument(
        "--orders",
        type=int,
        default=200_000,
        help="sample orders for the demo (the shipped sample has 2M; Spark's JVM start "
        "dominates either way, and fewer rows keep the demo within a few minutes)",
    )
    ap.add_argument("--config", default="", help="your own pipeline config (instead of the samples)")
    args = ap.parse_args()

    from airflow.dag_processing.dagbag import DagBag

    from strands_airflow.agents.learning import LearningAgent
    from strands_airflow.execution.spark_env import spark_unavailable_reason
    from strands_airflow.settings import get_settings
    from strands_airflow.vectors.store import LearningVectorStore

    log_file = Path(os.environ["AIRFLOW_HOME"]) / "demo-runs.log"
    home = Path(get_settings().home)
    failures = 0
    why_not_spark = spark_unavailable_reason()
    if why_not_spark:
        print(f"Spark cannot run here, so the demo runs on local DuckDB only:\n  {why_not_spark}")
    with logs_to(log_file):
        dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("strands_reference_pipeline")
    if dag is None:
        print(f"the reference DAG did not load; see {log_file}")
        return 1
    print(f"Task logs: {log_file}")
    if args.config:
        failures += run_pipeline(dag, args.config, args.runs, log_file, f"Pipeline {args.config}")
    else:
        print(
            f"Generating sample data ({args.orders:,} orders, {max(args.orders // 10, 1000):,} "
            f"customers) under {home / 'demo'} ...",
            flush=True,
        )
        t0 = time.perf_counter()
        configs = demo_configs(home, args.orders, spark=not why_not_spark)
        print(f"  ready in {time.perf_counter() - t0:.1f} s")
        engines = "local DuckDB or Spark" if not why_not_spark else "local DuckDB"
        failures += run_pipeline(
            dag,
            str(configs["orders_daily"]),
            args.runs,
            log_file,
            f"1. orders_daily (SQL): the decision agent picks {engines}, learning from each run",
        )
        if not why_not_spark and args.pyspark_runs > 0:
            failures += run_pipeline(
                dag,
                str(configs["orders_pyspark"]),
                args.pyspark_runs,
                log_file,
                "2. orders_enrichment_spark (a PySpark script): only Spark can run it",
            )
    store = LearningVectorStore(get_settings().vector_store_url)
    total_runs = args.runs + (0 if args.config or why_not_spark else args.pyspark_runs)
    summary = LearningAgent(store=store).learning_summary(last_n=total_runs)
    platforms = ", ".join(f"{p}: {n} runs" for p, n in (summary.get("platforms") or {}).items())
    trend = summary.get("trend") or {}
    print(f"\nWhat the system has learned ({summary.get('total_runs', 0)} runs)")
    print(f"  success rate {summary.get('success_rate', 0):.0%}; {platforms}")
    print(
        f"  runtime mean {summary.get('mean_execution_time_seconds') or 0:.2f} s, "
        f"p90 {summary.get('p90_execution_time_seconds') or 0:.2f} s, trend {trend.get('direction', '-')}"
    )
    insights = summary.get("recent_insights") or []
    if insights:
        print(f"  latest insight: {insights[0]}")
    print(f"\nLearning vectors in {store.url}: {store.count()}")
    home_dir = os.environ["AIRFLOW_HOME"]
    print(
        f"See it in the Airflow UI: AIRFLOW_HOME={home_dir} .venv/bin/airflow api-server --port 8080, "
        f"then http://localhost:8080/strands/ (user admin, password in "
        f"{home_dir}/simple_auth_manager_passwords.json.generated)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
