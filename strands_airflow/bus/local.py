"""`LocalBus`: the in-process asyncio bus, the embedded default when no Redis is configured.

Each subscription has a priority heap; a worker task per subscription handles one message at
a time, always the highest priority waiting (strict across the whole backlog). A failing
message comes back after the policy's backoff (a timer on the loop, so other messages are
not held up). Messages published before `start()` wait in the heap. Nothing survives the
process: use `RedisStreamBus` when agents live in different processes or must survive
restarts.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import threading
from typing import Any

from strands_airflow.bus.base import MessageBus, Subscription, call_handler
from strands_airflow.bus.message import Message, mark_checked
from strands_airflow.bus.policy import check_incoming, reply_for

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
        self._delayed: dict[str, int] = {}  # agent -> retries waiting for their backoff
        self._timers: set[asyncio.TimerHandle] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._lock = threading.Lock()  # publish_sync from other threads before start()

    def _on_subscribe(self, sub: Subscription) -> None:
        self._heaps.setdefault(sub.agent_name, [])
        if self.running:
            self._spawn(sub.agent_name)

    async def _publish(self, messages: list[Message]) -> None:
        # `_enqueue` inlined: one call less per message on LocalBus's hot path
        for msg in messages:
            for name, sub in self.subscriptions.items():
                if sub.accepts(msg):
                    self._push(name, msg)

    def _enqueue(self, messages: list[Message]) -> None:
        for msg in messages:
            for name, sub in self.subscriptions.items():
                if sub.accepts(msg):
                    self._push(name, msg)

    def _publish_sync(self, messages: list[Message]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed() or not self.running:
            with self._lock:  # not delivering yet: the heaps wait for start()
                self._enqueue(messages)
            return
        if threading.get_ident() == self._loop_thread:
            self._enqueue(messages)  # inside the bus's loop: plain enqueue, never blocks
        else:
            loop.call_soon_threadsafe(self._enqueue, messages)

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
        # a Message built directly (not through create_message) may carry what a consumer
        # must refuse; messages from create_message were checked when built
        if msg.__pydantic_private__ is None:  # `is_checked` inlined: LocalBus's hot path
            reason = check_incoming(msg, None, self.max_payload_bytes)
            if reason:
                self._dead_letter(sub, msg, f"rejected: {reason}")
                return
            mark_checked(msg)
        try:
            await call_handler(sub.handler, msg)
            sub.handled += 1
        except Exception as exc:  # noqa: BLE001 - a handler error must not stop the bus
            sub.failed += 1
            log.exception(
                "agent %s failed on message %s (%s)", sub.agent_name, msg.id, msg.message_type.value
            )
            nxt, delay, reason = self.policy.after_failure(msg, exc)
            if delay is None:
                self._dead_letter(sub, nxt, reason)
                reply = reply_for(sub.agent_name, msg, exc)
                if reply is not None:
                    self._history.append(reply)
                    self._enqueue([reply])
            else:
                self._schedule(sub.agent_name, nxt, delay)

    def _schedule(self, agent: str, msg: Message, delay: float) -> None:
        """Put `msg` back after `delay` seconds without holding up the agent's other messages."""
        loop = asyncio.get_running_loop()
        self._delayed[agent] = self._delayed.get(agent, 0) + 1

        def due() -> None:
            self._timers.discard(handle)
            self._delayed[agent] -= 1
            self._push(agent, msg)

        handle = loop.call_later(delay, due)
        self._timers.add(handle)

    def _dead_letter(self, sub: Subscription, msg: Message, reason: str) -> None:
        sub.dead_lettered += 1
        self._dead.setdefault(sub.agent_name, []).append(
            {"message": msg.model_dump(mode="json"), "error": reason}
        )
        log.error("agent %s: message %s dead-lettered: %s", sub.agent_name, msg.id, reason[:300])
        self.policy.gave_up(sub.agent_name, msg, reason)

    def _consumer_tasks(self) -> dict[str, asyncio.Task]:
        return self._tasks

    def _wake(self, agent_name: str) -> None:
        ev = self._events.get(agent_name)
        if ev is not None:
            ev.set()

    async def start(self) -> None:
        if self.running:
            return
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
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
        self._loop = None
        self._loop_thread = None

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until every queued message (and every retry waiting for its backoff) was handled."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            busy = (
                any(self._heaps.get(a) for a in self.subscriptions)
                or any(not self._idle.get(a, True) for a in self._tasks)
                or any(self._delayed.get(a) for a in self.subscriptions)
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
                    "waiting_retry": self._delayed.get(name, 0),
                    "handled": sub.handled,
                    "failed": sub.failed,
                    "dead_lettered": len(self._dead.get(name, [])),
                }
                for name, sub in self.subscriptions.items()
            },
        }
