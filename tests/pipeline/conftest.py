"""Fixtures of the pipeline tests: a small pipeline config, a moto S3 server, Redis."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest


@pytest.fixture
def small_pipeline(tmp_path) -> Path:
    """The shipped orders_daily pipeline on a small copy of the sample data (20k orders)."""
    from strands_airflow.pipeline.sample_data import ensure_sample_data, samples_dir

    data = ensure_sample_data(tmp_path / "home", orders=20_000, customers=2_000)
    cfg = json.loads((samples_dir() / "orders_daily.json").read_text())
    cfg["sources"]["orders"]["uri"] = data["orders"]
    cfg["sources"]["customers"]["uri"] = data["customers"]
    cfg["target"]["uri"] = str(tmp_path / "out" / "customer_revenue.parquet")
    # DuckDB only: these tests are about the pipeline, Spark runs have their own tests
    cfg["platforms"]["spark"]["enabled"] = False
    shutil.copy(samples_dir() / "orders_daily.sql", tmp_path / "orders_daily.sql")
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(cfg))
    return path


@pytest.fixture
def s3_store(moto_endpoint, monkeypatch) -> str:
    """A fresh bucket on the moto server, configured as the Strands store via [strands] s3_bucket."""
    import boto3
    from tests_support import aws_conn_json

    bucket = f"strands-pipe-{uuid.uuid4().hex[:10]}"
    boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    monkeypatch.setenv("AIRFLOW_CONN_AWS_DEFAULT", aws_conn_json(moto_endpoint))
    monkeypatch.setenv("AIRFLOW__STRANDS__S3_BUCKET", bucket)
    monkeypatch.setenv("AIRFLOW__STRANDS__S3_PREFIX", "strands")
    return f"s3://{bucket}/strands"


@pytest.fixture
def redis_bus(monkeypatch, stream_prefix):
    """The bus on the real Redis server through the redis_default connection."""
    from tests_support import use_redis_bus

    use_redis_bus(monkeypatch, stream_prefix)
    return stream_prefix
