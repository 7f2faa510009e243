"""The Decision agent's answer: which platform, how sure, and the evidence per platform."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from strands_airflow.version import __version__ as _package_version

#: Version of the decision model (learner + features); bump when its behaviour changes.
DECISION_MODEL_VERSION = "bayes-ts-1"


class PlatformScore(BaseModel):
    """What the agent believes about one platform for this workload.

    ``expected_penalized_runtime_s`` is the posterior mean of
    ``E[execution_time_seconds] + 1800 s * P(fail)``; ``uncertainty_s`` is its posterior
    standard deviation. ``n_similar_runs`` counts past runs on this platform of workloads in
    the same size / complexity / transform class, with their ``mean_runtime_s`` (successful
    runs) and ``failure_rate``.

    Under a cost objective also: ``expected_cost_usd`` (posterior mean of one run's
    bill, a failed run billed for what it ran) with ``cost_uncertainty_usd`` (its
    posterior sd), ``deadline_miss_probability`` (P(runtime > deadline or failure)) and
    ``expected_objective_usd`` = expected cost + penalty x P(miss), what the pick minimises.
    """

    model_config = ConfigDict(extra="allow")

    platform: str
    usable: bool = True
    excluded_reason: str | None = None
    expected_penalized_runtime_s: float | None = None
    uncertainty_s: float | None = None
    expected_runtime_s: float | None = None
    median_runtime_s: float | None = None
    failure_probability: float | None = None
    probability_best: float = 0.0
    n_similar_runs: int = 0
    mean_runtime_s: float | None = None
    failure_rate: float | None = None
    n_runs: int = 0
    effective_evidence: float = 0.0
    # Money, filled when the objective is cost (see Decision.objective):
    expected_cost_usd: float | None = None
    cost_uncertainty_usd: float | None = None
    deadline_miss_probability: float | None = None
    expected_objective_usd: float | None = None


class Decision(BaseModel):
    """Where a job should run (``selected_platform``) and why.

    ``confidence`` is the posterior probability (0..1) that the selected platform is the
    one with the lowest expected objective for this workload (penalized runtime, or under
    ``objective`` ``{"minimize": "cost", ...}`` expected cost + deadline penalty); it is
    calibrated in ``benchmarks/decision_regret.py``. ``scores`` holds every platform asked about,
    usable or not. ``cold_start`` is True when no run history was available and the
    choice came from rules of thumb.
    """

    model_config = ConfigDict(extra="allow")

    selected_platform: str
    # A decision made elsewhere (a DAG author's own task returning {"selected_platform":
    # "glue"}) is still a decision: only the platform is required.
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    reasoning: str = ""
    scores: dict[str, PlatformScore] = Field(default_factory=dict)
    cold_start: bool = False
    explored: bool = False
    workload: dict[str, Any] = Field(default_factory=dict)
    n_history: int = 0
    objective: dict[str, Any] = Field(default_factory=lambda: {"minimize": "runtime"})
    model: str = DECISION_MODEL_VERSION
    version: str = _package_version
    decided_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def confidence_score(self) -> float:
        """The seed's name for :attr:`confidence`."""
        return self.confidence
