"""Compaction of a store's tail into a new snapshot (and full rebuilds from objects).

Order of writes, which is what makes a crash at any point harmless:

1. the new snapshot goes to a fresh key nobody references yet;
2. the manifest (one small object, replaced atomically) switches to it;
3. snapshots no manifest references any more are deleted once older than
   ``orphan_age_seconds`` (a reader that read the old manifest a moment ago can still
   fetch the old snapshot).

Killed before 2: the old manifest and snapshot stay valid, the new file is an orphan
cleaned up later. Killed after 2: the new snapshot is complete. Vector objects are
never touched, so ``rebuild=True`` can always recreate the snapshot from them.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from typing import TYPE_CHECKING, Any

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import redact
from strands_airflow.vectors import layout

if TYPE_CHECKING:
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

log = logging.getLogger(__name__)

_MAX_CORRUPT_KEYS_KEPT = 1000


def run_compaction(
    store: LearningVectorStore, *, grace_seconds: float, rebuild: bool
) -> dict[str, Any]:
    """Write a new snapshot of ``store`` and switch its manifest (caller holds the lock)."""
    from strands_airflow.vectors.snapshot import Rows, encode_snapshot

    now = time.time()
    bound = layout.time_bound_key(store.category, now - grace_seconds)
    if rebuild:
        covered, rest = _read_everything(store, bound)
        new_base = Rows.from_vectors(covered)
        stamped = [k for k, _ in covered if layout.key_time(k) is not None]
        covered_until = stamped[-1] if stamped else None
        added = len(covered)
    else:
        store.refresh()

        # Keys of another layout (copied-in seed files) carry no time: always foldable.
        def old(key: str) -> bool:
            return key < bound or layout.key_time(key) is None

        selected = [(k, v) for k, v in store._tail.items() if old(k)]
        if not selected:
            return {"vectors": store.count(), "added": 0, "snapshot_key": None, "skipped": True}
        rest = [(k, v) for k, v in store._tail.items() if not old(k)]
        new_base = Rows.concat([store._base, Rows.from_vectors(selected)])
        # Only time-stamped keys move the boundary: a seed key may sort after newer writes.
        stamped = [k for k, _ in selected if layout.key_time(k) is not None]
        covered_until = max([store._covered_until or "", *stamped]) or None
        added = len(selected)
        # Never write a smaller truth than the manifest in place records: that means this
        # process loaded only part of the store (a snapshot went missing under it, or
        # another writer compacted more), and the manifest would forget the rest.
        current = store._read_manifest()
        recorded = current.get("vectors") if current else None
        if isinstance(recorded, int) and len(new_base) < recorded:
            log.warning(
                "compaction of %s would record %d vectors where the manifest records %d: "
                "rebuilding from every vector object instead",
                redact(store.url),
                len(new_base),
                recorded,
            )
            return run_compaction(store, grace_seconds=grace_seconds, rebuild=True)

    prefix = layout.snapshot_prefix(store.category)
    snapshot_key = f"{prefix}snapshot-{layout.stamp(now)}-{uuid.uuid4().hex[:8]}.parquet"
    backend = store.backend
    _put(backend, snapshot_key, encode_snapshot(new_base))
    manifest = manifest_bytes(store, snapshot_key, covered_until, len(new_base))
    try:
        _put(backend, layout.manifest_key(store.category), manifest)
    except Exception:
        # Nothing references the new snapshot: remove it so no half-done state lingers.
        try:
            backend.delete(snapshot_key)
        except Exception:  # noqa: BLE001 - the original error matters more
            log.debug("could not delete unused snapshot %s", snapshot_key)
        raise

    store._set_base(new_base)
    store._tail = dict(rest)
    store._tail_ids = {v.vector_id: k for k, v in rest}
    store._covered_until = covered_until
    store._snapshot_key = snapshot_key
    removed = _remove_orphans(store, keep=snapshot_key, now=now)
    log.info(
        "compacted %s: %d vectors in %s (%d new), %d left in the tail",
        redact(store.url),
        len(new_base),
        snapshot_key,
        added,
        len(rest),
    )
    return {
        "vectors": store.count(),
        "snapshot_vectors": len(new_base),
        "added": added,
        "tail_vectors": len(rest),
        "snapshot_key": snapshot_key,
        "covered_until": covered_until,
        "orphans_removed": removed,
        "rebuilt": rebuild,
    }


def manifest_bytes(
    store: LearningVectorStore, snapshot_key: str, covered_until: str | None, n: int
) -> bytes:
    """The manifest naming ``snapshot_key``, its boundary and the corrupt keys it skipped."""
    from strands_airflow.vectors.store import MANIFEST_FORMAT

    corrupt = sorted(k for k in store._corrupt if covered_until and k <= covered_until)
    return json.dumps(
        {
            "format": MANIFEST_FORMAT,
            "category": store.category,
            "snapshot_key": snapshot_key,
            "covered_until": covered_until,
            "vectors": n,
            "corrupt_keys": corrupt[:_MAX_CORRUPT_KEYS_KEPT],
            "written_at": time.time(),
            "writer": uuid.uuid4().hex[:8],
        },
        indent=1,
    ).encode()


def _put(backend: Any, key: str, data: bytes) -> None:
    # Snapshots and manifests are few and precious: fsync them on a file system.
    if hasattr(backend, "temp_files"):
        backend.put(key, data, durable=True)
    else:
        backend.put(key, data)


def _read_everything(
    store: LearningVectorStore, bound: str
) -> tuple[list[tuple[str, LearningVector]], list[tuple[str, LearningVector]]]:
    """Every vector object, first write of each id winning; split at ``bound``."""
    keys = store.backend.list(store._prefix)
    blobs = store.backend.get_many(keys)
    store._counters["listings"] += 1
    store._counters["object_gets"] += len(keys)
    seen: set[str] = set()
    covered: list[tuple[str, LearningVector]] = []
    rest: list[tuple[str, LearningVector]] = []
    store._corrupt.clear()
    for key in keys:
        vector = store._parse(key, blobs.get(key))
        if vector is None:
            continue
        if vector.vector_id in seen:
            store._counters["duplicates_skipped"] += 1
            continue
        seen.add(vector.vector_id)
        # Keys of another layout (copied-in seed files) carry no time: always covered.
        (covered if key < bound or layout.key_time(key) is None else rest).append((key, vector))
    return covered, rest


def _remove_orphans(store: LearningVectorStore, *, keep: str, now: float) -> int:
    """Delete unreferenced snapshots and killed writes' temp files older than the limit."""
    limit = now - store.orphan_age_seconds
    removed = 0
    prefix = layout.snapshot_prefix(store.category)
    try:
        for key in store.backend.list(prefix + "snapshot-"):
            if key == keep:
                continue
            written = layout.stamp_time(key[len(prefix) + len("snapshot-") :].split("-")[0])
            if written is not None and written < limit:
                store.backend.delete(key)
                removed += 1
        temp_files = getattr(store.backend, "temp_files", None)
        if temp_files is not None:
            for where in (prefix, store._prefix):
                for path in temp_files(where):
                    if path.stat().st_mtime < limit:
                        os.unlink(path)
                        removed += 1
    except (VectorStoreError, OSError) as exc:  # cleanup is best effort
        log.warning("could not clean old snapshots in %s: %s", redact(store.url), redact(exc))
    return removed
