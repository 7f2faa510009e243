"""run_checks through Airflow connections: the local PostgreSQL and S3 (moto server)."""

from __future__ import annotations

import json
import uuid

import duckdb
import psycopg2
import pytest
from tests_support import free_port

from strands_airflow.agents.quality.checks import run_checks, to_common_sql_checks
from strands_airflow.agents.quality.models import Check
from strands_airflow.exceptions import QualityCheckError

PG_URI = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_tables(monkeypatch):
    """Two fresh tables in a unique schema of the local PostgreSQL, and a connection id for them."""
    schema = f"qa_{uuid.uuid4().hex[:8]}"
    conn = psycopg2.connect(PG_URI)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"CREATE SCHEMA {schema}")
    cur.execute(
        f"""CREATE TABLE {schema}.orders AS
        SELECT i AS order_id, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 7 END AS customer_id,
               (i % 5 - 1)::numeric(10,2) AS amount,
               CASE WHEN i % 2 = 0 THEN 'open' ELSE 'closed' END AS "Status",
               CASE WHEN i % 4 = 0 THEN 'bad' ELSE 'u' || i || '@example.com' END AS email,
               now() - make_interval(mins => i) AS updated_at
        FROM generate_series(0, 199) AS i"""
    )
    cur.execute(
        f"CREATE TABLE {schema}.customers AS SELECT i AS id FROM generate_series(0, 4) AS i"
    )
    monkeypatch.setenv("AIRFLOW_CONN_QA_PG", PG_URI)
    yield schema
    cur.execute(f"DROP SCHEMA {schema} CASCADE")
    conn.close()


def test_checks_on_a_postgres_table(pg_tables):
    checks = [
        Check(kind="not_null", columns=["customer_id"]),
        Check(kind="range", columns=["amount"], min=0),
        Check(kind="accepted_values", columns=["status"], values=["open", "closed"]),
        Check(kind="format", columns=["email"], format="email"),
        Check(kind="unique", columns=["order_id"]),
        Check(kind="freshness", columns=["updated_at"], max_age_seconds=3600 * 24),
        Check(kind="row_count", min=100, max=1000),
        Check(
            kind="referential",
            columns=["customer_id"],
            ref_table=f"{pg_tables}.customers",
            ref_column="id",
        ),
        Check(kind="custom_sql", condition="email LIKE '%@%' OR email = 'bad'"),
    ]
    report = run_checks(checks, f"{pg_tables}.orders", conn_id="qa_pg")
    got = [(r.check.kind, r.passed, r.failing_rows) for r in report.results]
    assert got == [
        ("not_null", False, 20),
        ("range", False, 40),
        ("accepted_values", True, 0),  # "status" resolves to the real column "Status"
        ("format", False, 50),
        ("unique", True, 0),
        ("freshness", True, 0),
        ("row_count", True, 0),
        ("referential", False, 50),
        ("custom_sql", True, 0),
    ]
    assert report.results[0].sample_failures[0]["customer_id"] is None
    assert isinstance(report.results[1].sample_failures[0]["amount"], float)
    assert report.overall_score == pytest.approx(5 / 9)


def test_postgres_errors_name_the_table_and_connection(pg_tables):
    with pytest.raises(QualityCheckError, match=r"no_such.*qa_pg"):
        run_checks([Check(kind="row_count", min=1)], f"{pg_tables}.no_such", conn_id="qa_pg")
    with pytest.raises(QualityCheckError, match="missing_conn"):
        run_checks([Check(kind="row_count", min=1)], "orders", conn_id="missing_conn")
    with pytest.raises(QualityCheckError, match="valid"):
        run_checks([Check(kind="row_count", min=1)], "orders; drop table x", conn_id="qa_pg")


def test_common_sql_operators_accept_and_run_the_converted_checks(pg_tables):
    from airflow.providers.common.sql.operators.sql import (
        SQLColumnCheckOperator,
        SQLTableCheckOperator,
    )

    checks = [
        Check(kind="not_null", columns=["order_id"]),
        Check(kind="unique", columns=["order_id"]),
        Check(kind="range", columns=["order_id"], min=0, max=199),
        Check(kind="accepted_values", columns=["Status"], values=["open", "closed"]),
        Check(
            kind="format",
            columns=["email"],
            format="regex",
            pattern="^(bad|u[0-9]+@example[.]com)$",
        ),
        Check(kind="row_count", min=200, max=200),
        Check(
            kind="referential",
            columns=["customer_id"],
            ref_table=f"{pg_tables}.customers",
            ref_column="id",
        ),
        Check(kind="freshness", columns=["updated_at"], max_age_seconds=86400),
    ]
    out = to_common_sql_checks(checks)
    assert out["column_mapping"] == {
        "order_id": {"null_check": {"equal_to": 0}, "unique_check": {"equal_to": 0},
                     "min": {"geq_to": 0.0}, "max": {"leq_to": 199.0}}}  # fmt: skip
    assert set(out["checks"]) == {"accepted_values_status", "format_email", "row_count", "referential_customer_id",
                                  "freshness_updated_at"}  # fmt: skip
    col_op = SQLColumnCheckOperator(task_id="cols", conn_id="qa_pg", table=f"{pg_tables}.orders",
                                    column_mapping=out["column_mapping"])  # fmt: skip
    col_op.execute(context={})
    table_op = SQLTableCheckOperator(task_id="tbl", conn_id="qa_pg", table=f"{pg_tables}.orders",
                                     checks=out["checks"])  # fmt: skip
    with pytest.raises(Exception, match="referential_customer_id"):
        table_op.execute(context={})  # customer ids 5 and 6 are orphans: exactly that check fails
    assert table_op.checks["accepted_values_status"]["success"] is True
    assert table_op.checks["referential_customer_id"]["success"] is False


@pytest.fixture
def s3_bucket(monkeypatch):
    """A moto S3 server with a bucket holding orders.parquet; aws_default points at it."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    monkeypatch.setenv(
        "AIRFLOW_CONN_AWS_DEFAULT",
        json.dumps(
            {"conn_type": "aws", "extra": {"endpoint_url": endpoint, "region_name": "us-east-1"}}
        ),
    )
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket="qa-bucket")
    yield s3
    server.stop()


def test_parquet_on_s3_through_airflow_object_storage(s3_bucket, tmp_path):
    local = tmp_path / "o.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT i AS id, CASE WHEN i = 3 THEN NULL ELSE 'x' END AS name FROM range(10) t(i)) TO '{local}'"
    )
    s3_bucket.upload_file(str(local), "qa-bucket", "out/orders.parquet")
    report = run_checks(
        [Check(kind="not_null", columns=["name"]), Check(kind="row_count", min=10)],
        "s3://qa-bucket/out/orders.parquet",
    )
    assert [(r.passed, r.failing_rows) for r in report.results] == [(False, 1), (True, 0)]
    assert report.results[0].sample_failures == [{"id": 3, "name": None}]
    with pytest.raises(QualityCheckError, match="s3://qa-bucket/out/missing.parquet"):
        run_checks([Check(kind="row_count", min=1)], "s3://qa-bucket/out/missing.parquet")
