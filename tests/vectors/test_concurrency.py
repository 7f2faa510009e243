"""Concurrent writers and compaction killed midway: real processes, real signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import uuid

import pytest
from vectors_support import EXIT_AFTER_WORK, assert_snapshot_consistent, make_vector

from strands_airflow.vectors import layout
from strands_airflow.vectors.store import LearningVectorStore

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, timezone
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    url, writer, n, threshold = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    # Small threshold: both writers also compact automatically while the other writes.
    store = LearningVectorStore(url, compact_threshold=threshold, compaction_grace_seconds=1.5)
    for i in range(n):
        # Pace the writes so they span several grace periods: both writers then
        # compact while the other one is still writing.
        time.sleep(0.003 if url.startswith("file:") else 0.012)
        store.put(LearningVector.from_run(
            workload={"data_volume_gb": i % 40, "num_joins": i % 4},
            platform=("glue", "local")[i % 2],
            metrics={"execution_time_seconds": float(i), "success": True},
            run_key=("concurrent", f"{writer}_{i}", "learning"),
        ))
    print(store.stats()["compactions"])
    """
) + EXIT_AFTER_WORK


def _run_writers(url: str, n: int, threshold: int = 150) -> list[int]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, name, str(n), str(threshold)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    compactions = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err[-2000:]
        compactions.append(int(out.strip().splitlines()[-1]))
    return compactions


def test_two_processes_put_1000_each_on_a_file_store(tmp_path):
    url = (tmp_path / "store").as_uri()
    compactions = _run_writers(url, 1000)
    assert sum(compactions) >= 2  # they really compacted while the other wrote
    assert_snapshot_consistent(url)
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    assert store.count() == 2000 and store.stats()["corrupt_objects"] == 0
    assert store.compact()["snapshot_vectors"] == 2000
    assert assert_snapshot_consistent(url) == 2000
    assert len(LearningVectorStore(url).history()) == 2000


def test_two_processes_write_and_compact_one_s3_store(bucket):
    # Same race over S3 (moto server); 2 x 200 keeps the suite quick, the file-store
    # test above carries the full 2 x 1,000.
    url = f"s3://{bucket}/concurrent"
    assert sum(_run_writers(url, 200, threshold=50)) >= 1
    assert_snapshot_consistent(url)
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    assert store.count() == 400
    store.compact()
    assert assert_snapshot_consistent(url) == 400


KILLED_COMPACTOR = textwrap.dedent(
    """
    import os, sys, time
    from strands_airflow.vectors.store import LearningVectorStore

    url, stage = sys.argv[1], sys.argv[2]
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    store.count()
    backend = store.backend
    real_put_file, real_put_if = backend.put_file, backend.put_if

    def put_file(key, path):
        if stage == "snapshot":
            # Die with half the partition on disk: its temp file is complete, the move is not.
            print("READY", flush=True)
            time.sleep(600)
        return real_put_file(key, path)

    def put_if(key, data, version):
        if stage == "manifest" and key.endswith("manifest.json"):
            print("READY", flush=True)  # the new partitions are written, the switch is not
            time.sleep(600)
        return real_put_if(key, data, version)

    backend.put_file, backend.put_if = put_file, put_if
    store.compact(rebuild=sys.argv[3] == "rebuild")
    """
)


@pytest.mark.parametrize("stage", ["snapshot", "manifest"])
@pytest.mark.parametrize("mode", ["tail", "rebuild"])
def test_compaction_killed_midway_loses_nothing(tmp_path, stage, mode):
    url = (tmp_path / f"store-{uuid.uuid4().hex[:6]}").as_uri()
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(300):
        store.put(make_vector(i))
    store.compact()
    for i in range(300, 400):
        store.put(make_vector(i))
    before = json.loads(store.backend.get(layout.manifest_key("learning")))

    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_COMPACTOR, url, stage, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "READY", proc.stderr.read()[-2000:]
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # The old manifest still rules; every vector is readable.
    after = json.loads(store.backend.get(layout.manifest_key("learning")))
    assert after == before
    reader = LearningVectorStore(url, compaction_grace_seconds=0, orphan_age_seconds=0)
    assert reader.count() == 400
    assert assert_snapshot_consistent(url) == 300
    # The next compaction succeeds, and removes what the killed one left behind.
    result = reader.compact(rebuild=True)
    assert result["snapshot_vectors"] == 400 and result["orphans_removed"] >= 1
    assert assert_snapshot_consistent(url) == 400
    leftovers = [p.name for p in (tmp_path).rglob(".tmp-*")]
    assert leftovers == []
    assert LearningVectorStore(url).count() == 400


