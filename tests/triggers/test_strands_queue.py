"""The strands+redis message queue: MessageQueueTrigger dispatch, filters, XREAD without
consumer groups, and the watcher's saved position across restarts (real Redis)."""

from __future__ import annotations

import asyncio

import pytest

from strands_airflow.bus.message import MessageType, build_message
from strands_airflow.bus.redis_stream import RedisStreamBus
from strands_airflow.exceptions import StrandsConfigError
from strands_airflow.queues.strands import StrandsStreamTrigger


def _quality(cid: str, score: float):
    return build_message(
        sender="quality_agent",
        message_type=MessageType.QUALITY_REPORT,
        payload={"overall_score": score, "run_id": cid, "failed_checks": []},
        correlation_id=cid,
    )


async def _first_event(trigger: StrandsStreamTrigger, timeout: float = 10.0):
    agen = trigger.run()
    try:
        return (await asyncio.wait_for(agen.__anext__(), timeout)).payload
    finally:
        await agen.aclose()


def test_message_queue_trigger_dispatches_strands_redis_to_our_trigger(redis_url):
    from airflow.providers.common.messaging.triggers.msg_queue import MessageQueueTrigger

    trig = MessageQueueTrigger(
        scheme="strands+redis", message_types=["quality_report"], watcher_id="w", bus_url=redis_url
    )
    path, kwargs = trig.serialize()
    assert path == "strands_airflow.queues.strands.StrandsStreamTrigger"
    assert kwargs["message_types"] == ["quality_report"] and kwargs["watcher_id"] == "w"


def test_unknown_message_type_lists_the_allowed_ones():
    with pytest.raises(
        StrandsConfigError,
        match=r"message_types: unknown message type 'qualty'.*"
        r"allowed: .*QUALITY_REPORT",
    ):
        StrandsStreamTrigger(message_types=["qualty"], watcher_id="w")
    with pytest.raises(StrandsConfigError, match="watcher_id is empty"):
        StrandsStreamTrigger(message_types=["quality_report"], watcher_id=" ")


def test_watcher_fires_on_a_drop_resumes_after_it_and_leaves_consumer_groups_alone(
    redis_url, stream_prefix, monkeypatch
):
    monkeypatch.setenv("AIRFLOW__STRANDS__STREAM_PREFIX", stream_prefix)

    def watcher():
        return StrandsStreamTrigger(
            message_types=["QUALITY_REPORT"],
            watcher_id="drop",
            quality_below=0.8,
            correlation_prefix="orders_daily/",
            payload={"failed_checks": []},
            bus_url=redis_url,
            block_ms=200,
        )

    async def go():
        bus = RedisStreamBus(url=redis_url, prefix=stream_prefix)
        r = bus.client()
        key = bus.stream_key(MessageType.QUALITY_REPORT, 5)
        try:
            await bus.publish(_quality("orders_daily/old", 0.1))  # before the watcher existed
            await r.xgroup_create(key, "quality_consumers", id="0", mkstream=True)
            first = asyncio.create_task(_first_event(watcher()))
            await asyncio.sleep(0.5)  # the watcher has started at the streams' end
            await bus.publish(_quality("orders_daily/good", 0.95))  # not a drop
            await bus.publish(_quality("other_dag/r1", 0.2))  # another pipeline
            await bus.publish(_quality("orders_daily/r1", 0.5))  # a drop
            await bus.publish(_quality("orders_daily/r2", 0.4))  # a drop, after it
            ev1 = await first
            # a restarted watcher goes on after the message it fired on
            ev2 = await _first_event(watcher())
            groups = await r.xinfo_groups(key)
            saved = await r.hgetall(f"{stream_prefix}:watch:drop")
            return ev1, ev2, groups, saved
        finally:
            await bus.aclose()

    ev1, ev2, groups, saved = asyncio.run(go())
    assert ev1["correlation_id"] == "orders_daily/r1" and ev1["payload"]["overall_score"] == 0.5
    assert ev2["correlation_id"] == "orders_daily/r2"
    group = groups[0]
    name = group["name"].decode() if isinstance(group["name"], bytes) else group["name"]
    last = group["last-delivered-id"]
    assert name == "quality_consumers" and last in (b"0-0", "0-0")  # nothing taken from it
    assert saved  # the position lives in Redis under the watcher's own key


def test_example_dag_watches_the_quality_stream():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "example_remediate_on_quality_drop.py"
    spec = importlib.util.spec_from_file_location("example_remediate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    watcher = module.quality_drop.watchers[0]
    path, kwargs = watcher.trigger.serialize()
    assert path == "strands_airflow.queues.strands.StrandsStreamTrigger"
    assert kwargs["quality_below"] == 0.8 and kwargs["message_types"] == ["quality_report"]
    assert module.dag.dag_id == "strands_remediate_on_quality_drop"
