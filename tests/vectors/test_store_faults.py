"""A damaged manifest or a missing snapshot never hides vectors, and never becomes the new
truth: memory://, a real file system, and S3 (moto server)."""

from __future__ import annotations

import json
import uuid

import pytest
from vectors_support import LogRecorder, make_vector

from strands_airflow.vectors import layout
from strands_airflow.vectors.store import LearningVectorStore

MANIFEST = layout.manifest_key("learning")


@pytest.fixture(params=["memory", "file", "s3"])
def url(request, tmp_path):
    if request.param == "memory":
        return f"memory://faults-{uuid.uuid4().hex}"
    if request.param == "file":
        return (tmp_path / "store").as_uri()
    bucket = request.getfixturevalue("bucket")
    return f"s3://{bucket}/faults"


def _seed(url, n=60, tail=5):
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(n):
        store.put(make_vector(i))
    snapshot_key = store.compact()["snapshot_key"]
    for i in range(n, n + tail):
        store.put(make_vector(i))
    return store, snapshot_key


def _manifest(store):
    return json.loads(store.backend.get(MANIFEST))


def test_a_missing_snapshot_is_rebuilt_from_the_objects_with_a_log_line(url):
    store, snapshot_key = _seed(url)
    store.backend.delete(snapshot_key)
    with LogRecorder("strands_airflow.vectors.store") as logs:
        cold = LearningVectorStore(url, compaction_grace_seconds=0)
        assert cold.count() == 65  # before the fix: 5 (the tail after covered_until)
    assert snapshot_key in logs.text and "missing" in logs.text
    assert cold.stats()["snapshot_errors"] == 1
    assert cold.compact()["snapshot_vectors"] == 65
    assert _manifest(cold)["vectors"] == 65
    assert LearningVectorStore(url).count() == 65


def test_a_compaction_from_a_stale_view_keeps_what_another_compacted(url):
    # Process A loaded the store; process B then compacted more vectors. A's compaction
    # appends to the manifest in place (not to what A loaded), so nothing B added is lost.
    a = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(20):
        a.put(make_vector(i))
    a.compact()
    b = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(20, 30):
        b.put(make_vector(i))
    b.compact()
    a.put(make_vector(99))
    result = a.compact()
    assert result["snapshot_vectors"] == 31 and _manifest(a)["vectors"] == 31
    assert LearningVectorStore(url).count() == 31


@pytest.mark.parametrize(
    "snapshot_key",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "learning/vectors/learning/20260101T000000000000Z_x.json",
        "learning/vectors/_snapshots/decision/snapshot-1-a.parquet",  # another category's
        "learning/vectors/_snapshots/learning/../../learning/x.parquet",
    ],
)
def test_a_snapshot_key_outside_the_store_is_ignored_not_fatal(url, snapshot_key):
    store, _ = _seed(url, n=10, tail=2)
    manifest = _manifest(store)
    manifest["partitions"][0]["key"] = snapshot_key
    store.backend.put(MANIFEST, json.dumps({**manifest, "snapshot_key": snapshot_key}).encode())
    with LogRecorder("strands_airflow.vectors.store") as logs:
        cold = LearningVectorStore(url)
        assert cold.count() == 12
    assert "snapshot_key" in logs.text and "ignoring the manifest" in logs.text
    assert cold.stats()["manifest_errors"] == 1


@pytest.mark.parametrize(
    "covered_until",
    [
        "learning/vectors/learning/29991231T000000000000Z_zzz.json",  # the future
        "zzzz",  # sorts after every key
        12345,
    ],
)
def test_a_future_or_foreign_covered_until_does_not_hide_the_tail(url, covered_until):
    store, _ = _seed(url, n=10, tail=3)
    store.backend.put(
        MANIFEST, json.dumps({**_manifest(store), "covered_until": covered_until}).encode()
    )
    with LogRecorder("strands_airflow.vectors.store") as logs:
        cold = LearningVectorStore(url, compaction_grace_seconds=0)
        assert cold.count() == 13  # before the fix: 10 (the tail was hidden)
    assert "covered_until" in logs.text
    assert cold.compact()["snapshot_vectors"] == 13
    assert LearningVectorStore(url).count() == 13


def test_a_hung_s3_endpoint_fails_a_call_after_the_read_timeout(monkeypatch):
    """A TCP listener that accepts and never answers: before, a call blocked for ever."""
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
    from api_server import HungEndpoint
    from tests_support import aws_conn_json

    from strands_airflow.exceptions import VectorStoreError

    hung = HungEndpoint()
    try:
        monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(hung.endpoint))
        monkeypatch.setenv("AIRFLOW__STRANDS__STORE_READ_TIMEOUT_SECONDS", "1")
        store = LearningVectorStore("s3://strands-hung/p")
        store.backend.attempts, store.backend.backoff_seconds = 2, 0.05
        started = time.monotonic()
        with pytest.raises(VectorStoreError, match=r"strands-hung.*aws_default.*timeout"):
            store.count()
        elapsed = time.monotonic() - started
        assert len(hung.accepted) == 2  # one connection per attempt: botocore retries none
        assert elapsed < 30  # two 1 s read timeouts, not a hang
    finally:
        hung.close()
