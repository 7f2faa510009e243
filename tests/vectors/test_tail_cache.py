"""The tail cache: a reader gets the tail from one object its writers keep, never a wrong run.

Real stores: the embedded file store and S3 on a moto server.
"""

from __future__ import annotations

import json
import threading

import pytest
from vectors_support import make_vector

from strands_airflow.vectors import tail_cache
from strands_airflow.vectors.store import LearningVectorStore


@pytest.fixture(params=["file", "s3"])
def url(request, tmp_path):
    if request.param == "file":
        return f"file://{tmp_path}/store"
    bucket = request.getfixturevalue("bucket")
    return f"s3://{bucket}/tc"


def _tail(url: str) -> tuple[list[str], dict[str, int]]:
    """Vector ids of the tail as a fresh process (a decision task) reads it, and the object
    GETs / cache hits that took."""
    store = LearningVectorStore(url)
    manifest = store.manifest()
    before = dict(store._counters)
    ids = [v.vector_id for _, v in store.tail_vectors(manifest)]
    return ids, {k: v - before.get(k, 0) for k, v in store._counters.items()}


def _write(url: str, n: int, start: int = 0) -> list[str]:
    writer = LearningVectorStore(url)  # a learning task: never loads the store
    ids = []
    for i in range(start, start + n):
        writer.put(make_vector(i))
        ids.append(make_vector(i).vector_id)
    return ids


def test_a_decision_reads_the_tail_from_one_object_instead_of_one_per_run(url):
    ids = _write(url, 12)
    got, stats = _tail(url)
    assert got == ids
    assert stats["tail_cache_hits"] == 12
    assert stats["object_gets"] == 1  # the cache itself


def test_runs_missing_from_the_cache_are_read_as_objects(url):
    ids = _write(url, 6)
    store = LearningVectorStore(url)
    # A writer of an older version, or one that lost every conditional write: its vector
    # is in the store but not in the cache.
    plain = make_vector(99)
    from strands_airflow.vectors import layout

    key = layout.vector_key(store.category, plain.vector_id, 2e9)
    store.backend.put(key, plain.to_json().encode())
    got, stats = _tail(url)
    assert got == ids + [plain.vector_id]
    assert stats["tail_cache_hits"] == 6 and stats["object_gets"] == 2


def test_the_listing_decides_which_cached_runs_count(url):
    """A cached body whose object is gone (deleted, or a cache entry of another store's key)
    is never read as a run."""
    ids = _write(url, 5)
    store = LearningVectorStore(url)
    keys = store.backend.list(store._prefix)
    store.backend.delete(keys[0])
    got, _ = _tail(url)
    assert got == ids[1:]


def test_a_corrupt_or_foreign_cache_is_ignored_and_replaced(url):
    ids = _write(url, 4)
    store = LearningVectorStore(url)
    ck = tail_cache.cache_key(store.category)
    store.backend.put(ck, b"{not json")
    got, stats = _tail(url)
    assert got == ids and stats["object_gets"] == 1 + 4  # read as objects, nothing lost
    # the next writer starts the cache again
    more = _write(url, 1, start=4)
    cached = json.loads(store.backend.get(ck))
    assert list(cached["objects"]) and all(
        json.loads(body)["vector_id"] in more for body in cached["objects"].values()
    )
    got, _ = _tail(url)
    assert got == ids + more


def test_a_retried_learning_step_adds_nothing(url):
    _write(url, 3)
    store = LearningVectorStore(url)
    before = store.backend.get(tail_cache.cache_key(store.category))
    _write(url, 1, start=1)  # the same run again (a task retried on another worker)
    assert store.backend.get(tail_cache.cache_key(store.category)) == before


def test_compaction_drops_covered_runs_from_the_cache(tmp_path):
    url = f"file://{tmp_path}/store"
    writer = LearningVectorStore(url, compact_threshold=5, compaction_grace_seconds=0)
    ids = [make_vector(i).vector_id for i in range(8)]
    for i in range(8):
        writer.put(make_vector(i))
    reader = LearningVectorStore(url)
    manifest = reader.manifest()
    assert manifest is not None and manifest.vectors >= 5
    tail_ids = [v.vector_id for _, v in reader.tail_vectors(manifest)]
    assert len(tail_ids) == 8 - manifest.vectors and set(tail_ids) <= set(ids)
    writer.put(make_vector(8))
    cached = json.loads(reader.backend.get(tail_cache.cache_key(reader.category)))["objects"]
    assert all(k > manifest.covered_until for k in cached)
    assert LearningVectorStore(url).count() == 9


def test_concurrent_writers_lose_no_run_and_the_cache_serves_readers(url):
    """Eight learning steps at once: every run is read back exactly once, most from the
    cache (a writer that loses every conditional write leaves its run to a GET)."""
    expected: list[str] = []
    lock = threading.Lock()

    def learn(k: int) -> None:
        got = _write(url, 3, start=10 * k)
        with lock:
            expected.extend(got)

    threads = [threading.Thread(target=learn, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got, stats = _tail(url)
    assert sorted(got) == sorted(expected) and len(got) == 24
    assert stats["tail_cache_hits"] + stats["object_gets"] == 1 + 24
    assert stats["tail_cache_hits"] >= 12


def test_a_full_cache_takes_no_more_runs_and_readers_still_get_every_run(url, monkeypatch):
    """A bulk load stays linear: once the cache holds MAX_ENTRIES runs a writer stops adding
    (and stops reading it); the runs past it are read as objects."""
    monkeypatch.setattr(tail_cache, "MAX_ENTRIES", 3)
    calls = {"n": 0}
    real_add = tail_cache.add

    def counting_add(*args, **kwargs):
        calls["n"] += 1
        return real_add(*args, **kwargs)

    monkeypatch.setattr(tail_cache, "add", counting_add)
    ids = _write(url, 7)
    assert calls["n"] == 4  # three stored, one found it full, then none
    store = LearningVectorStore(url)
    cached = json.loads(store.backend.get(tail_cache.cache_key(store.category)))["objects"]
    assert len(cached) == 3
    got, stats = _tail(url)
    assert got == ids
    assert stats["tail_cache_hits"] == 3 and stats["object_gets"] == 1 + 4
