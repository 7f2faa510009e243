"""The multi-process cluster (`scripts/cluster.sh`) and its short soak, as CI runs them.

Real processes: PostgreSQL on 127.0.0.1:5432, the cluster's own redis-server, moto's
server, the Airflow scheduler, dag-processor, triggerer, api-server and two Celery
workers. The cluster here runs on ports of its own (not the defaults a developer's
`make cluster-up` uses) from `.cluster-ci/`; when a check fails, its logs are copied to
`artifacts/cluster-soak-<time>/` and the failure message names that folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "scripts" / "cluster.sh"



@pytest.fixture(autouse=True, scope="module")
def _postgres() -> None:
    """The cluster's metadata database: without it these tests fail, never skip."""
    ready = shutil.which("pg_isready") is not None and (
        subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0
    )
    if not ready:
        pytest.fail("the cluster needs PostgreSQL on 127.0.0.1:5432 (scripts/ensure_services.sh)")


def cluster_env(tmp: Path, base: int) -> dict[str, str]:
    """The caller's environment without Airflow / provider settings, plus the cluster's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "STRANDS_"))}
    env.update(
        VENV=sys.prefix,
        STRANDS_CLUSTER_DIR=str(tmp),
        STRANDS_CLUSTER_DB=f"strands_cluster_ci_{base}",
        STRANDS_CLUSTER_API_PORT=str(base),
        STRANDS_CLUSTER_LOG_PORT_BASE=str(base + 1),
        STRANDS_CLUSTER_REDIS_PORT=str(base + 10),
        STRANDS_CLUSTER_MOTO_PORT=str(base + 11),
        STRANDS_CLUSTER_S3_PORT=str(base + 12),
    )
    return env


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_up_with_a_port_taken_names_it_and_starts_nothing(tmp_path):
    env = cluster_env(tmp_path / "c", 18880)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 18892))  # the S3 endpoint's port
        taken.listen()
        res = subprocess.run(
            ["bash", str(CLUSTER), "up"], env=env, capture_output=True, text=True, timeout=60
        )
    assert res.returncode != 0
    assert "port 18892 (for s3) is already in use" in res.stderr
    assert not list((tmp_path / "c" / "pids").glob("*.pid"))
    assert not listening(18890) and not listening(18891)  # redis and moto never started


def test_up_failing_midway_stops_what_it_had_started(tmp_path):
    """Redis, moto and the S3 endpoint are up when the database step fails (a PostgreSQL
    role that does not exist): `up` says so and stops all three."""
    env = cluster_env(tmp_path / "c", 18980) | {"STRANDS_CLUSTER_PG_USER": "no_such_role_x"}
    res = subprocess.run(
        ["bash", str(CLUSTER), "up"], env=env, capture_output=True, text=True, timeout=180
    )
    assert res.returncode != 0
    assert "redis on 18990 ready" in res.stdout  # it had started things
    assert "'up' failed; stopping what it started" in res.stderr
    assert 'role "no_such_role_x" does not exist' in res.stderr
    assert not list((tmp_path / "c" / "pids").glob("*.pid"))
    time.sleep(0.5)
    assert not any(listening(p) for p in (18990, 18991, 18992))


@pytest.mark.timeout(1500)
def test_short_soak_survives_a_worker_killed_mid_task():
    """`cluster_soak.py --runs 4 --faults worker`: every run succeeds, the killed task is
    retried on the other worker, one vector and one LEARNING_UPDATE per run, nothing
    pending or dead-lettered, every decision saw every run finished before it. The
    overhead figures (runs of the empty DAG after the soak) are the benchmark's, not
    asserted here, so the test runs none of them."""
    state = ROOT / ".cluster-ci"
    env = cluster_env(state, 18780)
    env["STRANDS_REFERENCE_RETRY_DELAY_SECONDS"] = "5"  # the killed task's retry, sooner
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "cluster_soak.py"), "--runs", "4"]
        + ["--faults", "worker", "--overhead-runs", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1400,
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith('{"benchmark"')), None)
    res = json.loads(line) if line else None
    problems = []
    if res is None:
        problems.append(f"no result (exit {proc.returncode}): {proc.stderr[-3000:]}")
    else:
        if res["succeeded"] != 4:
            problems.append(f"runs failed: {res['failed']}")
        if not (res.get("worker_kill") or {}).get("retried_elsewhere"):
            problems.append(
                f"killed task not retried on the other worker: {res.get('worker_kill')}"
            )
        v = res["vectors"]
        if v["expected"] != 4 or v["stored"] != 4 or v["lost"] or v["duplicate_objects"]:
            problems.append(f"vectors: {v}")
        lu = res["learning_updates"]
        if lu["runs_with_one"] != 4 or lu["extra"] or lu["pending"] or lu["outbox_left"]:
            problems.append(f"LEARNING_UPDATE: {lu}")
        if res["dead_letters"]:
            problems.append(f"dead letters: {res['dead_letters']}")
        if not res["decisions"]["all_saw_history"] or res["decisions"]["checked"] != 4:
            problems.append(f"decisions: {res['decisions']}")
    if problems:
        keep = ROOT / "artifacts" / f"cluster-soak-{time.strftime('%Y%m%d-%H%M%S')}"
        keep.mkdir(parents=True, exist_ok=True)
        for part in ("logs", "airflow/logs"):
            if (state / part).exists():
                shutil.copytree(state / part, keep / part.replace("/", "-"), dirs_exist_ok=True)
        (keep / "soak.out").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
        pytest.fail(f"cluster soak: {'; '.join(problems)}\ncluster logs kept in {keep}")
