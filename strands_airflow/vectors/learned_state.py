"""Learned state kept next to the snapshot: what a model learned from every compacted run.

```
learning/state/<category>/<kind>.npz
```

A *folder* (``Folder``: the Decision agent's learner, for example) turns runs into a model
and the model into named numpy arrays. This module keeps that state in the store:

- **position**: a state covers the snapshot's rows ``seq < state.seq`` of one snapshot
  lineage; a reader loads it and folds only the rows after it (the snapshot's newer rows,
  then the tail objects), never the whole history;
- **canonical folding**: rows are folded in ``seq`` order in chunks of ``FOLD_CHUNK``
  rows aligned on ``seq`` (the rows of an unfinished chunk are kept raw in the state,
  ``pending``), so a state updated compaction by compaction is exactly the state
  rebuilt from the whole snapshot;
- **versioned**: the object holds a format, the folder's schema fingerprint (its
  settings, attributes and code) and a generation; a state of another schema, or one
  that does not decode, is rebuilt from the snapshot and the reason logged, never used;
- **no lost update**: every write is conditional on the version read (S3 ``If-Match``,
  a lock file around compare-and-rename on files); a writer that loses re-reads the
  winner's state and folds from there;
- **crash safe**: one object replaced atomically: a writer killed midway leaves the
  previous state readable.

Only numbers and fixed-width strings travel: ``np.load(allow_pickle=False)``, so a state
read from a store holds data, never code.

Folders are registered by kind (:mod:`.state_kinds`) by the package's top level
(``strands_airflow/__init__.py``), which may know every layer: this module and the
``strands-vectors state`` command only see the ``Folder`` protocol.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import redact
from strands_airflow.vectors import state_kinds
from strands_airflow.vectors.backends import ConflictError
from strands_airflow.vectors.partitions import NUMERIC

if TYPE_CHECKING:
    import numpy as np

    from strands_airflow.vectors.partitions import Manifest
    from strands_airflow.vectors.store import LearningVectorStore

log = logging.getLogger(__name__)

STATE_FORMAT = "strands-learned-state/1"
#: rows per fold step; chunks are aligned on seq so every path folds the same chunks
FOLD_CHUNK = 4096
#: what a folder is given: the snapshot columns it may learn from (no JSON documents)
FOLD_COLUMNS = tuple(c for c in NUMERIC if c not in ("key", "vector_id"))
_ATTEMPTS = 8


class Folder(Protocol):
    """A model learned from runs, as the learned state needs it."""

    kind: str

    def fingerprint(self) -> str:
        """Changes whenever an old state would not mean the same to this folder."""

    def new(self) -> Any:
        """A model that has learned nothing."""

    def fold(self, model: Any, rows: dict[str, np.ndarray]) -> None:
        """Learn ``rows`` (columns of :data:`FOLD_COLUMNS`, oldest first) into ``model``."""

    def dump(self, model: Any) -> dict[str, np.ndarray]:
        """The model as named numeric arrays."""

    def load(self, arrays: dict[str, np.ndarray]) -> Any:
        """The model of ``arrays``; raises ValueError when they do not fit."""


def folder(kind: str) -> Folder:
    """The registered folder of ``kind``; VectorStoreError names the known ones."""
    make = state_kinds.factory(kind)
    if make is None:
        known = ", ".join(kinds()) or "none"
        raise VectorStoreError(f"learned state kind {kind!r} is not known (known: {known})")
    return make()


def kinds() -> list[str]:
    """Registered kinds of learned state (see :mod:`.state_kinds`)."""
    return state_kinds.kinds()


def state_key(category: str, kind: str) -> str:
    """Where the state of ``kind`` for one category's vectors lives."""
    return f"learning/state/{category}/{kind}.npz"


@dataclass
class LearnedState:
    """A model and the snapshot rows it covers."""

    kind: str
    fingerprint: str
    lineage: str | None
    seq: int  # rows folded, counting the pending ones
    covered_until: str | None  # the manifest's boundary when ``seq`` was reached
    model: Any
    pending: dict[str, np.ndarray] = field(default_factory=dict)
    generation: int = 0
    version: str | None = None  # the backend's tag of the object it was read from

    @property
    def pending_rows(self) -> int:
        return len(self.pending.get("seq", ()))


# -- encoding --------------------------------------------------------------------------------


