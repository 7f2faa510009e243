"""The store on S3: moto in server mode, reached through real boto3 and the Airflow
`aws_default` connection (its extra.endpoint_url), never an in-process patch."""

from __future__ import annotations

import json

import pytest
from vectors_support import FlakyProxy, LogRecorder, make_vector

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.vectors.store import LearningVectorStore


def _keys(s3_client, bucket, prefix=""):
    pages = s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [o["Key"] for page in pages for o in page.get("Contents", [])]


def test_put_get_compact_and_cold_load_on_s3(bucket, s3_client):
    url = f"s3://{bucket}/team/strands"
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(40):
        store.put(make_vector(i))
    store.put(make_vector(3))  # a retry
    keys = _keys(s3_client, bucket, "team/strands/learning/vectors/learning/")
    assert len(keys) == 40
    body = json.loads(s3_client.get_object(Bucket=bucket, Key=keys[0])["Body"].read())
    assert body["execution_metrics"]["platform_used"] in {"glue", "local", "lambda"}

    result = store.compact()
    assert result["snapshot_vectors"] == 40
    store.put(make_vector(40))
    cold = LearningVectorStore(url)
    assert cold.count() == 41
    assert cold.stats()["object_gets"] == 3  # manifest, snapshot, one tail object
    assert cold.get(make_vector(17).vector_id) == make_vector(17)
    assert cold.history().embedding.shape[0] == 41

    store.put_report("quality", "run_1", {"overall_score": 1.0})
    assert "team/strands/quality/reports/run_1.json" in _keys(s3_client, bucket, "team/")


def test_corrupt_s3_object_is_skipped_with_its_key(bucket, s3_client):
    url = f"s3://{bucket}"
    store = LearningVectorStore(url)
    store.put(make_vector(1))
    bad = "learning/vectors/learning/20260101T000000000000Z_broken.json"
    s3_client.put_object(Bucket=bucket, Key=bad, Body=b"\x00\xffnot json")
    with LogRecorder("strands_airflow.vectors.store") as logs:
        cold = LearningVectorStore(url)
        assert cold.count() == 1 and len(cold.query()) == 1
    assert bad in logs.text and cold.stats()["corrupt_objects"] == 1


def test_missing_bucket_names_bucket_and_connection(aws_conn, s3_client):
    store = LearningVectorStore("s3://strands-no-such-bucket/p", aws_conn_id="aws_default")
    with pytest.raises(VectorStoreError) as err:
        store.put(make_vector(1))
    text = str(err.value)
    assert "strands-no-such-bucket" in text and "aws_default" in text and "NoSuchBucket" in text
    assert "strands-no-such-bucket" not in [b["Name"] for b in s3_client.list_buckets()["Buckets"]]


def test_access_denied_names_bucket_and_connection(bucket, s3_client, moto_endpoint, monkeypatch):
    import boto3
    from moto import settings as moto_settings

    iam = boto3.client(
        "iam",
        endpoint_url=moto_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    user = f"reader-{bucket[-6:]}"
    iam.create_user(UserName=user)
    iam.put_user_policy(
        UserName=user,
        PolicyName="list-only",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName=user)["AccessKey"]
    conn = {
        "conn_type": "aws",
        "login": key["AccessKeyId"],
        "password": key["SecretAccessKey"],
        "extra": {"endpoint_url": moto_endpoint, "region_name": "us-east-1"},
    }
    monkeypatch.setenv("AIRFLOW_CONN_S3_READONLY", json.dumps(conn))
    # Turn on moto's IAM enforcement for this test only (the server runs in this process).
    monkeypatch.setattr(moto_settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)
    store = LearningVectorStore(f"s3://{bucket}/x", aws_conn_id="s3_readonly")
    with pytest.raises(VectorStoreError) as err:
        store.put(make_vector(1))
    text = str(err.value)
    assert bucket in text and "s3_readonly" in text and "AccessDenied" in text
    monkeypatch.setattr(moto_settings, "INITIAL_NO_AUTH_ACTION_COUNT", float("inf"))
    assert _keys(s3_client, bucket) == []


@pytest.mark.parametrize(("status", "code"), [(503, "SlowDown"), (500, "InternalError")])
def test_throttling_and_5xx_are_retried_without_duplicates(
    bucket, s3_client, moto_endpoint, monkeypatch, status, code
):
    proxy = FlakyProxy(moto_endpoint)
    try:
        conn = {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            # botocore's own retries off: what recovers here is the store's backoff.
            "extra": {
                "endpoint_url": proxy.endpoint,
                "region_name": "us-east-1",
                "config_kwargs": {"retries": {"mode": "standard", "total_max_attempts": 1}},
            },
        }
        monkeypatch.setenv("AIRFLOW_CONN_FLAKY", json.dumps(conn))
        store = LearningVectorStore(f"s3://{bucket}", aws_conn_id="flaky")
        store.backend.backoff_seconds = 0.05  # keep the test quick; the policy is the same
        store.count()
        proxy.status, proxy.code, proxy.fail_next = status, code, 3
        store.put(make_vector(1))
        assert proxy.failed == 3
        assert len(_keys(s3_client, bucket, "learning/vectors/learning/")) == 1
        assert LearningVectorStore(f"s3://{bucket}").count() == 1

        proxy.fail_next = 100  # a long outage: a clear error after the retries
        store.backend.attempts = 3
        with pytest.raises(VectorStoreError, match=f"{bucket}.*flaky.*{code}"):
            store.put(make_vector(2))
        assert len(_keys(s3_client, bucket, "learning/vectors/learning/")) == 1
    finally:
        proxy.close()
