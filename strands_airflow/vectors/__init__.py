"""Learning vectors and their store: the system's memory of every run.

Public names (imported lazily, so ``import strands_airflow.vectors`` stays cheap)::

    from strands_airflow.vectors import LearningVector, LearningVectorStore, Workload
    from strands_airflow.vectors import workload_features, FEATURE_NAMES, EMBEDDING_DIM
"""

from __future__ import annotations

from strands_airflow._lazy import lazy_getattr

_EXPORTS = {
    "LearningVector": "strands_airflow.vectors.model",
    "ExecutionMetrics": "strands_airflow.vectors.model",
    "DecisionContext": "strands_airflow.vectors.model",
    "LearningVectorStore": "strands_airflow.vectors.store",
    "VectorHistory": "strands_airflow.vectors.snapshot",
    "Workload": "strands_airflow.core.workload",
    "workload_features": "strands_airflow.core.features",
    "FEATURE_NAMES": "strands_airflow.core.features",
    "FEATURE_SCHEMA_VERSION": "strands_airflow.core.features",
    "EMBEDDING_DIM": "strands_airflow.core.features",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy_getattr(__name__, _EXPORTS)
