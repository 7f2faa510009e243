"""Building messages: the errors a publisher gets for bad input."""

from __future__ import annotations

from datetime import datetime

import pytest

from strands_airflow.bus import LocalBus, Message, MessageType
from strands_airflow.exceptions import MessageValidationError, PayloadTooLargeError


def test_non_json_payload_names_the_key_path():
    bus = LocalBus()
    with pytest.raises(ValueError, match=r"payload\.run\.when is a datetime"):
        bus.create_message("s", "agent_request", {"run": {"when": datetime(2025, 1, 1)}})
    with pytest.raises(ValueError, match=r"payload\.values\[1\] is nan"):
        bus.create_message("s", "agent_request", {"values": [1.0, float("nan")]})


def test_oversized_payload_says_to_pass_a_reference():
    bus = LocalBus(max_payload_bytes=1024)
    with pytest.raises(PayloadTooLargeError, match="s3://"):
        bus.create_message("s", "agent_request", {"blob": "x" * 2000})


def test_unknown_type_and_bad_priority_list_what_is_allowed():
    bus = LocalBus()
    with pytest.raises(MessageValidationError, match="allowed: AGENT_REQUEST, AGENT_RESPONSE"):
        bus.create_message("s", "agent_shout", {})
    with pytest.raises(MessageValidationError, match=r"0\.\.9"):
        bus.create_message("s", "agent_request", {}, priority=10)


def test_message_roundtrip_and_sortable_ids():
    bus = LocalBus()
    a = bus.create_message("s", MessageType.DECISION_MADE, {"x": 1}, correlation_id="d/r")
    b = bus.create_message("s", "DECISION_MADE", {"x": 2})
    assert a.id < b.id
    again = Message.from_json(a.to_json())
    assert again == a and again.message_type is MessageType.DECISION_MADE
