"""Retention and inspection on the Redis bus: trimming, reading without a group, health.

Functions of a `RedisStreamBus` (its methods call them), kept apart from the delivery path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strands_airflow.bus.message import Message, MessageType
from strands_airflow.bus.watchdog import guard

if TYPE_CHECKING:
    from strands_airflow.bus.redis_stream import RedisStreamBus

#: entries read per stream per call by `read_since`
READ_PAGE = 500


def _text(v: Any) -> str:
    return v.decode(errors="replace") if isinstance(v, bytes) else str(v)


def _id_tuple(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


async def trim(bus: RedisStreamBus, key: str) -> int:
    """Trim `key` to `maxlen` entries without dropping any entry a group has not acknowledged."""
    return await guard(_trim(bus, key), bus.socket_timeout * 3)


async def _trim(bus: RedisStreamBus, key: str) -> int:
    r = bus.client()
    length = await r.xlen(key)
    if length <= bus.maxlen:
        return 0
    # the first entry to keep when only retention counted
    overflow = await r.xrange(key, "-", "+", count=length - bus.maxlen + 1)
    keep_from = _id_tuple(overflow[-1][0].decode())
    for g in await r.xinfo_groups(key):
        last_t = _id_tuple(_text(g.get("last-delivered-id", b"0-0")))
        # entries after the group's position are not even delivered to it yet
        keep_from = min(keep_from, (last_t[0], last_t[1] + 1))
        if g.get("pending", 0):
            summary = await r.xpending(key, g["name"])
            low = summary.get("min")
            if low:
                keep_from = min(keep_from, _id_tuple(_text(low)))
    return int(await r.xtrim(key, minid=f"{keep_from[0]}-{keep_from[1]}", approximate=False))


async def read_since(
    bus: RedisStreamBus,
    message_types: list[MessageType],
    since_ms: int,
    block_ms: int = 1000,
    positions: dict[str, str] | None = None,
) -> tuple[list[Message], dict[str, str]]:
    """Up to `READ_PAGE` entries per stream after `positions` (first call: from `since_ms`).

    Call again with the returned positions to page on; an empty page means caught up.
    A stream key holding something else than a stream is skipped (WRONGTYPE).
    """
    # the async client has no socket timeout (see RedisStreamBus._client_opts): bound here
    return await guard(
        _read_since(bus, message_types, since_ms, block_ms, positions),
        block_ms / 1000 + bus.socket_timeout * 2,
    )


async def _read_since(
    bus: RedisStreamBus,
    message_types: list[MessageType],
    since_ms: int,
    block_ms: int,
    positions: dict[str, str] | None,
) -> tuple[list[Message], dict[str, str]]:
    import redis.exceptions as rexc

    from strands_airflow.bus.redis_stream import PRIORITIES

    r = bus.client()
    pos = (
        dict(positions)
        if positions
        else {
            bus.stream_key(t, p): f"{max(since_ms - 1, 0)}-0"
            for t in message_types
            for p in PRIORITIES
        }
    )
    block = max(1, int(block_ms))
    try:
        resp = await r.xread(pos, block=block, count=READ_PAGE)
    except rexc.ResponseError as exc:
        if "WRONGTYPE" not in str(exc):
            raise
        types = await _types(r, list(pos))
        for k, t in types.items():
            if t not in ("stream", "none"):
                pos.pop(k)
        if not pos:
            return [], {}
        resp = await r.xread(pos, block=block, count=READ_PAGE)
    out: list[Message] = []
    for key, entries in resp or []:
        k = _text(key)
        for entry_id, fields in entries:
            pos[k] = _text(entry_id)
            msg, _ = parse_entry(fields)
            if msg is not None:
                out.append(msg)
    return out, pos


async def _types(r: Any, keys: list[str]) -> dict[str, str]:
    pipe = r.pipeline(transaction=False)
    for k in keys:
        pipe.type(k)
    return {k: _text(t) for k, t in zip(keys, await pipe.execute(), strict=True)}


def parse_entry(fields: dict) -> tuple[Message | None, str]:
    """A stream entry's message, or None and the reason (naming the field) it is not one."""
    raw = fields.get(b"m") or fields.get("m")
    if raw is None:
        return None, f"entry has no 'm' field (fields: {sorted(map(str, fields))[:5]})"
    try:
        return Message.from_json(raw), ""
    except Exception as exc:  # noqa: BLE001 - malformed entries are dead-lettered
        from strands_airflow.bus.policy import describe_validation_error

        return None, f"malformed message: {describe_validation_error(exc)}"


async def dead_letters(bus: RedisStreamBus, agent_name: str, limit: int = 100) -> list[dict]:
    """Newest first: each dead letter's fields (m, error, stream, entry_id, at) and dlq_id."""
    r = bus.client()
    out = []
    entries = await guard(
        r.xrevrange(bus.dlq_key(agent_name), "+", "-", count=limit), bus.socket_timeout
    )
    for eid, fields in entries:
        d = {_text(k): _text(v) for k, v in fields.items()}
        d["dlq_id"] = _text(eid)
        out.append(d)
    return out


async def health(bus: RedisStreamBus) -> dict[str, Any]:
    """Per agent: types, stream length, pending, waiting retries, dead letters.

    A bad entry in the agents hash (unknown type, not text) or a key of the wrong type is
    skipped and listed under ``problems``; it never makes the whole report fail.
    """
    return await guard(_health(bus), bus.socket_timeout * 4)


async def _health(bus: RedisStreamBus) -> dict[str, Any]:
    from strands_airflow.bus.redis_stream import PRIORITIES

    r = bus.client()
    agents = await r.hgetall(f"{bus.prefix}:agents")
    out: dict[str, Any] = {"backend": "redis", "prefix": bus.prefix, "agents": {}, "problems": []}
    for raw_name, raw_types in agents.items():
        try:
            name = raw_name.decode()
            types = [MessageType.parse(t) for t in raw_types.decode().split(",") if t]
        except Exception as exc:  # noqa: BLE001 - one bad entry must not hide the others
            out["problems"].append(
                f"{bus.prefix}:agents entry {_text(raw_name)!r} skipped: {exc}"[:300]
            )
            continue
        keys = [bus.stream_key(t, p) for t in types for p in PRIORITIES] + [bus.retry_key(name)]
        pending = 0
        length = 0
        for key in keys:
            try:
                length += await r.xlen(key)
            except Exception as exc:  # noqa: BLE001 - WRONGTYPE: report, go on
                out["problems"].append(f"{key} skipped: {exc}"[:300])
                continue
            try:
                pending += (await r.xpending(key, name)).get("pending", 0)
            except Exception:  # noqa: BLE001 - group not created yet
                pass
        info: dict[str, Any] = {"types": [t.value for t in types], "stream_length": length}
        info["pending"] = pending
        for field, key, cmd in (
            ("waiting_retry", bus.delay_key(name), r.zcard),
            ("dead_lettered", bus.dlq_key(name), r.xlen),
        ):
            try:
                info[field] = await cmd(key)
            except Exception as exc:  # noqa: BLE001 - WRONGTYPE: report, go on
                out["problems"].append(f"{key} skipped: {exc}"[:300])
                info[field] = None
        out["agents"][name] = info
    return out
