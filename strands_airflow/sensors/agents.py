"""A sensor per agent, on one base: wait for a run's decision, quality report or learning.

=========================  ==================================================================
sensor                     done when
=========================  ==================================================================
StrandsDecisionSensor      the run has its decision (XCom: the decision)
StrandsQualitySensor       the run's quality report exists (optionally with score >= N;
                           ``fail_below=True`` fails at once on a lower score)
StrandsLearningSensor      the run's (or a given) learning vector exists, or the store holds
                           ``min_vectors`` vectors (optionally on one platform)
=========================  ==================================================================

Each reads the bus when Redis is configured (the agent's DECISION_MADE / QUALITY_REPORT /
LEARNING_UPDATE for the run, read without a consumer group) and the store otherwise
(decision and quality reports, learning vectors), so they work on the embedded defaults.
``source="bus"`` or ``"store"`` forces one. Deferrable by default (`StrandsBusTrigger`,
`StrandsStoreTrigger`); in poke mode each poke reads the bus from where the last one
stopped, every page of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Literal

from airflow.sdk import BaseSensorOperator, Context

from strands_airflow.links.strands import StrandsDashboardLink
from strands_airflow.operators.base import correlation_id_for
from strands_airflow.sensors.message import SINCE_MARGIN_S
from strands_airflow.triggers.agents import (
    AgentCondition,
    BusCursor,
    StrandsBusTrigger,
    StrandsStoreTrigger,
    check_bus_once,
    condition_dict,
    redis_bus_or_none,
)

Source = Literal["auto", "bus", "store"]


class StrandsAgentSensor(BaseSensorOperator):
    """Base of the per-agent sensors: the source, the triggers and poke mode.

    :param correlation_id: the run waited for (``dag_id/run_id``, templated); default this
        DAG run.
    :param source: ``auto`` (the bus when Redis is configured, else the store), ``bus``
        or ``store``.
    :param store_url: learning-vector store; default from ``[strands]``.
    :param deferrable: wait in the triggerer (default True).
    :param timeout: seconds to wait; poke_interval: seconds between checks.
    """

    template_fields: Sequence[str] = ("correlation_id", "store_url")
    operator_extra_links = (StrandsDashboardLink(),)
    ui_color = "#e3eefd"

    def __init__(
        self,
        *,
        correlation_id: str | None = None,
        source: Source = "auto",
        redis_conn_id: str = "redis_default",
        aws_conn_id: str = "aws_default",
        bus_url: str | None = None,
        store_url: str | None = None,
        deferrable: bool = True,
        timeout: float = 60 * 60,
        poke_interval: float = 5,
        **kwargs: Any,
    ) -> None:
        super().__init__(timeout=timeout, poke_interval=poke_interval, **kwargs)
        if source not in ("auto", "bus", "store"):
            raise ValueError(f"{kwargs.get('task_id')}: source={source!r}; use auto, bus or store")
        self.correlation_id = correlation_id
        self.source = source
        self.redis_conn_id = redis_conn_id
        self.aws_conn_id = aws_conn_id
        self.bus_url = bus_url
        self.store_url = store_url
        self.deferrable = deferrable
        self._cursor: BusCursor | None = None

    # -- what and where -------------------------------------------------------------------
    def condition(self, context: Context) -> AgentCondition:
        """What this sensor waits for (subclasses)."""
        raise NotImplementedError

    def _run_id(self, context: Context) -> str:
        return self.correlation_id or correlation_id_for(context)

    def _store_url(self) -> str:
        if self.store_url:
            return self.store_url
        from strands_airflow.settings import get_settings

        return get_settings().vector_store_url

    def resolved_source(self, cond: AgentCondition) -> str:
        """``bus`` or ``store`` for this wait."""
        if not cond.message_types:
            return "store"  # a vector count: only the store has every vector
        if self.source != "auto":
            return self.source
        bus = redis_bus_or_none(self.bus_url, self.redis_conn_id)
        if bus is None:
            return "store"
        asyncio.run(bus.aclose())
        return "bus"

    @staticmethod
    def _since_ms(context: Context) -> int:
        dr = context.get("dag_run")
        start = getattr(dr, "start_date", None) or getattr(dr, "queued_at", None)
        if start is None:
            import time

            return int((time.time() - SINCE_MARGIN_S) * 1000)
        return int((start.timestamp() - SINCE_MARGIN_S) * 1000)

    def _trigger(self, context: Context, cond: AgentCondition, source: str) -> Any:
        common: dict[str, Any] = {
            "condition": condition_dict(cond),
            "timeout_seconds": float(self.timeout),
            "poll_interval": float(self.poke_interval),
        }
        if source == "bus":
            return StrandsBusTrigger(
                since_ms=self._since_ms(context),
                redis_conn_id=self.redis_conn_id,
                bus_url=self.bus_url,
                **common,
            )
        return StrandsStoreTrigger(
            store_url=self._store_url(), aws_conn_id=self.aws_conn_id, **common
        )

    # -- Airflow entry points ---------------------------------------------------------------
    def execute(self, context: Context) -> Any:
        if not self.deferrable:
            return super().execute(context)
        cond = self.condition(context)
        source = self.resolved_source(cond)
        self.log.info("waiting for %s on the %s", cond.describe(), source)
        self.defer(
            trigger=self._trigger(context, cond, source),
            method_name="execute_complete",
            timeout=timedelta(seconds=float(self.timeout) + 60),
        )

    def poke(self, context: Context) -> Any:
        from airflow.sdk.bases.sensor import PokeReturnValue

        cond = self.condition(context)
        if self.resolved_source(cond) == "bus":
            outcome = asyncio.run(self._poke_bus(context, cond))
        else:
            from strands_airflow.vectors.store import LearningVectorStore

            store = LearningVectorStore(self._store_url(), aws_conn_id=self.aws_conn_id)
            outcome = cond.check_store(store)
        if outcome is None:
            return False
        value = self._outcome_value(outcome)
        return PokeReturnValue(is_done=True, xcom_value=value)

    async def _poke_bus(self, context: Context, cond: AgentCondition) -> dict[str, Any] | None:
        bus = redis_bus_or_none(self.bus_url, self.redis_conn_id)
        if bus is None:
            raise RuntimeError(
                f"{self.task_id}: source='bus' needs Redis; create the connection "
                f"{self.redis_conn_id!r} or set [strands] bus_url"
            )
        if self._cursor is None:  # kept across pokes: each poke reads only what is new
            self._cursor = BusCursor(cond.message_types, self._since_ms(context))
        try:
            return await check_bus_once(cond, self._cursor, bus)
        finally:
            await bus.aclose()

    def _outcome_value(self, outcome: dict[str, Any]) -> Any:
        try:
            from airflow.sdk.exceptions import AirflowException, AirflowFailException
        except ImportError:  # Airflow < 3.1
            from airflow.exceptions import (  # type: ignore[no-redef]
                AirflowException,
                AirflowFailException,
            )

        status = outcome.get("status")
        if status == "success":
            return outcome.get("value")
        if status == "failed":  # e.g. a quality score below the minimum: retrying cannot help
            raise AirflowFailException(f"{self.task_id}: {outcome.get('message')}")
        raise AirflowException(f"{self.task_id}: {outcome.get('message') or outcome}")

    def execute_complete(self, context: Context, event: dict[str, Any]) -> Any:
        """Resume after the trigger fired: the value, or fail with the trigger's reason."""
        return self._outcome_value(event)


