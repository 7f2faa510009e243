"""The Redis bus's outbox side: keeping messages during outages, flushing them, sync publish.

Functions of a `RedisStreamBus` (its methods call them), apart from its delivery path.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from strands_airflow.bus.message import Message
from strands_airflow.bus.outbox import Outbox
from strands_airflow.bus.watchdog import guard
from strands_airflow.exceptions import BusUnavailableError

if TYPE_CHECKING:
    from strands_airflow.bus.redis_stream import RedisStreamBus

log = logging.getLogger("strands_airflow.bus.redis_stream")


def _is_conn_error(exc: BaseException) -> bool:
    from strands_airflow.bus.redis_stream import _is_conn_error as is_conn

    return is_conn(exc)


def publish_sync(bus: RedisStreamBus, messages: list[Message]) -> None:
    if bus.breaker.open:
        if bus.outbox is None:
            raise bus._open_breaker_error()
        keep_for_later(bus, messages, BusUnavailableError("circuit breaker open"))
        return
    try:
        results = xadd_sync(bus, messages)
    except Exception as exc:
        if not _is_conn_error(exc):
            raise
        keep_for_later(bus, messages, exc)
        return
    later, refused = sort_results(bus, messages, results)
    if refused:
        try:
            pipe = bus.sync_client().pipeline(transaction=False)
            for m, err in refused:
                pipe.xadd(bus.dlq_key("_publish"), refused_entry(bus, m, err))
            pipe.execute()
        except Exception as exc:  # noqa: BLE001 - cannot even dead-letter: keep it
            keep_for_later(bus, [m for m, _ in refused], exc)
    if later:
        keep_for_later(bus, later, next(r for r in results if isinstance(r, Exception)))
        return
    bus._back_up()
    if bus._outbox_waiting:
        flush_soon(bus)


def xadd_sync(bus: RedisStreamBus, messages: list[Message]) -> list[Any]:
    import redis.exceptions as rexc

    r = bus.sync_client()
    if len(messages) == 1:
        m = messages[0]
        key = bus.stream_key(m.message_type, m.priority)
        try:
            results: list[Any] = [r.xadd(key, {b"m": m.to_json()})]
        except rexc.ResponseError as exc:
            results = [exc]
        keys = [key]
    else:
        pipe, keys = bus._pipeline_for(r, messages)
        results = pipe.execute(raise_on_error=False)
    bus._count_publish(keys, results)
    return results


def sort_results(
    bus: RedisStreamBus, messages: list[Message], results: list[Any]
) -> tuple[list[Message], list[tuple[Message, str]]]:
    """Split failures into (outage: keep for later, refused: Redis will never take them)."""
    later: list[Message] = []
    refused: list[tuple[Message, str]] = []
    for m, res in zip(messages, results, strict=True):
        if not isinstance(res, Exception):
            continue
        if _is_conn_error(res):
            later.append(m)
        else:
            key = bus.stream_key(m.message_type, m.priority)
            refused.append((m, f"Redis refused XADD to {key}: {res}"))
    return later, refused


def keep_for_later(bus: RedisStreamBus, messages: list[Message], exc: BaseException) -> None:
    """An outage: the messages go to the outbox, or BusUnavailableError without one."""
    bus.breaker.trip()
    if bus.outbox is None:
        raise BusUnavailableError(
            f"Redis unreachable ({type(exc).__name__}: {exc}) and this bus has no outbox; "
            "set [strands] home or pass outbox_dir to keep messages during outages"
        ) from (exc if isinstance(exc, Exception) else None)
    for msg in messages:
        bus.outbox.put(msg)
    bus._outbox_waiting = True
    if not bus._warned_down:
        log.warning(
            "Redis unavailable (%s); %d message(s) kept in the outbox %s and sent when "
            "Redis answers again",
            type(exc).__name__,
            len(messages),
            bus.outbox.dir,
        )
        bus._warned_down = True


def refused_entry(bus: RedisStreamBus, msg: Message, error: str) -> dict[bytes, Any]:
    log.error("message %s not published: %s", msg.id, error)
    return {b"m": msg.to_json(), b"error": error[:2000], b"at": str(time.time())}


async def store_refused(bus: RedisStreamBus, refused: list[tuple[Message, str]]) -> None:
    try:
        pipe = bus.client().pipeline(transaction=False)
        for m, err in refused:
            pipe.xadd(bus.dlq_key("_publish"), refused_entry(bus, m, err))
        await guard(pipe.execute(), bus.socket_timeout)
    except Exception as exc:  # noqa: BLE001 - cannot even dead-letter: keep it
        keep_for_later(bus, [m for m, _ in refused], exc)


def flush_soon(bus: RedisStreamBus) -> None:
    """Flush the outbox in the background (a task on this loop, else a thread)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    if loop is not None:
        if bus._flush_task is None or bus._flush_task.done():
            bus._flush_task = loop.create_task(flush_outbox_guarded(bus))
        return
    with bus._sync_lock:
        if bus._flush_thread is not None and bus._flush_thread.is_alive():
            return
        bus._flush_thread = threading.Thread(
            target=flush_in_thread, args=(bus,), name="strands-outbox-flush", daemon=True
        )
        bus._flush_thread.start()


def flush_in_thread(bus: RedisStreamBus) -> None:
    async def go() -> None:
        try:
            await flush_outbox_guarded(bus)
        finally:
            await bus.aclose()

    asyncio.run(go())


async def flush_outbox_guarded(bus: RedisStreamBus) -> int:
    """`flush_outbox` that never raises (an outage just leaves the messages waiting)."""
    try:
        return await flush_outbox(bus)
    except Exception as exc:  # noqa: BLE001 - still down: kept for the next flush
        if _is_conn_error(exc):
            bus.breaker.trip()
        log.warning("outbox not flushed yet: %s: %s", type(exc).__name__, exc)
        return 0


async def flush_outbox(bus: RedisStreamBus) -> int:
    """Send messages kept while Redis was down; returns how many were sent.

    Raises the outage error when Redis is still unavailable (nothing is lost: the
    unsent messages stay in the outbox). Called in the background after a successful
    publish, by `start()` and by consumers; `flush_outbox_guarded` never raises.
    """
    if bus.outbox is None:
        return 0
    sent = 0
    while True:
        claimed = bus.outbox.claim()
        if not claimed:
            break
        good = [(p, m) for p, m in claimed if m is not None]
        for p, m in claimed:
            if m is None:
                log.error("outbox file %s is not a valid message; removed", p.name)
                Outbox.done(p)
        try:
            results = await bus._xadd([m for _, m in good])  # type: ignore[misc]
        except Exception:
            for p, _ in good:
                bus.outbox.release(p)
            raise
        refused = []
        outage: BaseException | None = None
        for (p, m), res in zip(good, results, strict=True):
            if not isinstance(res, Exception):
                Outbox.done(p)
                sent += 1
            elif _is_conn_error(res):
                bus.outbox.release(p)
                outage = res
            else:
                refused.append((p, m, res))
        for p, m, res in refused:
            await store_refused(bus, [(m, f"Redis refused XADD: {res}")])  # type: ignore[list-item]
            Outbox.done(p)
        if outage is not None:
            raise outage
    bus._outbox_waiting = False
    if sent:
        log.info("delivered %d message(s) from the outbox", sent)
    return sent
