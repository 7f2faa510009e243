"""The Decision agent: where each job should run, learned from past runs.

See :class:`DecisionAgent`; the benchmark is ``benchmarks/decision_regret.py``.
"""

from strands_airflow.agents.decision.agent import DecisionAgent, StrandsDecisionAgent
from strands_airflow.agents.decision.constraints import PlatformChoice, resolve_platforms
from strands_airflow.agents.decision.learner import (
    FAILURE_PENALTY_S,
    LearnerSettings,
    PlatformLearner,
)
from strands_airflow.agents.decision.model import Decision, PlatformScore

__all__ = [
    "FAILURE_PENALTY_S",
    "Decision",
    "DecisionAgent",
    "LearnerSettings",
    "PlatformChoice",
    "PlatformLearner",
    "PlatformScore",
    "StrandsDecisionAgent",
    "resolve_platforms",
]
