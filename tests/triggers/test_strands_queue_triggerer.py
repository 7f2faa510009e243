"""A real `airflow triggerer` runs the strands+redis watcher of an event-driven DAG: a
quality report below the threshold on the Redis bus becomes an asset event and queues
the DAG; a report above it does not."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import redis
from tests_support import use_redis_bus

from strands_airflow.bus.message import MessageType, build_message
from strands_airflow.bus.redis_stream import RedisStreamBus

ROOT = Path(__file__).resolve().parents[2]


def _sync_dags() -> None:
    from airflow.dag_processing.bundles.manager import DagBundlesManager
    from airflow.dag_processing.dagbag import BundleDagBag, sync_bag_to_db
    from airflow.utils.session import create_session

    with create_session() as session:
        DagBundlesManager().sync_bundles_to_db(session=session)

    folder = str(ROOT / "tests" / "dag_files")
    sync_bag_to_db(
        BundleDagBag(dag_folder=folder, bundle_path=folder, bundle_name="dags-folder"),
        "dags-folder",
        None,
    )


def _publish(redis_url: str, prefix: str, cid: str, score: float) -> None:
    async def go():
        bus = RedisStreamBus(url=redis_url, prefix=prefix)
        try:
            await bus.publish(
                build_message(
                    sender="quality_agent",
                    message_type=MessageType.QUALITY_REPORT,
                    payload={"overall_score": score, "run_id": cid},
                    correlation_id=cid,
                )
            )
        finally:
            await bus.aclose()

    asyncio.run(go())


def test_real_triggerer_turns_a_quality_drop_into_an_asset_event(
    airflow_db, monkeypatch, stream_prefix, redis_url, tmp_path
):
    from airflow.models.asset import AssetDagRunQueue, AssetEvent, AssetModel
    from airflow.models.crypto import get_fernet
    from airflow.models.dag import DagModel
    from airflow.utils.session import create_session
    from cryptography.fernet import Fernet
    from dag_files.event_dags import WATCHER_ID, on_quality_drop_dag

    use_redis_bus(monkeypatch, stream_prefix)
    from airflow.configuration import conf

    # the triggerer decrypts the watcher's kwargs: it needs this process's Fernet key
    # (a trigger row written earlier in the session was encrypted with it)
    key = conf.get("core", "fernet_key", fallback="") or Fernet.generate_key().decode()
    monkeypatch.setenv("AIRFLOW__CORE__FERNET_KEY", key)
    get_fernet.cache_clear()
    _sync_dags()
    with create_session() as session:  # a watcher runs only for an unpaused DAG
        session.query(DagModel).filter_by(dag_id=on_quality_drop_dag.dag_id).update(
            {"is_paused": False}
        )
    _sync_dags()

    log = open(tmp_path / "triggerer.log", "w")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "airflow", "triggerer", "--capacity", "10"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    r = redis.Redis(host="127.0.0.1", port=6379)
    try:
        key = f"{stream_prefix}:watch:{WATCHER_ID}"
        deadline = time.monotonic() + 90
        while not r.exists(key):  # the watcher saves its start position when it runs
            assert proc.poll() is None, (tmp_path / "triggerer.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (tmp_path / "triggerer.log").read_text()[-3000:]
            time.sleep(0.5)
        _publish(redis_url, stream_prefix, "orders_daily/fine", 0.95)
        _publish(redis_url, stream_prefix, "orders_daily/dropped", 0.5)
        events = []
        while not events and time.monotonic() < deadline:
            time.sleep(1)
            with create_session() as session:
                asset = session.query(AssetModel).filter_by(name="strands_test_quality_drop").one()
                events = [e.extra for e in session.query(AssetEvent).filter_by(asset_id=asset.id)]
                queued = {
                    q.target_dag_id
                    for q in session.query(AssetDagRunQueue).filter_by(asset_id=asset.id)
                }
        assert events, (tmp_path / "triggerer.log").read_text()[-3000:]
        messages = [e.get("payload", e) for e in events]
        assert [m["correlation_id"] for m in messages] == ["orders_daily/dropped"], events
        assert on_quality_drop_dag.dag_id in queued
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        r.close()
        get_fernet.cache_clear()
