"""`RedisStreamBus`: the bus on Redis Streams, for agents in several processes or machines.

Layout (every key starts with `prefix`, default ``strands``):
- ``{prefix}:s:{type}:{priority}``: one stream per message type and priority 0..9;
- one consumer group per agent (named after the agent) on each stream of its types, created
  at offset 0 so messages published before the agent first started are not lost;
- ``{prefix}:retry:{agent}``: redeliveries after a handler error, read by that agent only;
- ``{prefix}:dlq:{agent}``: dead letters with the last error;
- ``{prefix}:agents``: a hash agent -> subscribed types (for health and dashboards).

Delivery: XREADGROUP over the agent's streams, handled highest priority first; XACK only
after the handler returned. A handler error moves the message to the agent's retry stream
(XADD + XACK in one MULTI, so it is never lost nor doubled), and after `max_deliveries`
failed deliveries to the dead-letter stream. Entries left pending longer than
`visibility_timeout` (their consumer died) are taken over with XAUTOCLAIM by a live
consumer. Retention: streams are trimmed to about `maxlen` entries, but never past the
oldest entry some group has not acknowledged (XTRIM MINID below every group's position).
If Redis is unreachable at publish time the message goes to the durable `Outbox` and is
sent when Redis answers again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from typing import Any

from strands_airflow.bus.base import MessageBus, Subscription, call_handler
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.bus.outbox import Outbox

log = logging.getLogger(__name__)

PRIORITIES = range(9, -1, -1)


def _is_conn_error(exc: BaseException) -> bool:
    import redis.exceptions as rexc

    return isinstance(exc, (rexc.ConnectionError, rexc.TimeoutError, ConnectionError, OSError))


def _id_tuple(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


class RedisStreamBus(MessageBus):
    """Bus on Redis Streams; see the module docstring for the guarantees."""

    def __init__(
        self,
        url: str | None = None,
        *,
        client_kwargs: dict[str, Any] | None = None,
        prefix: str = "strands",
        maxlen: int = 100_000,
        visibility_timeout: float = 60.0,
        batch_size: int = 32,
        block_ms: int = 500,
        outbox_dir: str | os.PathLike | None = None,
        trim_every: int = 1000,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not url and not client_kwargs:
            raise ValueError("RedisStreamBus needs a redis:// url or client_kwargs")
        self._url = url
        self._client_kwargs = dict(client_kwargs or {})
        self.prefix = prefix
        self.maxlen = maxlen
        self.visibility_timeout = visibility_timeout
        self.batch_size = batch_size
        self.block_ms = block_ms
        self.trim_every = trim_every
        self.outbox = Outbox(os.fspath(outbox_dir)) if outbox_dir else None
        self.consumer = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._clients: dict[int, Any] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._published_since_trim: dict[str, int] = {}
        self._warned_down = False
        self._outbox_waiting = bool(self.outbox and len(self.outbox))

    def __repr__(self) -> str:  # never show credentials
        return f"RedisStreamBus(prefix={self.prefix!r}, consumer={self.consumer!r})"

    # -- keys ---------------------------------------------------------------------
    def stream_key(self, message_type: MessageType, priority: int) -> str:
        """The stream a message of this type and priority is written to."""
        return f"{self.prefix}:s:{message_type.value}:{priority}"

    def retry_key(self, agent: str) -> str:
        return f"{self.prefix}:retry:{agent}"

    def dlq_key(self, agent: str) -> str:
        return f"{self.prefix}:dlq:{agent}"

    def _agent_streams(self, sub: Subscription) -> list[str]:
        keys = [self.stream_key(t, p) for p in PRIORITIES for t in sub.types]
        keys.append(self.retry_key(sub.agent_name))
        return keys

    @staticmethod
    def _priority_of_key(key: str) -> int:
        tail = key.rsplit(":", 1)[-1]
        return int(tail) if tail.isdigit() else -1

    # -- client (one per event loop: redis.asyncio connections belong to a loop) ---------
    def client(self) -> Any:
        """The redis.asyncio client for the running event loop."""
        import redis.asyncio as aredis

        loop_id = id(asyncio.get_running_loop())
        cli = self._clients.get(loop_id)
        if cli is None:
            opts: dict[str, Any] = {
                "socket_connect_timeout": 2.0,
                "socket_timeout": None,
                "decode_responses": False,
            }
            if self._url:
                cli = aredis.Redis.from_url(self._url, **opts)
            else:
                cli = aredis.Redis(**{**opts, **self._client_kwargs})
            self._clients[loop_id] = cli
        return cli

    # -- publishing ----------------------------------------------------------------
    async def _publish(self, messages: list[Message]) -> None:
        try:
            await self._xadd(messages)
        except Exception as exc:
            if not _is_conn_error(exc) or self.outbox is None:
                raise
            for msg in messages:
                self.outbox.put(msg)
            self._outbox_waiting = True
            if not self._warned_down:
                log.warning(
                    "Redis unreachable (%s); %d message(s) kept in the outbox %s and sent when "
                    "Redis answers again",
                    type(exc).__name__,
                    len(messages),
                    self.outbox.dir,
                )
                self._warned_down = True
            return
        if self._warned_down:
            log.info("Redis reachable again")
            self._warned_down = False
        if self._outbox_waiting:
            await self.flush_outbox()

    async def _xadd(self, messages: list[Message]) -> None:
        r = self.client()
        if len(messages) == 1:
            m = messages[0]
            key = self.stream_key(m.message_type, m.priority)
            await r.xadd(key, {b"m": m.to_json()})
            self._count_publish(key, 1)
            return
        pipe = r.pipeline(transaction=False)
        counts: dict[str, int] = {}
        for m in messages:
            key = self.stream_key(m.message_type, m.priority)
            pipe.xadd(key, {b"m": m.to_json()})
            counts[key] = counts.get(key, 0) + 1
        await pipe.execute()
        for key, n in counts.items():
            self._count_publish(key, n)

    def _count_publish(self, key: str, n: int) -> None:
        c = self._published_since_trim.get(key, 0) + n
        if c >= self.trim_every:
            c = 0
            asyncio.get_running_loop().create_task(self._safe_trim(key))
        self._published_since_trim[key] = c

    async def flush_outbox(self) -> int:
        """Send messages kept while Redis was down; returns how many were sent."""
        if self.outbox is None:
            return 0
        sent = 0
        while True:
            claimed = self.outbox.claim()
            if not claimed:
                break
            good = [(p, m) for p, m in claimed if m is not None]
            for p, m in claimed:
                if m is None:
                    log.error("outbox file %s is not a valid message; removed", p.name)
                    Outbox.done(p)
            try:
                await self._xadd([m for _, m in good])  # type: ignore[misc]
            except Exception:
                for p, _ in good:
                    self.outbox.release(p)
                raise
            for p, _ in good:
                Outbox.done(p)
            sent += len(good)
        self._outbox_waiting = False
        if sent:
            log.info("delivered %d message(s) from the outbox", sent)
        return sent

    # -- consuming ------------------------------------------------------------------
    async def _ensure_groups(self, sub: Subscription) -> None:
        import redis.exceptions as rexc

        r = self.client()
        pipe = r.pipeline(transaction=False)
        for key in self._agent_streams(sub):
            pipe.xgroup_create(key, sub.agent_name, id="0", mkstream=True)
        for res in await pipe.execute(raise_on_error=False):
            if isinstance(res, rexc.ResponseError) and "BUSYGROUP" not in str(res):
                raise res
        await r.hset(f"{self.prefix}:agents", sub.agent_name, ",".join(t.value for t in sub.types))

    def _on_subscribe(self, sub: Subscription) -> None:
        if self.running:
            self._spawn(sub)

    def _spawn(self, sub: Subscription) -> None:
        self._tasks[sub.agent_name] = asyncio.get_running_loop().create_task(
            self._consume(sub), name=f"strands-redisbus-{sub.agent_name}"
        )

    def _consumer_tasks(self) -> dict[str, asyncio.Task]:
        return self._tasks

    async def start(self) -> None:
        if self.running:
            return
        self.running = True
        if self._outbox_waiting:
            try:
                await self.flush_outbox()
            except Exception as exc:  # noqa: BLE001 - still down: the consumer loops retry
                log.warning("outbox not flushed yet: %s", type(exc).__name__)
        for sub in list(self.subscriptions.values()):
            self._spawn(sub)

    async def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        tasks = list(self._tasks.values())
        self._tasks.clear()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self.aclose()

    async def aclose(self) -> None:
        """Close this loop's connections."""
        try:
            loop_id = id(asyncio.get_running_loop())
        except RuntimeError:
            return
        cli = self._clients.pop(loop_id, None)
        if cli is not None:
            await cli.aclose()

    async def _consume(self, sub: Subscription) -> None:
        """Consumer loop of one agent; survives Redis restarts and handler errors."""
        ready = False
        last_maintenance = 0.0
        while self.running and sub.active:
            try:
                if not ready:
                    await self._ensure_groups(sub)
                    ready = True
                now = time.monotonic()
                if now - last_maintenance >= max(0.05, self.visibility_timeout / 2):
                    last_maintenance = now
                    await self._reclaim(sub)
                    if self._outbox_waiting:
                        await self.flush_outbox()
                await self._read_and_handle(sub)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep consuming through outages
                if _is_conn_error(exc):
                    ready = False
                    log.warning(
                        "agent %s: Redis unreachable (%s); retrying",
                        sub.agent_name,
                        type(exc).__name__,
                    )
                    await asyncio.sleep(0.5)
                else:
                    log.exception("agent %s: consumer loop error", sub.agent_name)
                    await asyncio.sleep(0.1)

    async def _read_and_handle(self, sub: Subscription) -> None:
        r = self.client()
        streams = {k: ">" for k in self._agent_streams(sub)}
        resp = await r.xreadgroup(
            sub.agent_name, self.consumer, streams, count=self.batch_size, block=self.block_ms
        )
        if not resp:
            return
        batch: list[tuple[int, tuple[int, int], str, str, dict]] = []
        for key, entries in resp:
            k = key.decode() if isinstance(key, bytes) else key
            for entry_id, fields in entries:
                eid = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                batch.append((self._priority_of_key(k), _id_tuple(eid), k, eid, fields))
        await self._handle_batch(sub, batch)

    async def _handle_batch(self, sub: Subscription, batch: list) -> None:
        parsed = []
        for prio, idt, key, eid, fields in batch:
            msg, reason = self._parse(fields)
            if msg is not None:
                prio = msg.priority  # retry-stream entries carry their own priority
            parsed.append((-prio, idt, key, eid, fields, msg, reason))
        parsed.sort(key=lambda t: (t[0], t[1]))
        for i, (_, _, key, eid, fields, msg, reason) in enumerate(parsed):
            if not (self.running and sub.active) and i > 0:
                # stopping: hand back what was read but not handled, without losing it
                await self._requeue_unhandled(sub, parsed[i:])
                return
            await self._handle_one(sub, key, eid, fields, msg, reason)

    @staticmethod
    def _parse(fields: dict) -> tuple[Message | None, str]:
        raw = fields.get(b"m", fields.get("m"))
        if raw is None:
            return None, f"entry has no 'm' field (fields: {sorted(map(str, fields))[:5]})"
        try:
            return Message.from_json(raw), ""
        except Exception as exc:  # noqa: BLE001 - malformed entries are dead-lettered
            return None, f"malformed message: {str(exc).splitlines()[0][:300]}"

    async def _handle_one(
        self, sub: Subscription, key: str, eid: str, fields: dict, msg: Message | None, reason: str
    ) -> None:
        r = self.client()
        if msg is None:
            await self._dead_letter(sub, key, eid, fields, reason)
            return
        if not sub.accepts(msg) or not sub.remember(msg.id):
            await r.xack(key, sub.agent_name, eid)  # for another target, or a resent duplicate
            return
        try:
            await call_handler(sub.handler, msg)
        except Exception as exc:  # noqa: BLE001 - counted, retried or dead-lettered
            sub.failed += 1
            sub.seen.pop(msg.id, None)
            log.exception(
                "agent %s failed on message %s (%s)", sub.agent_name, msg.id, msg.message_type.value
            )
            nxt = msg.model_copy(update={"attempt": msg.attempt + 1})
            if nxt.attempt >= self.max_deliveries:
                await self._dead_letter(
                    sub, key, eid, {b"m": nxt.to_json()}, f"{type(exc).__name__}: {exc}"
                )
            else:
                pipe = r.pipeline(transaction=True)
                pipe.xadd(self.retry_key(sub.agent_name), {b"m": nxt.to_json()})
                pipe.xack(key, sub.agent_name, eid)
                await pipe.execute()
            return
        await r.xack(key, sub.agent_name, eid)
        sub.handled += 1

    async def _dead_letter(
        self, sub: Subscription, key: str, eid: str, fields: dict, error: str
    ) -> None:
        r = self.client()
        raw = fields.get(b"m", fields.get("m")) or repr(fields).encode()
        pipe = r.pipeline(transaction=True)
        pipe.xadd(
            self.dlq_key(sub.agent_name),
            {
                b"m": raw,
                b"error": error[:2000],
                b"stream": key,
                b"entry_id": eid,
                b"at": str(time.time()),
            },
            maxlen=self.maxlen,
            approximate=True,
        )
        pipe.xack(key, sub.agent_name, eid)
        await pipe.execute()
        sub.dead_lettered += 1
        log.error("agent %s: message %s dead-lettered: %s", sub.agent_name, eid, error[:300])

    async def _requeue_unhandled(self, sub: Subscription, rest: list) -> None:
        r = self.client()
        pipe = r.pipeline(transaction=True)
        for _, _, key, eid, fields, _msg, _reason in rest:
            pipe.xadd(self.retry_key(sub.agent_name), {b"m": fields.get(b"m", b"")})
            pipe.xack(key, sub.agent_name, eid)
        await pipe.execute()

    async def _reclaim(self, sub: Subscription) -> None:
        """Take over entries a dead consumer left pending past the visibility timeout."""
        r = self.client()
        min_idle = int(self.visibility_timeout * 1000)
        for key in self._agent_streams(sub):
            start = "0-0"
            while self.running and sub.active:
                res = await r.xautoclaim(
                    key, sub.agent_name, self.consumer, min_idle, start, count=100
                )
                start, claimed = res[0], res[1]
                batch = []
                for entry_id, fields in claimed:
                    if fields is None:
                        continue
                    eid = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                    info = await r.xpending_range(key, sub.agent_name, eid, eid, 1)
                    times = info[0]["times_delivered"] if info else 1
                    if times > self.max_deliveries:
                        await self._dead_letter(
                            sub,
                            key,
                            eid,
                            fields,
                            f"delivered {times} times without an ack (consumer died?)",
                        )
                        continue
                    batch.append((self._priority_of_key(key), _id_tuple(eid), key, eid, fields))
                if batch:
                    log.info(
                        "agent %s reclaimed %d stale message(s) from %s",
                        sub.agent_name,
                        len(batch),
                        key,
                    )
                    await self._handle_batch(sub, batch)
                if start in (b"0-0", "0-0"):
                    break

    # -- retention -------------------------------------------------------------------
    async def _safe_trim(self, key: str) -> None:
        try:
            await self.trim(key)
        except Exception as exc:  # noqa: BLE001 - trimming is best effort
            log.debug("trim of %s skipped: %s", key, exc)

    async def trim(self, key: str) -> int:
        """Trim `key` to `maxlen` entries without dropping any entry a group has not acknowledged."""
        r = self.client()
        length = await r.xlen(key)
        if length <= self.maxlen:
            return 0
        # the first entry to keep when only retention counted
        overflow = await r.xrange(key, "-", "+", count=length - self.maxlen + 1)
        keep_from = _id_tuple(overflow[-1][0].decode())
        for g in await r.xinfo_groups(key):
            last = g.get("last-delivered-id", b"0-0")
            last_t = _id_tuple(last.decode() if isinstance(last, bytes) else last)
            # entries after the group's position are not even delivered to it yet
            keep_from = min(keep_from, (last_t[0], last_t[1] + 1))
            if g.get("pending", 0):
                summary = await r.xpending(key, g["name"])
                low = summary.get("min")
                if low:
                    keep_from = min(
                        keep_from, _id_tuple(low.decode() if isinstance(low, bytes) else low)
                    )
        return int(await r.xtrim(key, minid=f"{keep_from[0]}-{keep_from[1]}", approximate=False))

    # -- inspection --------------------------------------------------------------------
    async def read_since(
        self,
        message_types: list[MessageType],
        since_ms: int,
        block_ms: int = 1000,
        positions: dict[str, str] | None = None,
    ) -> tuple[list[Message], dict[str, str]]:
        """Read (without a consumer group, so no agent loses anything) messages of the given
        types newer than `since_ms`; returns messages and the positions to continue from."""
        r = self.client()
        pos = positions or {
            self.stream_key(t, p): f"{max(since_ms - 1, 0)}-0"
            for t in message_types
            for p in PRIORITIES
        }
        resp = await r.xread(pos, block=block_ms, count=500)
        out: list[Message] = []
        for key, entries in resp or []:
            k = key.decode() if isinstance(key, bytes) else key
            for entry_id, fields in entries:
                pos[k] = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                msg, _ = self._parse(fields)
                if msg is not None:
                    out.append(msg)
        return out, pos

    async def dead_letters(self, agent_name: str, limit: int = 100) -> list[dict[str, Any]]:
        r = self.client()
        out = []
        for eid, fields in await r.xrevrange(self.dlq_key(agent_name), "+", "-", count=limit):
            d = {
                (k.decode() if isinstance(k, bytes) else k): (
                    v.decode(errors="replace") if isinstance(v, bytes) else v
                )
                for k, v in fields.items()
            }
            d["dlq_id"] = eid.decode() if isinstance(eid, bytes) else eid
            out.append(d)
        return out

    async def health(self) -> dict[str, Any]:
        r = self.client()
        agents = await r.hgetall(f"{self.prefix}:agents")
        out: dict[str, Any] = {"backend": "redis", "prefix": self.prefix, "agents": {}}
        for raw_name, raw_types in agents.items():
            name = raw_name.decode()
            types = [MessageType.parse(t) for t in raw_types.decode().split(",") if t]
            keys = [self.stream_key(t, p) for t in types for p in PRIORITIES] + [
                self.retry_key(name)
            ]
            pending = 0
            length = 0
            for key in keys:
                length += await r.xlen(key)
                try:
                    pending += (await r.xpending(key, name)).get("pending", 0)
                except Exception:  # noqa: BLE001 - group not created yet
                    pass
            out["agents"][name] = {
                "types": [t.value for t in types],
                "stream_length": length,
                "pending": pending,
                "dead_lettered": await r.xlen(self.dlq_key(name)),
            }
        return out
