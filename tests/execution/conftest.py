"""Fixtures for the runner tests: a moto server (real HTTP) and an Airflow AWS connection to it."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def moto_url(moto_endpoint):
    """The session's moto server (tests/conftest.py), reached over HTTP by boto3 and the hooks."""
    return moto_endpoint


@pytest.fixture
def aws(moto_url, monkeypatch):
    """`aws_default` points at moto; returns a factory of boto3 clients on the same endpoint."""
    import boto3
    from tests_support import aws_conn_json

    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(moto_url))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

    def client(service: str):
        return boto3.client(
            service,
            endpoint_url=moto_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    return client


@pytest.fixture
def moto_api(moto_url):
    """POST to moto's own control API (state transitions, config, canned Lambda results)."""
    import requests

    def post(path: str, body: dict) -> None:
        resp = requests.post(f"{moto_url}/moto-api/{path}", json=body, timeout=10)
        assert resp.status_code in (200, 201), resp.text

    yield post
    # leave Glue job runs finishing at once for the next test
    requests.post(
        f"{moto_url}/moto-api/state-manager/unset-transition",
        json={"model_name": "glue::job_run"},
        timeout=10,
    )
