"""A partitioned snapshot: one parquet file per month of writes, listed by the manifest.

```
learning/vectors/_snapshots/<category>/manifest.json
learning/vectors/_snapshots/<category>/snapshot-<stamp>-<rand>-<YYYYMM>.parquet
```

Each row carries ``seq``: its place in the order vectors were compacted (0, 1, 2, ...).
New rows always get the next numbers and land in the partition of the month their key
was written, so a compaction rewrites only that month's file (streaming its row groups
into the new one), and the partitions sorted by ``seq_start`` are the store in
compaction order. That order is what learned state is folded in, so a state rebuilt
from the snapshot equals one updated compaction by compaction.

Readers that need a slice (the newest runs, a time window, rows after a ``seq``) open
only the partitions and row groups whose statistics overlap it (ranged reads on S3),
never the whole store. A manifest of format 1 (one unpartitioned snapshot, written by
earlier versions) reads as a single "legacy" partition holding ``seq`` 0..N-1; the next
compaction adds monthly partitions after it and never rewrites it.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strands_airflow.core.features import EMBEDDING_DIM, FEATURE_SCHEMA_VERSION
from strands_airflow.vectors import layout

if TYPE_CHECKING:
    import pyarrow as pa

    from strands_airflow.vectors.model import LearningVector

log = logging.getLogger(__name__)

MANIFEST_FORMAT_V1 = "strands-learning-vectors-manifest/1"
MANIFEST_FORMAT = "strands-learning-vectors-manifest/2"
LEGACY = "legacy"
ROW_GROUP_ROWS = 16_384
#: row groups decoded per read when scanning (bounds a scan's memory)
READ_GROUPS = 8
#: columns a reader gets when it asks for "the numbers" (no JSON documents)
NUMERIC = (
    "seq",
    "key",
    "vector_id",
    "timestamp",
    "platform",
    "execution_time_seconds",
    "success",
    "cost_estimate_usd",
    "embedding",
)


@dataclass
class Partition:
    """One snapshot file: its key, month, row count and ranges (for pruning)."""

    key: str
    month: str
    vectors: int
    seq_start: int
    min_ts: float | None = None
    max_ts: float | None = None

    @property
    def seq_end(self) -> int:
        return self.seq_start + self.vectors


@dataclass
class Manifest:
    """What a manifest says; ``version`` is the backend's tag of the object read."""

    category: str
    partitions: list[Partition] = field(default_factory=list)
    covered_until: str | None = None
    covered_unstamped: list[str] = field(default_factory=list)
    corrupt_keys: list[str] = field(default_factory=list)
    #: one id per numbering of ``seq``: kept by compactions, new after a rebuild (a
    #: learned state of another lineage counts other rows and is rebuilt)
    lineage: str | None = None
    version: str | None = None

    @property
    def vectors(self) -> int:
        return sum(p.vectors for p in self.partitions)

    @property
    def next_seq(self) -> int:
        return max((p.seq_end for p in self.partitions), default=0)

    @classmethod
    def parse(cls, data: dict[str, Any], category: str) -> Manifest:
        """A manifest of format 1 or 2; raises ValueError naming what is wrong."""
        fmt = data.get("format")
        if fmt == MANIFEST_FORMAT_V1:
            n = data.get("vectors")
            parts = [
                Partition(
                    key=str(data["snapshot_key"]),
                    month=LEGACY,
                    vectors=n if isinstance(n, int) and not isinstance(n, bool) else -1,
                    seq_start=0,
                )
            ]
        elif fmt == MANIFEST_FORMAT:
            raw = data.get("partitions")
            if not isinstance(raw, list):
                raise ValueError("partitions is not a list")
            try:
                parts = [Partition(**p) for p in raw]
            except TypeError as exc:
                raise ValueError(f"a partition entry is malformed: {exc}") from None
            for p in parts:
                if not isinstance(p.vectors, int) or not isinstance(p.seq_start, int):
                    raise ValueError(f"partition {p.key!r}: vectors and seq_start must be integers")
        else:
            raise ValueError(f"format {fmt!r}")
        parts.sort(key=lambda p: p.seq_start)
        return cls(
            category=category,
            partitions=parts,
            covered_until=data.get("covered_until"),
            covered_unstamped=list(data.get("covered_unstamped") or []),
            corrupt_keys=list(data.get("corrupt_keys") or []),
            lineage=(
                f"legacy:{data['snapshot_key']}"
                if fmt == MANIFEST_FORMAT_V1
                else (str(data["lineage"]) if data.get("lineage") else None)
            ),
        )

    def to_bytes(self, *, corrupt_limit: int = 1000) -> bytes:
        import time

        return json.dumps(
            {
                "format": MANIFEST_FORMAT,
                "category": self.category,
                "partitions": [asdict(p) for p in self.partitions],
                # kept for readers and tools of format 1: the newest partition
                "snapshot_key": self.partitions[-1].key if self.partitions else None,
                "covered_until": self.covered_until,
                "covered_unstamped": self.covered_unstamped,
                "lineage": self.lineage,
                "vectors": self.vectors,
                "next_seq": self.next_seq,
                "corrupt_keys": self.corrupt_keys[:corrupt_limit],
                "written_at": time.time(),
                "writer": uuid.uuid4().hex[:8],
            },
            indent=1,
        ).encode()