class StrandsDecisionSensor(StrandsAgentSensor):
    """Wait until a run has its decision (the DECISION_MADE payload / the decision report)."""

    def condition(self, context: Context) -> AgentCondition:
        return AgentCondition(agent="decision", correlation_id=self._run_id(context))


class StrandsQualitySensor(StrandsAgentSensor):
    """Wait until a run's quality report exists, optionally with ``overall_score >= min_score``.

    :param min_score: the score the report must reach (0..1); None: any report.
    :param fail_below: fail at once (no retries) when the report is below `min_score`,
        instead of waiting for a better one.
    """

    def __init__(
        self, *, min_score: float | None = None, fail_below: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if min_score is not None and not 0 <= float(min_score) <= 1:
            raise ValueError(f"{kwargs.get('task_id')}: min_score={min_score}; use 0..1")
        if fail_below and min_score is None:
            raise ValueError(f"{kwargs.get('task_id')}: fail_below=True needs min_score")
        self.min_score = min_score
        self.fail_below = fail_below

    def condition(self, context: Context) -> AgentCondition:
        return AgentCondition(
            agent="quality",
            correlation_id=self._run_id(context),
            min_score=self.min_score,
            fail_below=self.fail_below,
        )


class StrandsLearningSensor(StrandsAgentSensor):
    """Wait until a learning vector exists, or the store holds enough vectors.

    :param vector_id: the vector waited for (templated); default this run's vector.
    :param min_vectors: instead, wait until the store (the pipeline's ``store_url``) holds
        this many vectors (read from the store: the bus keeps only recent messages).
    :param platform: with `min_vectors`, count only vectors of runs on this platform.
    """

    template_fields: Sequence[str] = (*StrandsAgentSensor.template_fields, "vector_id")

    def __init__(
        self,
        *,
        vector_id: str | None = None,
        min_vectors: int | None = None,
        platform: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if min_vectors is not None and (vector_id or int(min_vectors) < 1):
            raise ValueError(
                f"{kwargs.get('task_id')}: give min_vectors >= 1 or vector_id, not both"
            )
        self.vector_id = vector_id
        self.min_vectors = min_vectors
        self.platform = platform

    def condition(self, context: Context) -> AgentCondition:
        return AgentCondition(
            agent="learning",
            correlation_id=self._run_id(context),
            vector_id=self.vector_id or None,
            min_vectors=self.min_vectors,
            platform=self.platform,
        )


__all__ = [
    "StrandsAgentSensor",
    "StrandsDecisionSensor",
    "StrandsLearningSensor",
    "StrandsQualitySensor",
]
