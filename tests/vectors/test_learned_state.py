"""Learned state next to the snapshot: incremental = rebuilt, unusable states rebuilt and
logged, killed updates harmless, concurrent updaters lose nothing (file system and S3)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import uuid

import numpy as np
import pytest
from vectors_support import EXIT_AFTER_WORK, LogRecorder, make_vector

import strands_airflow  # noqa: F401 - registers the learned-state kinds
from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.agents.decision.learned_state import DecisionFolder
from strands_airflow.vectors import layout, learned_state
from strands_airflow.vectors.store import LearningVectorStore

KEY = learned_state.state_key("learning", "decision")


def _vector(i: int, run: str = "run"):
    # Varied workloads and outcomes, so every model part learns something.
    return make_vector(
        i,
        run=run,
        platform=("glue", "local", "lambda", "emr_serverless")[i % 4],
        execution_time_seconds=5.0 + (i * 37) % 400,
        success=i % 7 != 0,
        cost_estimate_usd=0.01 * (1 + i % 13),
    )


def _stored(store):
    folder = DecisionFolder()
    return learned_state.decode(store.backend.get(KEY), folder)


def _arrays(state):
    return DecisionFolder().dump(state.model)


def _assert_same(a, b):
    da, db = _arrays(a), _arrays(b)
    assert set(da) == set(db)
    for k in da:
        np.testing.assert_allclose(da[k], db[k], rtol=1e-9, atol=1e-12, err_msg=k)
    assert a.seq == b.seq and a.pending_rows == b.pending_rows


WORKLOADS = [
    {"data_volume_gb": gb, "num_joins": j, "transform": t}
    for gb in (0.5, 8, 40, 300)
    for j in (0, 4)
    for t in ("sql", "pyspark")
]


def _picks(url):
    agent = DecisionAgent(store=LearningVectorStore(url), random_state=11)
    return [agent.decide(w).selected_platform for w in WORKLOADS]


@pytest.fixture(params=["memory", "file"])
def url(request, tmp_path):
    if request.param == "memory":
        return f"memory://state-{uuid.uuid4().hex}"
    return (tmp_path / "store").as_uri()


def test_incremental_updates_equal_a_full_rebuild_and_give_the_same_picks(url, monkeypatch):
    # Folding in chunks of 512 rows instead of 4096: the same chunk arithmetic on an eighth
    # of the rows (the full-size shape took ~70 s of CI on the file store).
    monkeypatch.setattr(learned_state, "FOLD_CHUNK", 512)
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    # Three compactions of uneven sizes: a chunk boundary falls inside the first and the
    # third, none inside the short second one (its rows stay pending in the state).
    for lo, hi in ((0, 625), (625, 662), (662, 1137)):
        for i in range(lo, hi):
            store.put(_vector(i))
        assert store.compact()["added"] == hi - lo
    for i in range(1137, 1167):  # a tail the state does not cover
        store.put(_vector(i))
    incremental = _stored(store)
    assert incremental.seq == 1137 and incremental.generation == 3
    assert incremental.pending_rows == 1137 - 1024
    picks_incremental = _picks(url)

    rebuilt, done = learned_state.update(store, DecisionFolder(), force_rebuild=True)
    assert done["rebuilt"] and done["folded"] == 1137
    _assert_same(incremental, rebuilt)
    _assert_same(_stored(store), rebuilt)
    assert _picks(url) == picks_incremental


def test_a_decision_from_the_state_equals_one_from_the_whole_history(url):
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    for i in range(2000):
        store.put(_vector(i))
    store.compact()
    for i in range(2000, 2040):
        store.put(_vector(i))
    cold = LearningVectorStore(url)
    agent = DecisionAgent(store=cold, random_state=3)
    agent.decide(WORKLOADS[0])
    assert agent.uses_learned_state and agent.learner.n_observed == 2040
    assert not cold._loaded  # the snapshot was never loaded whole (stats() would load it)
    # The state path folds the snapshot in aligned chunks, the history path in one batch:
    # the statistics agree closely, the predictions too.
    full = DecisionAgent(store=LearningVectorStore(url), random_state=3, learned_state=False)
    full.decide(WORKLOADS[0])
    from strands_airflow.agents.decision.priors import design_matrix
    from strands_airflow.core.features import workload_features

    z = np.zeros((4, 1))
    for w in WORKLOADS[::3]:
        x = design_matrix(workload_features(w).astype(np.float64))
        for p in ("glue", "local", "lambda", "emr_serverless"):
            assert agent.learner.total_runs[p] == full.learner.total_runs[p]
            a = agent.learner.sample_penalized(p, x, z)[1]["expected_runtime_s"]
            b = full.learner.sample_penalized(p, x, z)[1]["expected_runtime_s"]
            assert abs(a / b - 1) < 0.1, (w, p, a, b)


def test_an_old_schema_or_corrupt_state_is_rebuilt_and_logged(url):
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    for i in range(1500):
        store.put(_vector(i))
    store.compact()
    good = _stored(store)
    picks = _picks(url)

    # Old schema: the same arrays under another fingerprint (another learner version).
    with np.load(io.BytesIO(store.backend.get(KEY)), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    header = json.loads(bytes(arrays["header"]).decode())
    header["fingerprint"] = "0" * 24
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    store.backend.put(KEY, buf.getvalue())
    with LogRecorder("strands_airflow.vectors.learned_state") as logs:
        assert _picks(url) == picks
    assert "old schema" in logs.text and "rebuilding" in logs.text
    _assert_same(_stored(store), good)  # the decision wrote the rebuilt state back

    for garbage in (b"not a state", store.backend.get(KEY)[:200]):
        store.backend.put(KEY, garbage)
        with LogRecorder("strands_airflow.vectors.learned_state") as logs:
            assert _picks(url) == picks
        assert "corrupt" in logs.text and "rebuilding" in logs.text
        _assert_same(_stored(store), good)


def test_a_state_of_a_rebuilt_snapshot_is_rebuilt(url):
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    for i in range(300):
        store.put(_vector(i))
    store.compact()
    before = _stored(store)
    store.compact(rebuild=True)  # new seq numbering: a new lineage
    after = _stored(store)
    assert after.lineage != before.lineage
    _assert_same(after, before)


KILLED_UPDATE = textwrap.dedent(
    """
    import sys, time
    import strands_airflow
    from strands_airflow.vectors import learned_state
    from strands_airflow.vectors.store import LearningVectorStore

    url, stage = sys.argv[1], sys.argv[2]
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    backend = store.backend
    real_put = backend.put

    def put(key, data, **kw):
        if key.endswith("decision.npz"):
            if stage == "writing":
                # Die with half the new state in a temp file, holding the state's lock.
                path = backend._path(key)
                with open(path.with_name(".tmp-killed-" + path.name), "wb") as f:
                    f.write(data[: len(data) // 2])
                print("READY", flush=True)
                time.sleep(600)
        return real_put(key, data, **kw)

    def encode(state, folder):
        print("READY", flush=True)  # folded, not written
        time.sleep(600)

    backend.put = put
    if stage == "folding":
        learned_state.encode = encode
    store.compact()
    """
)


@pytest.mark.parametrize("stage", ["folding", "writing"])
def test_a_state_update_killed_midway_leaves_the_previous_state_and_the_next_completes(
    tmp_path, stage
):
    url = (tmp_path / "store").as_uri()
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    for i in range(600):
        store.put(_vector(i))
    store.compact()
    before = store.backend.get(KEY)
    for i in range(600, 900):
        store.put(_vector(i))
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_UPDATE, url, stage],
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
    # The compaction switched the manifest (900 rows); the state is still the old one.
    assert store.backend.get(KEY) == before
    assert _stored(store).seq == 600
    # The next update completes (the killed one's lock died with it), and catches up.
    state, done = learned_state.update(LearningVectorStore(url), DecisionFolder())
    assert state.seq == 900 and done["folded"] == 300 and not done["rebuilt"]
    rebuilt, _ = learned_state.update(store, DecisionFolder(), force_rebuild=True)
    _assert_same(state, rebuilt)


CONCURRENT = textwrap.dedent(
    """
    import sys, time
    import strands_airflow
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    url, writer, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # Each writer compacts (and so updates the learned state) every 50 of its puts.
    store = LearningVectorStore(url, compact_threshold=50, compaction_grace_seconds=0.5)
    for i in range(n):
        time.sleep(0.004 if url.startswith("file:") else 0.01)
        store.put(LearningVector.from_run(
            workload={"data_volume_gb": i % 40, "num_joins": i % 4},
            platform=("glue", "local")[i % 2],
            metrics={"execution_time_seconds": 1.0 + i, "success": i % 5 != 0},
            run_key=("concurrent", f"{writer}_{i}", "learning"),
        ))
    print(store.stats()["compactions"])
    """
) + EXIT_AFTER_WORK


def _two_updaters(url: str, n: int = 500) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT, url, name, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    compactions = 0
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
        compactions += int(out.strip().splitlines()[-1])
    assert compactions >= 2  # they really compacted (and updated the state) while racing
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    store.compact()
    manifest = store.manifest()
    assert manifest.vectors == 2 * n
    state = _stored(store)
    # No lost update: the state covers every compacted row, exactly once each.
    assert state.seq == manifest.next_seq == 2 * n
    assert sum(state.model.learner.total_runs.values()) + state.pending_rows == 2 * n
    rebuilt, _ = learned_state.update(store, DecisionFolder(), force_rebuild=True)
    _assert_same(state, rebuilt)


def test_two_processes_updating_the_state_on_a_file_store_lose_nothing(tmp_path):
    _two_updaters((tmp_path / "store").as_uri())


def test_two_processes_updating_the_state_on_s3_lose_nothing(bucket):
    # 200 runs each: still ~4 racing compactions (state updates) per writer, at moto's pace
    _two_updaters(f"s3://{bucket}/state", n=200)


def test_an_unpartitioned_snapshot_of_an_earlier_version_still_reads_and_is_migrated(tmp_path):
    from strands_airflow.vectors.snapshot import Rows, encode_snapshot

    url = (tmp_path / "store").as_uri()
    store = LearningVectorStore(url, compaction_grace_seconds=0, compact_threshold=10**9)
    pairs = []
    for i in range(400):
        v = _vector(i)
        key = layout.vector_key("learning", v.vector_id, v.epoch_seconds)
        store.backend.put(key, v.to_json().encode())
        pairs.append((key, v))
    # What earlier versions wrote: one snapshot, a manifest of format 1.
    snap = layout.snapshot_prefix("learning") + "snapshot-20260101T000000000000Z-abcd0123.parquet"
    store.backend.put(snap, encode_snapshot(Rows.from_vectors(pairs)))
    store.backend.put(
        layout.manifest_key("learning"),
        json.dumps(
            {
                "format": "strands-learning-vectors-manifest/1",
                "category": "learning",
                "snapshot_key": snap,
                "covered_until": pairs[-1][0],
                "vectors": 400,
            }
        ).encode(),
    )
    old = LearningVectorStore(url, compaction_grace_seconds=0)
    assert old.count() == 400 and len(old.history()) == 400
    for i in range(400, 450):
        old.put(_vector(i))
    result = old.compact()
    assert result["added"] == 50 and result["snapshot_vectors"] == 450
    manifest = json.loads(store.backend.get(layout.manifest_key("learning")))
    assert manifest["format"].endswith("/2") and manifest["partitions"][0]["key"] == snap
    assert LearningVectorStore(url).count() == 450
    # The learned state covers the legacy rows (costs read from their documents).
    state = _stored(store)
    assert state.seq == 450
    rebuilt, _ = learned_state.update(store, DecisionFolder(), force_rebuild=True)
    _assert_same(state, rebuilt)
    assert np.isfinite(state.pending["cost_estimate_usd"][:400]).all()
