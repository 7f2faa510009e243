"""Faults found by an adversarial probe, each reproduced on a real redis-server.

Servers that must misbehave (SIGSTOP, maxmemory, read-only replica, killed mid-flush) are
started by the test on a spare port (`own_redis`), never the shared one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time

import redis

from strands_airflow.bus import MessageType, RedisStreamBus


def _ids_in_streams(cli: redis.Redis, prefix: str) -> list[str]:
    out = []
    for key in cli.scan_iter(match=f"{prefix}:s:*", count=1000):
        out += [json.loads(f[b"m"])["id"] for _, f in cli.xrange(key)]
    return out


def test_publish_to_a_hung_redis_goes_to_the_outbox_within_the_socket_timeout(own_redis, tmp_path):
    srv = own_redis()
    bus = RedisStreamBus(srv.url, prefix="p", outbox_dir=tmp_path / "ob", socket_timeout=1)

    async def go():
        await bus.publish(bus.create_message("t", "agent_status", {"i": 0}))  # connected
        srv.pause()
        t0 = time.monotonic()
        await bus.publish(bus.create_message("t", "agent_status", {"i": 1}))
        return time.monotonic() - t0

    try:
        took = asyncio.run(go())
        t0 = time.monotonic()
        bus.breaker.reset()
        bus.publish_sync(bus.create_message("t", "agent_status", {"i": 2}))
        took_sync = time.monotonic() - t0
    finally:
        srv.resume()
    assert took < 4 and took_sync < 4, f"publish hung: {took:.1f}s / {took_sync:.1f}s"
    assert len(bus.outbox) == 2


def test_circuit_breaker_sends_publishes_straight_to_the_outbox_then_tries_again(
    own_redis, tmp_path
):
    srv = own_redis()
    bus = RedisStreamBus(
        srv.url, prefix="p", outbox_dir=tmp_path / "ob", socket_timeout=1, breaker_seconds=0.5
    )
    try:
        bus.publish_sync(bus.create_message("t", "agent_status", {"i": -1}))
        srv.pause()
        t0 = time.monotonic()
        for i in range(20):
            bus.publish_sync(bus.create_message("t", "agent_status", {"i": i}))
        took = time.monotonic() - t0
    finally:
        srv.resume()
    # only the first publish waited for the 1 s timeout; 20 timeouts would be 20 s
    assert took < 4, f"{took:.1f}s for 20 publishes: the breaker did not open"
    assert len(bus.outbox) == 20
    time.sleep(0.6)  # the breaker closes: Redis is tried again, and the outbox flushed
    bus.publish_sync(bus.create_message("t", "agent_status", {"i": 20}))
    deadline = time.monotonic() + 10
    while len(bus.outbox) and time.monotonic() < deadline:
        time.sleep(0.05)
    bus.close()
    got = [
        json.loads(f[b"m"])["payload"]["i"] for _, f in srv.client().xrange("p:s:agent_status:5")
    ]
    # the publish that timed out may have reached Redis before it froze: resent from the
    # outbox, it is there twice (same id; consumers drop the duplicate)
    assert set(got) == set(range(-1, 21))


def test_out_of_memory_and_read_only_replies_are_treated_as_an_outage(own_redis, tmp_path):
    oom = own_redis("--maxmemory", "1mb", "--maxmemory-policy", "noeviction")
    cli = oom.client()
    # hold the server well over its limit, so every write is refused (filling only up to
    # the limit leaves it hovering around it, and some writes pass)
    cli.config_set("maxmemory", 0)
    for i in range(300):
        cli.set(f"fill:{i}", "x" * 10_000)
    cli.config_set("maxmemory", "1mb")
    try:
        cli.xadd("probe", {"m": "x"})
        raise AssertionError("the server should refuse writes now")
    except redis.exceptions.OutOfMemoryError:
        pass
    from tests_support import free_port

    replica = own_redis("--replicaof", "127.0.0.1", str(free_port()))
    for srv in (oom, replica):
        bus = RedisStreamBus(srv.url, prefix="p", outbox_dir=tmp_path / f"ob{srv.port}")

        async def go(bus=bus):
            await bus.publish(bus.create_message("t", "agent_status", {"n": 1}))
            await bus.publish_many(
                [bus.create_message("t", "agent_status", {"n": i}) for i in range(3)]
            )
            await bus.aclose()

        asyncio.run(go())  # does not raise
        bus.breaker.reset()
        bus.publish_sync(bus.create_message("t", "agent_status", {"n": 9}))
        bus.close()
        assert len(bus.outbox) == 5, srv.args


def test_outbox_flush_survives_redis_dying_midway_and_loses_nothing(own_redis, tmp_path):
    srv = own_redis()
    bus = RedisStreamBus(srv.url, prefix="p", outbox_dir=tmp_path / "ob", breaker_seconds=0.2)
    n = 4000
    published: list[str] = []

    async def go():
        srv.kill()
        msgs = [bus.create_message("t", "agent_status", {"i": i}) for i in range(n)]
        published.extend(await bus.publish_many(msgs))  # Redis down: all to the outbox
        assert len(bus.outbox) == n
        srv.start()
        await asyncio.sleep(0.25)  # breaker closed
        # this publish succeeds and starts the background flush of 4000 messages
        published.append(await bus.publish(bus.create_message("t", "agent_status", {"i": n})))
        flush = bus._flush_task
        assert flush is not None and not flush.done(), "the flush runs off the publish path"
        while len(bus.outbox) > n - 1000:  # part of the outbox is sent ...
            await asyncio.sleep(0)
        srv.kill()  # ... and Redis dies during the flush
        # publishing meanwhile never raises
        for i in range(5):
            published.append(
                await bus.publish(bus.create_message("t", "agent_status", {"i": n + 1 + i}))
            )
        await asyncio.gather(flush)  # the background flush ended without raising
        assert 0 < len(bus.outbox) < n
        srv.start()
        await bus.flush_outbox()
        await bus.aclose()

    asyncio.run(go())
    assert len(bus.outbox) == 0
    stored = _ids_in_streams(srv.client(), "p")
    assert set(stored) == set(published), "nothing lost"


def test_a_key_of_the_wrong_type_is_skipped_with_one_log_line(
    redis_url, stream_prefix, caplog, tmp_path
):
    cli = redis.Redis.from_url(redis_url)
    bad = f"{stream_prefix}:s:agent_request:7"
    cli.set(bad, "not a stream")

    async def go():
        bus = RedisStreamBus(
            redis_url, prefix=stream_prefix, block_ms=50, outbox_dir=tmp_path / "ob"
        )
        got = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m.payload["i"]))
        await bus.start()
        for i in range(3):
            await bus.publish(bus.create_message("t", "agent_request", {"i": i}))
            await asyncio.sleep(0.3)  # several polls
        # publishing to the bad key: dead-lettered with the reason, not raised
        stuck = bus.create_message("t", "agent_request", {"i": 99}, priority=7)
        await bus.publish(stuck)
        bus.publish_sync(bus.create_message("t", "agent_request", {"i": 98}, priority=7))
        await asyncio.sleep(0.3)
        await bus.stop()
        return got, stuck

    with caplog.at_level(logging.ERROR, logger="strands_airflow.bus"):
        got, stuck = asyncio.run(go())
    assert got == [0, 1, 2]
    skips = [r for r in caplog.records if "skipping key" in r.getMessage()]
    assert len(skips) == 1 and bad in skips[0].getMessage()
    refused = cli.xrange(f"{stream_prefix}:dlq:_publish")
    assert [json.loads(f[b"m"])["payload"]["i"] for _, f in refused] == [99, 98]
    assert b"WRONGTYPE" in refused[0][1][b"error"] and bad.encode() in refused[0][1][b"error"]


def test_health_skips_a_bad_agents_entry_and_reports_it(redis_url, stream_prefix):
    cli = redis.Redis.from_url(redis_url)

    async def go():
        bus = RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50)
        bus.subscribe("good", [MessageType.AGENT_REQUEST], lambda m: None)
        await bus.start()
        await asyncio.sleep(0.2)
        cli.hset(f"{stream_prefix}:agents", "broken", "no_such_type")
        cli.hset(f"{stream_prefix}:agents", b"\xff\xfe", "agent_request")
        health = await bus.health()
        await bus.stop()
        return health

    health = asyncio.run(go())
    assert list(health["agents"]) == ["good"]
    assert len(health["problems"]) == 2
    assert any("'broken'" in p and "no_such_type" in p for p in health["problems"])


def test_dead_letter_reasons_name_the_field_and_bad_payloads_are_rejected(redis_url, stream_prefix):
    async def go():
        bus = RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50, max_payload_bytes=1000)
        got = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m.payload))
        await bus.start()
        r = bus.client()
        key = bus.stream_key(MessageType.AGENT_REQUEST, 5)
        base = {"sender": "x", "message_type": "agent_request"}
        await r.xadd(key, {"m": json.dumps({**base, "priority": 12})})
        await r.xadd(key, {"m": json.dumps({**base, "payload": {"v": float("nan")}})})
        await r.xadd(key, {"m": json.dumps({**base, "payload": {"w": [1, float("inf")]}})})
        await r.xadd(key, {"m": json.dumps({**base, "payload": {"big": "x" * 2000}})})
        await bus.publish(bus.create_message("t", "agent_request", {"ok": True}))
        await _until_async(lambda: got == [{"ok": True}])
        await asyncio.sleep(0.2)
        dead = await bus.dead_letters("a")
        await bus.stop()
        return [d["error"] for d in reversed(dead)]

    errors = asyncio.run(go())
    assert len(errors) == 4, errors
    assert errors[0].startswith("malformed message: field 'priority'") and "0..9" in errors[0]
    assert errors[1].startswith("rejected: field payload.v is nan")
    assert errors[2].startswith("rejected: field payload.w[1] is inf")
    assert "bytes, over the bus limit of 1000 bytes" in errors[3]


def test_local_bus_rejects_a_directly_built_message_with_nan():
    from strands_airflow.bus import LocalBus, Message

    async def go():
        bus = LocalBus()
        got = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m))
        await bus.start()
        await bus.publish(
            Message(sender="x", message_type="agent_request", payload={"v": float("nan")})
        )
        await bus.drain()
        dead = await bus.dead_letters("a")
        await bus.stop()
        return got, dead

    got, dead = asyncio.run(go())
    assert got == [] and dead[0]["error"].startswith("rejected: field payload.v is nan")


async def _until_async(pred, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.01)


def test_a_consumer_survives_a_hung_redis_and_stops_promptly_while_it_hangs(own_redis):
    srv = own_redis()

    async def go():
        bus = RedisStreamBus(srv.url, prefix="p", block_ms=100, socket_timeout=1)
        got = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m.payload["i"]))
        await bus.start()
        await bus.publish(bus.create_message("t", "agent_request", {"i": 1}))
        await _until_async(lambda: got == [1])
        srv.pause()
        await asyncio.sleep(2.5)  # the consumer's read overruns its deadline, more than once
        srv.resume()
        await bus.publish(bus.create_message("t", "agent_request", {"i": 2}))
        await _until_async(lambda: got == [1, 2])  # it reconnected by itself
        srv.pause()
        t0 = time.monotonic()
        try:
            await asyncio.wait_for(bus.stop(), timeout=15)
        finally:
            srv.resume()
        return time.monotonic() - t0

    took = asyncio.run(go())
    assert took < 5, f"stop() took {took:.1f}s against a hung Redis"


def test_a_stopped_bus_leaves_no_task_on_its_loop(redis_url, stream_prefix):
    """A consumer that runs its own loop (a thread, a CLI) and closes it after `stop()`
    gets no "Task was destroyed but it is pending" from the bus's call watchdog."""

    async def go():
        bus = RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50)
        got = []
        bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m.payload))
        await bus.start()
        await bus.publish(bus.create_message("t", "agent_request", {"ok": True}))
        await _until_async(lambda: got == [{"ok": True}])
        await bus.stop()
        return [t.get_name() for t in asyncio.all_tasks() if t is not asyncio.current_task()]

    loop = asyncio.new_event_loop()
    try:
        left = loop.run_until_complete(go())
    finally:
        loop.close()
    assert left == []
