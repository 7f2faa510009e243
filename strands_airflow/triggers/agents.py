"""What the per-agent sensors wait for, and the two triggers that wait for it.

A wait is an `AgentCondition` (plain data, so a trigger can serialize it): the agent
(``decision``, ``quality``, ``learning``), the run's correlation id (``dag_id/run_id``),
and the agent's own options (a minimum quality score, a vector id or count). It is
checked against one of two sources:

- the **bus** (`StrandsBusTrigger`, Redis configured): the agent's announcement
  (DECISION_MADE, QUALITY_REPORT, LEARNING_UPDATE) for the run. `BusCursor` reads the
  type's streams with XRANGE from where it stopped, page after page, so a busy bus is
  read to its end on every poke and nothing is taken from the agents' consumer groups;
- the **store** (`StrandsStoreTrigger`, the embedded default without Redis): the run's
  decision report (``decision/reports/``), quality report (``quality/reports/``), or
  learning vector. A vector count is always read from the store: the bus keeps only
  recent messages.

Both give the same outcome dict: ``{"status": "success", "value": ...}``, ``{"status":
"failed", "message": ...}`` (e.g. a quality score below the minimum with ``fail_below``),
or ``{"status": "timeout", "message": ...}``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent

#: entries read per XRANGE call; a poke reads pages until a short one
PAGE_SIZE = 500
AGENTS = ("decision", "quality", "learning")


@dataclass
class AgentCondition:
    """What one per-agent sensor waits for (see the module docstring)."""

    agent: str
    correlation_id: str | None = None
    min_score: float | None = None
    fail_below: bool = False
    vector_id: str | None = None
    min_vectors: int | None = None
    platform: str | None = None

    def __post_init__(self) -> None:
        if self.agent not in AGENTS:
            raise ValueError(f"agent {self.agent!r} is not known; use one of {', '.join(AGENTS)}")

    @property
    def message_types(self) -> list[str]:
        """The bus messages that answer this wait ([] when only the store can)."""
        if self.agent == "learning" and self.min_vectors is not None:
            return []
        return [
            {"decision": "decision_made", "quality": "quality_report"}.get(
                self.agent, "learning_update"
            )
        ]

    def describe(self) -> str:
        """Human text of the wait (logs and the timeout error)."""
        if self.agent == "learning" and self.min_vectors is not None:
            where = f" on {self.platform}" if self.platform else ""
            return f"{self.min_vectors} learning vectors{where}"
        if self.agent == "learning":
            return f"learning vector {self.vector_id or self.learning_vector_id()}"
        text = f"the {self.agent} of run {self.correlation_id}"
        if self.min_score is not None:
            text += f" with score >= {self.min_score:g}"
        return text

    def learning_vector_id(self) -> str:
        """The run's learning vector id (what the learning step writes for this run)."""
        from strands_airflow.vectors.model import LearningVector

        if not self.correlation_id:
            raise ValueError("a learning wait needs vector_id, min_vectors or a correlation id")
        return LearningVector.id_for_run(f"{self.correlation_id}/learning")

    # -- the outcome of one value ---------------------------------------------------------
    def judge(self, value: dict[str, Any]) -> dict[str, Any] | None:
        """The outcome for a found decision / report / vector (None: keep waiting)."""
        if self.agent == "quality" and self.min_score is not None:
            score = value.get("overall_score")
            if not isinstance(score, int | float) or score < self.min_score:
                if self.fail_below:
                    return {
                        "status": "failed",
                        "message": f"quality score of run {self.correlation_id} is {score}, "
                        f"below the minimum {self.min_score:g}",
                        "value": value,
                    }
                return None  # a later report (a re-run of the quality task) may pass
        return {"status": "success", "value": value}

    # -- the bus ------------------------------------------------------------------------------
    def match_message(self, msg: Any) -> dict[str, Any] | None:
        """The outcome for one bus message of `message_types`, or None."""
        payload = dict(msg.payload or {})
        if self.agent == "learning":
            if payload.get("vector_id") != (self.vector_id or self.learning_vector_id()):
                return None
            return self.judge(payload)
        run = payload.get("run_id") if self.agent == "quality" else None
        if self.correlation_id not in (msg.correlation_id, run):
            return None
        return self.judge(payload)

    # -- the store ---------------------------------------------------------------------------
    def check_store(self, store: Any) -> dict[str, Any] | None:
        """The outcome read from the store (blocking I/O: call it in a thread), or None."""
        if self.agent == "learning":
            store.refresh()
            if self.min_vectors is not None:
                if self.platform:
                    n = len(store.query(platform=self.platform))
                else:
                    n = store.count()
                return (
                    {"status": "success", "value": {"vectors": n}}
                    if n >= self.min_vectors
                    else None
                )
            vector = store.get(self.vector_id or self.learning_vector_id())
            return None if vector is None else self.judge(vector.model_dump(mode="json"))
        cid = str(self.correlation_id)
        if self.agent == "quality":
            report = store.get_report("quality", cid)
            return None if report is None else self.judge(report)
        report = store.get_report("decision", cid)
        if report is not None:
            return self.judge(report)
        # a run whose decision step stored no report: its learning vector keeps the decision
        vector = store.get(self.learning_vector_id())
        if vector is None:
            return None
        return self.judge(vector.decision_context.model_dump(mode="json"))