def partition_key(category: str, month: str, now: float) -> str:
    """A fresh key for a partition file of ``month`` (never reused)."""
    prefix = layout.snapshot_prefix(category)
    return f"{prefix}snapshot-{layout.stamp(now)}-{uuid.uuid4().hex[:8]}-{month}.parquet"


def month_of(key: str, fallback: str) -> str:
    """``YYYYMM`` of a vector key's write time (``fallback`` for keys without one)."""
    t = layout.key_time(key)
    return fallback if t is None else layout.stamp(t)[:6]


# -- arrow tables --------------------------------------------------------------------------


def schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("key", pa.string()),
            ("vector_id", pa.string()),
            ("seq", pa.int64()),
            ("timestamp", pa.float64()),
            ("platform", pa.string()),
            ("execution_time_seconds", pa.float64()),
            ("success", pa.bool_()),
            ("cost_estimate_usd", pa.float64()),
            ("embedding", pa.list_(pa.float32(), EMBEDDING_DIM)),
            ("document", pa.string()),
        ],
        metadata={
            "format": "strands-learning-vectors/1",
            "feature_schema_version": str(FEATURE_SCHEMA_VERSION),
            "embedding_dim": str(EMBEDDING_DIM),
        },
    )


def vector_cost(vector: LearningVector) -> float:
    """The run's recorded ``cost_estimate_usd`` or NaN."""
    import math

    value = getattr(vector.execution_metrics, "cost_estimate_usd", None)
    try:
        cost = float(value) if value is not None else math.nan
    except (TypeError, ValueError):
        return math.nan
    return cost if math.isfinite(cost) and cost >= 0 else math.nan


def rows_table(pairs: Sequence[tuple[str, LearningVector]], seq_start: int) -> pa.Table:
    """Snapshot rows of ``(key, vector)`` pairs numbered from ``seq_start``."""
    import numpy as np
    import pyarrow as pa

    from strands_airflow.vectors.snapshot import _DOC_EXCLUDE

    n = len(pairs)
    emb = np.zeros((n, EMBEDDING_DIM), dtype=np.float32)
    for i, (_, v) in enumerate(pairs):
        emb[i] = v.embedding or 0.0
    runtimes = [v.execution_metrics.execution_time_seconds for _, v in pairs]
    return pa.table(
        {
            "key": pa.array([k for k, _ in pairs], pa.string()),
            "vector_id": pa.array([v.vector_id for _, v in pairs], pa.string()),
            "seq": pa.array(np.arange(seq_start, seq_start + n, dtype=np.int64)),
            "timestamp": pa.array([v.epoch_seconds for _, v in pairs], pa.float64()),
            "platform": pa.array([v.platform for _, v in pairs], pa.string()),
            "execution_time_seconds": pa.array(
                [np.nan if t is None else t for t in runtimes], pa.float64()
            ),
            "success": pa.array([v.execution_metrics.success for _, v in pairs], pa.bool_()),
            "cost_estimate_usd": pa.array([vector_cost(v) for _, v in pairs], pa.float64()),
            "embedding": pa.FixedSizeListArray.from_arrays(
                pa.array(emb.reshape(-1)), EMBEDDING_DIM
            ),
            "document": pa.array(
                [v.model_dump_json(exclude=_DOC_EXCLUDE) for _, v in pairs], pa.string()
            ),
        },
        schema=schema(),
    )


