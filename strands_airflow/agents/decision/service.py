"""The decision service: a long-running Decision agent that answers decision tasks over Redis.

Without it every decision task opens the learning store itself: it reads the store's
connection, builds an S3 client, reads the learned state and lists the newest runs, then
scores, on every run. With it, one process per deployment (or several: they share the
work as a Redis consumer group) keeps the learned state, the S3 client and the agents
warm, and the task only asks::

    strands-decision-service --store-url s3://bucket/strands      # a process of its own
    # in the DAG's environment: AIRFLOW__STRANDS__DECISION_SERVICE=true

What makes its answer the answer the task would have computed:

- **Freshness.** Each answer first lists the store's newest runs (``DecisionAgent.decide``
  refreshes, as the task does): every run whose vector was stored before the request is
  in its history. LEARNING_UPDATE messages are not relied on (they may wait in an outbox).
- **Same inputs.** The request carries the workload, the platforms (ids or the config's
  section), the objective, the price list when it is not the shipped one, the Bedrock
  model and the exploration seed; the service keeps one agent per (platforms, prices,
  Bedrock) and draws from the request's seed when it has one. It serves one store: the
  requests travel on a stream named after the store's URL.
- **Exactly one answer.** Whoever first sets the request's claim key (``SET NX``) decides:
  a service replica, or the task itself when no answer came within its timeout. A
  replica that finds the claim taken, or the request past its deadline, drops it: a late
  answer never overwrites the report of a decision the task made on its own.
- **Never in the way.** No live service (its heartbeat key), Redis unreachable, an error
  answer (bad input, S3 down) or no answer in time: the task decides by itself, as
  without a service, and says so in its log. Bad input then fails the task with the
  usual error naming the field.

The service stores the decision's report (the task's XCom and DECISION_MADE still come
from the task). Keys, under the bus prefix (``strands``): ``decision:requests:{store}``
(stream; group ``decision_service``), ``decision:live:{store}`` (heartbeat, a few seconds'
TTL), ``decision:claim:{id}`` and ``decision:reply:{id}`` (a list the task BLPOPs; both
expire after ``KEEP_SECONDS``). ``{store}`` is a hash of the store's URL.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import signal
import socket
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from strands_airflow.redact import redact

if TYPE_CHECKING:
    from strands_airflow.agents.decision.agent import DecisionAgent
    from strands_airflow.agents.decision.model import Decision

log = logging.getLogger(__name__)

GROUP = "decision_service"
#: how long a claim and a reply are kept (seconds): far beyond any task's wait
KEEP_SECONDS = 300
#: requests kept in a store's stream (approximate trim on each request)
MAX_REQUESTS = 10_000
#: agents kept per service, one per distinct (platforms, prices, Bedrock model)
MAX_AGENTS = 16

_RELEASE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)


def store_key(store_url: str) -> str:
    """The part of a key naming one store (a hash: a URL may hold characters keys should not)."""
    return hashlib.sha256(store_url.encode()).hexdigest()[:16]


class Keys:
    """The Redis keys of one store's decision service under a bus prefix."""

    def __init__(self, prefix: str, store_url: str) -> None:
        base = f"{prefix}:decision"
        sk = store_key(store_url)
        self.requests = f"{base}:requests:{sk}"
        self.live = f"{base}:live:{sk}"
        #: a hash of counters (answered, error, dropped) over every replica: health, the soak
        self.stats = f"{base}:stats:{sk}"
        self._base = base

    def claim(self, request_id: str) -> str:
        return f"{self._base}:claim:{request_id}"

    def reply(self, request_id: str) -> str:
        return f"{self._base}:reply:{request_id}"


