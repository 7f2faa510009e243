"""`StrandsMessageTrigger`: waits in the triggerer for a message on the Redis Streams bus.

It reads the message type's streams without a consumer group (XREAD from a point in time),
so waiting never takes a message away from the agents that consume it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from airflow.triggers.base import BaseTrigger, TriggerEvent


def describe_wait(message_type: str, target: str | None, correlation_id: str | None) -> str:
    """Human text for what is waited for (used in logs and the timeout error)."""
    parts = [f"type={message_type}"]
    if target:
        parts.append(f"target={target}")
    if correlation_id:
        parts.append(f"correlation_id={correlation_id}")
    return "a message with " + ", ".join(parts)


class StrandsMessageTrigger(BaseTrigger):
    """Fire when a message of `message_type` (and `target`, `correlation_id` if given) appears.

    :param message_type: the MessageType value (e.g. ``"decision_made"``).
    :param since_ms: only messages added at or after this epoch time (ms) count.
    :param timeout_seconds: give up after this long with a ``timeout`` event.
    """

    def __init__(
        self,
        message_type: str,
        since_ms: int,
        timeout_seconds: float,
        target: str | None = None,
        correlation_id: str | None = None,
        redis_conn_id: str = "redis_default",
        bus_url: str | None = None,
        poll_block_ms: int = 1000,
    ) -> None:
        super().__init__()
        self.message_type = message_type
        self.since_ms = int(since_ms)
        self.timeout_seconds = float(timeout_seconds)
        self.target = target
        self.correlation_id = correlation_id
        self.redis_conn_id = redis_conn_id
        self.bus_url = bus_url
        self.poll_block_ms = poll_block_ms

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            "strands_airflow.triggers.message.StrandsMessageTrigger",
            {
                "message_type": self.message_type,
                "since_ms": self.since_ms,
                "timeout_seconds": self.timeout_seconds,
                "target": self.target,
                "correlation_id": self.correlation_id,
                "redis_conn_id": self.redis_conn_id,
                "bus_url": self.bus_url,
                "poll_block_ms": self.poll_block_ms,
            },
        )

    def _matches(self, msg) -> bool:
        return (self.target is None or msg.target == self.target) and (
            self.correlation_id is None or msg.correlation_id == self.correlation_id
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        from asgiref.sync import sync_to_async

        from strands_airflow.bus import RedisStreamBus, build_bus
        from strands_airflow.bus.message import MessageType

        what = describe_wait(self.message_type, self.target, self.correlation_id)
        bus = await sync_to_async(build_bus)(self.bus_url, redis_conn_id=self.redis_conn_id)
        if not isinstance(bus, RedisStreamBus):
            yield TriggerEvent(
                {
                    "status": "error",
                    "message": (
                        f"waiting for {what} needs the Redis bus: create the Airflow connection "
                        f"{self.redis_conn_id!r} or set [strands] bus_url to redis://..."
                    ),
                }
            )
            return
        mtype = MessageType.parse(self.message_type)
        deadline = time.monotonic() + self.timeout_seconds
        positions = None
        self.log.info("waiting for %s", what)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    yield TriggerEvent(
                        {
                            "status": "timeout",
                            "message": (
                                f"timed out after {self.timeout_seconds:g}s waiting for {what}"
                            ),
                        }
                    )
                    return
                try:
                    # wait_for as well as the client's timeouts: a Redis that accepts but
                    # never answers (SIGSTOP) must not keep the timeout event from firing
                    msgs, positions = await asyncio.wait_for(
                        bus.read_since(
                            [mtype],
                            self.since_ms,
                            block_ms=int(min(self.poll_block_ms, remaining * 1000)) or 1,
                            positions=positions,
                        ),
                        timeout=remaining,
                    )
                except Exception as exc:  # noqa: BLE001 - Redis blip or hang: keep waiting
                    self.log.warning("Redis read failed (%s); retrying", type(exc).__name__)
                    await asyncio.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                    continue
                for msg in msgs:
                    if self._matches(msg):
                        yield TriggerEvent(
                            {"status": "success", "message": msg.model_dump(mode="json")}
                        )
                        return
        finally:
            try:
                await asyncio.wait_for(bus.aclose(), timeout=2)
            except Exception:  # noqa: BLE001 - closing a hung connection is best effort
                pass
