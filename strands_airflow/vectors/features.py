"""Moved to :mod:`strands_airflow.core.features` (kept so old imports keep working)."""

from strands_airflow.core.features import *  # noqa: F403
from strands_airflow.core.features import (  # noqa: F401
    EMBEDDING_DIM,
    FEATURE_NAMES,
    FEATURE_SCHEMA_VERSION,
    feature_values,
    stored_workload_features,
    workload_features,
)
