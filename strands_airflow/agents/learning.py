"""`LearningAgent`: turns each finished run into a learning vector.

``capture(decision, execution, quality_report, optimization, run_key=...)`` builds the
run's :class:`~strands_airflow.vectors.model.LearningVector`, writes
``learning_insights`` (rules; or a Bedrock model when one is configured, falling back
to the rules on any error) and stores the vector (idempotent per run key, so a task retry
writes nothing new). It publishes nothing: in a pipeline the caller of the learning step
announces the vector (one LEARNING_UPDATE per run, built by :func:`learning_update_payload`).
``learning_summary()`` reports what the store has learned.

Over the bus the agent answers a request: an AGENT_REQUEST with ``request_type`` =
``learning_capture`` (payload: ``decision``, ``execution``, ``quality``, ``optimization``,
``workload``, ``run_key``) is stored, and answered with a LEARNING_UPDATE that every
Decision agent learns from. It does not listen to other runs' EXECUTION_COMPLETED: a run is
learned exactly once, by whoever drives it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from strands_airflow.agents.base import StrandsAgent
from strands_airflow.agents.learning_insights import (
    bedrock_insights,
    efficiency_score,
    rule_insights,
)
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.core.bedrock import BedrockSettings
from strands_airflow.core.coerce import as_mapping
from strands_airflow.exceptions import StrandsError
from strands_airflow.vectors.model import LearningVector, RunKey

log = logging.getLogger(__name__)

#: Runs a learning step compares a new run with (insights, efficiency): the newest ones,
#: read from the newest row groups, so the step stays bounded whatever the store's size.
HISTORY_RUNS = 20_000


class LearningAgent(StrandsAgent):
    """Captures learning vectors of finished runs and summarises what was learned.

    Args:
        store: a ``LearningVectorStore``; default: the configured store.
        bus: message bus for LEARNING_UPDATE; default: the process default bus.
        bedrock_model: model id for AI insights; default ``STRANDS_BEDROCK_MODEL``
            (empty: rule-based insights only).
        aws_conn_id: connection for Bedrock.
    """

    def __init__(
        self,
        store: Any = None,
        bus: Any = None,
        *,
        agent_name: str = "learning_agent",
        bedrock_model: str | None = None,
        aws_conn_id: str | None = None,
        bedrock: BedrockSettings | None = None,
        cycle_interval: float = 60.0,
    ) -> None:
        super().__init__(agent_name, "learning", bus, cycle_interval=cycle_interval)
        self._store = store
        self._bedrock = bedrock.with_model(bedrock_model) if bedrock is not None else None
        self._bedrock_model = bedrock_model
        self._aws_conn_id = aws_conn_id

    @property
    def store(self) -> Any:
        """The vector store (the configured one unless given)."""
        if self._store is None:
            from strands_airflow.vectors.store import LearningVectorStore

            self._store = LearningVectorStore(aws_conn_id=self.aws_conn_id)
        return self._store

    @property
    def bedrock(self) -> BedrockSettings:
        """Bedrock settings for insights (``[strands] bedrock_model``; empty = rules only)."""
        if self._bedrock is None:
            self._bedrock = BedrockSettings.configured(
                model_id=self._bedrock_model, aws_conn_id=self._aws_conn_id
            )
        return self._bedrock

    @property
    def bedrock_model(self) -> str:
        """The Bedrock model id in use ('' = rule-based insights)."""
        return self.bedrock.model_id

    @property
    def aws_conn_id(self) -> str:
        """The AWS connection of the store and Bedrock."""
        return self._aws_conn_id or self.bedrock.aws_conn_id or "aws_default"

    # -- capture ---------------------------------------------------------------------

    def build_vector(
        self,
        decision: Any,
        execution: Any,
        quality_report: Any = None,
        optimization: Any = None,
        *,
        run_key: RunKey | None = None,
        workload: Mapping[str, Any] | None = None,
    ) -> LearningVector:
        """The run's vector with insights, without storing it.

        `execution` is an `ExecutionResult` (or its dict), whose `to_metrics()` is the one
        translation into the seed's `execution_metrics`, or a seed-style metrics mapping.
        """
        d = as_mapping(decision, step="learning: decision")
        e = execution_metrics(execution)
        q = as_mapping(quality_report, step="learning: quality report")
        platform = str(e.get("platform_used") or d.get("selected_platform") or "unknown")
        wl = workload if workload is not None else (d.get("workload") or {})
        vector = LearningVector.from_run(
            workload=wl,
            platform=platform,
            metrics=e,
            decision=d,
            quality=q,
            optimization=optimization,
            run_key=run_key,
        )
        text = ""
        if self.bedrock.enabled:
            try:
                text = bedrock_insights(vector, q, optimization, self.bedrock)
            except Exception as exc:  # noqa: BLE001 - any Bedrock problem falls back to rules
                log.warning("Bedrock insights failed (%s); using rule-based insights", exc)
        history = self._history_or_none()
        if not text:
            text = rule_insights(vector, history, q, optimization)
        # Efficiency against the best known run of the class, on what the decision minimised.
        basis = "cost" if (d.get("objective") or {}).get("minimize") == "cost" else "runtime"
        recent = self._recent_or_none() if basis == "cost" else None
        indicators = dict(vector.performance_indicators)
        indicators["efficiency_score"] = efficiency_score(
            vector, history, basis=basis, recent=recent
        )
        indicators["efficiency_basis"] = basis
        return vector.model_copy(
            update={"learning_insights": text, "performance_indicators": indicators}
        )

    def capture(
        self,
        decision: Any,
        execution: Any,
        quality_report: Any = None,
        optimization: Any = None,
        *,
        run_key: RunKey | None = None,
        workload: Mapping[str, Any] | None = None,
    ) -> LearningVector:
        """Build and store the run's vector; returns what is stored (publishes nothing).

        With ``run_key`` (``(dag_id, run_id, "learning")``) a retry returns the stored
        vector again instead of writing a second one.
        """
        return self._store_vector(
            self.build_vector(
                decision,
                execution,
                quality_report,
                optimization,
                run_key=run_key,
                workload=workload,
            )
        )

    async def acapture(
        self,
        decision: Any,
        execution: Any,
        quality_report: Any = None,
        optimization: Any = None,
        *,
        run_key: RunKey | None = None,
        workload: Mapping[str, Any] | None = None,
    ) -> LearningVector:
        """:meth:`capture` for async code (the store is written in a thread)."""
        return await asyncio.to_thread(
            self.capture,
            decision,
            execution,
            quality_report,
            optimization,
            run_key=run_key,
            workload=workload,
        )

    def _store_vector(self, vector: LearningVector) -> LearningVector:
        self.store.put(vector)
        # On a retry the first write won: report what is stored, not the rebuilt copy.
        # ``find`` reads the tail and the snapshot's id column instead of the whole store.
        find = getattr(self.store, "find", None) or self.store.get
        stored = find(vector.vector_id)
        return stored if stored is not None else vector

    def _recent_or_none(self, limit: int = 2000) -> list[Any] | None:
        try:
            recent = getattr(self.store, "recent_vectors", None)
            if recent is not None:
                return list(recent(limit))
            return list(self.store.query(limit=limit))
        except Exception as exc:  # noqa: BLE001 - efficiency then compares with this run only
            log.warning("recent runs unavailable for efficiency: %s", exc)
            return None

    def _history_or_none(self) -> Any:
        try:
            recent = getattr(self.store, "recent_history", None)
            if recent is not None:  # bounded: the newest runs, never the whole store
                return recent(HISTORY_RUNS)
            self.store.refresh()
            return self.store.history()
        except Exception as exc:  # noqa: BLE001 - insights without history are still useful
            log.warning("learning history unavailable for insights: %s", exc)
            return None

    # -- summary -----------------------------------------------------------------------

    def learning_summary(self, last_n: int = 20) -> dict[str, Any]:
        """Totals, success rate, per-platform counts, mean / p90 runtime and the trend.

        ``trend`` compares the last ``last_n`` runs with the ``last_n`` before them:
        ``improving`` / ``degrading`` / ``stable`` (or ``insufficient_data``).
        """
        from strands_airflow.agents.learning_insights import summarize

        self.store.refresh()
        summary = summarize(self.store.history(), last_n=last_n)
        summary["recent_insights"] = [v.learning_insights for v in self.store.query(limit=5)]
        return summary

    async def get_learning_summary(self, limit: int = 20) -> dict[str, Any]:
        """The seed's async name for :meth:`learning_summary`."""
        return await asyncio.to_thread(self.learning_summary, limit)

    # -- the bus -------------------------------------------------------------------------

    def _get_subscribed_message_types(self) -> list[MessageType]:
        return [MessageType.AGENT_REQUEST]

    async def process_message(self, message: Message) -> dict[str, Any] | None:
        """AGENT_REQUEST ``learning_capture`` -> store the vector, answer LEARNING_UPDATE."""
        p = message.payload or {}
        if p.get("request_type") != "learning_capture":
            return None
        run_key = p.get("run_key") or (
            f"{message.correlation_id}/learning" if message.correlation_id else None
        )
        try:
            vector = await self.acapture(
                p.get("decision"),
                p.get("execution"),
                p.get("quality"),
                p.get("optimization"),
                run_key=run_key,
                workload=p.get("workload"),
            )
            answer = {"status": "ok", **learning_update_payload(vector)}
        except StrandsError as exc:
            # bad input is answered, not retried: redelivery would fail the same way
            answer = {"status": "error", "error": str(exc), "error_type": type(exc).__name__}
        await self.send_message(
            MessageType.LEARNING_UPDATE,
            {"in_reply_to": message.id, **answer},
            correlation_id=message.correlation_id,
            priority=message.priority,
        )
        return answer


