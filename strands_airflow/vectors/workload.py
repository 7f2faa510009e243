"""Moved to :mod:`strands_airflow.core.workload` (kept so old imports keep working)."""

from strands_airflow.core.workload import *  # noqa: F403
from strands_airflow.core.workload import (  # noqa: F401
    COMPLEXITY_JOINS,
    LEVEL_ORDINAL,
    LEVELS,
    TRANSFORMS,
    VOLUME_BOUNDARIES_GB,
    VOLUME_LEVEL_GB,
    Workload,
    volume_level,
)