@dataclass
class BusCursor:
    """Where a reader stands in each stream of some message types (kept across pokes).

    Reads with XRANGE (no consumer group: the agents' groups lose nothing), from the last
    id seen in each stream, or from `since_ms` the first time, page by page to the end.
    """

    message_types: list[str]
    since_ms: int
    positions: dict[str, str] = field(default_factory=dict)

    async def read_new(self, bus: Any, page_size: int = PAGE_SIZE) -> list[Any]:
        """Every message added since the last call (all pages), oldest first per stream."""
        from strands_airflow.bus.message import MessageType
        from strands_airflow.bus.redis_ops import parse_entry
        from strands_airflow.bus.redis_stream import PRIORITIES

        r = bus.client()
        out: list[Any] = []
        for t in self.message_types:
            mtype = MessageType.parse(t)
            for p in PRIORITIES:
                key = bus.stream_key(mtype, p)
                while True:
                    last = self.positions.get(key)
                    start = f"({last}" if last else f"{max(self.since_ms, 0)}-0"
                    entries = await r.xrange(key, min=start, max="+", count=page_size)
                    for entry_id, fields in entries:
                        eid = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                        self.positions[key] = eid
                        msg, _ = parse_entry(fields)
                        if msg is not None:
                            out.append(msg)
                    if len(entries) < page_size:
                        break
        return out


def redis_bus_or_none(bus_url: str | None, redis_conn_id: str) -> Any:
    """The Redis bus of the connection / url, or None when the bus is in-process."""
    from strands_airflow.bus import RedisStreamBus, build_bus

    bus = build_bus(bus_url, redis_conn_id=redis_conn_id)
    return bus if isinstance(bus, RedisStreamBus) else None


async def check_bus_once(
    cond: AgentCondition, cursor: BusCursor, bus: Any
) -> dict[str, Any] | None:
    """Read the bus from the cursor to its end; the first decisive outcome, or None."""
    for msg in await cursor.read_new(bus):
        outcome = cond.match_message(msg)
        if outcome is not None:
            return outcome
    return None


