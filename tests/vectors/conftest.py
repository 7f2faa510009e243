"""Fixtures of the vector-store tests: a real moto S3 server and vector factories."""

from __future__ import annotations

import json
import uuid

import pytest


@pytest.fixture
def aws_conn(moto_endpoint, monkeypatch):
    """The aws_default Airflow connection, pointed at the moto server via extra.endpoint_url."""
    from tests_support import aws_conn_json

    conn = aws_conn_json(moto_endpoint)
    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", conn)
    return json.loads(conn)


@pytest.fixture
def s3_client(moto_endpoint):
    """A plain boto3 client on the same server, to look behind the store's back."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@pytest.fixture
def bucket(s3_client, aws_conn):
    """A fresh, empty bucket for one test."""
    name = f"strands-test-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    return name


@pytest.fixture
def vector_factory():
    """`make_vector` as a fixture."""
    from vectors_support import make_vector

    return make_vector
