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

import json
import logging
import threading
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import redact
from strands_airflow.vectors import layout, reports
from strands_airflow.vectors.backends import open_backend
from strands_airflow.vectors.model import LearningVector

if TYPE_CHECKING:
    import numpy as np

    from strands_airflow.vectors.snapshot import Rows, VectorHistory

log = logging.getLogger(__name__)

MANIFEST_FORMAT = "strands-learning-vectors-manifest/1"
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
        self._snapshot_key: str | None = None
        self._manifest_vectors: int | None = None  # what the loaded manifest says it holds
        self._tail: dict[str, LearningVector] = {}  # key -> vector, insertion = key order
        self._tail_ids: dict[str, str] = {}  # vector id -> key
        self._corrupt: dict[str, str] = {}
        self._listed_at: float | None = None
        self._merged: Rows | None = None
        self._history: VectorHistory | None = None
        self._counters = {"object_gets": 0, "listings": 0, "duplicates_skipped": 0}
        self._counters |= {"puts": 0, "retries_ignored": 0, "compactions": 0}

    def __repr__(self) -> str:
        return f"LearningVectorStore({self.url!r}, category={self.category!r})"

    # -- loading -----------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if not self._loaded:
            with self._lock:
                if not self._loaded:
                    self._load()

    def _load(self) -> None:
        from strands_airflow.vectors.snapshot import Rows, decode_snapshot

        self._reset_state()
        manifest = None
        missing = None
        for _ in range(3):
            manifest = self._read_manifest()
            if manifest is None:
                break
            data = self.backend.get(manifest["snapshot_key"])
            self._counters["object_gets"] += 1
            if data is None:  # switched and cleaned up under us: read the new manifest
                missing = manifest["snapshot_key"]
                continue
            missing = None
            try:
                self._set_base(decode_snapshot(data))
            except Exception as exc:  # a damaged snapshot is rebuilt from objects, not fatal
                log.warning(
                    "snapshot %s in %s is unreadable (%s); loading every object instead",
                    manifest["snapshot_key"],
                    self.backend.description,
                    exc,
                )
                self._counters["snapshot_errors"] = self._counters.get("snapshot_errors", 0) + 1
                self._set_base(Rows.empty())
                manifest = None
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
            manifest = None
        if manifest is not None:
            self._covered_until = manifest.get("covered_until")
            self._snapshot_key = manifest.get("snapshot_key")
            self._manifest_vectors = _int_or_none(manifest.get("vectors"))
            for key in manifest.get("corrupt_keys", ()):
                self._corrupt.setdefault(key, "recorded by an earlier compaction")
        self._read_tail(self._covered_until)
        self._loaded = True

    def _read_manifest(self) -> dict[str, Any] | None:
        data = self.backend.get(layout.manifest_key(self.category))
        self._counters["object_gets"] += 1
        if data is None:
            return None
        try:
            manifest = json.loads(data)
            if manifest.get("format") != MANIFEST_FORMAT or "snapshot_key" not in manifest:
                raise ValueError(f"format {manifest.get('format')!r}")
            _check_manifest(manifest, self.category, time.time())
            return manifest
        except (ValueError, AttributeError) as exc:
            # Ignoring it loads every vector object: slower, never wrong.
            log.warning(
                "ignoring the manifest of %s (%s); rebuilding from the vector objects",
                self.backend.description,
                exc,
            )
            self._counters["manifest_errors"] = self._counters.get("manifest_errors", 0) + 1
            return None

    def _set_base(self, rows: Rows) -> None:
        self._base = rows
        self._base_index = {str(v): i for i, v in enumerate(rows.vector_ids)}
        self._base_keys = set(rows.keys.tolist())
        self._merged = self._history = None

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
        blobs = self.backend.get_many(fresh) if fresh else {}
        self._counters["object_gets"] += len(fresh)
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
        self._ensure_loaded()
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
            self.backend.put(key, vector.to_json().encode())
            self._counters["puts"] += 1
            self._tail[key] = vector  # newest key: insertion order stays key order
            self._tail_ids[vector.vector_id] = key
            self._merged = self._history = None
            due = self._compactable_count(time.time()) >= self.compact_threshold
        if due:
            try:
                self.compact()
            except VectorStoreError as exc:  # the put itself succeeded; compaction can wait
                log.warning("automatic compaction of %s failed: %s", redact(self.url), redact(exc))
        return key

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
                "covered_until": self._covered_until,
                **self._counters,
            }

    # -- compaction ----------------------------------------------------------------------

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


#: how far in the future a manifest's covered_until may be (writers' clocks differ a bit)
CLOCK_SKEW_SECONDS = 300.0


def _check_manifest(manifest: dict[str, Any], category: str, now: float) -> None:
    """Raise ValueError for a manifest that would hide vectors or read outside the store.

    - ``snapshot_key`` must name a snapshot of this category (``.../_snapshots/<category>/
      snapshot-*.parquet``, no ``..``): anything else is not ours to read.
    - ``covered_until`` must be a vector key of this category not later than now (plus
      a little clock skew): loading lists only keys after it, so a future one would hide
      every vector written until then.
    """
    key = manifest.get("snapshot_key")
    prefix = layout.snapshot_prefix(category)
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
    covered = manifest.get("covered_until")
    if covered is None:
        return
    if not isinstance(covered, str) or not covered.startswith(layout.vector_prefix(category)):
        raise ValueError(f"covered_until {covered!r} is not a vector key of category {category!r}")
    latest = layout.time_bound_key(category, now + CLOCK_SKEW_SECONDS)
    if covered > latest:
        raise ValueError(
            f"covered_until {covered!r} is in the future (later than {latest!r}): "
            "it would hide the vectors written until then"
        )


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _epoch(value: datetime | float | str) -> float:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # naive means UTC, as for stored timestamps
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if isinstance(value, str):
        return _epoch(datetime.fromisoformat(value.replace("Z", "+00:00")))
    return float(value)
