"""The Optimization agent: ranked, evidence-backed recommendations from a run and its history.

See :class:`OptimizationAgent` (the seed's ``StrandsOptimizationAgent``).
"""

from strands_airflow.agents.optimization.model import (
    Baseline,
    EstimatedImpact,
    Evidence,
    OptimizationReport,
    Recommendation,
)
from strands_airflow.agents.optimization.recommend import (
    OptimizationAgent,
    StrandsOptimizationAgent,
)

__all__ = [
    "Baseline",
    "EstimatedImpact",
    "Evidence",
    "OptimizationAgent",
    "OptimizationReport",
    "Recommendation",
    "StrandsOptimizationAgent",
]
