"""Columnar rows of learning vectors and their compacted snapshot (one parquet file).

A snapshot holds, per vector: its object key, id, time, platform, runtime, success,
embedding (float32, fixed width) and the rest of the vector as a JSON document
(zstd-compressed). Loading history for a decision reads one snapshot instead of one
object per vector; documents are parsed only when a caller asks for whole vectors.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from strands_airflow.core.features import (
    EMBEDDING_DIM,
    FEATURE_SCHEMA_VERSION,
    stored_workload_features,
)
from strands_airflow.vectors.model import LearningVector

log = logging.getLogger(__name__)

SNAPSHOT_FORMAT = "strands-learning-vectors/1"
_DOC_EXCLUDE = {"embedding", "feature_schema_version"}


@dataclass(frozen=True)
class VectorHistory:
    """Columnar view of the history, sorted by time (oldest first).

    What the Decision agent fits its models on: ``embedding`` (N, D) float32,
    ``platform`` (N,) str, ``execution_time_seconds`` (N,) float64 (NaN when unknown),
    ``success`` (N,) bool, ``timestamp`` (N,) float64 epoch seconds, ``vector_ids``.
    """

    embedding: np.ndarray
    platform: np.ndarray
    execution_time_seconds: np.ndarray
    success: np.ndarray
    timestamp: np.ndarray
    vector_ids: list[str]

    def __len__(self) -> int:
        return len(self.vector_ids)


class Rows:
    """Vectors as parallel columns; ``documents`` are JSON texts (or parsed vectors)."""

    def __init__(
        self,
        keys: np.ndarray,
        vector_ids: np.ndarray,
        timestamp: np.ndarray,
        platform: np.ndarray,
        execution_time_seconds: np.ndarray,
        success: np.ndarray,
        embedding: np.ndarray,
        documents: Sequence[Any],
    ) -> None:
        self.keys = keys
        self.vector_ids = vector_ids
        self.timestamp = timestamp
        self.platform = platform
        self.execution_time_seconds = execution_time_seconds
        self.success = success
        self.embedding = embedding
        self.documents = documents

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def empty(cls) -> Rows:
        """No rows."""
        return cls.from_vectors([])

    @classmethod
    def from_vectors(cls, pairs: Sequence[tuple[str, LearningVector]]) -> Rows:
        """Rows of (object key, vector) pairs; documents stay as parsed vectors."""
        n = len(pairs)
        emb = np.zeros((n, EMBEDDING_DIM), dtype=np.float32)
        times = np.empty(n, dtype=np.float64)
        runtimes = np.empty(n, dtype=np.float64)
        success = np.empty(n, dtype=bool)
        for i, (_, v) in enumerate(pairs):
            emb[i] = v.embedding or 0.0
            times[i] = v.epoch_seconds
            t = v.execution_metrics.execution_time_seconds
            runtimes[i] = np.nan if t is None else t
            success[i] = v.execution_metrics.success
        return cls(
            keys=np.array([k for k, _ in pairs], dtype=object),
            vector_ids=np.array([v.vector_id for _, v in pairs], dtype=object),
            timestamp=times,
            platform=np.array([v.platform for _, v in pairs], dtype=object),
            execution_time_seconds=runtimes,
            success=success,
            embedding=emb,
            documents=[v for _, v in pairs],
        )

    def vector(self, i: int) -> LearningVector:
        """The whole vector of row ``i`` (parsed on demand)."""
        doc = self.documents[i]
        if isinstance(doc, LearningVector):
            return doc
        if not isinstance(doc, str):
            doc = doc.as_py()  # a pyarrow scalar from a snapshot
        return LearningVector.model_validate_json(doc)

    def take(self, index: np.ndarray) -> Rows:
        """The rows at ``index`` (an integer array), in that order."""
        docs = self.documents
        return Rows(
            self.keys[index],
            self.vector_ids[index],
            self.timestamp[index],
            self.platform[index],
            self.execution_time_seconds[index],
            self.success[index],
            self.embedding[index],
            [docs[int(i)] for i in index],
        )

    @staticmethod
    def concat(parts: Sequence[Rows]) -> Rows:
        """Rows of several parts, in order (documents are chained, not copied)."""
        parts = [p for p in parts if len(p)] or [Rows.empty()]
        if len(parts) == 1:
            return parts[0]
        return Rows(
            np.concatenate([p.keys for p in parts]),
            np.concatenate([p.vector_ids for p in parts]),
            np.concatenate([p.timestamp for p in parts]),
            np.concatenate([p.platform for p in parts]),
            np.concatenate([p.execution_time_seconds for p in parts]),
            np.concatenate([p.success for p in parts]),
            np.concatenate([p.embedding for p in parts]),
            _Chained([p.documents for p in parts]),
        )

    def history(self) -> VectorHistory:
        """The columnar history sorted by time (stable, so ties keep key order)."""
        order = np.argsort(self.timestamp, kind="stable")
        return VectorHistory(
            embedding=np.ascontiguousarray(self.embedding[order]),
            platform=self.platform[order].astype(str),
            execution_time_seconds=self.execution_time_seconds[order],
            success=self.success[order],
            timestamp=self.timestamp[order],
            vector_ids=[str(x) for x in self.vector_ids[order]],
        )


class _Chained(Sequence[Any]):
    """Several document sequences read as one, without copying (a snapshot's documents
    stay a pyarrow column: materialising 100k scalars would dominate a cold load)."""

    def __init__(self, chunks: Sequence[Sequence[Any]]) -> None:
        self.chunks: list[Sequence[Any]] = []
        for chunk in chunks:
            self.chunks.extend(chunk.chunks if isinstance(chunk, _Chained) else [chunk])
        self.offsets = np.cumsum([0] + [len(c) for c in self.chunks])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        c = int(np.searchsorted(self.offsets, i, side="right")) - 1
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.chunks[c][i - int(self.offsets[c])]

    def __iter__(self) -> Any:
        for chunk in self.chunks:
            yield from chunk


def _doc_text(doc: Any) -> str:
    if isinstance(doc, LearningVector):
        return doc.model_dump_json(exclude=_DOC_EXCLUDE)
    return doc if isinstance(doc, str) else doc.as_py()


def encode_snapshot(rows: Rows) -> bytes:
    """Parquet bytes of ``rows`` (zstd), with format and feature version in metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = pa.array(np.ascontiguousarray(rows.embedding, dtype=np.float32).reshape(-1))
    table = pa.table(
        {
            "key": pa.array(rows.keys.tolist(), pa.string()),
            "vector_id": pa.array(rows.vector_ids.tolist(), pa.string()),
            "timestamp": pa.array(rows.timestamp, pa.float64()),
            "platform": pa.array(rows.platform.tolist(), pa.string()),
            "execution_time_seconds": pa.array(rows.execution_time_seconds, pa.float64()),
            "success": pa.array(rows.success, pa.bool_()),
            "embedding": pa.FixedSizeListArray.from_arrays(flat, EMBEDDING_DIM),
            "document": pa.array([_doc_text(d) for d in rows.documents], pa.string()),
        },
        metadata={
            "format": SNAPSHOT_FORMAT,
            "feature_schema_version": str(FEATURE_SCHEMA_VERSION),
            "embedding_dim": str(EMBEDDING_DIM),
        },
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", use_dictionary=["platform"])
    return sink.getvalue().to_pybytes()


def decode_snapshot(data: bytes) -> Rows:
    """Rows of a snapshot; embeddings of another feature schema version are recomputed.

    Raises ValueError (or pyarrow's error) when ``data`` is not a snapshot.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pa.BufferReader(data), use_threads=False, pre_buffer=False)
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    if meta.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"not a learning-vector snapshot (format {meta.get('format')!r})")
    docs = table.column("document").combine_chunks()
    n = table.num_rows
    if meta.get("feature_schema_version") == str(FEATURE_SCHEMA_VERSION) and meta.get(
        "embedding_dim"
    ) == str(EMBEDDING_DIM):
        emb_col = table.column("embedding").combine_chunks()
        flat = emb_col.flatten().to_numpy(zero_copy_only=False)
        embedding = flat.astype(np.float32, copy=False).reshape(n, EMBEDDING_DIM)
    else:
        # Built by another feature schema: rebuild each embedding from its workload.
        embedding = np.array(
            [
                stored_workload_features(json.loads(d.as_py()).get("workload_characteristics"))
                for d in docs
            ],
            dtype=np.float32,
        ).reshape(n, EMBEDDING_DIM)

    def strings(name: str) -> np.ndarray:
        return np.array(table.column(name).to_pylist(), dtype=object)

    return Rows(
        keys=strings("key"),
        vector_ids=strings("vector_id"),
        timestamp=table.column("timestamp").to_numpy(),
        platform=strings("platform"),
        execution_time_seconds=table.column("execution_time_seconds").to_numpy(),
        success=table.column("success").to_numpy(zero_copy_only=False),
        embedding=embedding,
        documents=docs,
    )
