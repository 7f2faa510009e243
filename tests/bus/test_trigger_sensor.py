"""The message trigger and sensor against a hung Redis and a busy bus."""

from __future__ import annotations

import asyncio
import time


def test_trigger_fires_its_timeout_even_when_redis_hangs(own_redis, monkeypatch):
    from strands_airflow.triggers.message import StrandsMessageTrigger

    srv = own_redis()
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", srv.url)
    trig = StrandsMessageTrigger(message_type="decision_made", since_ms=0, timeout_seconds=5)

    async def first_event():
        gen = trig.run()
        return await gen.__anext__()

    srv.pause()
    try:
        t0 = time.monotonic()
        event = asyncio.run(asyncio.wait_for(first_event(), timeout=20))
        took = time.monotonic() - t0
    finally:
        srv.resume()
    assert event.payload["status"] == "timeout"
    assert (
        "timed out after 5s waiting for a message with type=decision_made"
        in (event.payload["message"])
    )
    assert took < 10, f"timeout event came after {took:.1f}s"


def test_poke_pages_through_a_busy_bus_and_keeps_its_position(
    redis_url, stream_prefix, monkeypatch
):
    from strands_airflow.bus import RedisStreamBus
    from strands_airflow.bus.redis_ops import READ_PAGE
    from strands_airflow.sensors.message import StrandsMessageSensor

    monkeypatch.setenv("AIRFLOW__STRANDS__STREAM_PREFIX", stream_prefix)
    bus = RedisStreamBus(redis_url, prefix=stream_prefix)
    noise = [
        bus.create_message("t", "decision_made", {"i": i}, correlation_id="other/run")
        for i in range(3 * READ_PAGE + 7)
    ]
    bus.publish_many_sync(noise)
    wanted = bus.create_message("t", "decision_made", {"ok": True}, correlation_id="mine/run")
    bus.publish_sync(wanted)

    sensor = StrandsMessageSensor(
        task_id="wait",
        message_type="decision_made",
        correlation_id="mine/run",
        bus_url=redis_url,
        deferrable=False,
        poke_interval=1,
    )
    found = sensor.poke({})
    assert found is not False, "the match after 3 full pages was not found"
    assert found.xcom_value["id"] == wanted.id
    # a later message is found by the next poke, which starts where this one stopped
    assert sensor.poke({}) is False
    later = bus.create_message("t", "decision_made", {"n": 2}, correlation_id="mine/run")
    bus.publish_sync(later)
    assert sensor.poke({}).xcom_value["id"] == later.id
    bus.close()