def execution_metrics(execution: Any) -> dict[str, Any]:
    """The seed's `execution_metrics` keys of a run's execution.

    An `ExecutionResult` (or a dict that validates as one) goes through
    `ExecutionResult.to_metrics`, the one translation; a seed-style metrics mapping
    (``platform_used``, ``execution_time_seconds``, ``status``...) is kept as it is.
    """
    from strands_airflow.execution.models import ExecutionResult

    if execution is None:
        return {}
    if isinstance(execution, ExecutionResult):
        return execution.to_metrics()
    data = as_mapping(execution, step="learning: execution")
    if "platform" in data and "platform_used" not in data:
        from strands_airflow.core.coerce import as_model

        return as_model(ExecutionResult, data, step="learning: execution").to_metrics()
    return data


def learning_update_payload(vector: LearningVector) -> dict[str, Any]:
    """The LEARNING_UPDATE payload of a stored vector: the one shape every sender uses."""
    m = vector.execution_metrics
    return {
        "vector_id": vector.vector_id,
        "platform": m.platform_used,
        "execution_time": m.execution_time_seconds,
        "success": m.success,
        "quality_score": m.data_quality_score,
        "insights": vector.learning_insights,
        "vector": vector.model_dump(mode="json"),
    }


#: The seed's name.
StrandsLearningAgent = LearningAgent

__all__ = [
    "LearningAgent",
    "StrandsLearningAgent",
    "execution_metrics",
    "learning_update_payload",
]
