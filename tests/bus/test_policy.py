"""The shared delivery policy on both backends: backoff, non-retryable errors, strict priority."""

from __future__ import annotations

import asyncio
import time

import pytest

from strands_airflow.bus import DeliveryPolicy, MessageType, NonRetryableError
from strands_airflow.exceptions import StrandsConfigError, StrandsError


async def _until(pred, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


def test_backoff_grows_by_the_factor_up_to_the_cap():
    p = DeliveryPolicy(min_backoff=0.5, factor=2, max_backoff=30)
    assert [p.backoff(n) for n in range(1, 9)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert p.backoff(10_000) == 30, "a huge failure count does not overflow"
    j = DeliveryPolicy(min_backoff=1, factor=2, max_backoff=30, jitter=0.5)
    delays = [j.backoff(3) for _ in range(200)]
    assert all(2 <= d <= 4 for d in delays) and len(set(delays)) > 1


@pytest.mark.parametrize(
    "kw",
    [{"max_deliveries": 0}, {"min_backoff": 5, "max_backoff": 1}, {"factor": 0.5}, {"jitter": 2}],
)
def test_bad_policy_settings_are_refused_naming_the_field(kw):
    with pytest.raises(StrandsConfigError, match=next(iter(kw)).split("_")[0]):
        DeliveryPolicy(**kw)


def test_non_retryable_error_is_a_strands_error_exported_from_the_bus():
    err = NonRetryableError("unknown platform", reply={"error": "unknown platform"})
    assert isinstance(err, StrandsError) and err.reply == {"error": "unknown platform"}


def test_failing_message_comes_back_after_growing_delays_without_holding_up_others(make_bus):
    async def go():
        bus = make_bus(max_deliveries=4, min_backoff=0.3, backoff_factor=2, max_backoff=5)
        seen: list[tuple[str, float]] = []

        async def handler(m):
            seen.append((m.payload["k"], time.monotonic()))
            if m.payload["k"] == "flaky" and m.attempt < 2:
                raise RuntimeError("not yet")

        bus.subscribe("a", [MessageType.AGENT_REQUEST], handler)
        await bus.start()
        await bus.publish(bus.create_message("t", "agent_request", {"k": "flaky"}))
        await asyncio.sleep(0.05)
        await bus.publish(bus.create_message("t", "agent_request", {"k": "other"}))
        await _until(lambda: [k for k, _ in seen].count("flaky") == 3)
        await asyncio.sleep(0.2)
        dead = await bus.dead_letters("a")
        await bus.stop()
        return seen, dead

    seen, dead = asyncio.run(go())
    keys = [k for k, _ in seen]
    assert keys == ["flaky", "other", "flaky", "flaky"], "the retry waits; others go on"
    times = [t for k, t in seen if k == "flaky"]
    first_gap, second_gap = times[1] - times[0], times[2] - times[1]
    assert first_gap >= 0.3, f"redelivered before its due time ({first_gap:.3f}s < 0.3s)"
    assert second_gap >= 0.6, f"second delay should double ({second_gap:.3f}s < 0.6s)"
    assert dead == []


def test_non_retryable_error_dead_letters_at_once_and_can_reply(make_bus):
    async def go():
        gave_up: list[tuple[str, str, str]] = []
        bus = make_bus(
            max_deliveries=5, on_give_up=lambda agent, m, why: gave_up.append((agent, m.id, why))
        )
        calls: list[str] = []
        replies = []

        async def handler(m):
            calls.append(m.id)
            raise NonRetryableError(
                "platform 'teradata' is not supported", reply={"error": "unsupported platform"}
            )

        bus.subscribe("executor", [MessageType.AGENT_REQUEST], handler)
        bus.subscribe("asker", [MessageType.AGENT_RESPONSE], lambda m: replies.append(m))
        await bus.start()
        req = bus.create_message(
            "asker", "agent_request", {"platform": "teradata"}, correlation_id="d/r"
        )
        await bus.publish(req)
        await _until(lambda: replies and gave_up)
        await asyncio.sleep(1.0)  # no second delivery comes
        dead = await bus.dead_letters("executor")
        await bus.stop()
        return req, calls, replies, dead, gave_up

    req, calls, replies, dead, gave_up = asyncio.run(go())
    assert calls == [req.id], "delivered once, never retried"
    assert (
        len(dead) == 1 and "non-retryable: platform 'teradata' is not supported" in dead[0]["error"]
    )
    assert replies[0].payload == {"in_reply_to": req.id, "error": "unsupported platform"}
    assert replies[0].target == "asker" and replies[0].correlation_id == "d/r"
    assert gave_up == [("executor", req.id, dead[0]["error"])]


def test_priority_is_strict_across_a_backlog_50_deep(make_bus):
    async def go():
        bus = make_bus()
        order: list[int] = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: order.append(m.priority))
        await bus.publish_many(
            [bus.create_message("t", "agent_request", {"i": i}, priority=1) for i in range(50)]
        )
        await bus.publish_many(
            [bus.create_message("t", "agent_request", {"i": i}, priority=9) for i in range(50)]
        )
        await bus.start()
        await _until(lambda: len(order) == 100)
        await bus.stop()
        return order

    order = asyncio.run(go())
    assert order == [9] * 50 + [1] * 50
