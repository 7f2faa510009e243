"""Fixtures of the plugin tests: a seeded store and the Strands app behind Airflow's auth.

Airflow is imported inside fixtures only (the suite's conftest configures it first).
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def seeded_store(tmp_path, monkeypatch):
    """A file store seeded with 44 runs and their reports, configured as `[strands] store_url`."""
    from plugins_support import seed_store

    from strands_airflow.plugins import data
    from strands_airflow.settings import get_settings

    url = (tmp_path / "store").as_uri()
    seeded = seed_store(url)
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", url)
    monkeypatch.setenv("AIRFLOW__STRANDS__BUS_URL", "memory://")
    get_settings.cache_clear()
    data.reset_cache()
    _reset_bus_cache()
    yield {**seeded, "url": url}
    data.reset_cache()
    _reset_bus_cache()


def _reset_bus_cache() -> None:
    from strands_airflow.plugins import api

    api._bus_cache.clear()


@pytest.fixture(scope="session")
def airflow_app(airflow_db):
    """A FastAPI root app built as `airflow api-server` builds it for plugins: the Strands
    app mounted at /strands and the configured auth manager (simple) at /auth."""
    from airflow.api_fastapi.app import init_auth_manager
    from fastapi import FastAPI

    from strands_airflow.plugins.strands import URL_PREFIX, create_app

    app = FastAPI()
    app.mount(URL_PREFIX, create_app())
    init_auth_manager(app)
    return app


@pytest.fixture(scope="session")
def admin_token(airflow_app):
    """A real JWT from `POST /auth/token` with the simple auth manager's generated password."""
    import os

    from fastapi.testclient import TestClient
    from plugins_support import generated_admin_password

    user, password = generated_admin_password(Path(os.environ["AIRFLOW_HOME"]))
    with TestClient(airflow_app) as client:
        resp = client.post("/auth/token", json={"username": user, "password": password})
    assert resp.status_code == 201, resp.text
    return resp.json()["access_token"]


@pytest.fixture
def client(airflow_app):
    """An anonymous client (no token, no cookie)."""
    from fastapi.testclient import TestClient

    with TestClient(airflow_app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def auth(admin_token):
    """Headers of a signed-in admin."""
    return {"Authorization": f"Bearer {admin_token}"}