class PartitionWriter:
    """Streams tables into one new partition file, then stores it under a fresh key.

    The file is written locally (beside the store on a file system) and moved or uploaded
    whole at :meth:`commit`: nothing references the key until the manifest switches, and
    memory holds one row group, whatever the partition's size.
    """

    def __init__(self, backend: Any, key: str) -> None:
        import pyarrow.parquet as pq

        self.backend, self.key = backend, key
        where = backend.staging_dir(key) if hasattr(backend, "staging_dir") else None
        fd, name = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=where)
        import os

        os.close(fd)
        self.path = Path(name)
        self.rows = 0
        self.min_ts: float | None = None
        self.max_ts: float | None = None
        self._writer = pq.ParquetWriter(
            str(self.path), schema(), compression="zstd", use_dictionary=["platform"]
        )

    def write(self, table: pa.Table) -> None:
        import pyarrow.compute as pc

        if not table.num_rows:
            return
        table = conform(table)
        self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self.rows += table.num_rows
        lo, hi = (x.as_py() for x in pc.min_max(table.column("timestamp")).values())
        if lo is not None:
            self.min_ts = lo if self.min_ts is None else min(self.min_ts, lo)
        if hi is not None:
            self.max_ts = hi if self.max_ts is None else max(self.max_ts, hi)

    def commit(self) -> None:
        self._writer.close()
        self.backend.put_file(self.key, self.path)

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self.path.unlink(missing_ok=True)


def conform(table: pa.Table) -> pa.Table:
    """``table`` with exactly the partition schema's columns (legacy files lack some)."""
    import pyarrow as pa

    target = schema()
    if table.schema.equals(target, check_metadata=False):
        return table.replace_schema_metadata(target.metadata)
    cols = []
    for f in target:
        if f.name in table.column_names:
            cols.append(table.column(f.name).cast(f.type))
        else:
            cols.append(pa.nulls(table.num_rows, f.type))
    return pa.Table.from_arrays(cols, schema=target)


# -- reading ------------------------------------------------------------------------------


