"""`LocalBus`: the in-process asyncio bus, the embedded default when no Redis is configured.

Each subscription has a priority heap; a worker task per subscription handles one message at
a time. Messages published before `start()` wait in the heap. Nothing survives the process:
use `RedisStreamBus` when agents live in different processes or must survive restarts.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from typing import Any

from strands_airflow.bus.base import MessageBus, Subscription, call_handler
from strands_airflow.bus.message import Message

log = logging.getLogger(__name__)


class LocalBus(MessageBus):
    """In-process bus with the same delivery rules as the Redis one (see `MessageBus`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._heaps: dict[str, list[tuple[int, int, Message]]] = {}
        self._events: dict[str, asyncio.Event] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._dead: dict[str, list[dict[str, Any]]] = {}
        self._seq = itertools.count()
        self._idle: dict[str, bool] = {}

    def _on_subscribe(self, sub: Subscription) -> None:
        self._heaps.setdefault(sub.agent_name, [])
        if self.running:
            self._spawn(sub.agent_name)

    async def _publish(self, messages: list[Message]) -> None:
        for msg in messages:
            for name, sub in self.subscriptions.items():
                if sub.accepts(msg):
                    self._push(name, msg)

    def _push(self, agent: str, msg: Message) -> None:
        heapq.heappush(self._heaps.setdefault(agent, []), (-msg.priority, next(self._seq), msg))
        ev = self._events.get(agent)
        if ev is not None:
            ev.set()

    def _spawn(self, agent: str) -> None:
        self._events[agent] = asyncio.Event()
        if self._heaps.get(agent):
            self._events[agent].set()
        self._tasks[agent] = asyncio.get_running_loop().create_task(
            self._worker(agent), name=f"strands-localbus-{agent}"
        )

    async def _worker(self, agent: str) -> None:
        ev = self._events[agent]
        sub = self.subscriptions.get(agent)
        while self.running and sub is not None and sub.active:
            heap = self._heaps.get(agent)
            if not heap:
                self._idle[agent] = True
                ev.clear()
                await ev.wait()
                continue
            self._idle[agent] = False
            _, _, msg = heapq.heappop(heap)
            await self._deliver(sub, msg)

    async def _deliver(self, sub: Subscription, msg: Message) -> None:
        try:
            await call_handler(sub.handler, msg)
            sub.handled += 1
        except Exception as exc:  # noqa: BLE001 - a handler error must not stop the bus
            sub.failed += 1
            log.exception(
                "agent %s failed on message %s (%s)", sub.agent_name, msg.id, msg.message_type.value
            )
            retry = msg.model_copy(update={"attempt": msg.attempt + 1})
            if retry.attempt >= self.max_deliveries:
                sub.dead_lettered += 1
                self._dead.setdefault(sub.agent_name, []).append(
                    {"message": retry.model_dump(mode="json"), "error": repr(exc)}
                )
            else:
                self._push(sub.agent_name, retry)

    def _consumer_tasks(self) -> dict[str, asyncio.Task]:
        return self._tasks

    def _wake(self, agent_name: str) -> None:
        ev = self._events.get(agent_name)
        if ev is not None:
            ev.set()

    async def start(self) -> None:
        if self.running:
            return
        self.running = True
        for agent in self.subscriptions:
            self._spawn(agent)

    async def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        for ev in self._events.values():
            ev.set()  # wake idle workers; a busy one finishes its handler first
        tasks = list(self._tasks.values())
        self._tasks.clear()
        self._events.clear()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queued message has been handled (tests and the coordinator)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            busy = any(self._heaps.get(a) for a in self.subscriptions) or any(
                not self._idle.get(a, True) for a in self._tasks
            )
            if not busy:
                return
            await asyncio.sleep(0.005)
        raise TimeoutError(f"LocalBus still had messages after {timeout}s")

    async def dead_letters(self, agent_name: str, limit: int = 100) -> list[dict[str, Any]]:
        return list(self._dead.get(agent_name, []))[-limit:]

    async def health(self) -> dict[str, Any]:
        return {
            "backend": "local",
            "running": self.running,
            "agents": {
                name: {
                    "types": [t.value for t in sub.types],
                    "pending": len(self._heaps.get(name, [])),
                    "handled": sub.handled,
                    "failed": sub.failed,
                    "dead_lettered": len(self._dead.get(name, [])),
                }
                for name, sub in self.subscriptions.items()
            },
        }
