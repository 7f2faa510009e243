"""The agent base: lifecycle, errors that do not stop an agent, metrics, replies."""

from __future__ import annotations

import asyncio
import time

from strands_airflow.agents.base import StrandsAgent
from strands_airflow.bus import LocalBus, MessageType, RedisStreamBus


class EchoAgent(StrandsAgent):
    def __init__(self, bus, **kw):
        super().__init__("echo_agent", "echo", bus=bus, **kw)
        self.cycles = 0

    def _get_subscribed_message_types(self):
        return [MessageType.AGENT_REQUEST]

    async def process_message(self, message):
        if message.payload.get("boom"):
            raise ValueError("boom requested")
        await self.reply(message, {"echo": message.payload["text"]})

    async def autonomous_cycle(self):
        self.cycles += 1
        if self.cycles == 1:
            raise RuntimeError("first cycle fails")


async def _until(pred, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


def _scenario(bus):
    async def go():
        agent = EchoAgent(bus, cycle_interval=0.05)
        replies = []
        bus.subscribe("client", [MessageType.AGENT_RESPONSE], lambda m: replies.append(m))
        await agent.start()
        await bus.publish(
            bus.create_message("client", "agent_request", {"boom": True}, target="echo_agent")
        )
        req = bus.create_message(
            "client", "agent_request", {"text": "hi"}, target="echo_agent", correlation_id="d/r"
        )
        await bus.publish(req)
        await _until(lambda: replies and agent.cycles >= 3)
        m = agent.metrics()
        await agent.stop()
        await bus.stop()
        return req, replies, m, agent

    return asyncio.run(go())


def _check(req, replies, m, agent):
    assert replies[0].payload == {"in_reply_to": req.id, "echo": "hi"}
    assert replies[0].target == "client" and replies[0].correlation_id == "d/r"
    assert m["errors"] >= 1, "the failing message was counted"
    assert m["messages_processed"] >= 2 and m["mean_handling_ms"] > 0
    assert m["cycle_errors"] == 1 and agent.cycles >= 3, "a failing cycle did not stop the agent"
    assert m["last_active"] is not None
    assert agent.running is False


def test_agent_on_local_bus():
    _check(*_scenario(LocalBus(max_deliveries=2)))


def test_agent_on_redis_bus(redis_url, stream_prefix):
    _check(
        *_scenario(RedisStreamBus(redis_url, prefix=stream_prefix, block_ms=50, max_deliveries=2))
    )


def test_constructing_an_agent_connects_to_nothing(monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    agent = EchoAgent(None)
    assert agent.metrics()["messages_processed"] == 0
    assert agent._bus is None