def open_file(backend: Any, key: str) -> Any:
    """A ``pyarrow.parquet.ParquetFile`` over the backend's seekable reader."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(backend.open(key))


def _group_range(meta: Any, group: int, name: str) -> tuple[Any, Any] | None:
    schema_ = meta.schema
    col = next((i for i in range(len(schema_)) if schema_.column(i).path == name), None)
    if col is None:
        return None
    stats = meta.row_group(group).column(col).statistics
    if stats is None or not stats.has_min_max:
        return None
    return stats.min, stats.max


def _read_group(f: Any, g: int, columns: Sequence[str], first_seq: int) -> pa.Table:
    """Row group ``g`` with ``columns``; ``seq`` and cost made up for legacy files."""
    import pyarrow as pa

    have = set(f.schema_arrow.names)
    n = f.metadata.row_group(g).num_rows
    want = [c for c in columns if c in have]
    need_doc = "cost_estimate_usd" in columns and "cost_estimate_usd" not in have
    table = f.read_row_group(
        g,
        columns=want + (["document"] if need_doc and "document" not in want else []),
        use_threads=False,
    )
    if "seq" in columns and "seq" not in have:
        table = table.append_column("seq", pa.array(range(first_seq, first_seq + n), pa.int64()))
    if need_doc:
        table = table.append_column("cost_estimate_usd", _costs_of(table))
    return table.select([c for c in columns if c in table.column_names])


def _read_groups(f: Any, groups: list[int], columns: Sequence[str], starts: list[int]) -> pa.Table:
    """Several row groups as one table (one read when the file has every column)."""
    import pyarrow as pa

    have = set(f.schema_arrow.names)
    if all(c in have for c in columns):
        return f.read_row_groups(groups, columns=list(columns), use_threads=False)
    return pa.concat_tables([_read_group(f, g, columns, starts[g]) for g in groups])


def _group_starts(f: Any, seq_start: int) -> list[int]:
    out, offset = [], seq_start
    for g in range(f.metadata.num_row_groups):
        out.append(offset)
        offset += f.metadata.row_group(g).num_rows
    return out


def scan(
    backend: Any,
    partitions: Iterable[Partition],
    columns: Sequence[str] = NUMERIC,
    *,
    seq_from: int | None = None,
    since: float | None = None,
) -> Iterator[pa.Table]:
    """Row groups of the partitions (in ``seq`` order) with ``columns``, skipping those
    entirely before ``seq_from`` or with every run before ``since`` (then filtering rows).

    Legacy partitions get ``seq`` numbered from their ``seq_start`` and a cost read from
    the documents (DuckDB's JSON functions) when asked for.
    """
    import pyarrow.compute as pc

    cols = list(columns)
    extra = [c for c in ("seq", "timestamp") if c not in cols]
    for part in sorted(partitions, key=lambda p: p.seq_start):
        if seq_from is not None and part.vectors >= 0 and part.seq_end <= seq_from:
            continue
        if since is not None and part.max_ts is not None and part.max_ts < since:
            continue
        f = open_file(backend, part.key)
        try:
            starts = _group_starts(f, part.seq_start)
            wanted = []
            for g, first in enumerate(starts):
                n = f.metadata.row_group(g).num_rows
                if seq_from is not None and first + n <= seq_from:
                    continue
                if since is not None:
                    r = _group_range(f.metadata, g, "timestamp")
                    if r is not None and r[1] < since:
                        continue
                wanted.append(g)
            # A few row groups per read (one call decodes them in parallel); memory stays
            # bounded by READ_GROUPS row groups.
            for lo in range(0, len(wanted), READ_GROUPS):
                table = _read_groups(f, wanted[lo : lo + READ_GROUPS], cols + extra, starts)
                if seq_from is not None and starts[wanted[lo]] < seq_from:
                    table = table.filter(pc.greater_equal(table.column("seq"), seq_from))
                if since is not None:
                    table = table.filter(pc.greater_equal(table.column("timestamp"), since))
                if table.num_rows:
                    yield table.select(cols)
        finally:
            f.close()


def newest_rows(
    backend: Any,
    partitions: Iterable[Partition],
    limit: int,
    *,
    since: float | None = None,
    floor: float | None = None,
    documents: bool = True,
) -> pa.Table | None:
    """The ``limit`` rows with the latest run times (newer than ``floor``, at or after
    ``since``), newest first. Partitions and row groups whose newest run cannot make
    the cut are skipped by their statistics, so this reads a row group or two."""
    import numpy as np
    import pyarrow as pa

    # What a reader of the newest runs uses: no keys; documents only when asked for.
    cols = [c for c in NUMERIC if c != "key"] + (["document"] if documents else [])
    chunks: list[pa.Table] = []
    best = np.empty(0)

    def threshold() -> float | None:
        cut = [x for x in (floor, since) if x is not None]
        if len(best) >= limit:
            cut.append(float(best[limit - 1]))
        return max(cut) if cut else None

    for part in sorted(partitions, key=lambda p: -p.seq_start):
        t = threshold()
        if t is not None and part.max_ts is not None and part.max_ts < t:
            continue
        f = open_file(backend, part.key)
        try:
            starts = _group_starts(f, part.seq_start)
            for g in reversed(range(len(starts))):
                t = threshold()
                r = _group_range(f.metadata, g, "timestamp")
                if t is not None and r is not None and r[1] < t:
                    continue
                ts = f.read_row_group(g, columns=["timestamp"], use_threads=False).column(0).to_numpy()
                keep = np.ones(len(ts), dtype=bool) if t is None else ts >= t
                if since is not None:
                    keep &= ts >= since
                if not keep.any():
                    continue
                table = _read_group(f, g, cols, starts[g]).take(pa.array(np.flatnonzero(keep)))
                chunks.append(table)
                best = np.sort(np.concatenate([best, ts[keep]]))[::-1][:limit]
        finally:
            f.close()
    if not chunks:
        return None
    table = pa.concat_tables(chunks)
    order = np.argsort(-table.column("timestamp").to_numpy(), kind="stable")[:limit]
    return table.take(pa.array(order))


def platform_strings(column: Any) -> Any:
    """A string column as a numpy ``str`` array, fast (through its dictionary)."""
    import numpy as np
    import pyarrow.compute as pc

    enc = pc.dictionary_encode(column).combine_chunks()
    names = np.asarray(enc.dictionary.to_pylist(), dtype=str)
    idx = enc.indices.to_numpy(zero_copy_only=False)
    return names[idx] if len(names) else np.empty(len(idx), dtype=str)


def lookback(
    backend: Any, partitions: Iterable[Partition], before: float, platforms: set[str], runs: int
) -> Iterator[pa.Table]:
    """Row groups (newest first) of runs before ``before``, until every one of
    ``platforms`` has ``runs`` successful runs among them (or the snapshot ends)."""
    import numpy as np
    import pyarrow.compute as pc

    cols = ["timestamp", "platform", "execution_time_seconds", "success"]
    need = dict.fromkeys(platforms, runs)
    for part in sorted(partitions, key=lambda p: -p.seq_start):
        if not any(v > 0 for v in need.values()):
            return
        if part.min_ts is not None and part.min_ts >= before:
            continue
        f = open_file(backend, part.key)
        try:
            starts = _group_starts(f, part.seq_start)
            for g in reversed(range(len(starts))):
                if not any(v > 0 for v in need.values()):
                    return
                r = _group_range(f.metadata, g, "timestamp")
                if r is not None and r[0] >= before:
                    continue
                t = _read_group(f, g, cols, starts[g])
                t = t.filter(pc.less(t.column("timestamp"), before))
                if not t.num_rows:
                    continue
                plat = platform_strings(t.column("platform"))
                ok = t.column("success").to_numpy(zero_copy_only=False).astype(bool)
                ok &= np.isfinite(t.column("execution_time_seconds").to_numpy())
                for p in list(need):
                    need[p] -= int((ok & (plat == p)).sum())
                yield t
        finally:
            f.close()


def _costs_of(table: pa.Table) -> pa.Array:
    """``execution_metrics.cost_estimate_usd`` of each document (NaN when absent)."""
    import duckdb
    import pyarrow as pa

    # A connection of its own, closed here: DuckDB's module-level default connection (and its
    # worker threads) would live until the interpreter's teardown, shared with any other code
    # of the process; one thread, as the table is a partition's documents
    con = duckdb.connect(config={"threads": 1})
    try:
        con.register("docs", table.select(["document"]))
        rel = con.sql(
            "SELECT coalesce(TRY_CAST(json_extract(document, '$.execution_metrics.cost_estimate_usd') "
            "AS DOUBLE), 'nan'::DOUBLE) AS c FROM docs"
        )
        if rel is None:  # a SELECT always returns a relation; this keeps the types honest
            raise ValueError("DuckDB returned no relation for the cost query")
        out: Any = rel.arrow()
        col = out.column("c") if hasattr(out, "column") else out.read_all().column("c")
        return pa.array(col.to_numpy(zero_copy_only=False), pa.float64())
    finally:
        con.close()


def ids_present(backend: Any, partitions: Iterable[Partition], ids: set[str]) -> set[str]:
    """Which of ``ids`` the partitions already hold (streams the id column only)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not ids:
        return set()
    wanted = pa.array(sorted(ids), pa.string())
    found: set[str] = set()
    for table in scan(backend, partitions, ("vector_id",)):
        col = table.column("vector_id")
        hit = pc.is_in(col, value_set=wanted)
        found.update(col.filter(hit).to_pylist())
    return found


def partition_rows(backend: Any, part: Partition) -> int:
    """Row count of a partition file (from its footer)."""
    f = open_file(backend, part.key)
    return int(f.metadata.num_rows)
