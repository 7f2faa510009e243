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


def test_each_forked_task_takes_the_prebuilt_session_once(moto_endpoint, monkeypatch):
    """warm() builds one botocore session before the pool forks: each task process's first
    S3 client uses its own copy of it, with the connection's credentials and endpoint, and
    works; a second client and the warm process itself build their own sessions."""
    from tests_support import aws_conn_json

    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(moto_endpoint))
    got = _run(
        """
        import json, os
        from strands_airflow.deploy import warm
        warm()
        from strands_airflow.vectors import s3
        prebuilt = s3._PREBUILT[1]

        def task(bucket):
            first = s3.S3Backend(bucket, "p")
            first.client.create_bucket(Bucket=bucket)
            first.put("k", b"v")
            taken = s3._PREBUILT is None
            second = s3.S3Backend(bucket, "p")
            creds = prebuilt._credentials  # set by the session from the connection
            return {
                # the first client's session is the pre-built one, given the connection's keys
                "first_took_it": taken and creds is not None and creds.access_key == "testing",
                "read_back": second.get("k").decode(),
            }

        results = []
        for i in range(2):
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    os.write(w, json.dumps(task(f"warm-fork-{i}")).encode())
                finally:
                    os._exit(0)
            os.close(w)
            results.append(json.loads(os.read(r, 65536)))
            os.waitpid(pid, 0)
        parent = s3.S3Backend("warm-parent", "p")
        print(json.dumps({
            "forks": results,
            "parent_took_it": parent.client is not None and s3._PREBUILT is None,
            "parent_creds": prebuilt._credentials is not None,
        }))
        """
    )
    assert [f["first_took_it"] for f in got["forks"]] == [True, True]
    assert [f["read_back"] for f in got["forks"]] == ["v", "v"]
    # the warm process never uses it: each later fork gets it untouched
    assert not got["parent_took_it"] and not got["parent_creds"]
