"""Compaction of a store's tail into its partitioned snapshot (and full rebuilds).

Order of writes, which is what makes a crash at any point harmless:

1. new partition files go to fresh keys nobody references yet (streamed: the month's
   old file is copied row group by row group, then the new rows appended);
2. the manifest switches to them with a conditional write (``If-Match`` on S3, a lock
   file around compare-and-rename on a file system): when another compaction switched
   it first, ours deletes its files and starts again from the new manifest, so two
   compactions never lose each other's rows;
3. learned state (``learning/state/``) folds the new rows in (best effort: it can
   always catch up or be rebuilt from the snapshot);
4. partitions no manifest references any more are deleted once older than
   ``orphan_age_seconds`` (a reader that read the old manifest a moment ago can still
   fetch them).

Killed before 2: the old manifest and partitions stay valid, the new files are orphans
cleaned up later. Killed after 2: the new snapshot is complete. Vector objects are
never touched, so ``rebuild=True`` can always recreate the snapshot from them.

Memory is bounded: tail objects are read and converted in batches, the month's old
partition is streamed, and ids are checked against the snapshot one id column at a time.
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
from strands_airflow.vectors.backends import ConflictError
from strands_airflow.vectors.partitions import (
    LEGACY,
    Manifest,
    Partition,
    PartitionWriter,
    month_of,
    open_file,
    partition_key,
    rows_table,
)

if TYPE_CHECKING:
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

log = logging.getLogger(__name__)
# Manifest problems are the store's to report (operators filter on that logger).
store_log = logging.getLogger("strands_airflow.vectors.store")

#: tail objects read, parsed and converted per step (bounds compaction's memory)
BATCH = 5000
_ATTEMPTS = 6


def read_manifest(store: LearningVectorStore) -> tuple[Manifest | None, str | None]:
    """The valid manifest (or None) and the version tag of the object in place."""
    got = store.backend.get_versioned(layout.manifest_key(store.category))
    store._counters["object_gets"] += 1
    if got is None:
        return None, None
    data, version = got
    try:
        raw = json.loads(data)
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        manifest = Manifest.parse(raw, store.category)
        check_manifest(manifest, time.time())
        manifest.version = version
        return manifest, version
    except (ValueError, AttributeError, KeyError) as exc:
        # Ignoring it loads every vector object: slower, never wrong.
        store_log.warning(
            "ignoring the manifest of %s (%s); rebuilding from the vector objects",
            store.backend.description,
            exc,
        )
        store._counters["manifest_errors"] = store._counters.get("manifest_errors", 0) + 1
        return None, version


#: how far in the future a manifest's covered_until may be (writers' clocks differ a bit)
CLOCK_SKEW_SECONDS = 300.0


def check_manifest(manifest: Manifest, now: float) -> None:
    """Raise ValueError for a manifest that would hide vectors or read outside the store.

    - every partition key must name a snapshot of this category (``.../_snapshots/
      <category>/snapshot-*.parquet``, no ``..``): anything else is not ours to read.
    - ``covered_until`` must be a vector key of this category not later than now (plus
      a little clock skew): loading lists only keys after it, so a future one would hide
      every vector written until then.
    """
    prefix = layout.snapshot_prefix(manifest.category)
    for part in manifest.partitions:
        key = part.key
        if (
            not isinstance(key, str)
            or not key.startswith(prefix + "snapshot-")
            or not key.endswith(".parquet")
            or "/" in key[len(prefix) :]
            or "\\" in key
        ):
            raise ValueError(
                f"snapshot_key {key!r} is not a snapshot of this store ({prefix}snapshot-*.parquet)"
            )
    covered = manifest.covered_until
    if covered is None:
        return
    if not isinstance(covered, str) or not covered.startswith(
        layout.vector_prefix(manifest.category)
    ):
        raise ValueError(
            f"covered_until {covered!r} is not a vector key of category {manifest.category!r}"
        )
    latest = layout.time_bound_key(manifest.category, now + CLOCK_SKEW_SECONDS)
    if covered > latest:
        raise ValueError(
            f"covered_until {covered!r} is in the future (later than {latest!r}): "
            "it would hide the vectors written until then"
        )


def run_compaction(
    store: LearningVectorStore, *, grace_seconds: float, rebuild: bool
) -> dict[str, Any]:
    """Write new partitions of ``store`` and switch its manifest (caller holds the lock)."""
    for attempt in range(_ATTEMPTS):
        try:
            if rebuild:
                return _rebuild(store, grace_seconds)
            try:
                return _compact_tail(store, grace_seconds)
            except ConflictError:
                raise
            except (VectorStoreError, OSError, ValueError) as exc:
                # A partition the manifest names is gone or damaged: appending to it would
                # carry the damage on. Every vector object is still there.
                log.warning(
                    "compaction of %s cannot read its snapshot (%s): rebuilding from every "
                    "vector object instead",
                    redact(store.url),
                    redact(exc),
                )
                return _rebuild(store, grace_seconds)
        except ConflictError as exc:
            log.info(
                "compaction of %s: the manifest changed under us (%s); starting again (%d)",
                redact(store.url),
                exc,
                attempt + 1,
            )
            time.sleep(0.05 * (attempt + 1))
    raise VectorStoreError(
        f"compaction of {redact(store.url)} gave up: the manifest changed {_ATTEMPTS} times "
        "while it ran (other compactions are running; try again)"
    )


def _fetch(store: LearningVectorStore, keys: list[str]) -> list[tuple[str, LearningVector]]:
    """Parsed vectors of ``keys`` (reusing the ones this process holds), corrupt skipped."""
    known = store._tail if store._loaded else {}
    missing = [k for k in keys if k not in known]
    blobs = store.backend.get_many(missing) if missing else {}
    store._counters["object_gets"] += len(missing)
    out = []
    for key in keys:
        vector = known.get(key) if key in known else store._parse(key, blobs.get(key))
        if vector is not None:
            out.append((key, vector))
    return out


def _compact_tail(store: LearningVectorStore, grace_seconds: float) -> dict[str, Any]:
    now = time.time()
    bound = layout.time_bound_key(store.category, now - grace_seconds)
    manifest, version = read_manifest(store)
    manifest = manifest or Manifest(category=store.category)
    legacy_rows(store, manifest)
    skip = set(manifest.covered_unstamped) | set(manifest.corrupt_keys)
    listed = store.backend.list(store._prefix, manifest.covered_until)
    store._counters["listings"] += 1

    # Keys of another layout (copied-in seed files) carry no time: always foldable.
    def old(key: str) -> bool:
        return key < bound or layout.key_time(key) is None

    keys = [k for k in listed if old(k) and k not in skip]
    young = len(listed) - len([k for k in listed if old(k)])
    if not keys:
        if store._loaded:  # another process compacted what this one holds in its tail
            store._adopt_compacted(manifest)
        return {
            "vectors": _count(store, manifest.vectors + young),
            "added": 0,
            "snapshot_key": None,
            "skipped": True,
        }
    # A key naming an id seen earlier in this tail is another write of the same run.
    seen_ids: set[str] = set()
    by_name: list[str] = []
    for key in keys:
        vid = layout.key_vector_id(key)
        if vid is not None and vid in seen_ids:
            store._counters["duplicates_skipped"] += 1
            continue
        if vid is not None:
            seen_ids.add(vid)
        by_name.append(key)
    in_snapshot = _ids_in_snapshot(store, manifest, seen_ids)

    months: dict[str, list[Any]] = {}  # month -> arrow tables of new rows, seq order
    selected_keys: list[str] = []
    fold_parts: list[dict[str, Any]] = []
    seq = manifest.next_seq
    last_month = manifest.partitions[-1].month if manifest.partitions else layout.stamp(now)[:6]
    last_month = layout.stamp(now)[:6] if last_month == LEGACY else last_month
    ids_taken: set[str] = set()
    for lo in range(0, len(by_name), BATCH):
        batch = []
        for key, vector in _fetch(store, by_name[lo : lo + BATCH]):
            vid = vector.vector_id
            if vid in ids_taken or vid in in_snapshot:
                store._counters["duplicates_skipped"] += 1
                continue
            ids_taken.add(vid)
            batch.append((key, vector))
        if not batch:
            continue
        unknown = {v.vector_id for _, v in batch} - seen_ids
        if unknown:  # ids the key names did not announce (seed files): check them too
            present = _ids_in_snapshot(store, manifest, unknown)
            batch = [(k, v) for k, v in batch if v.vector_id not in present]
        if not batch:
            continue
        table = rows_table(batch, seq)
        seq += len(batch)
        fold_parts.append(_fold_columns(table))
        for key, _ in batch:
            last_month = month_of(key, last_month)
        # Rows of one batch may span a month boundary: split them by their key's month.
        groups = _split_by_month(table, [k for k, _ in batch], last_month)
        for month, part in groups:
            months.setdefault(month, []).append(part)
        selected_keys.extend(k for k, _ in batch)
    corrupt = sorted(k for k in store._corrupt if k in set(keys))
    if not selected_keys:
        manifest_new = _next_manifest(manifest, [], [], keys, corrupt, {})
        store.backend.put_if(layout.manifest_key(store.category), manifest_new.to_bytes(), version)
        if store._loaded:
            store._adopt_compacted(manifest_new)
        return {
            "vectors": _count(store, manifest.vectors + young),
            "added": 0,
            "snapshot_key": None,
            "skipped": True,
        }

    written = _write_months(store, manifest, months, now)
    try:
        new = _next_manifest(manifest, selected_keys, written, keys, corrupt, months)
    except BaseException:
        _delete_quietly(store, [p.key for p in written])
        raise
    _switch_manifest(store, new, version, written)
    return _after_switch(
        store,
        new,
        written,
        fold_parts,
        now,
        rebuilt=False,
        young=young,
    )


def _split_by_month(table: Any, keys: list[str], fallback: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    start = 0
    current = None
    month = fallback
    for i, key in enumerate(keys):
        m = month_of(key, fallback)
        if current is None:
            current = m
        elif m != current:
            out.append((current, table.slice(start, i - start)))
            start, current = i, m
        month = m
    out.append((current or month, table.slice(start)))
    return out


def _ids_in_snapshot(store: LearningVectorStore, manifest: Manifest, ids: set[str]) -> set[str]:
    """Which ``ids`` the manifest's snapshot holds: from memory when this process loaded
    exactly that snapshot, else by streaming the partitions' id column."""
    from strands_airflow.vectors.partitions import ids_present

    if not ids or not manifest.partitions:
        return set()
    if store._loaded and store._partition_keys == [p.key for p in manifest.partitions]:
        return {i for i in ids if i in store._base_index}
    return ids_present(store.backend, manifest.partitions, ids)


