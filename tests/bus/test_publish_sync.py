"""`publish_sync`: publishing from plain code, any thread, with or without a running loop."""

from __future__ import annotations

import asyncio
import threading
import time

from strands_airflow.bus import LocalBus, MessageType, RedisStreamBus


def test_redis_publish_sync_from_threads_and_inside_a_loop_uses_one_cached_client(own_redis):
    srv = own_redis()
    bus = RedisStreamBus(srv.url, prefix="p")
    admin = srv.client()
    before = len(admin.client_list())
    ids: list[str] = []

    def worker(k: int) -> None:
        for i in range(20):
            ids.append(bus.publish_sync(bus.create_message("t", "agent_status", {"k": k, "i": i})))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    async def inside_a_loop() -> list[str]:
        # from a coroutine: no "event loop is already running" error
        return bus.publish_many_sync(
            [bus.create_message("t", "agent_status", {"k": 9, "i": i}) for i in range(5)]
        )

    ids += asyncio.run(inside_a_loop())
    opened = len(admin.client_list()) - before
    assert opened <= 4, f"{opened} connections for 85 publishes: clients leak"
    stored = [f[b"m"] for _, f in admin.xrange("p:s:agent_status:5")]
    assert len(stored) == 85 and len(set(ids)) == 85
    bus.close()
    time.sleep(0.1)
    assert len(admin.client_list()) == before, "close() releases the cached client"


def test_redis_publish_sync_keeps_messages_in_the_outbox_when_redis_is_down(tmp_path):
    from tests_support import free_port

    bus = RedisStreamBus(
        f"redis://127.0.0.1:{free_port()}/0", prefix="p", outbox_dir=tmp_path / "ob"
    )
    msg = bus.create_message("t", "agent_status", {})
    assert bus.publish_sync(msg) == msg.id
    assert len(bus.outbox) == 1


def test_local_bus_publish_sync_from_another_thread_and_from_inside_its_loop():
    bus = LocalBus()
    got: list[str] = []
    started = threading.Event()
    done = threading.Event()

    def on_request(m):
        got.append(m.payload["from"])
        if m.payload["from"] == "main-thread":
            # inside the bus's own loop: enqueues without blocking (no deadlock)
            bus.publish_sync(bus.create_message("a", "agent_request", {"from": "handler"}))
        if m.payload["from"] == "handler":
            done.set()

    bus.subscribe("a", [MessageType.AGENT_REQUEST], on_request)

    async def run_bus():
        await bus.start()
        started.set()
        while not done.is_set():
            await asyncio.sleep(0.01)
        await bus.drain()
        await bus.stop()

    t = threading.Thread(target=lambda: asyncio.run(run_bus()))
    t.start()
    assert started.wait(5)
    bus.publish_sync(bus.create_message("m", "agent_request", {"from": "main-thread"}))
    t.join(10)
    assert not t.is_alive()
    assert got == ["main-thread", "handler"]


def test_local_bus_publish_sync_before_start_waits_for_the_bus():
    bus = LocalBus()
    got = []
    bus.subscribe("a", [MessageType.AGENT_REQUEST], lambda m: got.append(m.payload["i"]))
    for i in range(3):
        bus.publish_sync(bus.create_message("m", "agent_request", {"i": i}))

    async def go():
        await bus.start()
        await bus.drain()
        await bus.stop()

    asyncio.run(go())
    assert got == [0, 1, 2]
