"""Durability of RedisStreamBus against a real Redis server: crashes, groups, outages."""

from __future__ import annotations

import asyncio
import collections
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis

from strands_airflow.bus import MessageType, RedisStreamBus

HERE = Path(__file__).parent


def _spawn_consumer(redis_url, prefix, agent, record, visibility=1.0) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "consumer_proc.py"),
            redis_url,
            prefix,
            agent,
            record,
            str(visibility),
        ],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout.readline().strip() == b"ready"
    return proc


def _publish_n(redis_url, prefix, n, batch=500):
    async def go():
        bus = RedisStreamBus(redis_url, prefix=prefix)
        for start in range(0, n, batch):
            msgs = [
                bus.create_message("producer", MessageType.AGENT_REQUEST, {"i": i})
                for i in range(start, min(n, start + batch))
            ]
            await bus.publish_many(msgs)
        await bus.aclose()

    asyncio.run(go())


def _wait_until(pred, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _handled(r, record):
    return [int(x.split(b":")[0]) for x in r.lrange(record, 0, -1)]


def test_sigkill_midway_loses_nothing_and_only_unacked_are_redone(redis_url, stream_prefix):
    r = redis.Redis.from_url(redis_url)
    record = f"{stream_prefix}:record"
    n = 10_000
    first = _spawn_consumer(redis_url, stream_prefix, "worker", record)
    _publish_n(redis_url, stream_prefix, n)
    _wait_until(lambda: r.llen(record) >= 3000, what="first consumer to handle 3000")
    first.send_signal(signal.SIGKILL)
    first.wait()

    # what was delivered but not acknowledged at the kill
    unacked: set[int] = set()
    key = f"{stream_prefix}:s:agent_request:5"
    for p in r.xpending_range(key, "worker", "-", "+", 100_000):
        entry = r.xrange(key, p["message_id"], p["message_id"])
        from strands_airflow.bus.message import Message

        unacked.add(Message.from_json(entry[0][1][b"m"]).payload["i"])
    assert len(set(_handled(r, record))) < n, "the kill came too late to test anything"

    second = _spawn_consumer(redis_url, stream_prefix, "worker", record)
    try:
        _wait_until(
            lambda: len(set(_handled(r, record))) == n, timeout=120, what="all messages handled"
        )
    finally:
        second.kill()
        second.wait()
    counts = collections.Counter(_handled(r, record))
    assert set(counts) == set(range(n))
    duplicates = {i for i, c in counts.items() if c > 1}
    assert duplicates <= unacked, (
        f"handled twice but acked before the kill: {sorted(duplicates - unacked)[:10]}"
    )
    assert max(counts.values()) <= 2


def test_two_consumer_processes_in_one_group_share_the_work_exactly_once(redis_url, stream_prefix):
    r = redis.Redis.from_url(redis_url)
    record = f"{stream_prefix}:record"
    a = _spawn_consumer(redis_url, stream_prefix, "worker", record, visibility=30)
    b = _spawn_consumer(redis_url, stream_prefix, "worker", record, visibility=30)
    try:
        _publish_n(redis_url, stream_prefix, 2000, batch=50)
        _wait_until(lambda: r.llen(record) >= 2000, what="2000 handled")
        time.sleep(0.3)  # nothing more should arrive
    finally:
        for p in (a, b):
            p.kill()
            p.wait()
    entries = r.lrange(record, 0, -1)
    ids = [int(x.split(b":")[0]) for x in entries]
    assert sorted(ids) == list(range(2000)), "every message exactly once"
    pids = collections.Counter(x.split(b":")[1] for x in entries)
    assert len(pids) == 2, f"both consumers should take part: {pids}"


def test_redis_down_while_publishing_then_everything_delivered(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server must be installed (.ci/run installs it)"
    from tests_support import free_port

    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    args = [
        server,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(data),
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
    ]

    def start():
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cli = redis.Redis(port=port)
        _wait_until(lambda: _ping(cli), timeout=10, what="redis-server to start")
        return proc

    url = f"redis://127.0.0.1:{port}/0"
    proc = start()
    got: list[int] = []

    async def scenario():
        nonlocal proc
        consumer = RedisStreamBus(url, prefix="down", visibility_timeout=2)

        async def handle(msg):
            got.append(msg.payload["i"])

        consumer.subscribe("sink", [MessageType.AGENT_STATUS], handle)
        await consumer.start()
        publisher = RedisStreamBus(url, prefix="down", outbox_dir=tmp_path / "outbox")
        for i in range(100):
            if i == 50:
                proc.send_signal(signal.SIGTERM)
                await asyncio.to_thread(proc.wait)
            # never raises while Redis is down: the message goes to the outbox
            await publisher.publish(
                publisher.create_message("p", MessageType.AGENT_STATUS, {"i": i})
            )
        assert len(publisher.outbox) == 50
        proc = await asyncio.to_thread(start)
        await publisher.flush_outbox()
        assert len(publisher.outbox) == 0
        deadline = time.monotonic() + 30
        while len(set(got)) < 100 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await consumer.stop()
        await publisher.aclose()

    try:
        asyncio.run(scenario())
    finally:
        proc.terminate()
        proc.wait()
    assert sorted(set(got)) == list(range(100))


def _ping(cli) -> bool:
    try:
        return bool(cli.ping())
    except redis.exceptions.ConnectionError:
        return False
