"""`LearningAgent`: turns each finished run into a learning vector and tells the others.

``capture(decision, execution, quality_report, optimization, run_key=...)`` builds the
run's :class:`~strands_airflow.vectors.model.LearningVector`, writes
``learning_insights`` (rules; or a Bedrock model when one is configured, falling back
to the rules on any error), stores the vector (idempotent per run key, so a task retry
writes nothing new) and broadcasts LEARNING_UPDATE with the vector, which is what the
Decision agent learns from. ``learning_summary()`` reports what the store has learned.

Over the bus (the seed's way) the agent collects DECISION_MADE, QUALITY_REPORT and
OPTIMIZATION_REPORT per correlation id and captures on EXECUTION_COMPLETED / _FAILED.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from strands_airflow.agents.base import StrandsAgent
from strands_airflow.agents.learning_insights import (
    bedrock_insights,
    efficiency_score,
    rule_insights,
)
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.vectors.model import LearningVector, RunKey

log = logging.getLogger(__name__)

# Bus contexts older than this are dropped by the autonomous cycle (the seed's hour).
CONTEXT_TTL_SECONDS = 3600.0


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
        cycle_interval: float = 60.0,
    ) -> None:
        super().__init__(agent_name, "learning", bus, cycle_interval=cycle_interval)
        self._store = store
        self._bedrock_model = bedrock_model
        self._aws_conn_id = aws_conn_id
        self._contexts: dict[str, dict[str, Any]] = {}
        self._pending: set[asyncio.Task] = set()

    @property
    def store(self) -> Any:
        """The vector store (the configured one unless given)."""
        if self._store is None:
            from strands_airflow.vectors.store import LearningVectorStore

            self._store = LearningVectorStore(aws_conn_id=self.aws_conn_id)
        return self._store

    @property
    def bedrock_model(self) -> str:
        if self._bedrock_model is None:
            from strands_airflow.settings import get_settings

            self._bedrock_model = get_settings().bedrock_model or ""
        return self._bedrock_model

    @property
    def aws_conn_id(self) -> str:
        if self._aws_conn_id is None:
            from strands_airflow.settings import get_settings

            self._aws_conn_id = get_settings().aws_conn_id or "aws_default"
        return self._aws_conn_id

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
        """The run's vector with insights, without storing or broadcasting it."""
        d, e = _as_dict(decision), _as_dict(execution)
        platform = str(
            e.get("platform") or e.get("platform_used") or d.get("selected_platform") or "unknown"
        )
        wl = workload if workload is not None else (d.get("workload") or e.get("workload") or {})
        vector = LearningVector.from_run(
            workload=wl,
            platform=platform,
            metrics=e,
            decision=d,
            quality=_as_dict(quality_report),
            optimization=optimization,
            run_key=run_key,
        )
        text = ""
        if self.bedrock_model:
            try:
                text = bedrock_insights(
                    vector,
                    _as_dict(quality_report),
                    optimization,
                    self.bedrock_model,
                    aws_conn_id=self.aws_conn_id,
                )
            except Exception as exc:  # noqa: BLE001 - any Bedrock problem falls back to rules
                log.warning("Bedrock insights failed (%s); using rule-based insights", exc)
        history = self._history_or_none()
        if not text:
            text = rule_insights(vector, history, _as_dict(quality_report), optimization)
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
        """Build, store and broadcast the run's vector (sync; see :meth:`acapture`).

        With ``run_key`` (``(dag_id, run_id, "learning")``) a retry returns the stored
        vector again instead of writing a second one.
        """
        vector = self._store_vector(
            self.build_vector(
                decision,
                execution,
                quality_report,
                optimization,
                run_key=run_key,
                workload=workload,
            )
        )
        self._broadcast_sync(vector, run_key)
        return vector

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
        """:meth:`capture` for async code: storing runs in a thread, the broadcast is awaited."""
        vector = await asyncio.to_thread(
            self.build_vector,
            decision,
            execution,
            quality_report,
            optimization,
            run_key=run_key,
            workload=workload,
        )
        vector = await asyncio.to_thread(self._store_vector, vector)
        await self._broadcast(vector, run_key)
        return vector

    def _store_vector(self, vector: LearningVector) -> LearningVector:
        self.store.put(vector)
        # On a retry the first write won: report what is stored, not the rebuilt copy.
        stored = self.store.get(vector.vector_id)
        return stored if stored is not None else vector

    def _recent_or_none(self, limit: int = 2000) -> list[Any] | None:
        try:
            return list(self.store.query(limit=limit))
        except Exception as exc:  # noqa: BLE001 - efficiency then compares with this run only
            log.warning("recent runs unavailable for efficiency: %s", exc)
            return None

    def _history_or_none(self) -> Any:
        try:
            self.store.refresh()
            return self.store.history()
        except Exception as exc:  # noqa: BLE001 - insights without history are still useful
            log.warning("learning history unavailable for insights: %s", exc)
            return None

    def _update_message(self, vector: LearningVector, run_key: RunKey | None) -> Message:
        m = vector.execution_metrics
        payload = {
            "vector_id": vector.vector_id,
            "platform": m.platform_used,
            "execution_time": m.execution_time_seconds,
            "quality_score": m.data_quality_score,
            "success": m.success,
            "insights": vector.learning_insights,
            "vector": vector.model_dump(mode="json"),
        }
        correlation = None
        if run_key is not None:
            from strands_airflow.vectors.model import run_key_text

            correlation = "/".join(run_key_text(run_key).split("/")[:2])
        return self.bus.create_message(
            sender=self.agent_name,
            message_type=MessageType.LEARNING_UPDATE,
            payload=payload,
            correlation_id=correlation,
        )

    async def _broadcast(self, vector: LearningVector, run_key: RunKey | None) -> None:
        try:
            await self.bus.publish(self._update_message(vector, run_key))
        except Exception as exc:  # noqa: BLE001 - the vector is stored; the bus keeps an outbox
            log.warning("LEARNING_UPDATE for %s not published: %s", vector.vector_id, exc)

    def _broadcast_sync(self, vector: LearningVector, run_key: RunKey | None) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None:
            asyncio.run(self._broadcast(vector, run_key))
        else:  # called from async code without await: publish on the running loop
            task = loop.create_task(self._broadcast(vector, run_key))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

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
        return [
            MessageType.DECISION_MADE,
            MessageType.QUALITY_REPORT,
            MessageType.OPTIMIZATION_REPORT,
            MessageType.EXECUTION_COMPLETED,
            MessageType.EXECUTION_FAILED,
        ]

    async def process_message(self, message: Message) -> dict[str, Any] | None:
        """Collect a run's messages by correlation id; capture when its execution ends."""
        key = message.correlation_id
        if not key:
            return None
        ctx = self._contexts.setdefault(key, {"seen_at": time.time()})
        slot = {
            MessageType.DECISION_MADE: "decision",
            MessageType.QUALITY_REPORT: "quality",
            MessageType.OPTIMIZATION_REPORT: "optimization",
        }.get(message.message_type)
        if slot is not None:
            ctx[slot] = message.payload
            return None
        execution = dict(message.payload.get("execution_result") or message.payload)
        if message.message_type == MessageType.EXECUTION_FAILED:
            execution.setdefault("success", False)
        vector = await self.acapture(
            ctx.get("decision") or {},
            execution,
            ctx.get("quality"),
            ctx.get("optimization"),
            run_key=f"{key}/learning",
        )
        self._contexts.pop(key, None)
        return {"vector_id": vector.vector_id}

    async def autonomous_cycle(self) -> None:
        """Drop bus contexts of runs that never finished (older than an hour)."""
        cutoff = time.time() - CONTEXT_TTL_SECONDS
        for key in [k for k, c in self._contexts.items() if c["seen_at"] < cutoff]:
            del self._contexts[key]


def _as_dict(obj: Any) -> dict[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, Mapping):
        return dict(obj)
    raise TypeError(f"expected a mapping or a pydantic model, got {type(obj).__name__}")


#: The seed's name.
StrandsLearningAgent = LearningAgent

__all__ = ["LearningAgent", "StrandsLearningAgent"]
