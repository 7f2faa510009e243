"""`strands_airflow.deploy`: what a Celery pool process does once so its tasks start fast."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def _run(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_warm_preloads_the_provider_and_freezes_the_collector():
    got = _run(
        """
        import gc, json, sys
        from strands_airflow.deploy import PRELOAD, warm
        skipped = warm(freeze=True)
        from strands_airflow.vectors import s3
        print(json.dumps({
            "skipped": skipped,
            "missing": [m for m in PRELOAD if m not in sys.modules],
            "frozen": gc.get_freeze_count(),
            "loader": s3._SHARED_LOADER is not None,
        }))
        """
    )
    assert got["skipped"] == {} and got["missing"] == []
    assert got["frozen"] > 100_000  # the imported world, never scanned again by a task
    assert got["loader"]


def test_a_warm_process_builds_s3_clients_from_the_shared_loader(moto_endpoint, monkeypatch):
    """After warm(), a store's S3 client (from the Airflow connection) reuses the loaded
    S3 model and still takes its endpoint from the connection."""
    from tests_support import aws_conn_json

    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(moto_endpoint))
    got = _run(
        """
        import json
        from strands_airflow.deploy import warm
        warm()
        from strands_airflow.vectors import s3
        loader = s3._SHARED_LOADER
        backend = s3.S3Backend("no-such-bucket-warm", "p")
        client = backend.client
        print(json.dumps({
            "same_loader": getattr(client, "_loader", None) is loader,
            "service": client.meta.service_model.service_name,
            "endpoint": client.meta.endpoint_url,
        }))
        """
    )
    assert got["same_loader"] and got["service"] == "s3"
    assert got["endpoint"] == moto_endpoint


def test_the_celery_config_is_airflows_default_plus_the_warm_up():
    got = _run(
        """
        import json
        from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG
        from celery.signals import worker_process_init
        from strands_airflow.deploy import celery
        receivers = [r[1]() for r in worker_process_init.receivers]
        print(json.dumps({
            "same": celery.CONFIG == DEFAULT_CELERY_CONFIG,
            "connected": celery._warm_pool_process in receivers,
        }))
        """
    )
    assert got["same"] and got["connected"]