def encode(state: LearnedState, folder_: Folder) -> bytes:
    """The state as one compressed ``.npz`` (a JSON header as bytes, model and pending
    arrays)."""
    import numpy as np

    header = {
        "format": STATE_FORMAT,
        "kind": state.kind,
        "fingerprint": state.fingerprint,
        "lineage": state.lineage,
        "seq": state.seq,
        "covered_until": state.covered_until,
        "generation": state.generation,
        "written_at": time.time(),
        "writer": uuid.uuid4().hex[:8],
    }
    arrays = {"header": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
    arrays.update({f"m:{k}": np.asarray(v) for k, v in folder_.dump(state.model).items()})
    arrays.update({f"p:{k}": np.asarray(v) for k, v in state.pending.items()})
    buf = io.BytesIO()
    # Deflated: the decision state is mostly empty count grids (870 KB -> 15 KB), and every
    # decision task GETs it. Readers of either kind of .npz read it the same way.
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


# The header numpy writes for a plain array; numpy's own reader parses each one with
# ast.literal_eval, ~1.3 ms per array: 0.15 s for a decision state of ~110 arrays.
_NPY_HEADER = re.compile(
    r"\{'descr': '([<>|=][a-zA-Z]\d*)', 'fortran_order': (True|False), 'shape': \(([\d, ]*)\), \}"
)


def _load_npz(data: bytes) -> dict[str, Any]:
    """The arrays of an ``.npz`` (as ``np.load(allow_pickle=False)`` reads them), reading
    plain headers directly; any other member goes through numpy's reader."""
    import zipfile

    import numpy as np

    out: dict[str, Any] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            raw = zf.read(info)
            name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            if raw[:6] != b"\x93NUMPY":
                raise ValueError(f"member {info.filename!r} is not an array")
            wide = raw[6] >= 2
            start = 12 if wide else 10
            size = int.from_bytes(raw[8:start], "little")
            m = _NPY_HEADER.match(raw[start : start + size].decode("latin1"))
            dtype = np.dtype(m[1]) if m else None
            if m is None or dtype is None or dtype.hasobject:
                out[name] = np.load(io.BytesIO(raw), allow_pickle=False)
                continue
            shape = tuple(int(x) for x in m[3].split(",") if x.strip())
            count = int(np.prod(shape)) if shape else 1
            flat = np.frombuffer(raw, dtype=dtype, count=count, offset=start + size)
            out[name] = flat.reshape(shape, order="F" if m[2] == "True" else "C").copy()
    return out


class StateUnusable(ValueError):
    """A stored state that must be rebuilt (the message says why)."""


def decode(data: bytes, folder_: Folder) -> LearnedState:
    """The state in ``data``; raises StateUnusable when it is corrupt or of another schema."""

    try:
        arrays = _load_npz(data)
        header = json.loads(bytes(arrays.pop("header")).decode())
    except Exception as exc:  # noqa: BLE001 - any decoding problem means "corrupt"
        raise StateUnusable(f"corrupt ({type(exc).__name__}: {str(exc)[:200]})") from None
    if not isinstance(header, dict) or header.get("format") != STATE_FORMAT:
        raise StateUnusable(
            f"unknown format {header.get('format') if isinstance(header, dict) else header!r}"
        )
    if header.get("kind") != folder_.kind:
        raise StateUnusable(f"holds kind {header.get('kind')!r}, not {folder_.kind!r}")
    if header.get("fingerprint") != folder_.fingerprint():
        raise StateUnusable(
            f"old schema (fingerprint {header.get('fingerprint')!r}, this version "
            f"{folder_.fingerprint()!r}: the learner's settings or code changed)"
        )
    seq = header.get("seq")
    if not isinstance(seq, int) or seq < 0:
        raise StateUnusable(f"corrupt (seq {seq!r})")
    model_arrays = {k[2:]: v for k, v in arrays.items() if k.startswith("m:")}
    pending = {k[2:]: v for k, v in arrays.items() if k.startswith("p:")}
    try:
        model = folder_.load(model_arrays)
    except (ValueError, TypeError, KeyError) as exc:
        raise StateUnusable(f"does not fit the learner ({str(exc)[:200]})") from None
    if pending and len({len(v) for v in pending.values()}) != 1:
        raise StateUnusable("corrupt (pending columns differ in length)")
    return LearnedState(
        kind=folder_.kind,
        fingerprint=header["fingerprint"],
        lineage=header.get("lineage"),
        seq=seq,
        covered_until=header.get("covered_until"),
        model=model,
        pending=pending,
        generation=int(header.get("generation") or 0),
    )


# -- folding ---------------------------------------------------------------------------------


def empty(folder_: Folder, manifest: Manifest | None) -> LearnedState:
    """A state covering nothing of ``manifest``'s lineage."""
    return LearnedState(
        kind=folder_.kind,
        fingerprint=folder_.fingerprint(),
        lineage=manifest.lineage if manifest is not None else None,
        seq=0,
        covered_until=None,
        model=folder_.new(),
    )


def advance(state: LearnedState, folder_: Folder, rows: dict[str, np.ndarray]) -> None:
    """Fold ``rows`` (which must start at ``state.seq``) in whole aligned chunks; keep the
    rest pending. Raises ValueError when the rows do not follow on."""
    import numpy as np

    if not len(rows.get("seq", ())):
        return
    if int(rows["seq"][0]) != state.seq:
        raise ValueError(f"rows start at seq {int(rows['seq'][0])}, the state at {state.seq}")
    cols = {k: np.asarray(rows[k]) for k in FOLD_COLUMNS}
    if state.pending_rows:
        cols = {
            k: np.concatenate([state.pending[k].astype(cols[k].dtype, copy=False), cols[k]])
            for k in FOLD_COLUMNS
        }
    start = int(cols["seq"][0])
    end = start + len(cols["seq"])
    cut = (end // FOLD_CHUNK) * FOLD_CHUNK
    lo = 0
    while start + lo < cut:
        hi = min(cut - start, (((start + lo) // FOLD_CHUNK) + 1) * FOLD_CHUNK - start)
        folder_.fold(state.model, {k: v[lo:hi] for k, v in cols.items()})
        lo = hi
    state.pending = {k: np.ascontiguousarray(v[lo:]) for k, v in cols.items()}
    state.seq = end


def _batches(tables: Iterator[Any]) -> Iterator[dict[str, np.ndarray]]:
    import numpy as np

    from strands_airflow.core.features import EMBEDDING_DIM

    for table in tables:
        n = table.num_rows
        flat = table.column("embedding").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        yield {
            "seq": table.column("seq").to_numpy(),
            "timestamp": table.column("timestamp").to_numpy(),
            "platform": np.asarray(table.column("platform").to_pylist(), dtype=str),
            "execution_time_seconds": table.column("execution_time_seconds").to_numpy(),
            "success": table.column("success").to_numpy(zero_copy_only=False).astype(bool),
            "cost_estimate_usd": table.column("cost_estimate_usd")
            .to_numpy(zero_copy_only=False)
            .astype(np.float64),
            "embedding": flat.astype(np.float32, copy=False).reshape(n, EMBEDDING_DIM),
        }


def catch_up(
    store: LearningVectorStore, state: LearnedState, folder_: Folder, manifest: Manifest
) -> int:
    """Fold the snapshot rows after ``state.seq`` (row group by row group); returns how many."""
    before = state.seq
    if state.seq < manifest.next_seq:
        tables = store.snapshot_tables(FOLD_COLUMNS, manifest=manifest, seq_from=state.seq)
        for rows in _batches(tables):
            advance(state, folder_, rows)
    state.covered_until = manifest.covered_until
    return state.seq - before


def rebuild(store: LearningVectorStore, folder_: Folder, manifest: Manifest | None) -> LearnedState:
    """A state folded from every row of the snapshot, streamed (bounded memory)."""
    state = empty(folder_, manifest)
    if manifest is not None:
        catch_up(store, state, folder_, manifest)
    return state


# -- reading and writing ---------------------------------------------------------------------


def read(
    store: LearningVectorStore, folder_: Folder
) -> tuple[LearnedState | None, str | None, str | None]:
    """(state or None, why it is unusable or None, version tag of the object in place)."""
    got = store.backend.get_versioned(state_key(store.category, folder_.kind))
    if got is None:
        return None, "missing", None
    data, version = got
    try:
        state = decode(data, folder_)
    except StateUnusable as exc:
        return None, str(exc), version
    state.version = version
    return state, None, version


def usable_for(state: LearnedState, manifest: Manifest | None) -> str | None:
    """Why ``state`` cannot be continued on ``manifest`` (None: it can)."""
    lineage = manifest.lineage if manifest is not None else None
    if state.lineage != lineage:
        return f"covers another snapshot (lineage {state.lineage!r}, now {lineage!r}: rebuilt)"
    if manifest is not None and state.seq > manifest.next_seq:
        return f"is ahead of the snapshot ({state.seq} rows, the snapshot {manifest.next_seq})"
    if manifest is None and state.seq:
        return "covers rows of a snapshot that no longer exists"
    return None


def update(
    store: LearningVectorStore,
    folder_: Folder,
    *,
    manifest: Manifest | None = None,
    new_rows: dict[str, np.ndarray] | None = None,
    force_rebuild: bool = False,
) -> tuple[LearnedState, dict[str, Any]]:
    """Bring the stored state up to ``manifest`` (the one in place when None) and write it
    conditionally; on a conflict re-read the winner's state and continue from it.

    ``new_rows``: rows the caller already has (a compaction's), used when they follow on
    from the stored state; otherwise the snapshot is read from the state's position.
    Returns the state and what was done (``rebuilt``, ``reason``, ``folded``, ``attempts``).
    """
    manifest = manifest if manifest is not None else store.manifest()
    key = state_key(store.category, folder_.kind)
    for attempt in range(1, _ATTEMPTS + 1):
        got = store.backend.get_versioned(key)
        version = got[1] if got is not None else None
        state: LearnedState | None = None
        why: str | None = "missing" if got is None else None
        if force_rebuild:
            why = "rebuild requested"
        elif got is not None:
            try:
                state = decode(got[0], folder_)
            except StateUnusable as exc:
                why = str(exc)
        if state is not None:
            why = usable_for(state, manifest)
            if why is not None:
                state = None
        rebuilt = state is None
        folded = 0
        if state is None:
            if why not in ("missing", "rebuild requested"):
                log.warning(
                    "learned state %r of %s %s: rebuilding it from the snapshot",
                    folder_.kind,
                    redact(store.url),
                    why,
                )
            state = rebuild(store, folder_, manifest)
            folded = state.seq
        elif manifest is not None and state.seq < manifest.next_seq:
            if (
                new_rows is not None
                and len(new_rows.get("seq", ()))
                and int(new_rows["seq"][0]) == state.seq
                and int(new_rows["seq"][-1]) + 1 == manifest.next_seq
            ):
                advance(state, folder_, new_rows)
                state.covered_until = manifest.covered_until
                folded = len(new_rows["seq"])
            else:
                folded = catch_up(store, state, folder_, manifest)
        else:
            # Nothing new: the state already covers the snapshot.
            return state, {"rebuilt": False, "folded": 0, "attempts": attempt, "reason": None}
        state.generation += 1
        try:
            state.version = store.backend.put_if(key, encode(state, folder_), version)
        except ConflictError:
            log.info(
                "learned state %r of %s changed while we folded; re-reading (attempt %d)",
                folder_.kind,
                redact(store.url),
                attempt,
            )
            force_rebuild = False
            time.sleep(0.02 * attempt)
            continue
        return state, {
            "rebuilt": rebuilt,
            "reason": why if rebuilt else None,
            "folded": folded,
            "attempts": attempt,
        }
    raise VectorStoreError(
        f"learned state {folder_.kind!r} of {redact(store.url)}: gave up after {_ATTEMPTS} "
        "conflicting updates"
    )


def current(store: LearningVectorStore, folder_: Folder) -> tuple[LearnedState, Manifest | None]:
    """The state a reader (a decision) starts from, covering the manifest in place.

    Reads the stored state; when it is missing, unusable or behind the snapshot it is
    brought up to date and written back (best effort: a reader without write access
    still gets the right state, it just does the work again next time).
    """
    # the manifest and the state in parallel: a decision waits for one round trip, not two
    with ThreadPoolExecutor(max_workers=1) as pool:
        stored = pool.submit(read, store, folder_)
        manifest = store.manifest()
        state, why, _ = stored.result()
    if manifest is None and state is None and why == "missing":
        # No snapshot yet (every run is in the tail): the state is the priors, and there
        # is nothing to store. Writing it would cost each decision two more requests.
        return empty(folder_, None), None
    if state is not None and usable_for(state, manifest) is None:
        if manifest is None or state.seq >= manifest.next_seq:
            return state, manifest
    try:
        state, _ = update(store, folder_, manifest=manifest)
    except VectorStoreError as exc:
        log.warning(
            "learned state %r of %s could not be stored (%s); using it in memory",
            folder_.kind,
            redact(store.url),
            redact(exc),
        )
        if state is None or usable_for(state, manifest) is not None:
            if why not in (None, "missing"):
                log.warning("learned state %r: %s; rebuilt in memory", folder_.kind, why)
            state = rebuild(store, folder_, manifest)
        elif manifest is not None:
            catch_up(store, state, folder_, manifest)
    return state, manifest


def after_compaction(
    store: LearningVectorStore, manifest: Manifest, new_rows: dict[str, np.ndarray]
) -> None:
    """Fold a compaction's new rows into every registered kind's state (called by it)."""
    for kind in kinds():
        try:
            update(store, folder(kind), manifest=manifest, new_rows=new_rows)
        except Exception as exc:  # noqa: BLE001 - the next reader catches up instead
            log.warning(
                "learned state %r of %s not updated after compaction (%s: %s); the next "
                "reader folds the new rows in",
                kind,
                redact(store.url),
                type(exc).__name__,
                redact(exc),
            )
