"""The delivery policy both bus backends share: backoff, giving up, and what a consumer rejects.

Modelled on dramatiq's Retries middleware: a failing message is delivered again after an
exponential backoff (``min_backoff * factor ** (failures - 1)``, capped at ``max_backoff``,
optionally shortened by a random ``jitter`` fraction) until ``max_deliveries`` deliveries
failed; then it is dead-lettered. A handler that raises `NonRetryableError` gives up at
once. `DeliveryPolicy.on_give_up` is called for every message given up on.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from strands_airflow.bus.message import Message, MessageType, check_json_payload
from strands_airflow.exceptions import MessageValidationError, StrandsError

log = logging.getLogger(__name__)


class NonRetryableError(StrandsError):
    """Raise from a handler when retrying cannot help (bad input, a refused request).

    The message is dead-lettered at once with ``str(error)`` as the reason. When `reply` is
    given, the bus also publishes it to the message's sender (type `reply_type`, default
    AGENT_RESPONSE, same correlation id, ``in_reply_to`` set), so the sender learns why.
    """

    def __init__(
        self,
        reason: str,
        *,
        reply: dict[str, Any] | None = None,
        reply_type: MessageType | str = MessageType.AGENT_RESPONSE,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reply = reply
        self.reply_type = MessageType.parse(reply_type)


#: on_give_up(agent_name, message, reason) - called after a message was dead-lettered
GiveUpHook = Callable[[str, Message, str], Any]


@dataclass
class DeliveryPolicy:
    """When to deliver a failing message again, and when to give up.

    :param max_deliveries: deliveries (first one included) before a message is dead-lettered.
    :param min_backoff: seconds before the 2nd delivery.
    :param factor: each further delivery waits `factor` times longer ...
    :param max_backoff: ... but never more than this many seconds.
    :param jitter: 0..1; a delay is shortened by a random fraction up to this (spreads a
        burst of failures so they do not all come back at the same instant).
    :param on_give_up: optional hook called with (agent, message, reason) on dead-lettering.
    """

    max_deliveries: int = 5
    min_backoff: float = 0.5
    factor: float = 2.0
    max_backoff: float = 30.0
    jitter: float = 0.0
    on_give_up: GiveUpHook | None = None

    def __post_init__(self) -> None:
        from strands_airflow.exceptions import StrandsConfigError

        if self.max_deliveries < 1:
            raise StrandsConfigError(f"max_deliveries {self.max_deliveries} must be >= 1")
        if self.min_backoff < 0 or self.max_backoff < self.min_backoff:
            raise StrandsConfigError(
                f"backoff {self.min_backoff}..{self.max_backoff}s: need 0 <= min_backoff <= max_backoff"
            )
        if self.factor < 1:
            raise StrandsConfigError(f"backoff factor {self.factor} must be >= 1")
        if not 0 <= self.jitter <= 1:
            raise StrandsConfigError(f"backoff jitter {self.jitter} must be within 0..1")

    def backoff(self, failures: int) -> float:
        """Seconds to wait before the delivery that follows `failures` failed ones (>= 1)."""
        exp = max(0, failures - 1)
        # cap the exponent so huge failure counts do not overflow the float
        delay = min(self.max_backoff, self.min_backoff * self.factor ** min(exp, 64))
        if self.jitter:
            delay *= 1 - random.random() * self.jitter
        return delay

    def after_failure(self, msg: Message, exc: BaseException) -> tuple[Message, float | None, str]:
        """The message to send again (attempt + 1), its delay or None to give up, and the reason."""
        nxt = msg.model_copy(update={"attempt": msg.attempt + 1})
        if isinstance(exc, NonRetryableError):
            return nxt, None, f"non-retryable: {exc.reason}"
        reason = f"{type(exc).__name__}: {exc}"
        if nxt.attempt >= self.max_deliveries:
            return nxt, None, f"gave up after {nxt.attempt} deliveries; last error {reason}"
        return nxt, self.backoff(nxt.attempt), reason

    def gave_up(self, agent: str, msg: Message, reason: str) -> None:
        """Call the `on_give_up` hook; its own errors are logged, never raised into the bus."""
        if self.on_give_up is None:
            return
        try:
            self.on_give_up(agent, msg, reason)
        except Exception:  # noqa: BLE001 - a hook bug must not stop delivery
            log.exception("on_give_up hook failed for message %s", msg.id)


def reply_for(agent: str, msg: Message, exc: BaseException) -> Message | None:
    """The reply a `NonRetryableError` asks for, addressed to the message's sender."""
    if not isinstance(exc, NonRetryableError) or exc.reply is None:
        return None
    return Message(
        sender=agent,
        message_type=exc.reply_type,
        payload={"in_reply_to": msg.id, **exc.reply},
        target=msg.sender,
        priority=msg.priority,
        correlation_id=msg.correlation_id,
    )


def describe_validation_error(exc: Exception) -> str:
    """A pydantic error as text naming each field: ``field 'priority': ...; field ...``."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc).splitlines()[0][:300]
    try:
        items = errors()
    except Exception:  # noqa: BLE001 - not a pydantic error after all
        return str(exc).splitlines()[0][:300]
    parts = []
    for e in items[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ())) or "(message)"
        parts.append(f"field {loc!r}: {e.get('msg', '')}")
    return "; ".join(parts)[:600]


def check_incoming(msg: Message, raw: bytes | None, max_payload_bytes: int) -> str:
    """Why a consumer must reject `msg` ('' when it is fine): size over the limit, NaN/Infinity.

    Publishers built through `build_message` cannot produce these, but anything can write
    to a stream, so consumers check again. `raw` (the wire JSON) makes the common case
    cheap: NaN can only come from a ``NaN``/``Infinity`` token in it.
    """
    if raw is None or len(raw) > max_payload_bytes:
        size = len(json.dumps(msg.payload, separators=(",", ":"), default=str).encode())
        if size > max_payload_bytes:
            return (
                f"field 'payload': {size} bytes, over the bus limit of {max_payload_bytes} "
                "bytes; pass an s3:// reference instead"
            )
    if raw is None or b"NaN" in raw or b"Infinity" in raw:
        try:
            check_json_payload(msg.payload)
        except MessageValidationError as exc:
            return f"field {str(exc)}"
    return ""


class CircuitBreaker:
    """After an outage error, skip the backend for `cooldown` seconds (publish goes to the outbox).

    Without it every publish during an outage pays a full connect timeout.
    """

    def __init__(self, cooldown: float = 5.0) -> None:
        self.cooldown = cooldown
        self._open_until = 0.0

    @property
    def open(self) -> bool:
        """True while the backend should not be tried."""
        return bool(self._open_until) and time.monotonic() < self._open_until

    def trip(self) -> None:
        """Record an outage: stop trying for `cooldown` seconds."""
        self._open_until = time.monotonic() + self.cooldown

    def reset(self) -> None:
        """The backend answered: try it again at once."""
        self._open_until = 0.0
