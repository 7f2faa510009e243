"""The fixed-length numeric embedding of a workload (versioned feature schema).

Every learning vector stores ``embedding`` together with ``feature_schema_version``.
When this module's schema changes, bump :data:`FEATURE_SCHEMA_VERSION`: the store then
recomputes embeddings of older vectors from their ``workload_characteristics``, so
years of history stay usable without a migration.

Features are roughly unit-scaled (0..~2) so a linear model over them is well
conditioned; the first one is a constant 1.0 (intercept).

Example::

    >>> workload_features({"data_volume": "low"}).shape == (EMBEDDING_DIM,)
    True
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from strands_airflow.core.workload import LEVEL_ORDINAL, Workload

if TYPE_CHECKING:
    import numpy as np

FEATURE_SCHEMA_VERSION = 1

FEATURE_NAMES: tuple[str, ...] = (
    "bias",  # constant 1.0: the intercept of a linear model
    "log_volume",  # log1p(GB) / log1p(100): 1 GB -> 0.15, 100 GB -> 1.0, 10 TB -> 2.0
    "log_volume_sq",  # log_volume ** 2 / 2: lets a linear model bend (small vs huge data)
    "joins",  # log1p(num_joins) / log1p(10): 0 -> 0, 10 joins -> 1.0
    "extra_sources",  # log1p(source_count - 1) / log1p(10): one source -> 0
    "pyspark",  # 1 pyspark, 0 sql, 0.5 unknown
    "complexity",  # low 0, medium 0.5, high 1 (given or derived)
    "criticality",  # low 0, medium 0.5, high 1 (medium when unknown)
    "volume_x_pyspark",  # log_volume * pyspark: Spark code on big data behaves differently
)
EMBEDDING_DIM = len(FEATURE_NAMES)

_LOG_100 = math.log1p(100.0)
_LOG_10 = math.log1p(10.0)
# Neutral fills for a workload that says nothing about a side: a medium job.
_DEFAULT_GB = 30.0
_DEFAULT_JOINS = 2


def feature_values(workload: dict[str, Any] | Workload) -> list[float]:
    """The embedding as plain floats (no numpy), in :data:`FEATURE_NAMES` order."""
    w = Workload.parse(workload)
    gb = w.effective_data_volume_gb
    gb = _DEFAULT_GB if gb is None else gb
    joins = w.effective_num_joins
    joins = _DEFAULT_JOINS if joins is None else joins
    sources = w.source_count or 1
    pyspark = {"pyspark": 1.0, "sql": 0.0}.get(w.transform or "", 0.5)
    complexity = w.effective_complexity or "medium"
    criticality = w.criticality or "medium"

    log_volume = math.log1p(gb) / _LOG_100
    values = [
        1.0,
        log_volume,
        log_volume * log_volume / 2.0,
        math.log1p(joins) / _LOG_10,
        math.log1p(sources - 1) / _LOG_10,
        pyspark,
        LEVEL_ORDINAL[complexity],
        LEVEL_ORDINAL[criticality],
        log_volume * pyspark,
    ]
    # float32 round-trip so the JSON copy and the numpy copy are the same numbers.
    return [float(_f32(v)) for v in values]


def workload_features(workload: dict[str, Any] | Workload) -> np.ndarray:
    """The workload's embedding: float32 array of shape ``(EMBEDDING_DIM,)``.

    Raises :class:`~strands_airflow.exceptions.DecisionInputError` for invalid input
    (the message names the field and what is allowed). Deterministic.
    """
    import numpy as np

    return np.asarray(feature_values(workload), dtype=np.float32)


def stored_workload_features(characteristics: Any) -> list[float]:
    """Embedding for a stored (possibly old or hand-edited) workload: never raises.

    Invalid fields are ignored, as if they were absent.
    """
    return feature_values(Workload.parse_lenient(characteristics))


def _f32(value: float) -> float:
    import struct

    return struct.unpack("f", struct.pack("f", value))[0]
