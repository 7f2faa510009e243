"""A decision lists the tail in the manifest's round trip when this machine knows where the
snapshot ended, and still sees exactly the runs the manifest says are tail.

On moto in server mode over real boto3 and the Airflow connection, each decision with a
fresh store (as in a new task process); the hint is the file a previous task left.
"""

from __future__ import annotations

import threading

import pytest
from vectors_support import make_vector

from strands_airflow.pipeline import steps
from strands_airflow.pipeline.context import PipelineRun, RunContext
from strands_airflow.vectors import listing_hint
from strands_airflow.vectors.s3 import S3Backend
from strands_airflow.vectors.store import LearningVectorStore

WORKLOAD = {"data_volume_gb": 3.0, "num_joins": 1, "transform": "sql"}


def _decide(url: str, run_id: str) -> int:
    run = PipelineRun(
        config=None,
        dag_id="etl",
        run_id=run_id,
        context=RunContext(store_url=url),
        workload=WORKLOAD,
    )
    return steps.decide(run, platforms=["glue", "local", "lambda"]).n_history


def _hint(url: str):
    return listing_hint.read(LearningVectorStore(url)._hint_id)


def _covered_until(url: str):
    manifest = LearningVectorStore(url).manifest()
    return manifest.covered_until if manifest else None


@pytest.fixture
def listing_overlaps_manifest(monkeypatch):
    """Whether each manifest read found the tail's listing already under way (it waits up
    to 3 s for one: a listing that only starts after the manifest makes it False)."""
    started = threading.Event()
    real_list, real_get = S3Backend.list, S3Backend.get_versioned

    def list_(self, prefix, start_after=None):
        if prefix.startswith("learning/vectors/"):
            started.set()
        return real_list(self, prefix, start_after)

    def get_versioned(self, key):
        if "manifest" in key:
            seen.append(started.wait(3))
        return real_get(self, key)

    monkeypatch.setattr(S3Backend, "list", list_)
    monkeypatch.setattr(S3Backend, "get_versioned", get_versioned)

    class Overlaps(list):
        def reset(self) -> None:
            self.clear()
            started.clear()

    seen = Overlaps()
    return seen


def test_with_a_hint_the_listing_shares_the_manifests_round_trip(bucket):
    url = f"s3://{bucket}/hinted"
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(30):
        store.put(make_vector(i))
    store.compact()
    for i in range(30, 34):
        store.put(make_vector(i))

    assert _hint(url) is listing_hint.MISSING  # no task has read this store here yet
    assert _decide(url, "first") == 34
    assert _hint(url) == _covered_until(url)  # the first decision left where it ended


def test_the_second_decision_lists_while_it_reads_the_manifest(bucket, listing_overlaps_manifest):
    url = f"s3://{bucket}/second"
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(20):
        store.put(make_vector(i))
    store.compact()
    store.put(make_vector(20))
    _decide(url, "first")  # no hint yet: manifest, then listing
    listing_overlaps_manifest.reset()

    assert _decide(url, "second") == 21
    assert listing_overlaps_manifest == [True]


def test_a_hint_behind_a_newer_snapshot_drops_what_the_snapshot_covers(bucket):
    url = f"s3://{bucket}/behind"
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(10):
        store.put(make_vector(i))
    store.compact()
    assert _decide(url, "a") == 10
    old = _hint(url)
    for i in range(10, 25):  # another worker's runs, then a compaction this one never saw
        store.put(make_vector(i))
    store.compact()
    store.put(make_vector(25))
    assert _covered_until(url) > old

    assert _decide(url, "b") == 26  # no run twice, none missing
    assert _hint(url) == _covered_until(url)


def test_a_hint_ahead_of_the_store_is_not_trusted(bucket):
    """A store emptied and rebuilt (or a hint from another store of the same name): the
    early listing could miss runs, so the tail is listed again from the manifest."""
    url = f"s3://{bucket}/ahead"
    store = LearningVectorStore(url)
    for i in range(6):
        store.put(make_vector(i))
    listing_hint.write(store._hint_id, "learning/vectors/learning/99991231T235959999999Z_x.json")

    assert _decide(url, "a") == 6
    assert _hint(url) is None  # corrected: this store has no snapshot


def test_a_hint_from_before_the_first_snapshot_still_reads_the_tail_exactly(bucket):
    url = f"s3://{bucket}/first-snapshot"
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(8):
        store.put(make_vector(i))
    assert _decide(url, "a") == 8
    assert _hint(url) is None  # no snapshot yet
    store.compact()
    for i in range(8, 11):
        store.put(make_vector(i))

    assert _decide(url, "b") == 11
    assert _hint(url) == _covered_until(url)


def test_local_stores_use_no_hint(tmp_path):
    url = (tmp_path / "store").as_uri()
    store = LearningVectorStore(url)
    store.put(make_vector(1))
    assert _decide(url, "a") == 1
    assert store.prefetch_tail() is None
    assert _hint(url) is listing_hint.MISSING
