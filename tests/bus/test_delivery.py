"""Delivery rules both backends share: routing, priority, retries, dead letters."""

from __future__ import annotations

import asyncio
import time

import redis

from strands_airflow.bus import MessageType, RedisStreamBus


async def _until(pred, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


def test_routing_by_type_and_target(make_bus):
    async def go():
        bus = make_bus()
        got: dict[str, list[str]] = {
            "decision_agent": [],
            "quality_agent": [],
            "learning_agent": [],
        }
        for name, types in [
            ("decision_agent", [MessageType.DECISION_REQUEST, MessageType.LEARNING_UPDATE]),
            ("quality_agent", [MessageType.QUALITY_CHECK, MessageType.LEARNING_UPDATE]),
            ("learning_agent", [MessageType.EXECUTION_COMPLETED]),
        ]:
            bus.subscribe(name, types, lambda m, name=name: got[name].append(m.payload["n"]))
        await bus.start()
        await bus.publish(bus.create_message("t", MessageType.LEARNING_UPDATE, {"n": "broadcast"}))
        await bus.publish(
            bus.create_message(
                "t", MessageType.LEARNING_UPDATE, {"n": "only-q"}, target="quality_agent"
            )
        )
        await bus.publish(bus.create_message("t", MessageType.DECISION_REQUEST, {"n": "decide"}))
        await _until(lambda: len(got["quality_agent"]) == 2 and len(got["decision_agent"]) == 2)
        await asyncio.sleep(0.2)
        await bus.stop()
        return got

    got = asyncio.run(go())
    assert sorted(got["decision_agent"]) == ["broadcast", "decide"]
    assert sorted(got["quality_agent"]) == ["broadcast", "only-q"]
    assert got["learning_agent"] == []


def test_waiting_high_priority_is_handled_first(make_bus):
    async def go():
        bus = make_bus()
        order: list[int] = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: order.append(m.priority))
        msgs = [bus.create_message("t", "agent_request", {"i": i}, priority=5) for i in range(10)]
        msgs += [bus.create_message("t", "agent_request", {"i": i}, priority=9) for i in range(3)]
        msgs += [bus.create_message("t", "agent_request", {"i": i}, priority=0) for i in range(2)]
        await bus.publish_many(msgs)  # all waiting before the agent starts
        await bus.start()
        await _until(lambda: len(order) == 15)
        await bus.stop()
        return order

    assert asyncio.run(go()) == [9] * 3 + [5] * 10 + [0] * 2


def test_failing_handler_is_retried_then_dead_lettered_and_consumer_moves_on(make_bus):
    async def go():
        bus = make_bus(max_deliveries=3)
        calls: list[str] = []

        async def handler(m):
            calls.append(m.payload["k"])
            if m.payload["k"] == "poison":
                raise RuntimeError("cannot handle poison")

        bus.subscribe("a", [MessageType.AGENT_REQUEST], handler)
        await bus.start()
        await bus.publish(bus.create_message("t", "agent_request", {"k": "poison"}))
        await bus.publish(bus.create_message("t", "agent_request", {"k": "good"}))
        await _until(lambda: "good" in calls and calls.count("poison") == 3)
        await asyncio.sleep(0.2)
        dead = await bus.dead_letters("a")
        health = await bus.health()
        await bus.stop()
        return calls, dead, health

    calls, dead, health = asyncio.run(go())
    assert calls.count("poison") == 3, "delivered max_deliveries times, no more"
    assert calls.count("good") == 1
    assert len(dead) == 1
    assert "cannot handle poison" in dead[0]["error"]
    assert health["agents"]["a"]["dead_lettered"] == 1


def test_malformed_stream_entries_are_dead_lettered_with_the_reason(redis_url, stream_prefix):
    async def go():
        bus = RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=100)
        got = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m.payload))
        await bus.start()
        r = bus.client()
        key = bus.stream_key(MessageType.AGENT_REQUEST, 5)
        await r.xadd(key, {"m": "this is not json"})
        await r.xadd(key, {"other": "field"})
        await bus.publish(bus.create_message("t", "agent_request", {"ok": True}))
        await _until(lambda: got == [{"ok": True}])
        dead = await bus.dead_letters("a")
        await bus.stop()
        return dead

    dead = asyncio.run(go())
    reasons = sorted(d["error"] for d in dead)
    assert len(reasons) == 2
    assert reasons[0].startswith("entry has no 'm' field")
    assert reasons[1].startswith("malformed message")


def test_retention_trims_acknowledged_entries_but_keeps_unacknowledged(redis_url, stream_prefix):
    async def go():
        bus = RedisStreamBus(
            redis_url, prefix=stream_prefix, maxlen=10, trim_every=10**9, block_ms=100
        )
        seen = []
        bus.subscribe("fast", [MessageType.AGENT_STATUS], lambda m: seen.append(m.payload["i"]))
        # a second agent that subscribed once and is not consuming now
        lagging = RedisStreamBus(redis_url, prefix=stream_prefix)
        lagging.subscribe("slow", [MessageType.AGENT_STATUS], lambda m: None)
        await lagging._ensure_groups(lagging.subscriptions["slow"])
        await bus.start()
        await bus.publish_many(
            [bus.create_message("t", "agent_status", {"i": i}) for i in range(50)]
        )
        await _until(lambda: len(seen) == 50)
        key = bus.stream_key(MessageType.AGENT_STATUS, 5)
        removed_while_slow_lags = await bus.trim(key)
        # the slow agent catches up; now trimming may drop all but maxlen
        await lagging.start()
        await asyncio.sleep(0.5)
        await lagging.stop()
        removed_after = await bus.trim(key)
        length = await bus.client().xlen(key)
        await bus.stop()
        return removed_while_slow_lags, removed_after, length

    removed_lagging, removed_after, length = asyncio.run(go())
    assert removed_lagging == 0, "nothing the slow group has not acknowledged is dropped"
    assert removed_after == 40 and length == 10


def test_stop_lets_the_handler_in_flight_finish_and_ack(redis_url, stream_prefix):
    finished = []

    async def go():
        bus = RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=100)

        async def slow(m):
            await asyncio.sleep(0.5)
            finished.append(m.id)

        bus.subscribe("a", [MessageType.AGENT_REQUEST], slow)
        await bus.start()
        msg = bus.create_message("t", "agent_request", {})
        await bus.publish(msg)
        await asyncio.sleep(0.2)  # handler is running now
        await bus.remove_subscriber("a")
        await bus.stop()

    asyncio.run(go())
    assert len(finished) == 1
    r = redis.Redis.from_url(redis_url)
    assert r.xpending(f"{stream_prefix}:s:agent_request:5", "a")["pending"] == 0
