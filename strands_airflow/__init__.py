"""strands-airflow: self-learning ETL agents for Apache Airflow 3.

The seed's public names are importable from here; each is loaded on first use so that
importing the package (and parsing a DAG) stays cheap::

    from strands_airflow import StrandsCoordinator, StrandsDecisionAgent, get_message_bus
"""

from __future__ import annotations

from typing import Any

from strands_airflow._lazy import lazy_getattr
from strands_airflow.version import __version__

_LAZY = {
    "StrandsAgent": "strands_airflow.agents.base",
    "StrandsDecisionAgent": "strands_airflow.agents.decision",
    "DecisionAgent": "strands_airflow.agents.decision",
    "StrandsQualityAgent": "strands_airflow.agents.quality.agent",
    "QualityAgent": "strands_airflow.agents.quality.agent",
    "StrandsOptimizationAgent": "strands_airflow.agents.optimization",
    "OptimizationAgent": "strands_airflow.agents.optimization",
    "StrandsLearningAgent": "strands_airflow.agents.learning",
    "LearningAgent": "strands_airflow.agents.learning",
    "StrandsCoordinator": "strands_airflow.pipeline.coordinator",
    "StrandsEnhancedOrchestrator": "strands_airflow.pipeline.coordinator",
    "get_message_bus": "strands_airflow.bus",
    "start_message_bus": "strands_airflow.bus",
    "MessageType": "strands_airflow.bus.message",
    "Message": "strands_airflow.bus.message",
    "LearningVector": "strands_airflow.vectors.model",
    "LearningVectorStore": "strands_airflow.vectors.store",
}

__all__ = ["__version__", *_LAZY]


_resolve = lazy_getattr(__name__, _LAZY)


def _decision_state() -> Any:
    from strands_airflow.agents.decision.learned_state import DecisionFolder

    return DecisionFolder()


def _register_learned_state() -> None:
    """The kinds of learned state compaction keeps current and ``strands-vectors state``
    rebuilds. Registered here, the one module that may know every layer, so the store
    (a lower layer) never imports the agents."""
    from strands_airflow.vectors import state_kinds

    state_kinds.register("decision", _decision_state)


_register_learned_state()


def __getattr__(name: str) -> Any:
    value = _resolve(name)
    globals()[name] = value  # later lookups skip __getattr__
    return value
