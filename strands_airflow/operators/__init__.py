"""Strands operators (each module is imported on first use of its names)."""

from __future__ import annotations

from strands_airflow._lazy import lazy_getattr

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


__getattr__ = lazy_getattr(__name__, _LAZY)
