"""`StrandsAgent`: the base of every agent (seed-compatible API).

An agent is plain Python + asyncio: constructing one connects to nothing. `start()`
subscribes `process_message` to `_get_subscribed_message_types()` on its bus (the default
bus when none was given) and runs `autonomous_cycle()` every `cycle_interval` seconds.

- A handler exception is logged and counted; the bus redelivers the message, and after
  `max_deliveries` failures dead-letters it; the agent keeps running.
- An exception in `autonomous_cycle` is logged and counted; the next cycle still runs.
- `stop()` lets the handler in flight finish (and be acknowledged) before returning.

Example::

    class EchoAgent(StrandsAgent):
        def _get_subscribed_message_types(self):
            return [MessageType.AGENT_REQUEST]

        async def process_message(self, message):
            await self.reply(message, {"echo": message.payload})
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timezone
from typing import Any

from strands_airflow.bus.base import MessageBus
from strands_airflow.bus.message import Message, MessageType

log = logging.getLogger(__name__)


class StrandsAgent:
    """Base class of the decision, quality, optimization and learning agents."""

    def __init__(
        self,
        agent_name: str,
        agent_type: str,
        bus: MessageBus | None = None,
        *,
        cycle_interval: float = 60.0,
    ) -> None:
        self.agent_name = agent_name
        self.agent_type = agent_type
        self._bus = bus
        self.cycle_interval = cycle_interval
        self.running = False
        self._cycle_task: asyncio.Task | None = None
        self._stop_event: asyncio.Event | None = None
        self._processed = 0
        self._errors = 0
        self._cycle_errors = 0
        self._handling_ms_total = 0.0
        self._last_active: datetime | None = None

    # -- the bus ---------------------------------------------------------------------
    @property
    def bus(self) -> MessageBus:
        """The agent's bus; the process default (`get_message_bus()`) when none was given."""
        if self._bus is None:
            from strands_airflow.bus import get_message_bus

            self._bus = get_message_bus()
        return self._bus

    @bus.setter
    def bus(self, value: MessageBus) -> None:
        self._bus = value

    # -- to override -------------------------------------------------------------------
    def _get_subscribed_message_types(self) -> list[MessageType]:
        """Message types this agent handles (none by default)."""
        return []

    async def process_message(self, message: Message) -> dict[str, Any] | None:
        """Handle one message; raise to have it retried (then dead-lettered)."""
        return None

    async def autonomous_cycle(self) -> None:
        """Periodic work (every `cycle_interval` seconds while running)."""

    async def on_start(self) -> None:
        """Called once when the agent starts."""

    async def on_stop(self) -> None:
        """Called once when the agent stops."""

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        """Subscribe to the bus, start it, and start the autonomous cycle."""
        if self.running:
            return
        self.running = True
        self._stop_event = asyncio.Event()
        types = self._get_subscribed_message_types()
        if types:
            self.bus.subscribe(self.agent_name, types, self._handle)
        await self.bus.start()
        await self.on_start()
        self._cycle_task = asyncio.get_running_loop().create_task(
            self._cycle_loop(), name=f"strands-cycle-{self.agent_name}"
        )
        log.info("agent %s (%s) started", self.agent_name, self.agent_type)

    async def stop(self) -> None:
        """Stop: the handler in flight finishes and is acknowledged, the cycle ends."""
        if not self.running:
            return
        self.running = False
        if self._stop_event is not None:
            self._stop_event.set()
        if self._bus is not None:
            await self._bus.remove_subscriber(self.agent_name)
        if self._cycle_task is not None:
            await asyncio.gather(self._cycle_task, return_exceptions=True)
            self._cycle_task = None
        await self.on_stop()
        log.info("agent %s stopped", self.agent_name)

    async def _cycle_loop(self) -> None:
        assert self._stop_event is not None
        while self.running:
            try:
                await asyncio.wait_for(self._stop_event.wait(), timeout=self.cycle_interval)
                return  # stop requested
            except asyncio.TimeoutError:
                pass
            try:
                await self.autonomous_cycle()
            except Exception:  # noqa: BLE001 - a failing cycle must not stop the agent
                self._cycle_errors += 1
                log.exception("agent %s: autonomous cycle failed", self.agent_name)

    async def _handle(self, message: Message) -> Any:
        t0 = time.perf_counter()
        try:
            return await self.process_message(message)
        except Exception:
            self._errors += 1
            raise
        finally:
            self._processed += 1
            self._handling_ms_total += (time.perf_counter() - t0) * 1000
            self._last_active = datetime.now(timezone.utc)

    # -- sending --------------------------------------------------------------------------
    async def send_message(
        self,
        message_type: MessageType | str,
        payload: dict[str, Any] | None = None,
        target: str | None = None,
        correlation_id: str | None = None,
        priority: int = 5,
        *,
        target_agent: str | None = None,
    ) -> Message:
        """Build and publish a message from this agent (`target_agent` is the seed's name)."""
        msg = self.bus.create_message(
            sender=self.agent_name,
            message_type=message_type,
            payload=payload,
            target=target or target_agent,
            priority=priority,
            correlation_id=correlation_id,
        )
        await self.bus.publish(msg)
        return msg

    async def reply(
        self,
        request: Message,
        payload: dict[str, Any],
        message_type: MessageType = MessageType.AGENT_RESPONSE,
    ) -> Message:
        """Answer `request`: to its sender, same correlation id and priority."""
        return await self.send_message(
            message_type,
            {"in_reply_to": request.id, **payload},
            target=request.sender,
            correlation_id=request.correlation_id,
            priority=request.priority,
        )

    # -- metrics --------------------------------------------------------------------------
    def metrics(self) -> dict[str, Any]:
        """Counters a dashboard shows: processed, errors, mean handling time, last activity."""
        n = self._processed
        return {
            "agent_name": self.agent_name,
            "agent_type": self.agent_type,
            "running": self.running,
            "messages_processed": n,
            "errors": self._errors,
            "cycle_errors": self._cycle_errors,
            "mean_handling_ms": (self._handling_ms_total / n) if n else 0.0,
            "last_active": self._last_active.isoformat() if self._last_active else None,
        }
