"""Bus throughput and latency: RedisStreamBus against raw redis-py doing the same work.

Each side does publish -> consume -> ack for N messages on a real Redis server:
- "flood": the producer publishes as fast as it can (one XADD per message, or batches of
  100 through a pipeline) while a consumer reads, handles and acks; messages/s is N over the
  time until the last message is acknowledged;
- "ping-pong": publish one, wait until it was handled, then the next; p50/p99 latency is
  publish-call-to-handler time with no queueing.
The raw baseline uses the same streams layout where it matters (one stream, one group,
XREADGROUP COUNT 32, XACK per message) and the same JSON payload. Also LocalBus messages/s.
Each flood also reports this process's CPU time per message (publisher and consumer run
in it): on a shared machine that moves much less with other people's load than msg/s, so
compare it between two trees (run the script with PYTHONPATH pointing at each).

    python benchmarks/bus_throughput.py [--redis redis://127.0.0.1:6379/0] [-n 5000]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import uuid

import redis.asyncio as aredis

from strands_airflow.bus import LocalBus, MessageType, RedisStreamBus

PAYLOAD = {"workload": {"data_volume": "medium", "num_joins": 3}, "note": "x" * 100}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


async def _cleanup(url: str, prefix: str) -> None:
    r = aredis.Redis.from_url(url)
    keys = [k async for k in r.scan_iter(match=f"{prefix}*", count=1000)]
    if keys:
        await r.delete(*keys)
    await r.aclose()


# -- RedisStreamBus --------------------------------------------------------------------
async def bus_flood(url: str, n: int, batch: int) -> float:
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    bus = RedisStreamBus(url, prefix=prefix, block_ms=100, trim_every=10**9)
    done = asyncio.Event()
    count = 0

    async def handler(_msg):
        nonlocal count
        count += 1
        if count == n:
            done.set()

    bus.subscribe("bench", [MessageType.AGENT_REQUEST], handler)
    await bus.start()
    msgs = [bus.create_message("p", MessageType.AGENT_REQUEST, PAYLOAD) for _ in range(n)]
    t0 = time.perf_counter()
    if batch == 1:
        for m in msgs:
            await bus.publish(m)
    else:
        for i in range(0, n, batch):
            await bus.publish_many(msgs[i : i + batch])
    await done.wait()
    elapsed = time.perf_counter() - t0
    await bus.stop()
    await _cleanup(url, prefix)
    return n / elapsed


async def bus_pingpong(url: str, n: int) -> list[float]:
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    bus = RedisStreamBus(url, prefix=prefix, block_ms=1000, trim_every=10**9)
    got = asyncio.Event()
    bus.subscribe("bench", [MessageType.AGENT_REQUEST], lambda _m: got.set())
    await bus.start()
    lat = []
    for _ in range(n):
        got.clear()
        msg = bus.create_message("p", MessageType.AGENT_REQUEST, PAYLOAD)
        t0 = time.perf_counter()
        await bus.publish(msg)
        await got.wait()
        lat.append((time.perf_counter() - t0) * 1000)
    await bus.stop()
    await _cleanup(url, prefix)
    return lat


# -- raw redis-py -------------------------------------------------------------------------
async def _raw_consumer(r, key: str, on_message, stop: asyncio.Event) -> None:
    while not stop.is_set():
        resp = await r.xreadgroup("bench", "c1", {key: ">"}, count=32, block=100)
        for _key, entries in resp or []:
            for eid, fields in entries:
                on_message(json.loads(fields[b"m"]))
                await r.xack(key, "bench", eid)


async def raw_flood(url: str, n: int, batch: int) -> float:
    key = f"bench-raw-{uuid.uuid4().hex[:8]}"
    prod = aredis.Redis.from_url(url)
    cons = aredis.Redis.from_url(url)
    await prod.xgroup_create(key, "bench", id="0", mkstream=True)
    done, stop = asyncio.Event(), asyncio.Event()
    count = 0

    def on_message(_m):
        nonlocal count
        count += 1
        if count == n:
            done.set()

    task = asyncio.create_task(_raw_consumer(cons, key, on_message, stop))
    bus = LocalBus()
    bodies = [
        bus.create_message("p", MessageType.AGENT_REQUEST, PAYLOAD).to_json() for _ in range(n)
    ]
    t0 = time.perf_counter()
    if batch == 1:
        for b in bodies:
            await prod.xadd(key, {"m": b})
    else:
        for i in range(0, n, batch):
            pipe = prod.pipeline(transaction=False)
            for b in bodies[i : i + batch]:
                pipe.xadd(key, {"m": b})
            await pipe.execute()
    await done.wait()
    elapsed = time.perf_counter() - t0
    stop.set()
    await task
    await prod.delete(key)
    await prod.aclose()
    await cons.aclose()
    return n / elapsed


async def raw_pingpong(url: str, n: int) -> list[float]:
    key = f"bench-raw-{uuid.uuid4().hex[:8]}"
    prod = aredis.Redis.from_url(url)
    cons = aredis.Redis.from_url(url)
    await prod.xgroup_create(key, "bench", id="0", mkstream=True)
    got, stop = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(_raw_consumer(cons, key, lambda _m: got.set(), stop))
    bus = LocalBus()
    lat = []
    for _ in range(n):
        got.clear()
        body = bus.create_message("p", MessageType.AGENT_REQUEST, PAYLOAD).to_json()
        t0 = time.perf_counter()
        await prod.xadd(key, {"m": body})
        await got.wait()
        lat.append((time.perf_counter() - t0) * 1000)
    stop.set()
    await task
    await prod.delete(key)
    await prod.aclose()
    await cons.aclose()
    return lat


async def local_flood(n: int) -> float:
    bus = LocalBus()
    done = asyncio.Event()
    count = 0

    def handler(_m):
        nonlocal count
        count += 1
        if count == n:
            done.set()

    bus.subscribe("bench", [MessageType.AGENT_REQUEST], handler)
    await bus.start()
    msgs = [bus.create_message("p", MessageType.AGENT_REQUEST, PAYLOAD) for _ in range(n)]
    t0 = time.perf_counter()
    for m in msgs:
        await bus.publish(m)
    await done.wait()
    elapsed = time.perf_counter() - t0
    await bus.stop()
    return n / elapsed


async def main(url: str, n: int, pings: int, rounds: int) -> dict:
    # warm-up both sides once
    await bus_flood(url, 500, 1)
    await raw_flood(url, 500, 1)
    res: dict[str, list[float]] = {k: [] for k in ("bus1", "raw1", "busB", "rawB")}
    cpu: dict[str, list[float]] = {k: [] for k in res}

    async def timed(key: str, coro) -> None:
        c0 = time.process_time()
        res[key].append(await coro)
        cpu[key].append((time.process_time() - c0) / n * 1e6)

    for _ in range(rounds):  # interleave to share the machine's noise fairly
        await timed("bus1", bus_flood(url, n, 1))
        await timed("raw1", raw_flood(url, n, 1))
        await timed("busB", bus_flood(url, n, 100))
        await timed("rawB", raw_flood(url, n, 100))
    bus_lat = await bus_pingpong(url, pings)
    raw_lat = await raw_pingpong(url, pings)
    local = await local_flood(n)
    med = {k: statistics.median(v) for k, v in res.items()}
    return {
        "messages": n,
        "rounds": rounds,
        "bus_one_at_a_time_msgs_per_s": round(med["bus1"]),
        "raw_one_at_a_time_msgs_per_s": round(med["raw1"]),
        "ratio_one_at_a_time": round(med["bus1"] / med["raw1"], 3),
        "bus_batched_msgs_per_s": round(med["busB"]),
        "raw_batched_msgs_per_s": round(med["rawB"]),
        "ratio_batched": round(med["busB"] / med["rawB"], 3),
        "bus_p50_ms": round(pct(bus_lat, 50), 3),
        "bus_p99_ms": round(pct(bus_lat, 99), 3),
        "raw_p50_ms": round(pct(raw_lat, 50), 3),
        "raw_p99_ms": round(pct(raw_lat, 99), 3),
        "localbus_msgs_per_s": round(local),
        # CPU microseconds per message (publish + consume + ack, this process), median
        "bus_one_at_a_time_cpu_us": round(statistics.median(cpu["bus1"]), 1),
        "raw_one_at_a_time_cpu_us": round(statistics.median(cpu["raw1"]), 1),
        "bus_batched_cpu_us": round(statistics.median(cpu["busB"]), 1),
        "raw_batched_cpu_us": round(statistics.median(cpu["rawB"]), 1),
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    ap.add_argument("-n", type=int, default=5000, help="messages per flood run")
    ap.add_argument("--pings", type=int, default=2000, help="ping-pong messages for latency")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    out = asyncio.run(main(args.redis, args.n, args.pings, args.rounds))
    print(f"{'case':<28}{'RedisStreamBus':>16}{'raw redis-py':>16}{'ratio':>8}")
    print(
        f"{'one at a time (msg/s)':<28}{out['bus_one_at_a_time_msgs_per_s']:>16}{out['raw_one_at_a_time_msgs_per_s']:>16}{out['ratio_one_at_a_time']:>8}"
    )
    print(
        f"{'batched x100 (msg/s)':<28}{out['bus_batched_msgs_per_s']:>16}{out['raw_batched_msgs_per_s']:>16}{out['ratio_batched']:>8}"
    )
    print(f"{'ping-pong p50 (ms)':<28}{out['bus_p50_ms']:>16}{out['raw_p50_ms']:>16}")
    print(f"{'ping-pong p99 (ms)':<28}{out['bus_p99_ms']:>16}{out['raw_p99_ms']:>16}")
    print(
        f"{'CPU us/msg one at a time':<28}{out['bus_one_at_a_time_cpu_us']:>16}{out['raw_one_at_a_time_cpu_us']:>16}"
    )
    print(
        f"{'CPU us/msg batched x100':<28}{out['bus_batched_cpu_us']:>16}{out['raw_batched_cpu_us']:>16}"
    )
    print(f"{'LocalBus (msg/s)':<28}{out['localbus_msgs_per_s']:>16}")
    print(json.dumps(out))
