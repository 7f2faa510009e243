"""The message that crosses the bus, and its validation.

A `Message` is a pydantic model; `MessageType` lists every kind agents exchange. Building
one checks what a publisher most often gets wrong: a payload that is not JSON (the error
names the key path), one that is too big (pass an s3:// reference instead), an unknown
type or a priority outside 0..9 (the error lists what is allowed).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from strands_airflow.exceptions import MessageValidationError, PayloadTooLargeError

DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024


class MessageType(str, Enum):
    """Kinds of messages (the seed's names, plus the pipeline's lifecycle events)."""

    AGENT_REQUEST = "agent_request"
    AGENT_RESPONSE = "agent_response"
    QUALITY_CHECK = "quality_check"
    DECISION_REQUEST = "decision_request"
    DECISION_MADE = "decision_made"
    EXECUTION_STARTED = "execution_started"
    EXECUTION_COMPLETED = "execution_completed"
    EXECUTION_FAILED = "execution_failed"
    QUALITY_REPORT = "quality_report"
    OPTIMIZATION_REPORT = "optimization_report"
    OPTIMIZATION_RECOMMENDATION = "optimization_recommendation"
    LEARNING_UPDATE = "learning_update"
    AGENT_STATUS = "agent_status"

    @classmethod
    def parse(cls, value: MessageType | str) -> MessageType:
        """Accept a member, its value (`decision_made`) or its name (`DECISION_MADE`)."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            text = value.strip()
            for member in cls:
                if text == member.value or text.upper() == member.name:
                    return member
        allowed = ", ".join(m.name for m in cls)
        raise MessageValidationError(f"unknown message type {value!r}; allowed: {allowed}")


_counter = itertools.count()
_pid_salt = os.urandom(3).hex()


def new_message_id() -> str:
    """A unique id that sorts by creation time: nanoseconds, a per-process counter and salt."""
    return f"{time.time_ns():019d}-{_pid_salt}{next(_counter) % 0xFFFFFF:06x}"


def check_json_payload(payload: Any, path: str = "payload") -> None:
    """Raise `MessageValidationError` naming the first key path that JSON cannot carry."""
    if payload is None or isinstance(payload, (str, bool, int)):
        return
    if isinstance(payload, float):
        if not math.isfinite(payload):
            raise MessageValidationError(
                f"{path} is {payload!r}; JSON has no NaN or infinity (use null or a string)"
            )
        return
    if isinstance(payload, dict):
        for key, value in payload.items():
            if not isinstance(key, str):
                raise MessageValidationError(
                    f"{path} has a non-string key {key!r} ({type(key).__name__}); JSON keys are strings"
                )
            check_json_payload(value, f"{path}.{key}")
        return
    if isinstance(payload, (list, tuple)):
        for i, value in enumerate(payload):
            check_json_payload(value, f"{path}[{i}]")
        return
    raise MessageValidationError(
        f"{path} is a {type(payload).__name__}, which is not JSON-serialisable; "
        "convert it (e.g. str(), .isoformat(), model_dump(mode='json')) before publishing"
    )


class Message(BaseModel):
    """One message on the bus.

    `target=None` broadcasts to every agent subscribed to the type; `priority` 9 is handled
    first; `correlation_id` ties messages of one pipeline run together (`dag_id/run_id`);
    `attempt` counts failed deliveries so far.
    """

    model_config = ConfigDict(frozen=False, use_enum_values=False)

    id: str = Field(default_factory=new_message_id)
    sender: str
    message_type: MessageType
    payload: dict[str, Any] = Field(default_factory=dict)
    target: str | None = None
    priority: int = 5
    correlation_id: str | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    attempt: int = 0

    @field_validator("message_type", mode="before")
    @classmethod
    def _type(cls, v: Any) -> MessageType:
        return MessageType.parse(v)

    @field_validator("priority")
    @classmethod
    def _priority(cls, v: int) -> int:
        if not 0 <= v <= 9:
            raise ValueError(f"priority {v} is outside 0..9 (9 is handled first, 5 is the default)")
        return v

    def __eq__(self, other: object) -> bool:
        # equal when the fields are equal; the checked mark (see `mark_checked`) is
        # bookkeeping, not part of the message
        if not isinstance(other, Message):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Message:
        """pydantic's copy; a new payload is not vouched for by the original's checks."""
        copy = super().model_copy(update=update, deep=deep)
        if update and "payload" in update:
            object.__setattr__(copy, "__pydantic_private__", None)
        return copy

    @property
    def timestamp(self) -> str:
        """ISO time of creation (the seed's field name)."""
        return self.created_at.isoformat()

    def to_json(self) -> str:
        """Compact JSON for the wire."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str | bytes) -> Message:
        """Parse wire JSON back into a message (raises pydantic's ValidationError)."""
        return cls.model_validate_json(data)


def build_message(
    *,
    sender: str,
    message_type: MessageType | str,
    payload: dict[str, Any] | None = None,
    target: str | None = None,
    priority: int = 5,
    correlation_id: str | None = None,
    max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
) -> Message:
    """Validate the parts and build a `Message` (what `bus.create_message` calls)."""
    mtype = MessageType.parse(message_type)
    if not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 9:
        raise MessageValidationError(
            f"priority {priority!r} is not allowed; use an integer 0..9 (9 highest, default 5)"
        )
    payload = {} if payload is None else payload
    if not isinstance(payload, dict):
        raise MessageValidationError(f"payload must be a dict, got {type(payload).__name__}")
    check_json_payload(payload)
    size = len(json.dumps(payload, separators=(",", ":")).encode())
    if size > max_payload_bytes:
        raise PayloadTooLargeError(
            f"payload is {size} bytes, over the bus limit of {max_payload_bytes} bytes "
            "([strands] max_payload_bytes); write the data to S3 or object storage and pass "
            "its reference (e.g. {'uri': 's3://bucket/key'}) instead"
        )
    msg = Message(
        sender=sender,
        message_type=mtype,
        payload=payload,
        target=target,
        priority=priority,
        correlation_id=correlation_id,
    )
    mark_checked(msg)
    return msg


# `build_message` checked the payload (JSON-safe, within the size limit), so an in-process
# consumer need not check again. The mark is pydantic's private slot being set (Message
# declares no private attributes, so it is None otherwise): no field and no PrivateAttr,
# either of which would cost every `from_json` ~1 us on the Redis consumer's path, and a
# test of one slot on LocalBus's path. `Message.model_copy` drops it with a new payload.
_MARK = "_strands_checked"


def is_checked(msg: Message) -> bool:
    """True when `msg` was built by `build_message` (or already passed `mark_checked`)."""
    return msg.__pydantic_private__ is not None


def mark_checked(msg: Message) -> None:
    """Record that `msg`'s payload passed the consumer checks."""
    object.__setattr__(msg, "__pydantic_private__", {_MARK: True})
