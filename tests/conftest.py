"""Test setup shared by the whole suite.

Airflow reads its configuration at import, so AIRFLOW_HOME, the dags folder and a few
switches are set here, before any test imports airflow. The metadata DB (SQLite in a temp
home) is created once per session by the `airflow_db` fixture, which tests that run
`dag.test()` request.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_HOME = Path(tempfile.mkdtemp(prefix="strands-airflow-home-"))

os.environ["AIRFLOW_HOME"] = str(_HOME)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "tests" / "dag_files")
# two bundles: the test DAG files and the repository's own dags/ (the reference DAG)
os.environ["AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST"] = json.dumps(
    [
        {
            "name": "dags-folder",
            "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",
            "kwargs": {"path": str(ROOT / "tests" / "dag_files")},
        },
        {
            "name": "reference-dags",
            "classpath": "airflow.dag_processing.bundles.local.LocalDagBundle",
            "kwargs": {"path": str(ROOT / "dags")},
        },
    ]
)
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_HOME}/airflow.db"
os.environ["AIRFLOW__STRANDS__HOME"] = str(_HOME / "strands")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
# never reach a real AWS account from tests
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

REDIS_HOST = os.environ.get("STRANDS_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("STRANDS_TEST_REDIS_PORT", "6379"))


@pytest.fixture(scope="session")
def airflow_db():
    """Create Airflow's metadata DB once for the session (needed by dag.test())."""
    from airflow.utils import db

    db.resetdb()
    yield


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Settings and cached buses are re-read in every test (tests change the environment)."""
    from strands_airflow.bus import reset_message_buses
    from strands_airflow.settings import get_settings

    get_settings.cache_clear()
    reset_message_buses()
    # Airflow caches object stores per connection alias: a test's moto endpoint must not
    # leak into the next test's reads through the same connection id.
    import sys

    store = sys.modules.get("airflow.sdk.io.store")
    if store is not None:
        store._STORE_CACHE.clear()
    yield
    get_settings.cache_clear()
    reset_message_buses()


@pytest.fixture
def redis_url() -> str:
    """URL of the real Redis server the suite runs against."""
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/0"


@pytest.fixture
def stream_prefix(redis_url):
    """A unique key prefix for one test; its keys are deleted afterwards."""
    import redis

    prefix = f"strands-test-{uuid.uuid4().hex[:10]}"
    yield prefix
    r = redis.Redis.from_url(redis_url)
    keys = list(r.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        r.delete(*keys)
    r.close()


@pytest.fixture(scope="session")
def moto_endpoint():
    """One moto server (SERVER mode, real HTTP) on a free local port for the session.

    Tests that need moto state of their own start their own server instead.
    """
    import logging

    from moto.server import ThreadedMotoServer

    # one log record per request slows the in-process server several fold under pytest
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


import sys as _sys  # noqa: E402

# make `dag_files.<module>` importable by tests (the same files dag.test() parses)
_sys.path.insert(0, str(ROOT / "tests"))
_sys.path.insert(0, str(ROOT / "dags"))