DECIDER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.context import PipelineRun, RunContext

    url, go, run_id = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    while not go.exists():
        time.sleep(0.002)
    started = time.time()
    run = PipelineRun(
        config=None, dag_id="etl_dag", run_id=run_id, context=RunContext(store_url=url),
        workload={"data_volume_gb": 3.0, "num_joins": 1, "transform": "sql"},
    )
    decision = steps.decide(run, platforms=["glue", "local", "lambda"])
    print(json.dumps({"n_history": decision.n_history, "started": started}))
    """
) + EXIT_AFTER_WORK

LATE_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[3])
    from vectors_support import make_vector
    from strands_airflow.vectors.store import LearningVectorStore

    url, go = sys.argv[1], Path(sys.argv[2])
    store = LearningVectorStore(url)
    store.count()
    while not go.exists():
        time.sleep(0.002)
    for i in range(100, 105):  # runs finishing while the two decisions are being made
        store.put(make_vector(i, run="late"))
        time.sleep(0.02)
    """
) + EXIT_AFTER_WORK


def test_two_decisions_at_the_same_moment_each_see_every_finished_run(bucket, tmp_path):
    """Two runs decide at once (two processes, as on two Celery workers) while other runs
    finish: each decision's history holds every run finished before it started, and no
    run that had not been written yet."""
    url = f"s3://{bucket}/decide"
    store = LearningVectorStore(url)
    for i in range(12):
        store.put(make_vector(i))
    go = tmp_path / "go"
    here = os.path.dirname(__file__)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", DECIDER, url, str(go), f"run_{name}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    writer = subprocess.Popen(
        [sys.executable, "-c", LATE_WRITER, url, str(go), here],
        stderr=subprocess.PIPE,
        text=True,
    )
    import time

    time.sleep(1.5)  # every process imported and waiting
    go.touch()
    seen = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        seen.append(json.loads(out.strip().splitlines()[-1])["n_history"])
    assert writer.wait(timeout=120) == 0, writer.stderr.read()[-2000:]
    # 12 runs had finished before either started; at most the 5 late ones on top
    assert all(12 <= n <= 17 for n in seen), seen
    assert LearningVectorStore(url).count() == 17


LEARNER = textwrap.dedent(
    """
    import sys
    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.context import PipelineRun, RunContext

    url, runs = sys.argv[1], sys.argv[2].split(",")
    for run_id in runs:
        run = PipelineRun(
            config=None, dag_id="etl_dag", run_id=run_id, context=RunContext(store_url=url),
            workload={"data_volume_gb": 3.0, "num_joins": 1, "transform": "sql"},
        )
        execution = {"platform": "local", "success": True, "execution_time_seconds": 2.0,
                     "external_id": run_id}
        decision = {"selected_platform": "local", "confidence": 0.5}
        steps.learn(run, decision, execution, None, None)
    """
) + EXIT_AFTER_WORK


def test_concurrent_learning_steps_neither_lose_nor_duplicate_a_vector(bucket, s3_client):
    """Three processes learn 24 runs at once; then each run's learning is retried in a new
    process (a task retried on another worker): one object per run, the same vector id."""
    from strands_airflow.vectors.model import LearningVector

    url = f"s3://{bucket}/learn"
    runs = [f"run_{i}" for i in range(24)]

    def learn_all(groups):
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", LEARNER, url, ",".join(g)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for g in groups
        ]
        for p in procs:
            assert p.wait(timeout=180) == 0, p.stderr.read()[-2000:]

    learn_all([runs[i::3] for i in range(3)])
    learn_all([runs[i::2] for i in range(2)])  # every run again, in other processes
    keys = [
        o["Key"]
        for page in s3_client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix="learn/learning/vectors/learning/"
        )
        for o in page.get("Contents", [])
    ]
    ids = sorted(layout.key_vector_id(k) for k in keys)
    assert ids == sorted(LearningVector.id_for_run(("etl_dag", r, "learning")) for r in runs)
    assert LearningVectorStore(url).count() == 24
