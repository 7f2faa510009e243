"""`BusCursor` pages a busy stream with XRANGE and keeps its place; the agent triggers
serialize to their kwargs (the triggerer rebuilds them from that)."""

from __future__ import annotations

import asyncio
import time

from strands_airflow.bus.message import MessageType, build_message
from strands_airflow.bus.redis_stream import RedisStreamBus
from strands_airflow.triggers.agents import (
    AgentCondition,
    BusCursor,
    StrandsBusTrigger,
    StrandsStoreTrigger,
    condition_dict,
)


def _msg(cid: str, prio: int = 5):
    return build_message(
        sender="t",
        message_type=MessageType.QUALITY_REPORT,
        payload={"overall_score": 0.5, "run_id": cid},
        correlation_id=cid,
        priority=prio,
    )


def test_cursor_pages_to_the_end_and_then_reads_only_new_entries(redis_url, stream_prefix):
    async def go():
        bus = RedisStreamBus(url=redis_url, prefix=stream_prefix)
        try:
            since = int(time.time() * 1000) - 1000
            for i in range(1100):
                await bus.publish(_msg(f"d/{i}", prio=i % 2 + 4))
            cursor = BusCursor(["quality_report"], since)
            first = await cursor.read_new(bus, page_size=100)
            await bus.publish(_msg("d/new"))
            second = await cursor.read_new(bus, page_size=100)
            third = await cursor.read_new(bus, page_size=100)
            return first, second, third
        finally:
            await bus.aclose()

    first, second, third = asyncio.run(go())
    assert len(first) == 1100 and len({m.correlation_id for m in first}) == 1100
    assert [m.correlation_id for m in second] == ["d/new"]
    assert third == []


def test_triggers_round_trip_through_serialize():
    cond = condition_dict(AgentCondition(agent="quality", correlation_id="d/r", min_score=0.8))
    bus = StrandsBusTrigger(condition=cond, since_ms=5, timeout_seconds=3, bus_url="redis://x")
    path, kwargs = bus.serialize()
    assert path == "strands_airflow.triggers.agents.StrandsBusTrigger"
    assert StrandsBusTrigger(**kwargs).serialize() == (path, kwargs)
    store = StrandsStoreTrigger(condition=cond, timeout_seconds=3, store_url="file:///tmp/s")
    path, kwargs = store.serialize()
    assert path == "strands_airflow.triggers.agents.StrandsStoreTrigger"
    assert StrandsStoreTrigger(**kwargs).serialize() == (path, kwargs)


def test_unknown_agent_lists_the_known_ones():
    import pytest

    with pytest.raises(ValueError, match="agent 'optimizer' is not known; use one of decision"):
        AgentCondition(agent="optimizer")