class DecisionRequest(BaseModel):
    """What a decision task asks: everything its own Decision agent would have used."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    store_url: str
    correlation_id: str
    pipeline: str
    workload: dict[str, Any] = Field(default_factory=dict)
    platforms: Any = None
    objective: dict[str, Any] | None = None
    prices: dict[str, Any] | None = None
    bedrock_model: str = ""
    random_state: int | None = None
    #: epoch seconds after which no service starts on it (the task decides by itself)
    deadline: float


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


# -- the task's side -----------------------------------------------------------------------
class DecisionServiceClient:
    """Ask a live decision service for a decision; None means "decide here".

    :param redis: a synchronous redis client (the task's bus client).
    :param prefix: the bus prefix.
    :param timeout: seconds to wait for the answer (and again, once, when a service has
        already claimed the request).
    """

    def __init__(self, redis: Any, *, prefix: str = "strands", timeout: float = 2.0) -> None:
        self.redis = redis
        self.prefix = prefix
        # a wait longer than the socket's read timeout would end in a socket error
        kwargs = getattr(getattr(redis, "connection_pool", None), "connection_kwargs", {})
        socket_timeout = kwargs.get("socket_timeout") or 0
        limit = socket_timeout - 0.5 if socket_timeout > 1 else float("inf")
        self.timeout = min(max(0.05, float(timeout)), limit)
        #: who answered the last request (a service's name), for the task's log
        self.answered_by: str | None = None

    def ask(self, request: DecisionRequest) -> tuple[Decision, dict[str, Any]] | None:
        """The service's decision and its reply, or None (no service, no answer in time, an
        error answer, Redis unreachable): the caller then decides by itself."""
        from redis.exceptions import RedisError

        from strands_airflow.agents.decision.model import Decision

        self.answered_by = None
        keys = Keys(self.prefix, request.store_url)
        try:
            if not self.redis.exists(keys.live):
                log.info("decision service: none is live for this store; deciding here")
                return None
            self.redis.xadd(
                keys.requests,
                {"request": request.model_dump_json()},
                maxlen=MAX_REQUESTS,
                approximate=True,
            )
            raw = self._wait(keys, request.id)
            if raw is None and self.redis.set(
                keys.claim(request.id), "task", nx=True, ex=KEEP_SECONDS
            ):
                log.warning(
                    "decision service: no answer within %.1f s; deciding here", self.timeout
                )
                return None
            if raw is None:  # a service claimed it: it is deciding now
                raw = self._wait(keys, request.id)
            if raw is None:
                log.warning(
                    "decision service: a service took the request but did not answer within "
                    "%.1f s; deciding here",
                    2 * self.timeout,
                )
                return None
        except (RedisError, OSError) as exc:
            log.warning("decision service unreachable (%s); deciding here", redact(exc))
            return None
        reply = json.loads(raw)
        if reply.get("status") != "ok":
            log.info(
                "decision service %s could not answer (%s); deciding here",
                reply.get("agent", "?"),
                reply.get("error", "no reason"),
            )
            return None
        try:
            decision = Decision.model_validate(reply.get("decision"))
        except ValueError as exc:  # a service of another version, mid-upgrade
            log.warning("decision service answer not understood (%s); deciding here", exc)
            return None
        self.answered_by = str(reply.get("agent") or "?")
        return decision, reply

    def _wait(self, keys: Keys, request_id: str) -> str | None:
        got = self.redis.blpop([keys.reply(request_id)], timeout=self.timeout)
        return None if got is None else _text(got[1])


# -- the service ---------------------------------------------------------------------------
class DecisionService:
    """Answers one store's decision requests (see the module docstring).

    :param store: the ``LearningVectorStore`` it decides from (and stores reports in).
    :param redis: a synchronous redis client whose socket timeout exceeds ``block_ms``.
    :param prefix: the bus prefix.
    :param name: this replica's name (a consumer of the group); default host-pid.
    :param heartbeat_seconds: how often it says it is live (the key lives 3x longer).
    :param reclaim_idle_seconds: requests another replica took and left pending this long
        (it died) are taken over (they are past their deadline by then: acknowledged).
    """

    def __init__(
        self,
        store: Any,
        redis: Any,
        *,
        prefix: str = "strands",
        name: str | None = None,
        heartbeat_seconds: float = 5.0,
        block_ms: int = 1000,
        reclaim_idle_seconds: float = 30.0,
        aws_conn_id: str = "aws_default",
    ) -> None:
        self.store = store
        self.redis = redis
        self.keys = Keys(prefix, store.url)
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.heartbeat_seconds = float(heartbeat_seconds)
        self.block_ms = int(block_ms)
        self.reclaim_idle_ms = int(reclaim_idle_seconds * 1000)
        self.aws_conn_id = aws_conn_id
        self._agents: dict[str, DecisionAgent] = {}
        self._stop = threading.Event()
        self._beat_thread: threading.Thread | None = None
        self.answered = 0
        self.dropped = 0

    # -- lifecycle
    def start(self) -> None:
        """Open the store's client, join the group and say it is live (then
        `serve_forever`, or `serve_once` in tests)."""
        try:
            self.store.ready()  # its connection and client, before the first request
        except Exception as exc:  # noqa: BLE001 - S3 down now: the first request retries
            log.warning("decision service: the store is not reachable yet (%s)", redact(exc))
        self.beat()
        self._beat_thread = threading.Thread(
            target=self._beat_loop, name="decision-service-heartbeat", daemon=True
        )
        self._beat_thread.start()

    def request_stop(self) -> None:
        """Make `serve_forever` return after the request in hand (safe from a signal handler)."""
        self._stop.set()

    def stop(self) -> None:
        """Stop serving and withdraw the heartbeat (tasks then decide by themselves)."""
        self._stop.set()
        if self._beat_thread is not None:
            self._beat_thread.join(self.heartbeat_seconds + 1)
        try:
            self.redis.eval(_RELEASE, 1, self.keys.live, self.name)
        except Exception as exc:  # noqa: BLE001 - the key expires anyway
            log.info("decision service: heartbeat not withdrawn (%s)", redact(exc))

    def beat(self) -> None:
        """Make sure the group exists (Redis may have restarted empty), then the heartbeat."""
        from redis.exceptions import ResponseError

        try:
            self.redis.xgroup_create(self.keys.requests, GROUP, id="$", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        ttl = max(1, int(round(3 * self.heartbeat_seconds)))
        self.redis.set(self.keys.live, self.name, ex=ttl)

    def _beat_loop(self) -> None:
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                self.beat()
            except Exception as exc:  # noqa: BLE001 - Redis restarting: beat again later
                log.warning("decision service: heartbeat failed (%s)", redact(exc))

    def serve_forever(self) -> None:
        """Answer requests until `stop()`; Redis errors are waited out, never fatal."""
        last_reclaim = 0.0
        while not self._stop.is_set():
            try:
                if time.monotonic() - last_reclaim > self.reclaim_idle_ms / 1000:
                    self.reclaim()
                    last_reclaim = time.monotonic()
                self.serve_once()
            except Exception as exc:  # noqa: BLE001 - Redis down or restarting
                log.warning("decision service: %s; retrying in 1 s", redact(exc))
                self._stop.wait(1.0)
                try:
                    self.beat()
                except Exception:  # noqa: BLE001, S110 - still down: the loop waits again
                    pass

    # -- requests
    def serve_once(self, block_ms: int | None = None) -> int:
        """Read the waiting requests (blocking up to `block_ms`) and answer them; how many."""
        got = self.redis.xreadgroup(
            GROUP,
            self.name,
            {self.keys.requests: ">"},
            count=32,
            block=self.block_ms if block_ms is None else block_ms,
        )
        n = 0
        for _key, entries in got or []:
            for entry_id, fields in entries:
                self.handle(_text(entry_id), fields)
                n += 1
        return n

    def reclaim(self) -> int:
        """Take over requests a dead replica left pending (they are answered or dropped)."""
        result = self.redis.xautoclaim(
            self.keys.requests, GROUP, self.name, self.reclaim_idle_ms, "0-0", count=100
        )
        entries = result[1] if len(result) > 1 else []
        for entry_id, fields in entries:
            if fields:  # deleted entries come back empty
                self.handle(_text(entry_id), fields)
            else:
                self.redis.xack(self.keys.requests, GROUP, entry_id)
        return len(entries)

    def handle(self, entry_id: str, fields: dict[Any, Any]) -> str:
        """Answer one request; returns what happened (answered / error / dropped: why)."""
        try:
            raw = fields.get(b"request", fields.get("request")) or b""
            request = DecisionRequest.model_validate_json(raw)
        except Exception as exc:  # noqa: BLE001 - not ours to retry: acknowledged
            log.warning("decision service: unreadable request %s dropped (%s)", entry_id, exc)
            self.redis.xack(self.keys.requests, GROUP, entry_id)
            self.dropped += 1
            self.redis.hincrby(self.keys.stats, "dropped", 1)
            return "dropped: unreadable"
        outcome = self._answer(request)
        self.redis.xack(self.keys.requests, GROUP, entry_id)
        return outcome

    def _answer(self, request: DecisionRequest) -> str:
        why = None
        if request.store_url != self.store.url:
            why = "another store"
        elif time.time() > request.deadline:
            why = "past its deadline"
        elif not self.redis.set(self.keys.claim(request.id), self.name, nx=True, ex=KEEP_SECONDS):
            why = "claimed"
        if why is not None:
            self.dropped += 1
            self.redis.hincrby(self.keys.stats, "dropped", 1)
            return f"dropped: {why}"
        reply: dict[str, Any] = {"agent": self.name}
        try:
            decision = self.decide(request)
            data = decision.model_dump(mode="json")
            self.store.put_report("decision", request.correlation_id, data)
            reply.update(status="ok", decision=data)
            outcome = "answered"
            self.answered += 1
        except Exception as exc:  # noqa: BLE001 - the task decides by itself and reports it
            reply.update(status="error", error=f"{type(exc).__name__}: {redact(exc)}"[:500])
            outcome = "error"
        pipe = self.redis.pipeline(transaction=True)
        pipe.rpush(self.keys.reply(request.id), json.dumps(reply))
        pipe.expire(self.keys.reply(request.id), KEEP_SECONDS)
        pipe.hincrby(self.keys.stats, outcome, 1)
        pipe.execute()
        return outcome

    def agent_for(self, request: DecisionRequest) -> DecisionAgent:
        """The warm agent for the request's platforms, prices and Bedrock model."""
        from strands_airflow.agents.decision.agent import DecisionAgent

        data = request.model_dump(mode="json", include={"platforms", "prices", "bedrock_model"})
        key = json.dumps(data, sort_keys=True)
        agent = self._agents.get(key)
        if agent is None:
            if len(self._agents) >= MAX_AGENTS:
                self._agents.pop(next(iter(self._agents)))
            agent = DecisionAgent(
                store=self.store,
                platforms=request.platforms,
                prices=request.prices,
                bedrock_model=request.bedrock_model,
                aws_conn_id=self.aws_conn_id,
            )
            self._agents[key] = agent
        return agent

    def decide(self, request: DecisionRequest) -> Decision:
        """The decision a task's own agent would make on the same history."""
        agent = self.agent_for(request)
        rng = None if request.random_state is None else np.random.default_rng(request.random_state)
        decision = agent.decide(request.workload, objective=request.objective, rng=rng)
        return decision.model_copy(update={"pipeline": request.pipeline})


