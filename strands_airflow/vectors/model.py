"""`LearningVector`: one finished run, in the seed's JSON shape, plus its embedding.

The keys are exactly the seed's (``vector_id``, ``timestamp``,
``workload_characteristics``, ``execution_metrics``, ``decision_context``,
``performance_indicators``, ``learning_insights``) plus ``embedding`` and
``feature_schema_version``. Unknown keys of old seed vectors (``correlation_id``,
``full_context``, ...) are ignored on read, so the seed's files load as they are.

Example::

    >>> v = LearningVector.from_run(
    ...     workload={"data_volume": "low"}, platform="local",
    ...     metrics={"execution_time_seconds": 12.5, "success": True},
    ...     run_key=("daily_sales", "scheduled__2026-01-01", "learning"))
    >>> v.vector_id == LearningVector.id_for_run(("daily_sales", "scheduled__2026-01-01", "learning"))
    True
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from strands_airflow.core.coerce import as_mapping
from strands_airflow.core.features import (
    EMBEDDING_DIM,
    FEATURE_SCHEMA_VERSION,
    stored_workload_features,
)
from strands_airflow.core.workload import Workload

# Fixed namespace: the same run key gives the same vector id on every machine, forever.
VECTOR_NAMESPACE = uuid.UUID("6d7a3c2e-5b1f-4f0e-9a51-2f8e1c7b4a10")

RunKey = str | Sequence[str] | Mapping[str, Any]


class ExecutionMetrics(BaseModel):
    """How the run went (seed keys); extra keys such as ``rows_written`` are kept."""

    model_config = ConfigDict(extra="allow")

    platform_used: str
    execution_time_seconds: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    data_quality_score: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    status: str = "unknown"
    success: bool = False

    @model_validator(mode="before")
    @classmethod
    def _success_from_status(cls, data: Any) -> Any:
        # Seed vectors sometimes carry only a status; "completed" is the seed's success.
        if isinstance(data, dict) and data.get("success") is None and "status" in data:
            data = {**data, "success": str(data["status"]).lower() in {"completed", "success"}}
        return data


class DecisionContext(BaseModel):
    """Why the platform was chosen (seed keys)."""

    model_config = ConfigDict(extra="allow")

    selected_platform: str | None = None
    decision_confidence: float = Field(default=0.0, ge=0, le=1, allow_inf_nan=False)
    decision_reasoning: str = ""


class LearningVector(BaseModel):
    """One run's learning record: the seed's keys plus a versioned embedding.

    ``embedding`` is filled (or recomputed, when it was built by another feature
    schema version) from ``workload_characteristics`` on validation, so readers can
    always trust ``embedding`` to match :data:`FEATURE_SCHEMA_VERSION`.
    """

    model_config = ConfigDict(extra="ignore")

    vector_id: str = Field(min_length=1)
    timestamp: datetime
    workload_characteristics: dict[str, Any] = Field(default_factory=dict)
    execution_metrics: ExecutionMetrics
    decision_context: DecisionContext = Field(default_factory=DecisionContext)
    performance_indicators: dict[str, Any] = Field(default_factory=dict)
    learning_insights: str = ""
    embedding: list[float] | None = None
    feature_schema_version: int | None = None

    @field_validator("timestamp")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        # The seed wrote naive utcnow() strings: they are UTC.
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    @field_validator("learning_insights", mode="before")
    @classmethod
    def _insights_text(cls, value: Any) -> Any:
        return "" if value is None else value

    @model_validator(mode="after")
    def _current_embedding(self) -> LearningVector:
        stale = (
            self.embedding is None
            or self.feature_schema_version != FEATURE_SCHEMA_VERSION
            or len(self.embedding) != EMBEDDING_DIM
            or not all(math.isfinite(x) for x in self.embedding)
        )
        if stale:
            # Bypass validate_assignment recursion: set the attributes directly.
            object.__setattr__(
                self, "embedding", stored_workload_features(self.workload_characteristics)
            )
            object.__setattr__(self, "feature_schema_version", FEATURE_SCHEMA_VERSION)
        return self

    # -- convenience views -----------------------------------------------------------

    @property
    def platform(self) -> str:
        """The platform the run used."""
        return self.execution_metrics.platform_used

    @property
    def epoch_seconds(self) -> float:
        """``timestamp`` as seconds since the epoch."""
        return self.timestamp.timestamp()

    def to_json(self) -> str:
        """Compact JSON text (the stored object's body)."""
        return self.model_dump_json()

    # -- construction --------------------------------------------------------------------

    @staticmethod
    def id_for_run(run_key: RunKey) -> str:
        """Deterministic vector id of a run: the same (dag_id, run_id, agent) -> the same id."""
        return str(uuid.uuid5(VECTOR_NAMESPACE, run_key_text(run_key)))

    @classmethod
    def from_run(
        cls,
        *,
        workload: Mapping[str, Any] | Workload,
        platform: str,
        metrics: Mapping[str, Any] | BaseModel,
        decision: Mapping[str, Any] | BaseModel | None = None,
        quality: Mapping[str, Any] | BaseModel | None = None,
        optimization: Mapping[str, Any] | Sequence[Any] | BaseModel | None = None,
        run_key: RunKey | None = None,
        insights: str = "",
        timestamp: datetime | None = None,
    ) -> LearningVector:
        """Build the vector of a finished run.

        ``metrics`` holds ``execution_time_seconds``, ``success`` and/or ``status``
        (``completed`` means success) and optionally ``data_quality_score`` and any other
        numbers (kept). ``decision`` is the Decision agent's output (``selected_platform``,
        ``confidence``, ``reasoning``); ``quality`` a quality report (``overall_score``);
        ``optimization`` a report or list of recommendations. With ``run_key``
        (``"dag/run/agent"`` or a tuple) the id is deterministic, so a retry rewrites
        the same vector instead of adding one.
        """
        w = Workload.parse(dict(workload) if isinstance(workload, Mapping) else workload)
        m = as_mapping(metrics, step="learning vector")
        d = as_mapping(decision, step="learning vector")
        q = as_mapping(quality, step="learning vector")

        status = m.get("status")
        success = m.get("success")
        if success is None:
            success = str(status or "").lower() in {"completed", "success"}
        if status is None:
            status = "completed" if success else "failed"
        quality_score = m.get("data_quality_score")
        if quality_score is None:
            quality_score = q.get("overall_score")

        execution = {
            **{k: v for k, v in m.items() if k not in {"platform", "platform_used"}},
            "platform_used": platform,
            "execution_time_seconds": m.get("execution_time_seconds"),
            "data_quality_score": quality_score,
            "status": str(status),
            "success": bool(success),
        }
        confidence = _first(d, "decision_confidence", "confidence", "confidence_score")
        decision_context = {
            "selected_platform": d.get("selected_platform", platform),
            "decision_confidence": float(confidence) if confidence is not None else 0.0,
            "decision_reasoning": str(_first(d, "decision_reasoning", "reasoning") or ""),
        }
        when = timestamp or _parse_time(_first(m, "finished_at", "end_time")) or _now()
        return cls(
            vector_id=cls.id_for_run(run_key) if run_key is not None else str(uuid.uuid4()),
            timestamp=when,
            workload_characteristics=w.as_payload(),
            execution_metrics=ExecutionMetrics.model_validate(execution),
            decision_context=DecisionContext.model_validate(decision_context),
            performance_indicators=_performance(optimization),
            learning_insights=insights,
        )


def run_key_text(run_key: RunKey) -> str:
    """``dag_id/run_id/agent`` text of a run key given as text, tuple or mapping."""
    if isinstance(run_key, str):
        text = run_key
    elif isinstance(run_key, Mapping):
        parts = [run_key.get(k) for k in ("dag_id", "run_id", "agent")]
        text = "/".join(str(p) for p in parts if p is not None)
    else:
        text = "/".join(str(p) for p in run_key)
    if not text.strip("/"):
        raise ValueError("run_key must name the run: 'dag_id/run_id/agent' or a tuple of them")
    return text


def _performance(optimization: Any) -> dict[str, Any]:
    """The seed's performance indicators from an optimization report or recommendations."""
    if optimization is None:
        return {"optimization_opportunities": 0, "recommendations_count": 0}
    if isinstance(optimization, BaseModel):
        optimization = optimization.model_dump(mode="json")
    if isinstance(optimization, Sequence) and not isinstance(optimization, str | bytes):
        recs = list(optimization)
        report: dict[str, Any] = {}
    else:
        report = dict(optimization)
        recs = list(report.get("recommendations") or [])
    out: dict[str, Any] = {
        "optimization_opportunities": len(report.get("optimization_opportunities") or recs),
        "recommendations_count": len(recs),
    }
    if "efficiency_score" in report:
        out["efficiency_score"] = report["efficiency_score"]
    return out


def _first(d: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if d.get(key) is not None:
            return d[key]
    return None


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _now() -> datetime:
    return datetime.now(timezone.utc)
