"""Small helpers shared by tests (importable as `tests_support`)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def use_redis_bus(monkeypatch, prefix: str, port: int = 6379) -> None:
    """Point the `redis_default` connection at the test Redis and isolate keys under `prefix`."""
    import json

    monkeypatch.setenv(
        "AIRFLOW_CONN_REDIS_DEFAULT",
        json.dumps({"conn_type": "redis", "host": "127.0.0.1", "port": port, "extra": {"db": 0}}),
    )
    monkeypatch.setenv("AIRFLOW__STRANDS__STREAM_PREFIX", prefix)


def stream_messages(prefix: str, message_type: str = "*", port: int = 6379) -> list[dict]:
    """Every message on the bus's streams under `prefix` (of one type, or all)."""
    import json

    import redis

    r = redis.Redis(host="127.0.0.1", port=port)
    try:
        out: list[dict] = []
        for key in r.scan_iter(match=f"{prefix}:s:{message_type}:*", count=1000):
            out += [json.loads(fields[b"m"]) for _, fields in r.xrange(key)]
        return out
    finally:
        r.close()


def aws_conn_json(endpoint: str) -> str:
    """An `aws` Airflow connection (as AIRFLOW_CONN_* JSON) pointed at a moto server."""
    import json

    return json.dumps(
        {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": endpoint, "region_name": "us-east-1"},
        }
    )
