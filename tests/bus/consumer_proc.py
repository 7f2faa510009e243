"""A consumer process for crash tests: handles messages by recording them in a Redis list.

Usage: python consumer_proc.py REDIS_URL PREFIX AGENT RECORD_KEY VISIBILITY_S
Each handled message's payload["i"] is RPUSHed to RECORD_KEY before the bus acks it, so a
kill between the two leaves exactly the unacknowledged messages to be handled twice.
"""

import asyncio
import os
import sys

import redis.asyncio as aredis

from strands_airflow.bus import MessageType, RedisStreamBus


async def main(url: str, prefix: str, agent: str, record: str, visibility: float) -> None:
    bus = RedisStreamBus(url, prefix=prefix, visibility_timeout=visibility)
    rec = aredis.Redis.from_url(url)

    async def handle(msg):
        await rec.rpush(record, f"{msg.payload['i']}:{os.getpid()}")

    bus.subscribe(agent, [MessageType.AGENT_REQUEST], handle)
    await bus.start()
    print("ready", flush=True)
    while True:
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])))
