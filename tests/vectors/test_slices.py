"""Slice readers (window, newest runs, one vector) give what the whole history gives,
without loading the store: the dashboard's figures and the optimization agent's report."""

from __future__ import annotations

import shutil
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from strands_airflow.vectors import partitions
from strands_airflow.vectors.model import LearningVector
from strands_airflow.vectors.store import LearningVectorStore

NOW = time.time()


def _vector(i: int) -> LearningVector:
    # Runs over the last ~40 days, a few per hour, with quality scores and costs.
    return LearningVector.from_run(
        workload={"data_volume_gb": float(i % 60), "num_joins": i % 4, "transform": "sql"},
        platform=("glue", "local", "lambda")[i % 3],
        metrics={
            "execution_time_seconds": 20.0 + (i * 13) % 200,
            "success": i % 6 != 0,
            "cost_estimate_usd": 0.02 * (1 + i % 5),
            "data_quality_score": 0.9 + (i % 10) / 100,
        },
        run_key=("slices", f"r{i}", "learning"),
        timestamp=datetime.fromtimestamp(NOW, tz=timezone.utc) - timedelta(hours=40 * 24 - i / 3),
    )


@pytest.fixture(scope="module")
def _built(tmp_path_factory):
    # Built once for the module (2400 puts take ~12 s); each test reads its own copy.
    # Small row groups, so pruning by statistics is really exercised.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(partitions, "ROW_GROUP_ROWS", 256)
        root = tmp_path_factory.mktemp("slices") / "s-built"
        store = LearningVectorStore(root.as_uri(), compaction_grace_seconds=0, compact_threshold=10**9)
        for i in range(0, 2400):
            store.put(_vector(i))
            if i in (900, 1900):
                store.compact()
    return root


@pytest.fixture
def url(_built, tmp_path, monkeypatch):
    monkeypatch.setattr(partitions, "ROW_GROUP_ROWS", 256)
    copy = tmp_path / f"s-{uuid.uuid4().hex[:6]}"
    shutil.copytree(_built, copy)
    url = copy.as_uri()
    return url  # 1902 in the snapshot (2 partitions' worth of row groups), 498 in the tail


def _figures(store, days):
    from strands_airflow.plugins import data

    return (
        data.decisions(store, days).model_dump(),
        data.runtime(store, days).model_dump(),
        data.quality(store, days).model_dump(),
    )


@pytest.mark.parametrize("days", [1, 7, 30])
def test_dashboard_figures_from_slices_equal_those_from_the_whole_history(url, days):
    loaded = LearningVectorStore(url)
    loaded.history()
    cold = LearningVectorStore(url)
    assert _figures(cold, days) == _figures(loaded, days)
    assert not cold.loaded
    assert cold.counts() == {"vectors": 2400, "corrupt_objects": 0}


def test_run_detail_and_newest_runs_without_loading_the_store(url):
    from strands_airflow.plugins import data

    loaded = LearningVectorStore(url)
    loaded.history()
    cold = LearningVectorStore(url)
    for i in (5, 1500, 2399):
        v = _vector(i)
        assert cold.find(v.vector_id) == loaded.get(v.vector_id)
    assert cold.find("no-such-id") is None
    assert [v.vector_id for v in cold.recent_vectors(50)] == [
        v.vector_id for v in loaded.query(limit=50)
    ]
    for run_id in ("r1500", "r2399", "r3"):
        assert data.run_detail(cold, "slices", run_id) == data.run_detail(loaded, "slices", run_id)
    assert data.run_detail(cold, "slices", "r1500").baseline_seconds is not None
    assert not cold.loaded


def test_optimization_report_from_the_snapshot_equals_the_one_from_vectors(url):
    from strands_airflow.agents.optimization import OptimizationAgent

    run = {
        "run_id": "x",
        "workload": {"data_volume_gb": 30.0, "num_joins": 2, "transform": "sql"},
        "execution": {"platform": "glue", "execution_time_seconds": 400.0, "success": True},
    }
    cold = LearningVectorStore(url)
    fast = OptimizationAgent(store=cold, store_history_limit=700).report(run)
    vectors = list(reversed(LearningVectorStore(url).query(limit=700)))
    slow = OptimizationAgent(store_history_limit=700).report(run, history=vectors)
    assert fast.history_runs == slow.history_runs == 700
    assert fast.model_dump(exclude={"created_at"}) == slow.model_dump(exclude={"created_at"})
    assert not cold.loaded
