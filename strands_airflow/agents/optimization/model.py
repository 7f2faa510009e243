"""What the Optimization agent returns: ranked `Recommendation`s and the report around them.

A `Recommendation` says what to do (`action`, one sentence), why (`evidence`: the
figures and the run ids they came from) and what it is worth (`estimated_impact`:
seconds and dollars saved per run, with the `formula` that produced them). `priority`
1 is the one to do first.

Example (as it travels in XCom)::

    {"priority": 1, "category": "platform", "platform": "local",
     "action": "Run this workload on local instead of glue: similar runs take 14 s there instead of 95 s.",
     "estimated_impact": {"seconds_saved_per_run": 81.0, "usd_saved_per_run": 0.0293,
                          "formula": "median(glue) - median(local) over similar successful runs"},
     "evidence": {"figures": {"glue_median_seconds": 95.0, "local_median_seconds": 14.0, ...},
                  "run_ids": ["3f1c...", "9ab0...", ...]}}
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Category = Literal["platform", "regression", "code", "data_quality", "cost", "configuration"]
Severity = Literal["info", "warning", "error"]
EvidenceSource = Literal["history", "current_run", "quality_report", "none"]
CATEGORIES: tuple[str, ...] = (
    "platform",
    "regression",
    "code",
    "data_quality",
    "cost",
    "configuration",
)


class EstimatedImpact(BaseModel):
    """Seconds and dollars saved per run, and how they were worked out.

    ``None`` means the saving cannot be measured from the evidence at hand (a code fix
    with no runtime to scale, a failed data check): the agent does not make one up.
    """

    model_config = ConfigDict(extra="forbid")

    seconds_saved_per_run: float | None = None
    usd_saved_per_run: float | None = None
    formula: str = ""


class Evidence(BaseModel):
    """The figures a recommendation rests on and the runs they came from.

    `run_ids` are learning-vector ids (or the current run's id); `figures` the numbers
    (medians, p90s, counts, the finding's line). `source` says where they came from:
    ``history``, ``current_run``, ``quality_report``, or ``none``.
    """

    model_config = ConfigDict(extra="forbid")

    figures: dict[str, Any] = Field(default_factory=dict)
    run_ids: list[str] = Field(default_factory=list)
    source: EvidenceSource = "none"


class Recommendation(BaseModel):
    """One thing to change, ranked: `priority` 1 = do first.

    `platform` is set for a platform move, `pattern` (the Quality finding's slug, or
    ``failed_check:<kind>``) for a code or data fix.
    """

    model_config = ConfigDict(extra="forbid")

    priority: int = Field(ge=1)
    category: Category
    action: str = Field(min_length=1)
    estimated_impact: EstimatedImpact = Field(default_factory=EstimatedImpact)
    evidence: Evidence = Field(default_factory=Evidence)
    platform: str | None = None
    pattern: str | None = None
    severity: Severity = "warning"

    @model_validator(mode="after")
    def _one_sentence(self) -> Recommendation:
        self.action = " ".join(self.action.split())
        return self

    def value_usd(self, usd_per_hour: float) -> float | None:
        """Impact as one number: dollars saved + hours saved x `usd_per_hour` (None if unknown)."""
        s = self.estimated_impact.seconds_saved_per_run
        u = self.estimated_impact.usd_saved_per_run
        if s is None and u is None:
            return None
        return (u or 0.0) + (s or 0.0) / 3600.0 * usd_per_hour


class Baseline(BaseModel):
    """Runs of one platform in the group of similar workloads."""

    platform: str
    runs: int
    successful_runs: int
    success_rate: float
    median_seconds: float | None = None
    p90_seconds: float | None = None
    median_cost_usd: float | None = None
    runs_with_cost: int = 0


class OptimizationReport(BaseModel):
    """Everything `recommend` worked out: the ranked list plus the baselines behind it.

    `notes` says plainly what could not be done (``no history of similar runs: only
    code-level recommendations``).
    """

    run_id: str | None = None
    platform: str | None = None
    recommendations: list[Recommendation] = Field(default_factory=list)
    baselines: dict[str, Baseline] = Field(default_factory=dict)
    workload_group: str | None = None
    history_runs: int = 0
    similar_runs: int = 0
    notes: list[str] = Field(default_factory=list)
    ranking: str = ""
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