# -- the command ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """``strands-decision-service``: serve decisions for one store until SIGTERM / Ctrl-C."""
    from strands_airflow.bus import build_bus
    from strands_airflow.bus.redis_stream import RedisStreamBus
    from strands_airflow.settings import get_settings
    from strands_airflow.vectors.store import LearningVectorStore

    settings = get_settings()
    ap = argparse.ArgumentParser(
        prog="strands-decision-service",
        description="Answer the decision tasks of one learning store over Redis "
        "(tasks ask when [strands] decision_service is true).",
    )
    ap.add_argument("--store-url", default=None, help="default: the [strands] store")
    ap.add_argument("--aws-conn-id", default=settings.aws_conn_id)
    ap.add_argument("--redis-conn-id", default=settings.redis_conn_id)
    ap.add_argument("--bus-url", default=None, help="redis:// url instead of the connection")
    ap.add_argument("--name", default=None, help="this replica's name (default host-pid)")
    ap.add_argument("--heartbeat-seconds", type=float, default=5.0)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    bus = build_bus(args.bus_url, redis_conn_id=args.redis_conn_id)
    if not isinstance(bus, RedisStreamBus):
        ap.error(
            f"the bus is not Redis (connection {args.redis_conn_id!r} not found and no "
            "--bus-url): tasks ask the service over Redis"
        )
    store = LearningVectorStore(
        args.store_url or settings.vector_store_url, aws_conn_id=args.aws_conn_id
    )
    service = DecisionService(
        store,
        bus.sync_client(),
        prefix=bus.prefix,
        name=args.name,
        heartbeat_seconds=args.heartbeat_seconds,
        aws_conn_id=args.aws_conn_id,
    )
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: service.request_stop())
    service.start()
    log.info(
        "decision service %s serving %s (bus prefix %s)",
        service.name,
        redact(store.url),
        bus.prefix,
    )
    service.serve_forever()
    service.stop()
    log.info("decision service %s stopped: %d answered", service.name, service.answered)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
