"""`RedisStreamBus`: the bus on Redis Streams, for agents in several processes or machines.

Layout (every key starts with `prefix`, default ``strands``):
- ``{prefix}:s:{type}:{priority}``: one stream per message type and priority 0..9;
- one consumer group per agent (named after the agent) on each stream of its types, created
  at offset 0 so messages published before the agent first started are not lost;
- ``{prefix}:delay:{agent}``: sorted set of failed messages waiting for their backoff,
  scored by due time (epoch ms);
- ``{prefix}:retry:{agent}``: redeliveries whose backoff has passed, read by that agent only;
- ``{prefix}:dlq:{agent}``: dead letters with the reason; ``{prefix}:dlq:_publish``:
  messages Redis refused to store (e.g. a non-stream key in the way);
- ``{prefix}:agents``: a hash agent -> subscribed types (for health and dashboards).

Delivery (see `redis_consumer.AgentConsumer`): XREADGROUP over the agent's streams, handled
strictly highest priority first, XACK only after the handler returned. A handler error
schedules the message in the delay set (ZADD + XACK in one MULTI, so it is never lost nor
doubled); once due, a Lua script moves it to the retry stream. After `max_deliveries`
failed deliveries, or on `NonRetryableError`, it goes to the dead-letter stream. Entries
left pending longer than `visibility_timeout` (their consumer died) are taken over with
XAUTOCLAIM. Retention: streams are trimmed to about `maxlen` entries, but never past the
oldest entry some group has not acknowledged.

Outages: every client has connect and read timeouts and no hidden retries. A publish that
meets an outage (no connection, a timeout, an OOM or READONLY reply) writes the message to
the durable `Outbox` and returns; a circuit breaker then sends publishes straight to the
outbox for `breaker_seconds`. The outbox is flushed in the background, never on the
publish path.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import uuid
from typing import Any

from strands_airflow.bus import redis_ops, redis_outbox
from strands_airflow.bus.base import MessageBus, Subscription
from strands_airflow.bus.message import Message, MessageType
from strands_airflow.bus.outbox import Outbox
from strands_airflow.bus.policy import CircuitBreaker
from strands_airflow.bus.watchdog import Watchdog, stop_watchdog, watchdog
from strands_airflow.exceptions import BusUnavailableError

log = logging.getLogger(__name__)

PRIORITIES = range(9, -1, -1)


def _is_conn_error(exc: BaseException) -> bool:
    """True for errors that mean "Redis cannot take this now": treat like an outage."""
    import redis.exceptions as rexc

    return isinstance(
        exc,
        (
            rexc.ConnectionError,
            rexc.TimeoutError,
            rexc.OutOfMemoryError,
            rexc.ReadOnlyError,
            rexc.BusyLoadingError,
            rexc.MasterDownError,
            rexc.TryAgainError,
            ConnectionError,
            OSError,
            asyncio.TimeoutError,
        ),
    )


def _id_tuple(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


class RedisStreamBus(MessageBus):
    """Bus on Redis Streams; see the module docstring for the guarantees.

    :param socket_timeout: seconds for connecting and for any reply (blocking reads get
        their BLOCK time on top), so a Redis that accepts but never answers cannot hang.
    :param breaker_seconds: after an outage, publishes go straight to the outbox this long.
    """

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
        socket_timeout: float = 5.0,
        breaker_seconds: float = 5.0,
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
        self.socket_timeout = socket_timeout
        self.breaker = CircuitBreaker(breaker_seconds)
        self.outbox = Outbox(os.fspath(outbox_dir)) if outbox_dir else None
        self.consumer = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self._clients: dict[int, Any] = {}
        self._sync_client: Any = None
        self._sync_lock = threading.Lock()
        self._tasks: dict[str, asyncio.Task] = {}
        self._published_since_trim: dict[str, int] = {}
        self._warned_down = False
        self._outbox_waiting = bool(self.outbox and len(self.outbox))
        self._flush_task: asyncio.Task | None = None
        self._dog: Watchdog | None = None
        self._flush_thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:  # never show credentials
        return f"RedisStreamBus(prefix={self.prefix!r}, consumer={self.consumer!r})"

    # -- keys ---------------------------------------------------------------------
    def stream_key(self, message_type: MessageType, priority: int) -> str:
        """The stream a message of this type and priority is written to."""
        return f"{self.prefix}:s:{message_type.value}:{priority}"

    def retry_key(self, agent: str) -> str:
        return f"{self.prefix}:retry:{agent}"

    def delay_key(self, agent: str) -> str:
        return f"{self.prefix}:delay:{agent}"

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

    # -- clients ------------------------------------------------------------------------
    def _client_opts(self, retry_cls: Any, *, sync: bool) -> dict[str, Any]:
        import redis
        from redis.backoff import NoBackoff

        return {
            # given, so redis-py does not look its version up in the package metadata on
            # every new client (~10 ms: one per task)
            "lib_version": redis.__version__,
            "socket_connect_timeout": self.socket_timeout,
            # sync sockets time out in the kernel (free). redis.asyncio would wrap every
            # command in wait_for (a task per command, ~40% of the bus's CPU), so async
            # calls are bounded by the bus instead (`watchdog.guard`, and a deadline in
            # each consumer, see redis_consumer)
            "socket_timeout": (self.socket_timeout + self.block_ms / 1000) if sync else None,
            "decode_responses": False,
            # no hidden retries: an outage goes to the outbox / breaker at once
            "retry": retry_cls(NoBackoff(), 0),
        }

    def client(self) -> Any:
        """The redis.asyncio client for the running event loop (connections belong to a loop)."""
        loop_id = id(asyncio.get_running_loop())
        cli = self._clients.get(loop_id)
        if cli is None:
            import redis.asyncio as aredis
            from redis.asyncio.retry import Retry

            opts = self._client_opts(Retry, sync=False)
            if self._url:
                cli = aredis.Redis.from_url(self._url, **opts)
            else:
                cli = aredis.Redis(**{**opts, **self._client_kwargs})
            self._clients[loop_id] = cli
        return cli

    def sync_client(self) -> Any:
        """The cached synchronous client of `publish_sync` (thread-safe; closed by `close()`)."""
        import redis
        from redis.retry import Retry

        with self._sync_lock:
            if self._sync_client is None:
                opts = self._client_opts(Retry, sync=True)
                if self._url:
                    self._sync_client = redis.Redis.from_url(self._url, **opts)
                else:
                    self._sync_client = redis.Redis(**{**opts, **self._client_kwargs})
            return self._sync_client

    def prepare(self) -> None:
        self.sync_client()

    def close(self) -> None:
        with self._sync_lock:
            cli, self._sync_client = self._sync_client, None
        if cli is not None:
            cli.close()

    # -- publishing ----------------------------------------------------------------
    def _pipeline_for(self, r: Any, messages: list[Message]) -> tuple[Any, list[str]]:
        pipe = r.pipeline(transaction=False)
        keys = []
        for m in messages:
            key = self.stream_key(m.message_type, m.priority)
            pipe.xadd(key, {b"m": m.to_json()})
            keys.append(key)
        return pipe, keys

    async def _xadd(self, messages: list[Message]) -> list[Any]:
        """XADD each message; per-message results (an entry id, or the error Redis replied)."""
        r = self.client()
        dog = self._dog
        if dog is None or dog.loop is not asyncio.get_running_loop():
            dog = self._dog = watchdog()
        token = dog.arm(self.socket_timeout)  # bounds this call (the client has no timeout)
        try:
            if len(messages) == 1:
                m = messages[0]
                key = self.stream_key(m.message_type, m.priority)
                keys = [key]
                results: list[Any] = [await r.xadd(key, {b"m": m.to_json()})]
            else:
                pipe, keys = self._pipeline_for(r, messages)
                results = await pipe.execute(raise_on_error=False)
        except asyncio.CancelledError:
            if dog.timed_out(token):
                raise TimeoutError(
                    f"Redis did not answer within {self.socket_timeout:g}s"
                ) from None
            raise
        except Exception as exc:
            import redis.exceptions as rexc

            if len(messages) != 1 or not isinstance(exc, rexc.ResponseError) or _is_conn_error(exc):
                raise
            results = [exc]  # e.g. WRONGTYPE: refused, handled by the caller
        finally:
            dog.disarm(token)
        self._count_publish(keys, results)
        return results

    def _open_breaker_error(self) -> BusUnavailableError:
        return BusUnavailableError(
            f"Redis was unreachable less than {self.breaker.cooldown:g}s ago and this bus has "
            "no outbox; retry later or configure an outbox"
        )

    async def _publish(self, messages: list[Message]) -> None:
        if self.breaker.open:
            if self.outbox is None:
                raise self._open_breaker_error()
            self._keep_for_later(messages, BusUnavailableError("circuit breaker open"))
            return
        try:
            results = await self._xadd(messages)
        except Exception as exc:
            if not _is_conn_error(exc):
                raise
            self._keep_for_later(messages, exc)
            return
        # everything stored is the common case: skip the bookkeeping of partial failures
        if any(isinstance(res, Exception) for res in results):
            later, refused = redis_outbox.sort_results(self, messages, results)
            if refused:
                await redis_outbox.store_refused(self, refused)
            if later:
                self._keep_for_later(later, next(r for r in results if isinstance(r, Exception)))
                return
        if self._warned_down or self.breaker._open_until:
            self._back_up()
        if self._outbox_waiting:
            self._flush_soon()

    def _back_up(self) -> None:
        self.breaker.reset()
        if self._warned_down:
            log.info("Redis reachable again")
            self._warned_down = False

    def _count_publish(self, keys: list[str], results: list[Any]) -> None:
        counts = self._published_since_trim
        if len(keys) > 1:
            # a batch mostly goes to one or two streams: count per stream, not per message
            per_key: dict[str, int] = {}
            for key, res in zip(keys, results, strict=True):
                if not isinstance(res, Exception):
                    per_key[key] = per_key.get(key, 0) + 1
        elif isinstance(results[0], Exception):
            return
        else:
            per_key = {keys[0]: 1}
        for key, n in per_key.items():
            c = counts.get(key, 0) + n
            if c >= self.trim_every:
                c = 0
                self._trim_soon(key)
            counts[key] = c

    def _trim_soon(self, key: str) -> None:
        try:
            asyncio.get_running_loop().create_task(self._safe_trim(key))
            return
        except RuntimeError:
            pass  # sync publish outside a loop: trim on the bus's loop if it runs one
        loop = self._loop
        if loop is not None and loop.is_running():
            asyncio.run_coroutine_threadsafe(self._safe_trim(key), loop)

    # -- the outbox and synchronous publishing (redis_outbox) ----------------------------
    def _publish_sync(self, messages: list[Message]) -> None:
        redis_outbox.publish_sync(self, messages)

    def _flush_soon(self) -> None:
        redis_outbox.flush_soon(self)

    def _keep_for_later(self, messages: list[Message], exc: BaseException) -> None:
        redis_outbox.keep_for_later(self, messages, exc)

    async def flush_outbox_guarded(self) -> int:
        """`flush_outbox` that never raises (an outage just leaves the messages waiting)."""
        return await redis_outbox.flush_outbox_guarded(self)

    async def flush_outbox(self) -> int:
        """Send messages kept while Redis was down; returns how many were sent.

        Raises the outage error when Redis is still unavailable (nothing is lost: the
        unsent messages stay in the outbox). Called in the background after a successful
        publish, by `start()` and by consumers; `flush_outbox_guarded` never raises.
        """
        return await redis_outbox.flush_outbox(self)

    # -- consuming ------------------------------------------------------------------
    def _on_subscribe(self, sub: Subscription) -> None:
        if self.running:
            self._spawn(sub)

    def _spawn(self, sub: Subscription) -> None:
        from strands_airflow.bus.redis_consumer import AgentConsumer

        self._tasks[sub.agent_name] = asyncio.get_running_loop().create_task(
            AgentConsumer(self, sub).run(), name=f"strands-redisbus-{sub.agent_name}"
        )

    def _consumer_tasks(self) -> dict[str, asyncio.Task]:
        return self._tasks

    async def _ensure_groups(self, sub: Subscription) -> None:
        """Create the agent's groups (kept for tests and tools; consumers do this themselves)."""
        from strands_airflow.bus.redis_consumer import AgentConsumer

        await AgentConsumer(self, sub).ensure_groups()

    async def start(self) -> None:
        if self.running:
            return
        self.running = True
        self._loop = asyncio.get_running_loop()
        if self._outbox_waiting:
            await self.flush_outbox_guarded()
        for sub in list(self.subscriptions.values()):
            self._spawn(sub)

    async def stop(self) -> None:
        if not self.running:
            await self.aclose()
            self.close()
            return
        self.running = False
        tasks = list(self._tasks.values())
        self._tasks.clear()
        if self._flush_task is not None:
            tasks.append(self._flush_task)
            self._flush_task = None
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._loop = None
        await self.aclose()
        self.close()

    async def aclose(self) -> None:
        """Close this loop's connections."""
        try:
            loop_id = id(asyncio.get_running_loop())
        except RuntimeError:
            return
        cli = self._clients.pop(loop_id, None)
        if cli is not None:
            await cli.aclose()
        await stop_watchdog()

    # -- retention and inspection (redis_ops) ---------------------------------------------
    async def _safe_trim(self, key: str) -> None:
        try:
            await self.trim(key)
        except Exception as exc:  # noqa: BLE001 - trimming is best effort
            log.debug("trim of %s skipped: %s", key, exc)

    async def trim(self, key: str) -> int:
        """Trim `key` to `maxlen` entries without dropping any entry a group has not acknowledged."""
        return await redis_ops.trim(self, key)

    async def read_since(
        self,
        message_types: list[MessageType],
        since_ms: int,
        block_ms: int = 1000,
        positions: dict[str, str] | None = None,
    ) -> tuple[list[Message], dict[str, str]]:
        """Read (without a consumer group, so no agent loses anything) messages of the given
        types newer than `since_ms`; returns messages and the positions to continue from."""
        return await redis_ops.read_since(self, message_types, since_ms, block_ms, positions)

    async def dead_letters(self, agent_name: str, limit: int = 100) -> list[dict[str, Any]]:
        return await redis_ops.dead_letters(self, agent_name, limit)

    async def health(self) -> dict[str, Any]:
        return await redis_ops.health(self)
