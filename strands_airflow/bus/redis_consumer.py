"""One agent's consumer on the Redis bus: strict priority, backoff retries, bad-key isolation.

Entries read with XREADGROUP wait in a local heap (they are pending to this consumer, so a
crash loses nothing). Before handling the best entry, any stream of a *higher* priority
whose last read came back full (so more may be waiting) is read again; that makes priority
strict across the whole backlog, not just within one read batch, without an extra round
trip per message in the common one-priority case.

Timeouts: the async client has no per-command socket timeout (redis.asyncio implements it
with a task per command). Instead each consumer arms a deadline before every Redis call
(a float assignment) and a watchdog task cancels the call that overruns it; the loop then
treats it like any outage (reconnect, retry). Handlers run with the deadline disarmed.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from typing import TYPE_CHECKING, Any

from strands_airflow.bus.base import Subscription, call_handler
from strands_airflow.bus.message import Message
from strands_airflow.bus.policy import check_incoming, reply_for
from strands_airflow.bus.redis_ops import parse_entry

if TYPE_CHECKING:
    from strands_airflow.bus.redis_stream import RedisStreamBus

log = logging.getLogger(__name__)

# Move due retries from the delay set to the retry stream atomically; returns
# {moved, next due score or -1}.
MOVE_DUE_LUA = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, m in ipairs(due) do
  redis.call('XADD', KEYS[2], '*', 'm', m)
  redis.call('ZREM', KEYS[1], m)
end
local nxt = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if nxt[2] then return {#due, nxt[2]} end
return {#due, '-1'}
"""

_seq = itertools.count()


def _text(v: Any) -> str:
    return v.decode(errors="replace") if isinstance(v, bytes) else str(v)


