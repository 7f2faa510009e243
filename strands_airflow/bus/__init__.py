"""The hybrid message bus: `LocalBus` in process, `RedisStreamBus` across processes.

Seed-compatible entry points::

    bus = get_message_bus()                     # the configured default (see below)
    msg = bus.create_message(sender="me", message_type=MessageType.AGENT_REQUEST,
                             payload={"data": "value"}, target="decision_agent")
    await bus.publish(msg)

`get_message_bus(url)`: `memory://` gives a LocalBus, `redis://host:port/?db=N` a
RedisStreamBus. With no url: `[strands] bus_url`, else Redis through the `redis_conn_id`
Airflow connection when it exists, else LocalBus. One bus object per url per process.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from strands_airflow.bus.base import MessageBus, Subscription
from strands_airflow.bus.local import LocalBus
from strands_airflow.bus.message import Message, MessageType, build_message
from strands_airflow.bus.policy import DeliveryPolicy, NonRetryableError
from strands_airflow.bus.redis_stream import RedisStreamBus

log = logging.getLogger(__name__)

__all__ = [
    "DeliveryPolicy",
    "LocalBus",
    "Message",
    "MessageBus",
    "MessageType",
    "NonRetryableError",
    "RedisStreamBus",
    "Subscription",
    "build_message",
    "get_message_bus",
    "redis_kwargs_from_connection",
    "reset_message_buses",
    "start_message_bus",
]

_buses: dict[str, MessageBus] = {}
_lock = threading.Lock()


def redis_kwargs_from_connection(conn_id: str) -> dict[str, Any] | None:
    """redis-py client arguments from an Airflow Redis connection, or None when it does not exist.

    Follows RedisHook's reading of the connection: host, port, login, password, and the
    database and TLS flags from the extras (`{"db": 2, "ssl": true}`); a `/0` path in a URI
    is ignored by Airflow, so write the database as `?db=2`.
    """
    try:
        from airflow.sdk import BaseHook
    except Exception:  # noqa: BLE001 - Airflow not usable here: no connection
        return None
    try:
        conn = BaseHook.get_connection(conn_id)
    except Exception:  # noqa: BLE001 - AirflowNotFoundException and friends
        return None
    extra = conn.extra_dejson or {}
    kwargs: dict[str, Any] = {
        "host": conn.host or "localhost",
        "port": int(conn.port or 6379),
        "db": int(extra.get("db", 0) or 0),
    }
    if conn.login:
        kwargs["username"] = conn.login
    if conn.password:
        kwargs["password"] = conn.password
    if str(extra.get("ssl", "")).lower() in ("true", "1", "yes"):
        kwargs["ssl"] = True
        for k in ("ssl_cert_reqs", "ssl_ca_certs", "ssl_keyfile", "ssl_certfile"):
            if extra.get(k):
                kwargs[k] = extra[k]
    return kwargs


def _common_kwargs() -> dict[str, Any]:
    """Delivery-policy arguments both backends take, from the `[strands]` settings."""
    from strands_airflow.settings import get_settings

    s = get_settings()
    return {
        "max_payload_bytes": s.max_payload_bytes,
        "max_deliveries": s.max_deliveries,
        "min_backoff": s.bus_min_backoff_seconds,
        "max_backoff": s.bus_max_backoff_seconds,
        "backoff_factor": s.bus_backoff_factor,
        "backoff_jitter": s.bus_backoff_jitter,
    }


def _redis_bus(url: str | None, client_kwargs: dict[str, Any] | None) -> RedisStreamBus:
    from strands_airflow.settings import get_settings

    s = get_settings()
    return RedisStreamBus(
        url,
        client_kwargs=client_kwargs,
        prefix=s.stream_prefix,
        maxlen=s.stream_maxlen,
        visibility_timeout=s.visibility_timeout_seconds,
        outbox_dir=s.outbox_dir,
        socket_timeout=s.bus_socket_timeout_seconds,
        breaker_seconds=s.bus_circuit_breaker_seconds,
        **_common_kwargs(),
    )


def build_bus(url: str | None = None, *, redis_conn_id: str | None = None) -> MessageBus:
    """A new bus (not cached) for `url`, or the configured default."""
    from strands_airflow.settings import get_settings

    s = get_settings()
    url = url or s.bus_url
    if url:
        if url.startswith("memory://"):
            return LocalBus(**_common_kwargs())
        if url.startswith(("redis://", "rediss://", "unix://")):
            return _redis_bus(url, None)
        raise ValueError(
            f"unknown bus url {url.split('://')[0]}://...; use memory:// or redis://host:port/?db=N"
        )
    kwargs = redis_kwargs_from_connection(redis_conn_id or s.redis_conn_id)
    if kwargs is not None:
        return _redis_bus(None, kwargs)
    return LocalBus(**_common_kwargs())


def get_message_bus(url: str | None = None) -> MessageBus:
    """The process-wide bus for `url` (or the configured default), created on first use."""
    key = url or ""
    with _lock:
        bus = _buses.get(key)
        if bus is None:
            bus = build_bus(url)
            _buses[key] = bus
        return bus


async def start_message_bus(url: str | None = None) -> MessageBus:
    """Start delivering on the default (or `url`) bus; returns it."""
    bus = get_message_bus(url)
    await bus.start()
    return bus


def reset_message_buses() -> None:
    """Forget cached buses (tests, or after changing settings)."""
    with _lock:
        _buses.clear()
