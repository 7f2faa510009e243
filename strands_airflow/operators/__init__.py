"""Strands operators (each module is imported on first use of its names)."""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "StrandsBaseOperator": "strands_airflow.operators.base",
    "StrandsPipelineOperator": "strands_airflow.operators.base",
    "StrandsPublishOperator": "strands_airflow.operators.publish",
    "StrandsDecisionOperator": "strands_airflow.operators.decision",
    "StrandsPlatformBranchOperator": "strands_airflow.operators.decision",
    "StrandsExecutionOperator": "strands_airflow.operators.execution",
    "StrandsQualityOperator": "strands_airflow.operators.quality",
    "StrandsOptimizationOperator": "strands_airflow.operators.optimization",
    "StrandsLearningOperator": "strands_airflow.operators.learning",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'strands_airflow.operators' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
