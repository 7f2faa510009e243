"""The bus interface shared by `LocalBus` and `RedisStreamBus`.

Guarantees (both backends; the README's "Message bus" section says the same):
- a message reaches every agent subscribed to its type, or only its `target` when set;
- at-least-once: a handler's message is acknowledged only after the handler returned;
  a handler that raises gets the message again after an exponential backoff (see
  `DeliveryPolicy`), up to `max_deliveries` deliveries, then the message goes to the
  agent's dead letters with the reason; `NonRetryableError` dead-letters at once;
- among waiting messages, higher `priority` is handled first (FIFO within a priority),
  across the whole backlog;
- `publish_sync` publishes from plain (non-async) code in any thread.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from strands_airflow.bus.message import (
    DEFAULT_MAX_PAYLOAD_BYTES,
    Message,
    MessageType,
    build_message,
)
from strands_airflow.bus.policy import DeliveryPolicy, GiveUpHook

log = logging.getLogger(__name__)

Handler = Callable[[Message], Awaitable[Any] | Any]


@dataclass
class Subscription:
    """An agent's interest in some message types, and its handler."""

    agent_name: str
    types: tuple[MessageType, ...]
    handler: Handler
    handled: int = 0
    failed: int = 0
    dead_lettered: int = 0
    active: bool = True
    seen: collections.OrderedDict = field(default_factory=collections.OrderedDict)

    def accepts(self, msg: Message) -> bool:
        """True when this agent should get `msg` (its type, and target is None or this agent)."""
        return msg.message_type in self.types and (
            msg.target is None or msg.target == self.agent_name
        )

    def remember(self, msg_id: str, keep: int = 10_000) -> bool:
        """Record a handled id; False when it was seen already (a resent duplicate)."""
        if msg_id in self.seen:
            return False
        self.seen[msg_id] = None
        if len(self.seen) > keep:
            self.seen.popitem(last=False)
        return True


async def call_handler(handler: Handler, msg: Message) -> Any:
    """Call a sync or async handler."""
    result = handler(msg)
    if inspect.isawaitable(result):
        result = await result
    return result


class MessageBus(ABC):
    """Publish/subscribe bus for agents. Build one with `get_message_bus(url)`."""

    def __init__(
        self,
        *,
        max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
        max_deliveries: int = 5,
        history_size: int = 1000,
        policy: DeliveryPolicy | None = None,
        min_backoff: float = 0.5,
        max_backoff: float = 30.0,
        backoff_factor: float = 2.0,
        backoff_jitter: float = 0.0,
        on_give_up: GiveUpHook | None = None,
    ) -> None:
        self.max_payload_bytes = max_payload_bytes
        self.policy = policy or DeliveryPolicy(
            max_deliveries=max_deliveries,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
            factor=backoff_factor,
            jitter=backoff_jitter,
            on_give_up=on_give_up,
        )
        self.subscriptions: dict[str, Subscription] = {}
        self._history: collections.deque[Message] = collections.deque(maxlen=history_size)
        self.running = False

    # -- building and publishing -------------------------------------------------
    def create_message(
        self,
        sender: str,
        message_type: MessageType | str,
        payload: dict[str, Any] | None = None,
        target: str | None = None,
        priority: int = 5,
        correlation_id: str | None = None,
    ) -> Message:
        """Validate and build a message (see `build_message` for the errors raised)."""
        return build_message(
            sender=sender,
            message_type=message_type,
            payload=payload,
            target=target,
            priority=priority,
            correlation_id=correlation_id,
            max_payload_bytes=self.max_payload_bytes,
        )

    async def publish(self, message: Message) -> str:
        """Publish one message; returns its id."""
        self._history.append(message)
        await self._publish([message])
        return message.id

    async def publish_many(self, messages: Iterable[Message]) -> list[str]:
        """Publish several messages in one round trip where the backend allows it."""
        msgs = list(messages)
        self._history.extend(msgs)
        await self._publish(msgs)
        return [m.id for m in msgs]

    @abstractmethod
    async def _publish(self, messages: list[Message]) -> None: ...

    @property
    def max_deliveries(self) -> int:
        """Deliveries of a failing message before it is dead-lettered (the policy's)."""
        return self.policy.max_deliveries

    def publish_sync(self, message: Message) -> str:
        """Publish from synchronous code (an operator, a thread); returns the message id.

        Callable from any thread, with or without a running event loop. Redis: one cached
        synchronous client per bus (one round trip, bounded by the socket timeout; closed by
        `close()`/`stop()`), the outbox on an outage. LocalBus: handed to the bus's loop
        thread-safely, or enqueued without blocking when called from that loop's thread.
        """
        self._history.append(message)
        self._publish_sync([message])
        return message.id

    def publish_many_sync(self, messages: Iterable[Message]) -> list[str]:
        """`publish_many` for synchronous code (see `publish_sync`)."""
        msgs = list(messages)
        self._history.extend(msgs)
        self._publish_sync(msgs)
        return [m.id for m in msgs]

    @abstractmethod
    def _publish_sync(self, messages: list[Message]) -> None: ...

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Make `publish_sync`'s client ready without publishing (nothing for local buses)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release what `publish_sync` holds (a cached sync client); safe to call twice."""

    # -- subscribing and running ------------------------------------------------
    def subscribe(
        self, agent_name: str, message_types: Iterable[MessageType | str], handler: Handler
    ) -> Subscription:
        """Deliver messages of `message_types` to `handler` as agent `agent_name`."""
        types = tuple(MessageType.parse(t) for t in message_types)
        sub = Subscription(agent_name=agent_name, types=types, handler=handler)
        self.subscriptions[agent_name] = sub
        self._on_subscribe(sub)
        return sub

    def unsubscribe(self, agent_name: str) -> None:
        """Stop delivering to `agent_name` (its stored messages stay for later)."""
        sub = self.subscriptions.pop(agent_name, None)
        if sub is not None:
            sub.active = False

    async def remove_subscriber(self, agent_name: str) -> None:
        """Unsubscribe and wait until the handler in flight (if any) has finished and acked."""
        self.unsubscribe(agent_name)
        task = self._consumer_tasks().pop(agent_name, None)
        if task is not None:
            self._wake(agent_name)
            await asyncio.gather(task, return_exceptions=True)

    def _consumer_tasks(self) -> dict[str, asyncio.Task]:
        return {}

    def _wake(self, agent_name: str) -> None:  # noqa: B027 - optional hook
        """Wake an idle consumer so it notices it should stop."""

    def _on_subscribe(self, sub: Subscription) -> None:  # noqa: B027 - optional hook
        """Backends start consuming for a subscription made while running."""

    @abstractmethod
    async def start(self) -> None:
        """Start delivering to subscribers (idempotent)."""

    @abstractmethod
    async def stop(self) -> None:
        """Stop delivering; a handler in flight finishes and is acknowledged."""

    # -- inspection ----------------------------------------------------------------
    def get_message_history(
        self, correlation_id: str | None = None, limit: int | None = None
    ) -> list[Message]:
        """Messages published through this bus object (newest last), optionally of one run."""
        msgs = [
            m for m in self._history if correlation_id is None or m.correlation_id == correlation_id
        ]
        return msgs[-limit:] if limit else msgs

    @abstractmethod
    async def dead_letters(self, agent_name: str, limit: int = 100) -> list[dict[str, Any]]:
        """Messages that gave up for `agent_name`, each with its last error."""

    @abstractmethod
    async def health(self) -> dict[str, Any]:
        """Backend state for dashboards: per-agent pending and dead-lettered counts."""
