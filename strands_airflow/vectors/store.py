"""`LearningVectorStore`: durable, idempotent, fast-to-load memory of every run.

Layout and guarantees (see :mod:`strands_airflow.vectors.layout`):

- Each ``put`` writes one object (atomic), keyed by write time and the run's vector id.
  A retry of the same run (same id) writes nothing: first write wins.
- Loading reads the manifest, one snapshot (parquet) and only the objects written after
  the snapshot's ``covered_until`` key: one ordered listing plus the tail's GETs.
- ``compact()`` folds tail objects older than a grace period into a new snapshot
  written under a fresh key, then switches the manifest. A crash before the switch
  leaves the previous manifest valid; the snapshot can always be rebuilt from the
  objects (``compact(rebuild=True)``). Compaction also runs automatically once the
  tail holds ``compact_threshold`` vectors older than the grace period.
- Writers never coordinate: the grace period covers a write whose key time was
  taken before another process compacted (it must land within ``compaction_grace_seconds``).
- A corrupt object is skipped with a warning naming its key and counted in ``stats()``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from strands_airflow.core.blas import one_blas_thread
from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import redact
from strands_airflow.vectors import layout, listing_hint, reports, tail_cache
from strands_airflow.vectors.backends import open_backend
from strands_airflow.vectors.model import LearningVector

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

    from strands_airflow.vectors.partitions import Manifest
    from strands_airflow.vectors.snapshot import Rows, VectorHistory

log = logging.getLogger(__name__)

MANIFEST_FORMAT = "strands-learning-vectors-manifest/2"
#: a put of an id not seen lists the store again when the last listing is older than this
PUT_RELIST_SECONDS = 1.0


class LearningVectorStore:
    """Learning vectors of one category under ``memory://``, ``file:///`` or ``s3://``.

    Example::

        store = LearningVectorStore("s3://my-bucket/strands")
        store.put(LearningVector.from_run(...))
        hist = store.history()   # columns for the Decision agent
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        aws_conn_id: str = "aws_default",
        category: str = "learning",
        compact_threshold: int = 1000,
        compaction_grace_seconds: float = 300.0,
        orphan_age_seconds: float = 3600.0,
    ) -> None:
        if url is None:
            from strands_airflow.settings import get_settings

            url = get_settings().vector_store_url
        if category not in layout.CATEGORIES:
            raise VectorStoreError(
                f"category {category!r} is not known; use one of {', '.join(layout.CATEGORIES)}"
            )
        self.url = url
        self.aws_conn_id = aws_conn_id
        self.category = category
        self.compact_threshold = compact_threshold
        self.compaction_grace_seconds = compaction_grace_seconds
        self.orphan_age_seconds = orphan_age_seconds
        self.backend = open_backend(url, aws_conn_id=aws_conn_id)
        self._prefix = layout.vector_prefix(category)
        self._lock = threading.RLock()
        self._loaded = False
        self._reset_state()

    def _reset_state(self) -> None:
        from strands_airflow.vectors.snapshot import Rows

        self._base: Rows = Rows.empty()
        self._base_index: dict[str, int] = {}
        self._base_keys: set[str] = set()
        self._covered_until: str | None = None
        self._snapshot_key: str | None = None  # the newest partition
        self._partition_keys: list[str] = []
        self._manifest: Manifest | None = None
        self._manifest_vectors: int | None = None  # what the loaded manifest says it holds
        self._tail: dict[str, LearningVector] = {}  # key -> vector, insertion = key order
        self._tail_ids: dict[str, str] = {}  # vector id -> key
        self._slice_cache: dict[str, LearningVector] = {}  # tail objects read by slices
        # (covered_until,) at which this process found the tail cache full (None: never)
        self._tail_cache_full_at: tuple[str | None] | None = None
        self._corrupt: dict[str, str] = {}
        self._hint_written: tuple[str | None] | None = None  # (covered_until,) this process wrote
        self._listed_at: float | None = None
        self._merged: Rows | None = None
        self._history: VectorHistory | None = None
        # what this process did (kept across reloads: a put before the first load counts)
        done = {
            k: getattr(self, "_counters", {}).get(k, 0)
            for k in ("puts", "retries_ignored", "compactions")
        }
        self._counters = {
            "object_gets": 0,
            "listings": 0,
            "duplicates_skipped": 0,
            "tail_cache_hits": 0,
        } | done

    def __repr__(self) -> str:
        return f"LearningVectorStore({self.url!r}, category={self.category!r})"

    # -- loading -----------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._load()

    def _load(self) -> None:
        from strands_airflow.vectors.compaction import legacy_rows, read_manifest
        from strands_airflow.vectors.snapshot import Rows, decode_snapshot

        self._reset_state()
        manifest = None
        missing = None
        for _ in range(3):
            manifest, _version = read_manifest(self)
            if manifest is None:
                break
            parts = []
            missing = None
            part_key = None
            try:
                for part in manifest.partitions:
                    part_key = part.key
                    data = self.backend.get(part.key)
                    self._counters["object_gets"] += 1
                    if data is None:  # switched and cleaned up under us: read the new manifest
                        missing = part.key
                        break
                    parts.append(decode_snapshot(data))
                if missing is None:
                    legacy_rows(self, manifest)
            except Exception as exc:  # a damaged snapshot is rebuilt from objects, not fatal
                log.warning(
                    "snapshot %s in %s is unreadable (%s); loading every object instead",
                    part_key,
                    self.backend.description,
                    exc,
                )
                self._counters["snapshot_errors"] = self._counters.get("snapshot_errors", 0) + 1
                self._set_base(Rows.empty())
                manifest = None
                break
            if missing is not None:
                continue
            self._set_base(Rows.concat(parts))
            break
        if missing is not None:
            # The manifest names a snapshot that is gone. Its covered_until would hide
            # every vector the snapshot held: read them all from their objects instead.
            log.warning(
                "snapshot %s named by the manifest of %s is missing; rebuilding from the "
                "vector objects (the next compaction writes a new snapshot)",
                missing,
                self.backend.description,
            )
            self._counters["snapshot_errors"] = self._counters.get("snapshot_errors", 0) + 1
            self._set_base(Rows.empty())
            manifest = None
        if manifest is not None:
            self._adopt_manifest(manifest)
            for key in manifest.corrupt_keys:
                self._corrupt.setdefault(key, "recorded by an earlier compaction")
        self._read_tail(self._covered_until)
        self._loaded = True

    def _adopt_compacted(self, manifest: Manifest) -> None:
        """Follow a compaction (ours or another process's) without reading the snapshot:
        list every key up to now, then move the ones ``manifest`` covers into the base."""
        from strands_airflow.vectors.snapshot import Rows

        with self._lock:
            self._read_tail(self._covered_until)
            covered = manifest.covered_until or ""
            unstamped = set(manifest.covered_unstamped)
            moved = [(k, v) for k, v in self._tail.items() if k <= covered or k in unstamped]
            if moved:
                self._set_base(Rows.concat([self._base, Rows.from_vectors(moved)]))
                done = {k for k, _ in moved}
                self._tail = {k: v for k, v in self._tail.items() if k not in done}
                self._tail_ids = {v.vector_id: k for k, v in self._tail.items()}
            self._adopt_manifest(manifest)

    def _adopt_manifest(self, manifest: Manifest) -> None:
        self._manifest = manifest
        self._covered_until = manifest.covered_until
        self._partition_keys = [p.key for p in manifest.partitions]
        self._snapshot_key = self._partition_keys[-1] if self._partition_keys else None
        self._manifest_vectors = manifest.vectors

    def _set_base(self, rows: Rows) -> None:
        self._base = rows
        self._base_index = {str(v): i for i, v in enumerate(rows.vector_ids)}
        self._base_keys = set(rows.keys.tolist())
        self._merged = self._history = None

    def _add_to_tail_cache(self, key: str, body: bytes, covered_until: str | None) -> None:
        """Add a new run to the writers' tail cache, unless this process found it full
        at the same snapshot (a bulk load stays linear; compaction empties the cache)."""
        if self._tail_cache_full_at == (covered_until,):
            return
        if tail_cache.add(self.backend, self.category, key, body, covered_until) == "full":
            self._tail_cache_full_at = (covered_until,)

    def _tail_objects(
        self, keys: list[str], cached: dict[str, bytes] | None = None
    ) -> dict[str, bytes | None]:
        """The bodies of these listed tail keys: from the writers' tail cache (one GET
        instead of one per run; ``cached``: read already), the keys it lacks as objects
        (see tail_cache.py)."""
        blobs: dict[str, bytes | None] = {}
        if cached is None and len(keys) >= tail_cache.MIN_MISSING:
            cached = tail_cache.read(self.backend, self.category)
        if cached is not None:
            self._counters["object_gets"] += 1  # the cache itself
        if cached:
            blobs = {k: cached[k] for k in keys if k in cached}
            self._counters["tail_cache_hits"] += len(blobs)
        missing = [k for k in keys if k not in blobs]
        if missing:
            blobs.update(self.backend.get_many(missing))
        self._counters["object_gets"] += len(missing)
        return blobs

    def _read_tail(self, start_after: str | None) -> int:
        """List keys after ``start_after``; read and index the ones not seen yet."""
        listed_at = time.time()
        keys = self.backend.list(self._prefix, start_after)
        self._counters["listings"] += 1
        new = [
            k
            for k in keys
            if k not in self._tail and k not in self._corrupt and k not in self._base_keys
        ]
        # A key naming an id we already hold is another write of the same run: skip the GET.
        fresh = []
        for key in new:
            vid = layout.key_vector_id(key)
            if vid is not None and self._known(vid):
                self._counters["duplicates_skipped"] += 1
            else:
                fresh.append(key)
        blobs = self._tail_objects(fresh)
        added = 0
        for key in fresh:
            vector = self._parse(key, blobs.get(key))
            if vector is None:
                continue
            if self._known(vector.vector_id):
                self._counters["duplicates_skipped"] += 1
                continue
            self._tail[key] = vector
            self._tail_ids[vector.vector_id] = key
            added += 1
        if added:
            self._tail = dict(sorted(self._tail.items()))
            self._merged = self._history = None
        self._listed_at = listed_at
        return added

    def _parse(self, key: str, data: bytes | None) -> LearningVector | None:
        if data is None:  # deleted between listing and reading
            return None
        try:
            return LearningVector.model_validate_json(data)
        except (ValidationError, ValueError, UnicodeDecodeError) as exc:
            reason = str(exc).splitlines()[0][:200]
            log.warning(
                "skipping corrupt learning vector %s in %s: %s",
                key,
                self.backend.description,
                reason,
            )
            self._corrupt[key] = reason
            return None

    def _known(self, vector_id: str) -> bool:
        return vector_id in self._base_index or vector_id in self._tail_ids

    def refresh(self) -> int:
        """Read vectors written since the last look (new keys only); returns how many."""
        with self._lock:
            if not self._loaded:
                self._load()
                return len(self._tail)
            start = self._covered_until
            if self._listed_at is not None:
                # Re-list the grace window: a slow writer's key may sort before our last look.
                bound = layout.time_bound_key(
                    self.category, self._listed_at - self.compaction_grace_seconds
                )
                start = max(start or "", bound) or None
            return self._read_tail(start)

    # -- writing -------------------------------------------------------------------------

    def put(self, vector: LearningVector | Mapping[str, Any]) -> str:
        """Store ``vector``; returns its key. A vector id already stored is not rewritten."""
        if not isinstance(vector, LearningVector):
            vector = LearningVector.model_validate(vector)
        if not self._loaded:
            return self._put_unloaded(vector)
        with self._lock:
            existing = self._key_of(vector.vector_id)
            if existing is None and self._listing_age() > PUT_RELIST_SECONDS:
                # Another process (a retry on another worker) may have written this run
                # since we last looked: one listing of the new keys before writing.
                self.refresh()
                existing = self._key_of(vector.vector_id)
            if existing is not None:
                self._counters["retries_ignored"] += 1
                return existing
            key = layout.vector_key(self.category, vector.vector_id, time.time())
            body = vector.to_json().encode()
            self.backend.put(key, body)
            self._counters["puts"] += 1
            self._add_to_tail_cache(key, body, self._covered_until)
            self._tail[key] = vector  # newest key: insertion order stays key order
            self._tail_ids[vector.vector_id] = key
            self._merged = self._history = None
            due = self._compactable_count(time.time()) >= self.compact_threshold
        if due:
            self._compact_quietly()
        return key

    def _put_unloaded(self, vector: LearningVector) -> str:
        """:meth:`put` for a store this process has not loaded (a learning task): whether
        the id is stored is answered from the tail's key names and the snapshot's id
        column, streamed, so memory stays bounded whatever the store's size."""
        from strands_airflow.vectors.partitions import scan

        vid = vector.vector_id
        with self._lock:
            manifest = self.manifest()
            after = manifest.covered_until if manifest else None
            tail_keys = list(self.backend.list(self._prefix, after))
            for key in tail_keys:
                if layout.key_vector_id(key) == vid:
                    self._counters["retries_ignored"] += 1
                    return key
            if manifest is not None and manifest.partitions:
                import pyarrow.compute as pc

                for table in scan(self.backend, manifest.partitions, ("key", "vector_id")):
                    hit = table.filter(pc.equal(table.column("vector_id"), vid))
                    if hit.num_rows:
                        self._counters["retries_ignored"] += 1
                        return str(hit.column("key")[0].as_py())
            key = layout.vector_key(self.category, vid, time.time())
            body = vector.to_json().encode()
            self.backend.put(key, body)
            self._counters["puts"] += 1
            self._add_to_tail_cache(key, body, after)
            tail_keys.append(key)
            bound = layout.time_bound_key(
                self.category, time.time() - self.compaction_grace_seconds
            )
            due = sum(1 for k in tail_keys if k < bound) >= self.compact_threshold
        if due:
            self._compact_quietly()
        return key

    def _compact_quietly(self) -> None:
        """Automatic compaction after a put: the put itself succeeded, compaction can wait."""
        try:
            self.compact()
        except VectorStoreError as exc:
            log.warning("automatic compaction of %s failed: %s", redact(self.url), redact(exc))

    def _listing_age(self) -> float:
        return float("inf") if self._listed_at is None else time.time() - self._listed_at

    def _key_of(self, vector_id: str) -> str | None:
        if vector_id in self._tail_ids:
            return self._tail_ids[vector_id]
        i = self._base_index.get(vector_id)
        return None if i is None else str(self._base.keys[i])

    def _compactable_count(self, now: float) -> int:
        if len(self._tail) < self.compact_threshold:
            return 0
        bound = layout.time_bound_key(self.category, now - self.compaction_grace_seconds)
        n = 0
        for key in self._tail:  # key order: stop at the first one still in its grace period
            if key >= bound:
                break
            n += 1
        return n

    def ready(self, *, client: bool = True) -> None:
        """Read the backend's Airflow connection now, on the calling thread (an S3 client
        reads it through the task's supervisor channel, which belongs to the task's own
        thread), and (``client``) open its client: afterwards the store's calls may run on
        other threads. Nothing to do for local backends."""
        ready = getattr(self.backend, "ready", None)
        if ready is not None:
            ready(client=client)

    def put_report(self, kind: str, run_id: str, report: Mapping[str, Any] | BaseModel) -> str:
        """Store a quality report (``kind="quality"``) or optimization recommendations
        (``kind="optimization"``) of one run; returns the key. Re-putting replaces it."""
        return reports.put_report(self.backend, kind, run_id, report)

    def get_report(self, kind: str, run_id: str) -> dict[str, Any] | None:
        """A report stored by :meth:`put_report`, or None."""
        return reports.get_report(self.backend, kind, run_id)

    def list_reports(self, kind: str, *, limit: int = 50) -> list[tuple[str, dict[str, Any]]]:
        """Up to ``limit`` newest reports of a kind as ``(run_id, report)`` (see reports.py)."""
        return reports.list_reports(self.backend, kind, limit=limit)

    # -- reading -------------------------------------------------------------------------

    def _rows(self) -> Rows:
        from strands_airflow.vectors.snapshot import Rows

        self._ensure_loaded()
        with self._lock:
            if self._merged is None:
                tail = Rows.from_vectors(list(self._tail.items()))
                self._merged = Rows.concat([self._base, tail])
            return self._merged

    def get(self, vector_id: str) -> LearningVector | None:
        """The vector with this id (looks for new objects once if not cached), or None."""
        self._ensure_loaded()
        with self._lock:
            if not self._known(vector_id):
                self.refresh()
            if vector_id in self._tail_ids:
                return self._tail[self._tail_ids[vector_id]]
            i = self._base_index.get(vector_id)
            return None if i is None else self._base.vector(i)

    def query(
        self,
        since: datetime | float | str | None = None,
        platform: str | None = None,
        limit: int | None = None,
    ) -> list[LearningVector]:
        """Vectors newest first, optionally since a time and for one platform."""
        import numpy as np

        rows = self._rows()
        mask = np.ones(len(rows), dtype=bool)
        if since is not None:
            mask &= rows.timestamp >= _epoch(since)
        if platform is not None:
            mask &= rows.platform == platform
        index = np.flatnonzero(mask)
        index = index[np.argsort(-rows.timestamp[index], kind="stable")]
        if limit is not None:
            index = index[: max(limit, 0)]
        return [rows.vector(int(i)) for i in index]

    def count(self) -> int:
        """How many distinct vectors the store holds (as of the last load / refresh)."""
        self._ensure_loaded()
        return len(self._base_index) + len(self._tail_ids)

    def history(self) -> VectorHistory:
        """Columnar history sorted by time (embedding, platform, runtime, success, ...)."""
        rows = self._rows()
        with self._lock:
            if self._history is None:
                self._history = rows.history()
            return self._history

    # -- slices that never load the whole snapshot ---------------------------------------
    # A decision, the dashboard and the optimization agent need the newest runs, a time
    # window or the runs after a learned state, not 10 million rows: these read the
    # manifest, the tail objects and only the partitions / row groups that overlap.

    def manifest(self) -> Manifest | None:
        """The manifest in place now (read fresh; None when there is none or it is invalid)."""
        from strands_airflow.vectors.compaction import legacy_rows, read_manifest

        manifest, _ = read_manifest(self)
        if manifest is not None:
            legacy_rows(self, manifest)
        return manifest

    def snapshot_tables(
        self,
        columns: tuple[str, ...] | None = None,
        *,
        manifest: Manifest | None = None,
        since: float | None = None,
        seq_from: int | None = None,
    ) -> Iterator[pa.Table]:
        """The snapshot's rows as arrow tables in compaction (``seq``) order, one row group
        at a time: bounded memory whatever the store's size (``columns`` default: every
        column but the JSON document)."""
        from strands_airflow.vectors.partitions import NUMERIC, scan

        manifest = manifest if manifest is not None else self.manifest()
        if manifest is None:
            return iter(())
        return scan(
            self.backend, manifest.partitions, columns or NUMERIC, since=since, seq_from=seq_from
        )

    @property
    def _hint_id(self) -> str:
        return f"{self.url}|{self.aws_conn_id}|{self._prefix}"

    @property
    def _uses_hints(self) -> bool:
        return bool(getattr(self.backend, "lists_remotely", False))

    def prefetch_tail(self) -> listing_hint.Prefetch | None:
        """Start listing the tail (and reading the tail cache) from where this machine last
        saw the snapshot end, so the listing shares the manifest's round trip; pass the
        result to `tail_vectors`, which checks it against the manifest (see
        :mod:`~strands_airflow.vectors.listing_hint`). None when the backend lists locally
        or this machine has no hint yet."""
        if not self._uses_hints:
            return None
        hint = listing_hint.read(self._hint_id)
        if hint is listing_hint.MISSING:
            return None
        cache = self._tail if self._loaded else self._slice_cache
        return listing_hint.Prefetch.start(
            hint,
            lambda after: self.backend.list(self._prefix, after),
            None if cache else (lambda: tail_cache.read(self.backend, self.category)),
        )

    def tail_vectors(
        self, manifest: Manifest | None, prefetch: listing_hint.Prefetch | None = None
    ) -> list[tuple[str, LearningVector]]:
        """``(key, vector)`` of the objects ``manifest``'s snapshot does not cover (``None``:
        there is no snapshot, every object is tail), in key order, first write of an id
        winning; GETs only objects not read before. The caller reads the manifest once
        (``manifest()``) and passes it, so one decision reads it once; ``prefetch`` (from
        `prefetch_tail`, started before the manifest was read) is used when it covers the
        manifest's snapshot, else the tail is listed here."""
        skip = set(manifest.covered_unstamped) | set(manifest.corrupt_keys) if manifest else set()
        after = manifest.covered_until if manifest else None
        cache = self._tail if self._loaded else self._slice_cache
        prefetched = prefetch.result(after) if prefetch is not None else None
        if self._uses_hints and self._hint_written != (after,):
            if prefetch is None or prefetch.hint != after:
                listing_hint.write(self._hint_id, after)
            self._hint_written = (after,)
        if prefetched is not None:
            keys, cached = prefetched[0], None if cache else prefetched[1]
        elif cache:
            keys, cached = self.backend.list(self._prefix, after), None
        else:
            # Nothing read yet (a task's first read): the writers' tail cache comes with
            # the listing, in parallel, instead of after it.
            with ThreadPoolExecutor(max_workers=1) as pool:
                early = pool.submit(tail_cache.read, self.backend, self.category)
                keys = self.backend.list(self._prefix, after)
                cached = early.result()
        with self._lock:
            self._counters["listings"] += 1
            fresh = [k for k in keys if k not in skip and k not in cache and k not in self._corrupt]
            blobs = self._tail_objects(fresh, cached)
            for key in fresh:
                vector = self._parse(key, blobs.get(key))
                if vector is not None:
                    cache[key] = vector
            out, ids = [], set()
            for key in keys:
                vector = cache.get(key)
                if vector is None or vector.vector_id in ids:
                    continue
                ids.add(vector.vector_id)
                out.append((key, vector))
            return out

    def recent(
        self, limit: int, *, since: float | None = None, documents: bool = True
    ) -> tuple[list[LearningVector], pa.Table | None]:
        """The ``limit`` newest runs (by run time), newest first, reading only the row groups
        that can hold them: ``(tail vectors, snapshot rows)``. Snapshot rows come as an
        arrow table (with ``document`` when ``documents``); see :meth:`recent_vectors`."""
        from strands_airflow.vectors.partitions import newest_rows

        if self._loaded:
            self.refresh()
        manifest = self.manifest()
        tail = [v for _, v in self.tail_vectors(manifest)]
        if since is not None:
            tail = [v for v in tail if v.epoch_seconds >= since]
        tail.sort(key=lambda v: -v.epoch_seconds)
        tail = tail[:limit]
        floor = tail[-1].epoch_seconds if len(tail) >= limit else None
        table = None
        if manifest is not None and manifest.partitions:
            table = newest_rows(
                self.backend,
                manifest.partitions,
                limit,
                since=since,
                floor=floor,
                documents=documents,
            )
        return tail, table

    def recent_history(self, limit: int) -> VectorHistory:
        """The ``limit`` newest runs as a :class:`VectorHistory` (oldest first), read from
        the newest row groups and the tail only: what a learning step compares a run with,
        bounded whatever the store's size."""
        import numpy as np

        from strands_airflow.vectors.snapshot import Rows

        if self._loaded:
            return _newest(self.history(), limit)
        tail, table = self.recent(limit, documents=False)
        parts = [Rows.from_vectors([("", v) for v in tail])]
        if table is not None and table.num_rows:
            n = table.num_rows
            emb = table.column("embedding").combine_chunks().flatten()
            parts.append(
                Rows(
                    keys=np.array([""] * n, dtype=object),
                    vector_ids=np.array(table.column("vector_id").to_pylist(), dtype=object),
                    timestamp=np.asarray(table.column("timestamp").to_numpy(), dtype=np.float64),
                    platform=np.array(table.column("platform").to_pylist(), dtype=object),
                    execution_time_seconds=np.asarray(
                        table.column("execution_time_seconds").to_numpy(), dtype=np.float64
                    ),
                    success=np.asarray(table.column("success").to_numpy(), dtype=bool),
                    embedding=np.asarray(emb.to_numpy(), dtype=np.float32).reshape(n, -1),
                    documents=[None] * n,
                )
            )
        return _newest(Rows.concat(parts).history(), limit)

    def recent_vectors(self, limit: int, *, since: float | None = None) -> list[LearningVector]:
        """The ``limit`` newest vectors, newest first, without loading the whole snapshot
        (what ``query(limit=...)`` returns, for stores too big to hold in memory)."""
        tail, table = self.recent(limit, since=since)
        out = list(tail)
        if table is not None:
            for doc in table.column("document").to_pylist():
                out.append(LearningVector.model_validate_json(doc))
        out.sort(key=lambda v: -v.epoch_seconds)
        return out[:limit]

    @property
    def loaded(self) -> bool:
        """Whether this object holds the whole store in memory (after history(), query(),
        put(), ...); the slice readers below never load it."""
        return self._loaded

    def counts(self) -> dict[str, int]:
        """``vectors`` and ``corrupt_objects`` from the manifest and the tail only."""
        if self._loaded:
            return {"vectors": self.count(), "corrupt_objects": len(self._corrupt)}
        manifest = self.manifest()
        tail = self.tail_vectors(manifest)
        corrupt = set(manifest.corrupt_keys if manifest else ()) | set(self._corrupt)
        return {
            "vectors": (manifest.vectors if manifest else 0) + len(tail),
            "corrupt_objects": len(corrupt),
        }

    def window(self, since: float, *, lookback_runs: int = 0) -> RunColumns:
        """Runs at or after ``since`` (sorted by time) plus, for each platform among them,
        up to ``lookback_runs`` successful runs before it: what time-window figures need,
        read from the overlapping row groups only (no embeddings, ids or documents)."""
        import numpy as np

        from strands_airflow.vectors.partitions import lookback

        book: dict[str, int] = {}
        if self._loaded:
            h = self.history()
            first = int(np.searchsorted(h.timestamp, since, side="left"))
            keep = np.zeros(len(h), dtype=bool)
            keep[first:] = True
            if lookback_runs:
                good = h.success & np.isfinite(h.execution_time_seconds)
                for p in set(h.platform[first:].tolist()):
                    idx = np.flatnonzero(good[:first] & (h.platform[:first] == p))
                    keep[idx[-lookback_runs:]] = True
            names, codes = np.unique(h.platform[keep], return_inverse=True)
            book = {str(n): i for i, n in enumerate(names.tolist())}
            return RunColumns(
                h.timestamp[keep],
                codes.astype(np.int16),
                book,
                h.execution_time_seconds[keep],
                h.success[keep],
            )
        cols = ("timestamp", "platform", "execution_time_seconds", "success")
        manifest = self.manifest()
        parts: list[tuple[np.ndarray, ...]] = []
        for t in self.snapshot_tables(cols, manifest=manifest, since=since):
            parts.append(_columns_of(t, book))
        tail = [v for _, v in self.tail_vectors(manifest)]
        if tail:
            parts.append(
                (
                    np.array([v.epoch_seconds for v in tail]),
                    np.array([book.setdefault(v.platform, len(book)) for v in tail], np.int16),
                    np.array(
                        [
                            np.nan
                            if (x := v.execution_metrics.execution_time_seconds) is None
                            else x
                            for v in tail
                        ]
                    ),
                    np.array([v.execution_metrics.success for v in tail], dtype=bool),
                )
            )
        everything = RunColumns.concat(parts, book)
        in_window = everything.since(since)
        if lookback_runs and len(in_window):
            wanted = set(in_window.platforms())
            before = [
                _columns_of(t, book)
                for t in lookback(
                    self.backend,
                    manifest.partitions if manifest is not None else [],
                    since,
                    wanted,
                    lookback_runs,
                )
            ]
            # tail runs before the window are few: all of them (more lookback never hurts)
            in_window = RunColumns.concat(
                [*before, everything.before(since).as_tuple(), in_window.as_tuple()], book
            )
        return in_window.sorted()

    def find(self, vector_id: str) -> LearningVector | None:
        """The vector with this id without loading the whole store (tail objects, then the
        snapshot's id column, then one document)."""
        import pyarrow.compute as pc

        if self._loaded:
            return self.get(vector_id)
        manifest = self.manifest()
        for _, v in self.tail_vectors(manifest):
            if v.vector_id == vector_id:
                return v
        if manifest is None:
            return None
        for t in self.snapshot_tables(("seq", "vector_id"), manifest=manifest):
            hit = pc.equal(t.column("vector_id"), vector_id)
            if pc.any(hit).as_py():
                seq = int(t.column("seq").filter(hit)[0].as_py())
                for d in self.snapshot_tables(("seq", "document"), manifest=manifest, seq_from=seq):
                    return LearningVector.model_validate_json(d.column("document")[0].as_py())
        return None

    def matrix(self) -> np.ndarray:
        """Embeddings as one float32 array of shape (N, EMBEDDING_DIM), oldest first."""
        return self.history().embedding

    def stats(self) -> dict[str, Any]:
        """Counts for operators: vectors, snapshot/tail split, corrupt objects, I/O."""
        self._ensure_loaded()
        with self._lock:
            return {
                "url": self.url,
                "category": self.category,
                "vectors": self.count(),
                "snapshot_vectors": len(self._base),
                "tail_vectors": len(self._tail),
                "corrupt_objects": len(self._corrupt),
                "corrupt_keys": sorted(self._corrupt)[:50],
                "snapshot_key": self._snapshot_key,
                "partitions": len(self._partition_keys),
                "covered_until": self._covered_until,
                **self._counters,
            }

    # -- compaction ----------------------------------------------------------------------

    @one_blas_thread()
    def compact(self, *, grace_seconds: float | None = None, rebuild: bool = False) -> dict:
        """Fold old tail objects into a new snapshot; ``rebuild`` re-reads every object.

        Returns what was done (``vectors``, ``added``, ``snapshot_key``, ...).
        """
        from strands_airflow.vectors.compaction import run_compaction

        grace = self.compaction_grace_seconds if grace_seconds is None else grace_seconds
        with self._lock:
            result = run_compaction(self, grace_seconds=grace, rebuild=rebuild)
            self._counters["compactions"] += 1 if result.get("snapshot_key") else 0
            return result