class AgentConsumer:
    """Consumer loop of one subscription on a `RedisStreamBus`."""

    def __init__(self, bus: RedisStreamBus, sub: Subscription) -> None:
        self.bus = bus
        self.sub = sub
        self.heap: list[tuple[int, int, int, str, str, dict, Message | None, str]] = []
        self.saturated: set[str] = set()
        self._sat_top = -1  # highest priority among `saturated` (-1: none)
        self._prio: dict[str, int] = {}
        self.bad_keys: dict[str, str] = {}  # key -> why it is skipped (logged once)
        self.next_due = 0.0  # epoch seconds of the earliest known scheduled retry (0: none)
        self.retry_key = bus.retry_key(sub.agent_name)
        self._deadline = 0.0  # loop time by which the Redis call in flight must answer
        self._fired = False
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- the watchdog ----------------------------------------------------------------------
    def _arm(self, extra: float = 0.0) -> None:
        """A Redis call follows: it must answer within the socket timeout (+ `extra`)."""
        if self._loop is not None:
            self._deadline = self._loop.time() + self.bus.socket_timeout + extra

    def _disarm(self) -> None:
        self._deadline = 0.0

    async def _watch(self) -> None:
        assert self._loop is not None
        period = min(0.25, self.bus.socket_timeout / 4)
        while True:
            await asyncio.sleep(period)
            if self._deadline and self._loop.time() > self._deadline and self._task:
                self._deadline = 0.0
                self._fired = True
                self._task.cancel()

    @property
    def alive(self) -> bool:
        return self.bus.running and self.sub.active

    def streams(self) -> list[str]:
        return [k for k in self.bus._agent_streams(self.sub) if k not in self.bad_keys]

    def _key_priority(self, key: str) -> int:
        p = self._prio.get(key)
        if p is None:
            # the retry stream mixes priorities: count it as the highest
            p = self._prio[key] = 9 if key == self.retry_key else self.bus._priority_of_key(key)
        return p

    def _saturated_changed(self) -> None:
        self._sat_top = max((self._key_priority(k) for k in self.saturated), default=-1)

    # -- setup and bad keys ------------------------------------------------------------
    async def ensure_groups(self) -> None:
        """Create the agent's consumer groups; a key that is not a stream is skipped."""
        import redis.exceptions as rexc

        r = self.bus.client()
        keys = self.streams()
        pipe = r.pipeline(transaction=False)
        for key in keys:
            pipe.xgroup_create(key, self.sub.agent_name, id="0", mkstream=True)
        for key, res in zip(keys, await pipe.execute(raise_on_error=False), strict=True):
            if isinstance(res, rexc.ResponseError) and "BUSYGROUP" not in str(res):
                if "WRONGTYPE" in str(res):
                    self._skip(key, "it holds another type than a stream")
                else:
                    raise res
        await r.hset(
            f"{self.bus.prefix}:agents",
            self.sub.agent_name,
            ",".join(t.value for t in self.sub.types),
        )

    def _skip(self, key: str, why: str) -> None:
        if key not in self.bad_keys:
            log.error(
                "agent %s: skipping key %s: %s (delete or rename it; the agent's other "
                "streams are consumed meanwhile)",
                self.sub.agent_name,
                key,
                why,
            )
        self.bad_keys[key] = why
        self.saturated.discard(key)
        self._saturated_changed()

    async def _find_bad_keys(self, keys: list[str]) -> None:
        r = self.bus.client()
        pipe = r.pipeline(transaction=False)
        for k in keys:
            pipe.type(k)
        for k, t in zip(keys, await pipe.execute(), strict=True):
            if _text(t) not in ("stream", "none"):
                self._skip(k, f"it holds a {_text(t)}, not a stream")

    async def _recheck_bad_keys(self) -> bool:
        """True when a skipped key is a stream again (or gone): groups must be recreated."""
        if not self.bad_keys:
            return False
        r = self.bus.client()
        back = False
        for k in list(self.bad_keys):
            if _text(await r.type(k)) in ("stream", "none"):
                del self.bad_keys[k]
                log.info("agent %s: key %s is usable again", self.sub.agent_name, k)
                back = True
        return back

    # -- the loop ------------------------------------------------------------------------
    async def run(self) -> None:
        """Consume until the bus stops or the agent unsubscribes; survives outages."""
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        watch = self._loop.create_task(self._watch())
        try:
            await self._run()
        finally:
            watch.cancel()

    async def _run(self) -> None:
        ready = False
        last_maintenance = 0.0
        while self.alive:
            try:
                self._arm()
                if not ready:
                    await self.ensure_groups()
                    ready = True
                now = time.monotonic()
                if now - last_maintenance >= max(0.05, self.bus.visibility_timeout / 2):
                    last_maintenance = now
                    if await self._recheck_bad_keys():
                        ready = False
                        continue
                    await self._reclaim()
                    await self._move_due()
                    if self.bus._outbox_waiting:
                        self._disarm()  # the flush bounds each of its own calls
                        await self.bus.flush_outbox_guarded()
                elif self.next_due and time.time() >= self.next_due:
                    await self._move_due()
                await self._cycle()
            except asyncio.CancelledError:
                if not self._fired:
                    raise
                # the watchdog cancelled a Redis call that overran: an outage, not a stop
                self._fired = False
                uncancel = getattr(self._task, "uncancel", None)
                if uncancel is not None and uncancel() > 0:
                    raise  # someone else cancelled us too
                ready = False
                await self._on_loop_error(
                    TimeoutError(f"Redis did not answer within {self.bus.socket_timeout:g}s")
                )
            except Exception as exc:  # noqa: BLE001 - keep consuming through outages
                await self._on_loop_error(exc)
                if "NOGROUP" in str(exc):
                    ready = False
        if self.heap:
            self._arm()
            await self._requeue_unhandled()
        self._disarm()

    async def _on_loop_error(self, exc: Exception) -> None:
        from strands_airflow.bus.redis_stream import _is_conn_error

        self._disarm()
        if _is_conn_error(exc):
            log.warning(
                "agent %s: Redis unavailable (%s); retrying",
                self.sub.agent_name,
                type(exc).__name__,
            )
            await asyncio.sleep(0.5)
        elif "WRONGTYPE" in str(exc):
            self._arm()
            await self._find_bad_keys(self.streams())
            self._disarm()
        else:
            log.exception("agent %s: consumer loop error", self.sub.agent_name)
            await asyncio.sleep(0.1)

    def _block_ms(self) -> int:
        block = self.bus.block_ms
        if self.next_due:
            block = min(block, max(1, int((self.next_due - time.time()) * 1000)))
        return block

    async def _read(self, keys: list[str], block: int | None) -> None:
        if not keys:
            self._disarm()
            await asyncio.sleep((block or 0) / 1000)
            return
        r = self.bus.client()
        self._arm((block or 0) / 1000)
        resp = await r.xreadgroup(
            self.sub.agent_name,
            self.bus.consumer,
            {k: ">" for k in keys},
            count=self.bus.batch_size,
            block=block,
        )
        self.saturated.difference_update(keys)
        for key, entries in resp or []:
            k = _text(key)
            if len(entries) >= self.bus.batch_size:
                self.saturated.add(k)
            for entry_id, fields in entries:
                self._push(k, _text(entry_id), fields)
        self._saturated_changed()

    def _push(self, key: str, eid: str, fields: dict) -> None:
        msg, reason = parse_entry(fields)
        prio = msg.priority if msg is not None else self._key_priority(key)
        heapq.heappush(self.heap, (-prio, next(_seq), 0, key, eid, fields, msg, reason))

    async def _cycle(self) -> None:
        if not self.heap:
            await self._read(self.streams(), self._block_ms())
        heap, bus, sub = self.heap, self.bus, self.sub
        r = bus.client()
        while heap and bus.running and sub.active:
            top = -heap[0][0]
            if self._sat_top > top:  # more of a higher priority may wait: read it first
                await self._read([k for k in self.saturated if self._key_priority(k) > top], None)
                continue
            _, _, _, key, eid, fields, msg, reason = heapq.heappop(heap)
            await self._handle(r, key, eid, fields, msg, reason)
            if self.next_due and time.time() >= self.next_due:
                return  # let the loop move due retries before handling more

    # -- handling -------------------------------------------------------------------------
    async def _handle(
        self, r: Any, key: str, eid: str, fields: dict, msg: Message | None, reason: str
    ) -> None:
        bus, sub = self.bus, self.sub
        if msg is None:
            self._arm()
            await self._dead_letter(key, eid, fields, reason, None)
            return
        raw = fields.get(b"m")
        # the common case is decided here without a call: small, and no NaN/Infinity token
        if raw is None or len(raw) > bus.max_payload_bytes or b"NaN" in raw or b"Infinity" in raw:
            rejected = check_incoming(
                msg, raw if isinstance(raw, bytes) else None, bus.max_payload_bytes
            )
            if rejected:
                self._arm()
                await self._dead_letter(key, eid, fields, f"rejected: {rejected}", msg)
                return
        if not sub.accepts(msg) or not sub.remember(msg.id):
            self._arm()
            await r.xack(key, sub.agent_name, eid)  # for another target, or a resent duplicate
            return
        self._deadline = 0.0  # disarmed: the handler takes the time it needs
        try:
            await call_handler(sub.handler, msg)
        except Exception as exc:  # noqa: BLE001 - counted, retried or dead-lettered
            self._arm()
            sub.failed += 1
            sub.seen.pop(msg.id, None)
            log.exception(
                "agent %s failed on message %s (%s)", sub.agent_name, msg.id, msg.message_type.value
            )
            nxt, delay, why = bus.policy.after_failure(msg, exc)
            if delay is None:
                await self._dead_letter(key, eid, {b"m": nxt.to_json()}, why, nxt)
                reply = reply_for(sub.agent_name, msg, exc)
                if reply is not None:
                    await bus.publish(reply)
            else:
                due = time.time() + delay
                pipe = r.pipeline(transaction=True)
                pipe.zadd(bus.delay_key(sub.agent_name), {nxt.to_json(): int(due * 1000)})
                pipe.xack(key, sub.agent_name, eid)
                await pipe.execute()
                self.next_due = min(self.next_due or due, due)
            return
        self._deadline = self._loop.time() + bus.socket_timeout  # type: ignore[union-attr]
        await r.xack(key, sub.agent_name, eid)
        sub.handled += 1

    async def _move_due(self) -> None:
        """Move retries whose backoff has passed to the retry stream (a Lua script, atomic)."""
        r = self.bus.client()
        moved, nxt = await r.eval(
            MOVE_DUE_LUA,
            2,
            self.bus.delay_key(self.sub.agent_name),
            self.retry_key,
            int(time.time() * 1000),
            1000,
        )
        score = float(_text(nxt))
        self.next_due = score / 1000 if score >= 0 else 0.0
        if int(moved):
            self.saturated.add(self.retry_key)  # read it before lower priorities
            self._saturated_changed()

    async def _dead_letter(
        self, key: str, eid: str, fields: dict, error: str, msg: Message | None
    ) -> None:
        bus, sub = self.bus, self.sub
        raw = fields.get(b"m", fields.get("m")) or repr(fields).encode()
        pipe = bus.client().pipeline(transaction=True)
        pipe.xadd(
            bus.dlq_key(sub.agent_name),
            {
                b"m": raw,
                b"error": error[:2000],
                b"stream": key,
                b"entry_id": eid,
                b"at": str(time.time()),
            },
            maxlen=bus.maxlen,
            approximate=True,
        )
        pipe.xack(key, sub.agent_name, eid)
        self._arm()
        await pipe.execute()
        sub.dead_lettered += 1
        log.error("agent %s: message %s dead-lettered: %s", sub.agent_name, eid, error[:300])
        if msg is not None:
            bus.policy.gave_up(sub.agent_name, msg, error)

    async def _requeue_unhandled(self) -> None:
        """Stopping: hand back what was read but not handled, through the retry stream."""
        pipe = self.bus.client().pipeline(transaction=True)
        while self.heap:
            _, _, _, key, eid, fields, _msg, _reason = heapq.heappop(self.heap)
            pipe.xadd(self.retry_key, {b"m": fields.get(b"m", b"")})
            pipe.xack(key, self.sub.agent_name, eid)
        await pipe.execute()

    async def _reclaim(self) -> None:
        """Take over entries a dead consumer left pending past the visibility timeout."""
        bus, sub = self.bus, self.sub
        r = bus.client()
        min_idle = int(bus.visibility_timeout * 1000)
        for key in self.streams():
            start = "0-0"
            while self.alive:
                self._arm()
                res = await r.xautoclaim(
                    key, sub.agent_name, bus.consumer, min_idle, start, count=100
                )
                start, claimed = res[0], res[1]
                n = 0
                for entry_id, fields in claimed:
                    if fields is None:
                        continue
                    eid = _text(entry_id)
                    if any(e[4] == eid and e[3] == key for e in self.heap):
                        continue  # already ours, waiting in the heap
                    self._arm()
                    info = await r.xpending_range(key, sub.agent_name, eid, eid, 1)
                    times = info[0]["times_delivered"] if info else 1
                    if times > bus.max_deliveries:
                        msg, _ = parse_entry(fields)
                        await self._dead_letter(
                            key,
                            eid,
                            fields,
                            f"delivered {times} times without an ack (consumer died?)",
                            msg,
                        )
                        continue
                    self._push(key, eid, fields)
                    n += 1
                if n:
                    log.info(
                        "agent %s reclaimed %d stale message(s) from %s", sub.agent_name, n, key
                    )
                if _text(start) == "0-0":
                    break
