"""LearningVectorStore on memory:// and a real file system: the behaviour callers rely on."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
from vectors_support import LogRecorder, make_vector

from strands_airflow.core.features import EMBEDDING_DIM
from strands_airflow.exceptions import VectorStoreError
from strands_airflow.vectors.store import LearningVectorStore


@pytest.fixture(params=["memory", "file"])
def url(request, tmp_path):
    if request.param == "memory":
        return f"memory://test-{uuid.uuid4().hex}"
    return (tmp_path / "store").as_uri()


def test_put_get_query_count_history(url):
    store = LearningVectorStore(url)
    vectors = [make_vector(i) for i in range(30)]
    for v in vectors:
        store.put(v)
    fresh = LearningVectorStore(url)  # another process would see the same
    assert fresh.count() == 30
    assert fresh.get(vectors[7].vector_id) == vectors[7]
    assert fresh.get("no-such-id") is None

    newest = fresh.query(limit=3)
    assert [v.vector_id for v in newest] == [v.vector_id for v in vectors[29:26:-1]]
    glue = fresh.query(platform="glue")
    assert glue and all(v.platform == "glue" for v in glue)
    since = fresh.query(since=datetime(2026, 1, 1, 0, 25, tzinfo=timezone.utc))
    assert len(since) == 5
    assert fresh.query(since="2026-01-01T00:25:00Z") == since

    hist = fresh.history()
    assert hist.embedding.shape == (30, EMBEDDING_DIM) and hist.embedding.dtype == np.float32
    assert hist.platform.dtype.kind == "U" and list(hist.platform[:3]) == [
        "glue",
        "local",
        "lambda",
    ]
    assert hist.execution_time_seconds.dtype == np.float64
    assert hist.success.dtype == bool and hist.success.sum() == 22
    assert np.all(np.diff(hist.timestamp) >= 0)
    assert hist.vector_ids == [v.vector_id for v in vectors]
    assert np.array_equal(fresh.matrix(), hist.embedding)


def test_a_retried_run_writes_no_duplicate(url):
    store = LearningVectorStore(url)
    first = store.put(make_vector(1))
    # The task retries in a new process: same run key, slightly different numbers.
    retry = LearningVectorStore(url)
    again = retry.put(make_vector(1, execution_time_seconds=99.0))
    assert again == first
    assert LearningVectorStore(url).count() == 1
    assert len(retry.backend.list("learning/vectors/learning/")) == 1
    assert retry.get(make_vector(1).vector_id).execution_metrics.execution_time_seconds == 11.0


def test_a_writer_holding_an_old_listing_does_not_write_a_run_again(url, monkeypatch):
    """A learning step retried on another worker while the first attempt's process still
    holds its store (loaded before the other write): the second put finds the first."""
    import strands_airflow.vectors.store as store_module

    monkeypatch.setattr(store_module, "PUT_RELIST_SECONDS", 0.0)
    early = LearningVectorStore(url)
    assert early.count() == 0  # loaded (and listed) now
    other = LearningVectorStore(url)
    first = other.put(make_vector(1))
    assert early.put(make_vector(1, execution_time_seconds=99.0)) == first
    assert len(early.backend.list("learning/vectors/learning/")) == 1
    assert early.stats()["retries_ignored"] == 1
    # a run nobody wrote yet is written once, and both see both runs
    early.put(make_vector(2))
    other.refresh()
    assert other.count() == early.count() == 2


def test_compaction_then_cold_load_reads_only_the_tail(url):
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(200):
        store.put(make_vector(i))
    result = store.compact()
    assert result["snapshot_vectors"] == 200 and result["added"] == 200
    for i in range(200, 205):
        store.put(make_vector(i))

    cold = LearningVectorStore(url)
    assert cold.count() == 205
    stats = cold.stats()
    # manifest + snapshot + the writers' tail cache: not one GET per vector
    assert stats["object_gets"] == 3 and stats["listings"] == 1
    assert stats["tail_cache_hits"] == 5
    assert (stats["snapshot_vectors"], stats["tail_vectors"]) == (200, 5)
    assert cold.get(make_vector(3).vector_id) == make_vector(3)
    assert cold.history().vector_ids == [make_vector(i).vector_id for i in range(205)]


def test_automatic_compaction_past_the_threshold(url):
    store = LearningVectorStore(url, compact_threshold=50, compaction_grace_seconds=0)
    for i in range(120):
        store.put(make_vector(i))
    stats = store.stats()
    assert stats["compactions"] == 2 and stats["snapshot_vectors"] == 100
    assert LearningVectorStore(url).count() == 120


def test_refresh_reads_new_keys_only(url):
    reader = LearningVectorStore(url)
    writer = LearningVectorStore(url)
    writer.put(make_vector(0))
    assert reader.count() == 1
    for i in range(1, 4):
        writer.put(make_vector(i))
    assert reader.count() == 1  # cached
    before = reader.stats()
    assert reader.refresh() == 3
    after = reader.stats()
    # the three new runs come from the writers' tail cache (one GET), the old one not again
    assert reader.count() == 4 and after["object_gets"] == before["object_gets"] + 1
    assert after["tail_cache_hits"] == before["tail_cache_hits"] + 3


def test_corrupt_objects_are_skipped_named_and_counted(url):
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(5):
        store.put(make_vector(i))
    prefix = "learning/vectors/learning/"
    bad_json = f"{prefix}20260101T000000000000Z_not-json.json"
    bad_shape = f"{prefix}20260101T000001000000Z_wrong-shape.json"
    store.backend.put(bad_json, b"{not json")
    store.backend.put(bad_shape, json.dumps({"vector_id": "x"}).encode())

    with LogRecorder("strands_airflow.vectors.store") as logs:
        cold = LearningVectorStore(url, compaction_grace_seconds=0)
        assert cold.count() == 5
        assert len(cold.query()) == 5
    assert bad_json in logs.text and bad_shape in logs.text
    stats = cold.stats()
    assert stats["corrupt_objects"] == 2 and bad_shape in stats["corrupt_keys"]

    # Compaction steps over them and remembers them for later readers.
    cold.compact()
    assert LearningVectorStore(url).stats()["corrupt_objects"] == 2
    assert LearningVectorStore(url).count() == 5


def test_a_damaged_snapshot_falls_back_to_the_objects(url):
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(10):
        store.put(make_vector(i))
    snapshot_key = store.compact()["snapshot_key"]
    store.backend.put(snapshot_key, b"PAR1 garbage")
    with LogRecorder("strands_airflow.vectors.store") as logs:
        cold = LearningVectorStore(url, compaction_grace_seconds=0)
        assert cold.count() == 10
    assert snapshot_key in logs.text
    assert cold.compact(rebuild=True)["snapshot_vectors"] == 10
    assert LearningVectorStore(url).stats()["snapshot_vectors"] == 10


def test_reports_are_stored_per_run(url):
    store = LearningVectorStore(url)
    run_id = "scheduled__2026-01-01T00:00:00+00:00"
    q = store.put_report("quality", run_id, {"overall_score": 0.9})
    o = store.put_report("optimization", run_id, {"recommendations": []})
    assert q.startswith("quality/reports/") and o.startswith("optimization/recommendations/")
    store.put_report("quality", run_id, {"overall_score": 0.8})  # a retry replaces it
    assert store.get_report("quality", run_id) == {"overall_score": 0.8}
    with pytest.raises(VectorStoreError, match="quality, optimization"):
        store.put_report("lineage", run_id, {})


def test_categories_follow_the_seed_layout(tmp_path):
    url = (tmp_path / "s").as_uri()
    LearningVectorStore(url, category="decision").put(make_vector(1))
    files = sorted(
        p.relative_to(tmp_path / "s").as_posix()
        for p in (tmp_path / "s").rglob("*.json")
        if not p.name.startswith(".lock-")
    )
    # the vector where the seed puts it; beside the seed's layout, the tail cache
    assert len(files) == 2 and files[0].startswith("learning/state/decision/tail-cache")
    assert files[1].startswith("learning/vectors/decision/")
    assert LearningVectorStore(url).count() == 0
    with pytest.raises(VectorStoreError, match="decision, quality, optimization, learning"):
        LearningVectorStore(url, category="misc")


@pytest.mark.parametrize(
    "bad", ["ftp://x/y", "file://relative/path", "s3:///nobucket", "store-without-scheme"]
)
def test_bad_urls_say_what_is_accepted(bad):
    with pytest.raises(VectorStoreError, match="store url"):
        LearningVectorStore(bad)


def test_seed_layout_files_copied_in_are_read(tmp_path):
    root = tmp_path / "seed"
    v = make_vector(5)
    target = root / "learning" / "vectors" / "learning" / f"{v.vector_id}.json"
    target.parent.mkdir(parents=True)
    doc = json.loads(v.to_json())
    del doc["embedding"], doc["feature_schema_version"]
    target.write_text(json.dumps(doc))
    store = LearningVectorStore(root.as_uri(), compaction_grace_seconds=0)
    assert store.get(v.vector_id) == v
    store.compact(rebuild=True)
    assert LearningVectorStore(root.as_uri()).count() == 1
    assert Path(target).exists()


def test_seed_files_sorting_after_new_keys_do_not_hide_later_writes(tmp_path):
    root = tmp_path / "mixed"
    doc = json.loads(make_vector(7).to_json())
    doc["vector_id"] = "ffffffff-0000-4000-8000-000000000000"  # sorts after every time stamp
    seed_file = root / "learning" / "vectors" / "learning" / f"{doc['vector_id']}.json"
    seed_file.parent.mkdir(parents=True)
    seed_file.write_text(json.dumps(doc))
    store = LearningVectorStore(root.as_uri(), compaction_grace_seconds=0)
    store.put(make_vector(1))
    assert store.compact()["snapshot_vectors"] == 2
    LearningVectorStore(root.as_uri()).put(make_vector(2))
    cold = LearningVectorStore(root.as_uri())
    assert cold.count() == 3 and cold.stats()["object_gets"] == 3  # manifest, snapshot, 1 new
