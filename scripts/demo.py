"""Run the reference DAG several times and show the system learn (see scripts/demo.sh).

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


def main() -> int:
    ap = argparse.ArgumentParser(description="Run the Strands reference DAG several times.")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--config", default="", help="pipeline config (default: the shipped sample)")
    args = ap.parse_args()

    from airflow.dag_processing.dagbag import DagBag

    from strands_airflow.agents.learning import LearningAgent
    from strands_airflow.pipeline.sample_data import ensure_sample_data
    from strands_airflow.settings import get_settings
    from strands_airflow.vectors.store import LearningVectorStore

    log_file = Path(os.environ["AIRFLOW_HOME"]) / "demo-runs.log"
    print(
        f"Generating sample data (2M orders, 200k customers) under {get_settings().home} ...",
        flush=True,
    )
    t0 = time.perf_counter()
    ensure_sample_data()
    print(f"  ready in {time.perf_counter() - t0:.1f} s")
    with logs_to(log_file):
        dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("strands_reference_pipeline")
    if dag is None:
        print(f"the reference DAG did not load; see {log_file}")
        return 1
    print(f"Running strands_reference_pipeline {args.runs} times (task logs: {log_file})\n")
    header = f"{'run':>3}  {'platform':<10}{'confidence':>10}{'runtime s':>10}{'rows out':>10}{'quality':>8}  top recommendation"
    print(header)
    print("-" * len(header))
    failures = 0
    for i in range(1, args.runs + 1):
        with logs_to(log_file):
            dr = dag.test(run_conf={"config_path": args.config})
        x = {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in dr.get_task_instances()}
        states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
        d, e, q, o = (x.get(k) or {} for k in ("decision", "execution", "quality", "optimization"))
        recs = x.get("optimization") or []
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
    store = LearningVectorStore(get_settings().vector_store_url)
    summary = LearningAgent(store=store).learning_summary(last_n=args.runs)
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
    home = os.environ["AIRFLOW_HOME"]
    print(
        f"See it in the Airflow UI: AIRFLOW_HOME={home} .venv/bin/airflow api-server --port 8080, "
        f"then http://localhost:8080/strands/ (user admin, password in "
        f"{home}/simple_auth_manager_passwords.json.generated)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
