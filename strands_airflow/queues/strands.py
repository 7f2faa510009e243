"""Strands streams as a common-messaging queue: start a DAG when a Strands message arrives.

::

    from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger
    from airflow.sdk import Asset, AssetWatcher

    trigger = MessageQueueTrigger(
        scheme="strands+redis",
        message_types=["quality_report"],
        quality_below=0.8,            # only reports scoring below 0.8
        watcher_id="orders-quality-drop",
    )
    asset = Asset("orders_quality_drop", watchers=[AssetWatcher("quality_drop", trigger)])

`StrandsStreamTrigger` reads the types' streams with XREAD (never XREADGROUP: the agents'
consumer groups lose nothing) and fires on the first message that passes the filters:
``message_types``, ``payload`` (field -> value, dotted paths allowed), ``quality_below``
(``payload.overall_score`` below it), ``correlation_prefix``. Its place in each stream is
kept in Redis under ``<prefix>:watch:<watcher_id>`` and saved before an event is fired,
so a restarted trigger (after every event, or a triggerer restart) goes on after the last
message it fired on: a message fires at most once per watcher. A new watcher starts at
the streams' current end.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from airflow.providers.common.messaging.providers.base_provider import BaseMessageQueueProvider
from airflow.triggers.base import BaseEventTrigger, TriggerEvent

from strands_airflow.exceptions import StrandsConfigError

SCHEME = "strands+redis"


class StrandsMessageQueueProvider(BaseMessageQueueProvider):
    """``MessageQueueTrigger(scheme="strands+redis", ...)`` -> `StrandsStreamTrigger`."""

    scheme = SCHEME

    def trigger_class(self) -> type[BaseEventTrigger]:
        return StrandsStreamTrigger


def _field(payload: dict[str, Any], path: str) -> Any:
    value: Any = payload
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


_MISSING = object()


class StrandsStreamTrigger(BaseEventTrigger):
    """Fire when a Strands message passing the filters is added to the bus's streams.

    :param message_types: MessageType values or names (``quality_report``, ``DECISION_MADE``).
    :param watcher_id: names the saved position (one per watcher); required.
    :param payload: ``{field: value}`` the payload must hold (dotted paths reach nested fields).
    :param quality_below: only messages whose ``payload.overall_score`` is below this.
    :param correlation_prefix: only messages whose correlation id starts with this
        (e.g. ``"orders_daily/"`` for one DAG's runs).
    :param redis_conn_id: / ``bus_url``: the Redis bus (as for the operators).
    :param block_ms: how long one XREAD waits.
    """

    def __init__(
        self,
        *,
        message_types: list[str] | str,
        watcher_id: str,
        payload: dict[str, Any] | None = None,
        quality_below: float | None = None,
        correlation_prefix: str | None = None,
        redis_conn_id: str = "redis_default",
        bus_url: str | None = None,
        block_ms: int = 2000,
    ) -> None:
        super().__init__()
        from strands_airflow.bus.message import MessageType
        from strands_airflow.exceptions import MessageValidationError

        types = [message_types] if isinstance(message_types, str) else list(message_types)
        if not types:
            allowed = ", ".join(m.value for m in MessageType)
            raise StrandsConfigError(f"message_types is empty; allowed: {allowed}")
        try:
            self.message_types = [MessageType.parse(t).value for t in types]
        except MessageValidationError as exc:
            raise StrandsConfigError(f"message_types: {exc}") from exc
        if not watcher_id or not str(watcher_id).strip():
            raise StrandsConfigError("watcher_id is empty; name the watcher (its saved position)")
        if quality_below is not None and not 0 <= float(quality_below) <= 1:
            raise StrandsConfigError(f"quality_below={quality_below}; use 0..1")
        self.watcher_id = str(watcher_id)
        self.payload = dict(payload or {})
        self.quality_below = None if quality_below is None else float(quality_below)
        self.correlation_prefix = correlation_prefix
        self.redis_conn_id = redis_conn_id
        self.bus_url = bus_url
        self.block_ms = int(block_ms)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "message_types": self.message_types,
                "watcher_id": self.watcher_id,
                "payload": self.payload,
                "quality_below": self.quality_below,
                "correlation_prefix": self.correlation_prefix,
                "redis_conn_id": self.redis_conn_id,
                "bus_url": self.bus_url,
                "block_ms": self.block_ms,
            },
        )

    def matches(self, msg: Any) -> bool:
        """True when `msg` passes every filter."""
        if msg.message_type.value not in self.message_types:
            return False
        if self.correlation_prefix and not str(msg.correlation_id or "").startswith(
            self.correlation_prefix
        ):
            return False
        data = dict(msg.payload or {})
        for path, expected in self.payload.items():
            if _field(data, path) != expected:
                return False
        if self.quality_below is not None:
            score = data.get("overall_score")
            if not isinstance(score, int | float) or score >= self.quality_below:
                return False
        return True

    def position_key(self, bus: Any) -> str:
        """The Redis hash holding this watcher's last id per stream."""
        return f"{bus.prefix}:watch:{self.watcher_id}"

    async def _start_positions(self, bus: Any) -> dict[str, str]:
        from strands_airflow.bus.message import MessageType
        from strands_airflow.bus.redis_stream import PRIORITIES

        r = bus.client()
        saved = {
            (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
            for k, v in (await r.hgetall(self.position_key(bus))).items()
        }
        positions: dict[str, str] = {}
        for t in self.message_types:
            for p in PRIORITIES:
                key = bus.stream_key(MessageType.parse(t), p)
                if key in saved:
                    positions[key] = saved[key]
                    continue
                last = await r.xrevrange(key, "+", "-", count=1)
                first_id = last[0][0] if last else b"0-0"
                positions[key] = first_id.decode() if isinstance(first_id, bytes) else first_id
        await r.hset(self.position_key(bus), mapping=positions)
        return positions

    async def run(self) -> AsyncIterator[TriggerEvent]:
        from asgiref.sync import sync_to_async

        from strands_airflow.bus import RedisStreamBus, build_bus
        from strands_airflow.bus.redis_ops import parse_entry

        bus = await sync_to_async(build_bus)(self.bus_url, redis_conn_id=self.redis_conn_id)
        if not isinstance(bus, RedisStreamBus):
            raise StrandsConfigError(
                f"watching Strands messages needs the Redis bus: create the connection "
                f"{self.redis_conn_id!r} or set [strands] bus_url to redis://..."
            )
        try:
            positions = await self._start_positions(bus)
            r = bus.client()
            self.log.info("watching %s as %s", ", ".join(self.message_types), self.watcher_id)
            while True:
                try:
                    resp = await r.xread(positions, block=self.block_ms, count=500)
                except Exception as exc:  # noqa: BLE001 - a Redis blip: keep watching
                    self.log.warning("Redis read failed (%s); retrying", type(exc).__name__)
                    await asyncio.sleep(1.0)
                    continue
                seen: dict[str, str] = {}
                for key, entries in resp or []:
                    k = key.decode() if isinstance(key, bytes) else key
                    for entry_id, fields in entries:
                        eid = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                        positions[k] = seen[k] = eid
                        msg, _ = parse_entry(fields)
                        if msg is not None and self.matches(msg):
                            # saved first: a restarted watcher goes on after this message
                            await r.hset(self.position_key(bus), mapping=seen)
                            yield TriggerEvent(msg.model_dump(mode="json"))
                            return
                if seen:
                    await r.hset(self.position_key(bus), mapping=seen)
        finally:
            await bus.aclose()
