"""Own redis-server processes on spare ports, for faults the shared server must not suffer."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time

import pytest
import redis


class RedisServer:
    """A redis-server this test started (and stops): SIGSTOP/SIGCONT, kill, restart."""

    def __init__(self, tmp_path, *extra: str) -> None:
        from tests_support import free_port

        server = shutil.which("redis-server")
        assert server, "redis-server must be installed"
        self.port = free_port()
        self.dir = tmp_path / f"redis-{self.port}"
        self.dir.mkdir()
        self.args = [
            server,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
            *extra,
        ]
        self.proc: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        cli = redis.Redis(port=self.port, socket_timeout=2)
        deadline = time.monotonic() + 10
        while True:
            try:
                cli.ping()
                break
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        cli.close()

    def pause(self) -> None:
        """SIGSTOP: connections are still accepted (by the kernel) but never answered."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)


@pytest.fixture
def own_redis(tmp_path):
    """Factory: `own_redis(*extra_args)` starts a redis-server on a spare port."""
    servers: list[RedisServer] = []

    def make(*extra: str) -> RedisServer:
        srv = RedisServer(tmp_path, *extra)
        servers.append(srv)
        return srv

    yield make
    for srv in servers:
        srv.kill()


@pytest.fixture(params=["local", "redis"])
def make_bus(request, redis_url, stream_prefix):
    """Factory of a LocalBus or a RedisStreamBus (on the shared server, unique prefix)."""
    from strands_airflow.bus import LocalBus, RedisStreamBus

    def make(**kw):
        if request.param == "local":
            return LocalBus(**kw)
        return RedisStreamBus(
            redis_url, prefix=stream_prefix, visibility_timeout=5, block_ms=100, **kw
        )

    make.backend = request.param
    return make