def legacy_rows(store: LearningVectorStore, manifest: Manifest) -> None:
    """Fill in the row count of a format-1 snapshot that did not record it (its footer)."""
    for p in manifest.partitions:
        if p.vectors < 0:
            p.vectors = int(open_file(store.backend, p.key).metadata.num_rows)


def _fold_columns(table: Any) -> dict[str, Any]:
    import numpy as np

    from strands_airflow.core.features import EMBEDDING_DIM

    n = table.num_rows
    flat = table.column("embedding").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return {
        "seq": table.column("seq").to_numpy(),
        "timestamp": table.column("timestamp").to_numpy(),
        "platform": np.asarray(table.column("platform").to_pylist(), dtype=str),
        "execution_time_seconds": table.column("execution_time_seconds").to_numpy(),
        "success": table.column("success").to_numpy(zero_copy_only=False).astype(bool),
        "cost_estimate_usd": table.column("cost_estimate_usd").to_numpy(zero_copy_only=False),
        "embedding": flat.astype(np.float32, copy=False).reshape(n, EMBEDDING_DIM),
    }


def concat_fold(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One set of fold columns from several (in order)."""
    import numpy as np

    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _write_months(
    store: LearningVectorStore, manifest: Manifest, months: dict[str, list[Any]], now: float
) -> list[Partition]:
    """One new file per touched month: the month's old partition streamed, then the rows."""
    written: list[Partition] = []
    try:
        for month in sorted(months):
            old = next((p for p in manifest.partitions if p.month == month), None)
            key = partition_key(store.category, month, now)
            writer = PartitionWriter(store.backend, key)
            try:
                if old is not None:
                    f = open_file(store.backend, old.key)
                    for g in range(f.metadata.num_row_groups):
                        writer.write(f.read_row_group(g, use_threads=False))
                for table in months[month]:
                    writer.write(table)
                writer.commit()
            except BaseException:
                writer.abort()
                raise
            first = (
                old.seq_start if old is not None else int(months[month][0].column("seq")[0].as_py())
            )
            written.append(Partition(key, month, writer.rows, first, writer.min_ts, writer.max_ts))
    except BaseException:
        _delete_quietly(store, [p.key for p in written])
        raise
    return written


def _next_manifest(
    manifest: Manifest,
    selected: list[str],
    written: list[Partition],
    considered: list[str],
    corrupt: list[str],
    months: dict[str, list[Any]],
) -> Manifest:
    replaced = {p.month for p in written}
    parts = [p for p in manifest.partitions if p.month == LEGACY or p.month not in replaced]
    parts = sorted(parts + written, key=lambda p: p.seq_start)
    stamped = [k for k in considered if layout.key_time(k) is not None]
    covered = max([manifest.covered_until or "", *stamped]) or None
    unstamped = [k for k in considered if layout.key_time(k) is None]
    return Manifest(
        category=manifest.category,
        partitions=parts,
        covered_until=covered,
        covered_unstamped=sorted(set(manifest.covered_unstamped) | set(unstamped)),
        corrupt_keys=sorted(set(manifest.corrupt_keys) | set(corrupt)),
        lineage=manifest.lineage or uuid.uuid4().hex,
    )


def _after_switch(
    store: LearningVectorStore,
    new: Manifest,
    written: list[Partition],
    fold_parts: list[dict[str, Any]],
    now: float,
    *,
    rebuilt: bool,
    young: int = 0,
) -> dict[str, Any]:
    """Learned state, this process's view of the store, orphans; the result to report."""

    added = new.vectors if rebuilt else sum(len(p["seq"]) for p in fold_parts)
    folded = concat_fold(fold_parts)
    from strands_airflow.vectors.learned_state import after_compaction

    after_compaction(store, new, folded)  # logs and carries on: readers catch up
    if store._loaded:
        if rebuilt:
            store._loaded = False  # read again (partitions, then the tail) on next use
        else:
            store._adopt_compacted(new)
    removed = _remove_orphans(store, keep={p.key for p in new.partitions}, now=now)
    newest = written[-1].key if written else None
    log.info(
        "compacted %s: %d vectors in %d partitions (%d new, %s)",
        redact(store.url),
        new.vectors,
        len(new.partitions),
        added,
        ", ".join(p.key.rsplit("/", 1)[-1] for p in written),
    )
    total = _count(store, new.vectors + young)
    return {
        "vectors": total,
        "snapshot_vectors": new.vectors,
        "added": added,
        "tail_vectors": total - new.vectors,
        "snapshot_key": newest,
        "partitions_written": [p.key for p in written],
        "partitions": len(new.partitions),
        "covered_until": new.covered_until,
        "orphans_removed": removed,
        "rebuilt": rebuilt,
    }


def _rebuild(store: LearningVectorStore, grace_seconds: float) -> dict[str, Any]:
    """Every vector object again, first write of each id winning, month by month."""
    now = time.time()
    bound = layout.time_bound_key(store.category, now - grace_seconds)
    _, version = read_manifest(store)
    keys = store.backend.list(store._prefix)
    store._counters["listings"] += 1
    store._corrupt.clear()
    listed = len(keys)
    keys = [k for k in keys if k < bound or layout.key_time(k) is None]
    seen: set[str] = set()
    written: list[Partition] = []
    fold_parts: list[dict[str, Any]] = []
    writer: PartitionWriter | None = None
    month = None
    seq = 0
    first_seq = 0
    last_month = layout.stamp(now)[:6]
    stamped = [k for k in keys if layout.key_time(k) is not None]
    if stamped:
        last_month = month_of(stamped[-1], last_month)

    def close() -> None:
        nonlocal writer
        if writer is not None and month is not None:
            writer.commit()
            written.append(
                Partition(writer.key, month, writer.rows, first_seq, writer.min_ts, writer.max_ts)
            )
        writer = None

    try:
        for lo in range(0, len(keys), BATCH):
            blobs = store.backend.get_many(keys[lo : lo + BATCH])
            store._counters["object_gets"] += len(blobs)
            batch = []
            for key in keys[lo : lo + BATCH]:
                vector = store._parse(key, blobs.get(key))
                if vector is None:
                    continue
                if vector.vector_id in seen:
                    store._counters["duplicates_skipped"] += 1
                    continue
                seen.add(vector.vector_id)
                batch.append((key, vector))
            if not batch:
                continue
            table = rows_table(batch, seq)
            seq += len(batch)
            # Learned state is rebuilt from the new partitions (streamed), not from here.
            for m, part in _split_by_month(table, [k for k, _ in batch], last_month):
                if m != month:
                    close()
                    month = m
                    first_seq = int(part.column("seq")[0].as_py())
                    writer = PartitionWriter(store.backend, partition_key(store.category, m, now))
                assert writer is not None
                writer.write(part)
        close()
    except BaseException:
        if writer is not None:
            writer.abort()
        _delete_quietly(store, [p.key for p in written])
        raise
    corrupt = sorted(store._corrupt)
    new = Manifest(
        category=store.category,
        partitions=written,
        covered_until=max(stamped) if stamped else None,
        covered_unstamped=[k for k in keys if layout.key_time(k) is None],
        corrupt_keys=corrupt,
        lineage=uuid.uuid4().hex,
    )
    _switch_manifest(store, new, version, written)
    return _after_switch(
        store, new, written, fold_parts, now, rebuilt=True, young=listed - len(keys)
    )


def _count(store: LearningVectorStore, estimate: int) -> int:
    """The store's count without loading it: exact when this process holds it in memory,
    else the snapshot plus the objects still in the tail (a racing retry counts twice)."""
    return store.count() if store._loaded else estimate


def _switch_manifest(store: Any, new: Any, version: Any, written: list[Any]) -> None:
    """Put ``new`` as the manifest if it is still at ``version`` (a conditional write); on
    any failure the partitions written for it are deleted and the error raised."""
    try:
        new.version = store.backend.put_if(
            layout.manifest_key(store.category), new.to_bytes(), version
        )
    except BaseException:
        _delete_quietly(store, [p.key for p in written])
        raise


def _delete_quietly(store: LearningVectorStore, keys: list[str]) -> None:
    for key in keys:
        try:
            store.backend.delete(key)
        except Exception:  # noqa: BLE001 - the original error matters more
            log.debug("could not delete unused snapshot %s", key)


def _remove_orphans(store: LearningVectorStore, *, keep: set[str], now: float) -> int:
    """Delete unreferenced snapshots and killed writes' temp files older than the limit."""
    limit = now - store.orphan_age_seconds
    removed = 0
    prefix = layout.snapshot_prefix(store.category)
    try:
        for key in store.backend.list(prefix + "snapshot-"):
            if key in keep:
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
