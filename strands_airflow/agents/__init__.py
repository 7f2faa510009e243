"""The agents: plain Python + asyncio, usable without Airflow (names load on first use)."""

from __future__ import annotations

import importlib
from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'strands_airflow.agents' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