class _AgentTrigger(BaseTrigger):
    """Shared loop: check, sleep `poll_interval`, until an outcome or `timeout_seconds`."""

    def __init__(
        self,
        *,
        condition: dict[str, Any],
        timeout_seconds: float,
        poll_interval: float = 5.0,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.condition = condition
        self.timeout_seconds = float(timeout_seconds)
        self.poll_interval = float(poll_interval)
        self.extra = kwargs

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "condition": self.condition,
                "timeout_seconds": self.timeout_seconds,
                "poll_interval": self.poll_interval,
                **self.extra,
            },
        )

    async def check(self, cond: AgentCondition) -> dict[str, Any] | None:
        raise NotImplementedError

    async def close(self) -> None:
        """Release what `check` opened."""

    async def run(self) -> AsyncIterator[TriggerEvent]:
        cond = AgentCondition(**self.condition)
        deadline = time.monotonic() + self.timeout_seconds
        self.log.info("waiting for %s", cond.describe())
        try:
            while True:
                try:
                    outcome = await self.check(cond)
                except Exception as exc:  # noqa: BLE001 - a Redis / store blip: keep waiting
                    self.log.warning("check failed (%s: %s); retrying", type(exc).__name__, exc)
                    outcome = None
                if outcome is not None:
                    yield TriggerEvent(outcome)
                    return
                if time.monotonic() >= deadline:
                    yield TriggerEvent(
                        {
                            "status": "timeout",
                            "message": f"timed out after {self.timeout_seconds:g}s waiting "
                            f"for {cond.describe()}",
                        }
                    )
                    return
                await asyncio.sleep(min(self.poll_interval, max(deadline - time.monotonic(), 0)))
        finally:
            await self.close()


class StrandsBusTrigger(_AgentTrigger):
    """Wait for an agent's announcement of a run on the Redis bus (XRANGE, paged).

    :param condition: an `AgentCondition` as a dict.
    :param since_ms: only messages added at or after this epoch time (ms) count.
    """

    def __init__(
        self,
        *,
        condition: dict[str, Any],
        since_ms: int,
        timeout_seconds: float,
        poll_interval: float = 5.0,
        redis_conn_id: str = "redis_default",
        bus_url: str | None = None,
    ) -> None:
        super().__init__(
            condition=condition,
            timeout_seconds=timeout_seconds,
            poll_interval=poll_interval,
            since_ms=int(since_ms),
            redis_conn_id=redis_conn_id,
            bus_url=bus_url,
        )
        self._bus: Any = None
        self._cursor: BusCursor | None = None

    async def check(self, cond: AgentCondition) -> dict[str, Any] | None:
        if self._bus is None:
            self._bus = await asyncio.to_thread(
                redis_bus_or_none, self.extra["bus_url"], self.extra["redis_conn_id"]
            )
            if self._bus is None:
                return {
                    "status": "error",
                    "message": f"waiting for {cond.describe()} on the bus needs Redis: create "
                    f"the connection {self.extra['redis_conn_id']!r} or set [strands] bus_url",
                }
            self._cursor = BusCursor(cond.message_types, self.extra["since_ms"])
        assert self._cursor is not None
        return await check_bus_once(cond, self._cursor, self._bus)

    async def close(self) -> None:
        if self._bus is not None:
            await self._bus.aclose()


class StrandsStoreTrigger(_AgentTrigger):
    """Wait for a run's decision / quality report / learning vector in the store.

    :param condition: an `AgentCondition` as a dict.
    :param store_url: the learning-vector store (file://, s3://, memory:// is per process).
    """

    def __init__(
        self,
        *,
        condition: dict[str, Any],
        timeout_seconds: float,
        poll_interval: float = 5.0,
        store_url: str | None = None,
        aws_conn_id: str = "aws_default",
    ) -> None:
        super().__init__(
            condition=condition,
            timeout_seconds=timeout_seconds,
            poll_interval=poll_interval,
            store_url=store_url,
            aws_conn_id=aws_conn_id,
        )
        self._store: Any = None

    def _check_sync(self, cond: AgentCondition) -> dict[str, Any] | None:
        if self._store is None:
            from strands_airflow.vectors.store import LearningVectorStore

            self._store = LearningVectorStore(
                self.extra["store_url"], aws_conn_id=self.extra["aws_conn_id"]
            )
        return cond.check_store(self._store)

    async def check(self, cond: AgentCondition) -> dict[str, Any] | None:
        return await asyncio.to_thread(self._check_sync, cond)


def condition_dict(cond: AgentCondition) -> dict[str, Any]:
    """The condition as the trigger's serializable kwarg."""
    return asdict(cond)