def _newest(hist: VectorHistory, limit: int) -> VectorHistory:
    """The last ``limit`` rows of a time-sorted history."""
    from strands_airflow.vectors.snapshot import VectorHistory

    if len(hist) <= limit:
        return hist
    cut = slice(len(hist) - limit, None)
    return VectorHistory(
        embedding=hist.embedding[cut],
        platform=hist.platform[cut],
        execution_time_seconds=hist.execution_time_seconds[cut],
        success=hist.success[cut],
        timestamp=hist.timestamp[cut],
        vector_ids=hist.vector_ids[cut],
    )


def _epoch(value: datetime | float | str) -> float:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # naive means UTC, as for stored timestamps
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if isinstance(value, str):
        return _epoch(datetime.fromisoformat(value.replace("Z", "+00:00")))
    return float(value)


class RunColumns:
    """Time, platform, runtime and success of runs, as numpy columns (see ``window``).

    The platform is a small integer code (``platform_code``; ``names`` maps a name to
    its code): comparing a million codes is ~50x cheaper than comparing strings.
    ``platform`` gives the names as strings when a caller needs them.
    """

    def __init__(
        self,
        timestamp: np.ndarray,
        platform_code: np.ndarray,
        names: dict[str, int],
        execution_time_seconds: np.ndarray,
        success: np.ndarray,
    ) -> None:
        self.timestamp = timestamp
        self.platform_code = platform_code
        self.names = names
        self.execution_time_seconds = execution_time_seconds
        self.success = success

    def __len__(self) -> int:
        return len(self.timestamp)

    @property
    def platform(self) -> np.ndarray:
        import numpy as np

        table = np.array(sorted(self.names, key=self.names.__getitem__) or [""], dtype=str)
        return table[self.platform_code]

    def platforms(self) -> list[str]:
        """The names of the platforms present, sorted."""
        import numpy as np

        present = set(np.unique(self.platform_code).tolist())
        return sorted(n for n, c in self.names.items() if c in present)

    def is_platform(self, name: str) -> np.ndarray:
        """Boolean mask of the runs on ``name``."""
        import numpy as np

        code = self.names.get(name)
        if code is None:
            return np.zeros(len(self), dtype=bool)
        return self.platform_code == code

    def as_tuple(self) -> tuple[np.ndarray, ...]:
        return (self.timestamp, self.platform_code, self.execution_time_seconds, self.success)

    @classmethod
    def concat(cls, parts: list[tuple[np.ndarray, ...]], names: dict[str, int]) -> RunColumns:
        import numpy as np

        if not parts:
            e = np.empty(0)
            return cls(e, np.empty(0, dtype=np.int16), names, e, np.empty(0, dtype=bool))
        ts, code, rt, ok = (np.concatenate([p[i] for p in parts]) for i in range(4))
        return cls(ts, code, names, rt, ok)

    def _take(self, mask: np.ndarray) -> RunColumns:
        ts, code, rt, ok = (c[mask] for c in self.as_tuple())
        return RunColumns(ts, code, self.names, rt, ok)

    def since(self, t: float) -> RunColumns:
        return self._take(self.timestamp >= t)

    def before(self, t: float) -> RunColumns:
        return self._take(self.timestamp < t)

    def sorted(self) -> RunColumns:
        import numpy as np

        return self._take(np.argsort(self.timestamp, kind="stable"))


def _columns_of(table: pa.Table, book: dict[str, int]) -> tuple[np.ndarray, ...]:
    """Numpy columns of a window table; platform names get codes from ``book``."""
    import numpy as np
    import pyarrow.compute as pc

    enc = pc.dictionary_encode(table.column("platform")).combine_chunks()
    local = np.array(
        [book.setdefault(str(n), len(book)) for n in enc.dictionary.to_pylist()] or [0],
        dtype=np.int16,
    )
    return (
        table.column("timestamp").to_numpy(),
        local[enc.indices.to_numpy(zero_copy_only=False)],
        table.column("execution_time_seconds").to_numpy(),
        table.column("success").to_numpy(zero_copy_only=False).astype(bool),
    )
