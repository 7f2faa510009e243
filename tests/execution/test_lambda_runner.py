"""The Lambda runner through LambdaHook and real boto3 against moto's server.

moto needs docker to run a function's code, and docker is not available here, so the
server is switched to moto's docker-free Lambda backend (``{"lambda": {"use_docker":
false}}`` through /moto-api/config) and canned results are queued through
/moto-api/static/lambda-simple/response: create_function, get_function_configuration
and invoke all go over HTTP. That backend always succeeds, so the one response it
cannot give -- an invoke answering ``FunctionError`` -- uses botocore's Stubber on the
hook's client.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from strands_airflow.exceptions import ExecutionError
from strands_airflow.execution import Job
from strands_airflow.execution.lambda_ import MAX_PAYLOAD_BYTES, LambdaRunner
from strands_airflow.pipeline.config import parse_pipeline_config


@pytest.fixture
def function(aws, moto_api):
    """A Lambda function in moto's docker-free backend, 60 s timeout."""
    moto_api("config", {"lambda": {"use_docker": False}})
    suffix = uuid.uuid4().hex[:8]
    role = aws("iam").create_role(RoleName=f"lambda-role-{suffix}", AssumeRolePolicyDocument="{}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    name = f"strands-sql-{suffix}"
    aws("lambda").create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role=role["Role"]["Arn"],
        Handler="handler.handler",
        Code={"ZipFile": buf.getvalue()},
        Timeout=60,
        MemorySize=2048,
    )
    return name


def _job(function: str, sql: str = "SELECT 1 AS x", predicted: float | None = None) -> Job:
    cfg = parse_pipeline_config(
        {
            "name": "small_job",
            "sources": {"events": {"uri": "s3://bucket/events.parquet"}},
            "transform": {"sql": sql},
            "target": {"uri": "s3://bucket/out.parquet"},
            "platforms": {
                "lambda": {"enabled": True, "function_name": function, "memory_mb": 2048}
            },
        }
    )
    return Job.from_config(cfg, "lambda", "dag/run_1", predicted_seconds=predicted)


def test_invoke_returns_rows_and_prices_gb_seconds(function, moto_api):
    moto_api(
        "static/lambda-simple/response",
        {
            "results": [json.dumps({"rows_in": 500, "rows_out": 42, "bytes_scanned": 9000})],
            "region": "us-east-1",
        },
    )
    res = LambdaRunner().run(_job(function, predicted=30))
    assert res.success, res.error
    assert res.platform == "lambda" and res.state == "SUCCEEDED"
    assert (res.rows_in, res.rows_out, res.bytes_scanned) == (500, 42, 9000)
    # 2 GB x seconds x $0.0000166667 + $0.0000002 per request
    expected = 2 * res.execution_time_seconds * 0.0000166667 + 0.0000002
    assert res.cost_estimate_usd == pytest.approx(expected, rel=1e-3)
    assert function in res.log_url


def test_payload_over_6_mb_is_refused_before_invoking(function):
    big_sql = "SELECT '" + "x" * (MAX_PAYLOAD_BYTES + 10) + "' AS y"
    runner = LambdaRunner()
    with Stubber(runner.hook.conn) as stub:  # nothing may reach Lambda: no answer is queued
        with pytest.raises(
            ExecutionError, match=r"at most 6,291,456 \(6 MB\).*glue or emr_serverless"
        ):
            runner.run(_job(function, sql=big_sql))
        stub.assert_no_pending_responses()


def test_job_predicted_past_15_minutes_is_refused(function):
    with pytest.raises(ExecutionError, match=r"predicted to run 1200 s.*15 minutes"):
        LambdaRunner().run(_job(function, predicted=1200))


def test_job_predicted_past_the_function_timeout_is_refused(function):
    # the function above has Timeout=60 (read from get_function_configuration)
    with pytest.raises(ExecutionError, match=r"stops after 60 s"):
        LambdaRunner().run(_job(function, predicted=120))


def test_function_error_is_a_failed_result_with_its_own_text(function):
    runner = LambdaRunner()
    body = json.dumps(
        {"errorType": "CatalogException", "errorMessage": "Table events does not exist"}
    ).encode()
    with Stubber(
        runner.hook.conn
    ) as stub:  # moto's docker-free backend never reports FunctionError
        stub.add_response(
            "invoke",
            {
                "StatusCode": 200,
                "FunctionError": "Unhandled",
                "Payload": StreamingBody(io.BytesIO(body), len(body)),
            },
            {
                "FunctionName": function,
                "InvocationType": "RequestResponse",
                "LogType": "Tail",
                "Payload": ANY,
            },
        )
        res = runner.run(_job(function))
    assert not res.success and res.state == "FAILED"
    assert (
        res.error
        == f"Lambda function {function} Unhandled error: CatalogException: Table events does not exist"
    )


def test_throttled_invoke_is_retried(function):
    runner = LambdaRunner(retry_wait_seconds=0.01)
    with Stubber(runner.hook.conn) as stub:  # moto never throttles
        stub.add_client_error("invoke", "TooManyRequestsException", "Rate Exceeded.", 429)
        stub.add_response(
            "invoke", {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(b"{}"), 2)}
        )
        res = runner.run(_job(function))
        stub.assert_no_pending_responses()
    assert res.success and res.rows_out is None


def test_pyspark_is_refused_for_lambda():
    from strands_airflow.exceptions import StrandsConfigError

    cfg = parse_pipeline_config(
        {
            "name": "p",
            "sources": {"s": {"uri": "s3://b/s.parquet"}},
            "transform": {"pyspark": "s3://b/j.py"},
            "target": {"uri": "s3://b/o.parquet"},
            "platforms": {"lambda": {"function_name": "f"}},
        }
    )
    with pytest.raises(StrandsConfigError, match="choose glue or emr_serverless"):
        Job.from_config(cfg, "lambda", "r")
