"""The decision service through Redis faults, on redis-servers of the test's own.

A service replica serves in a thread; the Redis under it is killed and started again
(append-only file: the stream and its group survive), or the service dies with a claimed
request in hand. The asking side must always get an answer or None ("decide here") within
its waits, and never two answers.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from strands_airflow.agents.decision.service import (
    DecisionRequest,
    DecisionService,
    DecisionServiceClient,
)
from strands_airflow.vectors.model import LearningVector
from strands_airflow.vectors.store import LearningVectorStore


def _store(tmp_path) -> str:
    url = f"file://{tmp_path}/store"
    store = LearningVectorStore(url)
    for gb in np.linspace(200, 900, 4):
        store.put(
            LearningVector.from_run(
                workload={"data_volume_gb": float(gb), "num_joins": 1, "transform": "sql"},
                platform="glue",
                metrics={"execution_time_seconds": 60 + gb, "success": True},
            )
        )
    return url


def _task_client(srv, timeout: float) -> DecisionServiceClient:
    """What a decision task asks with: its bus's own synchronous client (its timeouts, no
    hidden retries)."""
    from strands_airflow.bus.redis_stream import RedisStreamBus

    bus = RedisStreamBus(srv.url, prefix="t")
    return DecisionServiceClient(bus.sync_client(), prefix="t", timeout=timeout)


def _request(url: str, cid: str) -> DecisionRequest:
    return DecisionRequest(
        store_url=url,
        correlation_id=cid,
        pipeline="p",
        workload={"data_volume_gb": 500, "num_joins": 1, "transform": "sql"},
        platforms=["local", "glue"],
        deadline=time.time() + 5,
    )


def test_the_service_outlives_a_redis_restart_and_tasks_decide_meanwhile(own_redis, tmp_path):
    srv = own_redis()
    url = _store(tmp_path)
    service = DecisionService(
        LearningVectorStore(url),
        srv.client(),
        prefix="t",
        name="svc",
        block_ms=100,
        heartbeat_seconds=0.5,
    )
    service.start()
    thread = threading.Thread(target=service.serve_forever, daemon=True)
    thread.start()
    try:
        client = _task_client(srv, 2)
        assert client.ask(_request(url, "d/1")) is not None

        srv.kill()
        t0 = time.monotonic()
        assert client.ask(_request(url, "d/2")) is None  # Redis down: decide here, at once
        assert time.monotonic() - t0 < 1.5

        srv.start()
        end = time.monotonic() + 15
        got = None
        while got is None and time.monotonic() < end:
            got = _task_client(srv, 2).ask(_request(url, "d/3"))
        assert got is not None and got[1]["agent"] == "svc"
    finally:
        service.request_stop()
        thread.join(10)
        service.stop()
    assert not thread.is_alive()
    assert service.answered >= 2


def test_a_replica_that_dies_after_claiming_leaves_the_task_to_decide_once(own_redis, tmp_path):
    """The replica took the request (its claim is set) and died: the task waits twice its
    timeout, then decides itself; the request a survivor later reclaims is dropped."""
    srv = own_redis()
    url = _store(tmp_path)
    r = srv.client()
    dead = DecisionService(LearningVectorStore(url), r, prefix="t", name="dead")
    dead.beat()
    req = _request(url, "d/9")
    client = _task_client(srv, 0.3)

    def take_and_die() -> None:  # read the request and claim it, as a replica would
        time.sleep(0.05)
        got = r.xreadgroup("decision_service", "dead", {dead.keys.requests: ">"}, block=2000)
        assert got
        r.set(dead.keys.claim(req.id), "dead", nx=True, ex=300)

    t = threading.Thread(target=take_and_die)
    t.start()
    t0 = time.monotonic()
    assert client.ask(req) is None
    waited = time.monotonic() - t0
    t.join()
    assert 0.55 < waited < 3, waited  # two waits: the replica had claimed it

    survivor = DecisionService(
        LearningVectorStore(url), srv.client(), prefix="t", name="b", reclaim_idle_seconds=0
    )
    assert survivor.reclaim() == 1
    assert survivor.answered == 0 and survivor.dropped == 1
    assert LearningVectorStore(url).get_report("decision", "d/9") is None
    assert r.xpending(dead.keys.requests, "decision_service")["pending"] == 0
