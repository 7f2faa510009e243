"""The agents: plain Python + asyncio, usable without Airflow (names load on first use)."""

from __future__ import annotations

from strands_airflow._lazy import lazy_getattr

_LAZY = {
    "StrandsAgent": "strands_airflow.agents.base",
    "DecisionAgent": "strands_airflow.agents.decision",
    "StrandsDecisionAgent": "strands_airflow.agents.decision",
    "QualityAgent": "strands_airflow.agents.quality.agent",
    "StrandsQualityAgent": "strands_airflow.agents.quality.agent",
    "OptimizationAgent": "strands_airflow.agents.optimization",
    "StrandsOptimizationAgent": "strands_airflow.agents.optimization",
    "LearningAgent": "strands_airflow.agents.learning",
    "StrandsLearningAgent": "strands_airflow.agents.learning",
}

__all__ = list(_LAZY)


__getattr__ = lazy_getattr(__name__, _LAZY)
