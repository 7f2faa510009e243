"""The Glue runner through GlueJobHook and real boto3 against moto's server.

moto serves get_job / create_job / start_job_run / get_job_run / get_job_runs. It never
fails a Glue run and never throttles, so those two cases use botocore's Stubber on the
hook's own client: `get_job_run` answering FAILED, and `start_job_run` answering
ThrottlingException.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from botocore.stub import Stubber

from strands_airflow.exceptions import StrandsConfigError
from strands_airflow.execution import Job
from strands_airflow.execution.glue import GlueRunner
from strands_airflow.pipeline.config import parse_pipeline_config


def _job(job_name: str, run_key: str = "dag/run_1", **glue) -> Job:
    cfg = parse_pipeline_config(
        {
            "name": "orders_daily",
            "sources": {"orders": {"uri": "s3://bucket/orders/"}},
            "transform": {"sql": "SELECT * FROM orders"},
            "target": {"uri": "s3://bucket/out/"},
            "platforms": {"glue": {"enabled": True, "job_name": job_name, **glue}},
        }
    )
    return Job.from_config(cfg, "glue", run_key)


def _create_job(aws, name: str, concurrent: int = 1) -> None:
    aws("glue").create_job(
        Name=name,
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": "s3://b/s.py"},
        ExecutionProperty={"MaxConcurrentRuns": concurrent},
    )


def test_run_passes_arguments_and_worker_type_and_prices_the_run(aws, moto_api):
    _create_job(aws, "orders-etl")
    # the run goes STARTING -> RUNNING -> SUCCEEDED over a few polls, as on AWS
    moto_api(
        "state-manager/set-transition",
        {"model_name": "glue::job_run", "transition": {"progression": "manual", "times": 2}},
    )
    job = _job("orders-etl", worker_type="G.2X", number_of_workers=3, arguments={"--env": "test"})
    res = GlueRunner(poll_interval=0.01).run(job)
    assert res.success, res.error
    assert res.platform == "glue" and res.state == "SUCCEEDED"
    run = aws("glue").get_job_run(JobName="orders-etl", RunId=res.external_id)["JobRun"]
    assert run["WorkerType"] == "G.2X" and run["NumberOfWorkers"] == 3
    assert run["Arguments"]["--env"] == "test"
    assert run["Arguments"]["--strands_run_key"] == "dag/run_1"
    assert json.loads(run["Arguments"]["--strands_job"])["sql"] == "SELECT * FROM orders"
    # ExecutionTime 123 s reported by the platform; G.2X = 2 DPU x 3 workers at $0.44/DPU-hour
    assert res.execution_time_seconds == 123
    assert res.cost_estimate_usd == pytest.approx(123 * 6 / 3600 * 0.44, rel=1e-6)
    assert res.rows_out is None  # Glue does not report rows: unknown, not 0
    assert res.external_id in res.log_url and "orders-etl" in res.log_url


def test_missing_job_without_script_is_a_config_error_before_start(aws):
    with pytest.raises(StrandsConfigError, match=r"platforms\.glue\.script_location"):
        GlueRunner().start(_job("no-such-job"))
    assert aws("glue").get_jobs()["Jobs"] == [] or all(
        j["Name"] != "no-such-job" for j in aws("glue").get_jobs()["Jobs"]
    )


def test_missing_job_is_created_from_script_and_role(aws):
    aws("iam").create_role(RoleName="glue-role", AssumeRolePolicyDocument="{}")
    job = _job("created-etl", script_location="s3://scripts/etl.py", iam_role_name="glue-role")
    res = GlueRunner(poll_interval=0.01).run(job)
    assert res.success
    created = aws("glue").get_job(JobName="created-etl")["Job"]
    assert created["Command"]["ScriptLocation"] == "s3://scripts/etl.py"


def test_restart_while_running_resumes_the_same_run(aws, moto_api):
    _create_job(aws, "resume-etl", concurrent=5)
    moto_api(
        "state-manager/set-transition",
        {"model_name": "glue::job_run", "transition": {"progression": "manual", "times": 50}},
    )
    job = _job("resume-etl", run_key="dag/run_9")
    first = GlueRunner().start(job)
    # the task is killed; a new worker starts over with the same run key
    second = GlueRunner().start(job)
    assert second == first
    assert len(aws("glue").get_job_runs(JobName="resume-etl")["JobRuns"]) == 1
    # a different run key is a different run
    other = GlueRunner().start(_job("resume-etl", run_key="dag/run_10"))
    assert other != first


def test_failed_run_surfaces_state_and_message_verbatim(aws):
    _create_job(aws, "failing-etl")
    runner = GlueRunner(poll_interval=0.01)
    job = _job("failing-etl")
    run_id = runner.start(job)
    message = "An error occurred while calling o91.save. Access Denied (Service: Amazon S3; Status Code: 403)"
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    conn = runner.hook(job).conn
    with Stubber(conn) as stub:  # moto never fails a Glue run: the FAILED answer is stubbed
        for _ in range(2):
            stub.add_response(
                "get_job_run",
                {
                    "JobRun": {
                        "Id": run_id,
                        "JobName": "failing-etl",
                        "JobRunState": "FAILED",
                        "ErrorMessage": message,
                        "StartedOn": now,
                        "CompletedOn": now + dt.timedelta(seconds=75),
                        "ExecutionTime": 0,
                    }
                },
                {"JobName": "failing-etl", "RunId": run_id},
            )
        res = runner.wait(job, run_id)
    assert not res.success and res.state == "FAILED"
    assert res.error == f"Glue job failing-etl run {run_id} FAILED: {message}"
    assert res.execution_time_seconds == 75  # from StartedOn / CompletedOn when ExecutionTime is 0


def test_throttling_is_retried_with_backoff(aws):
    _create_job(aws, "throttled-etl")
    runner = GlueRunner(retry_wait_seconds=0.01)
    job = _job("throttled-etl")
    conn = runner.hook(job).conn
    with Stubber(conn) as stub:  # moto never throttles: the throttled answers are stubbed
        stub.add_response(
            "get_job", {"Job": {"Name": "throttled-etl"}}, {"JobName": "throttled-etl"}
        )
        stub.add_response(
            "get_job_runs", {"JobRuns": []}, {"JobName": "throttled-etl", "MaxResults": 50}
        )
        for _ in range(2):
            stub.add_client_error("start_job_run", "ThrottlingException", "Rate exceeded", 400)
        stub.add_response("start_job_run", {"JobRunId": "jr_after_throttle"})
        assert runner.start(job) == "jr_after_throttle"
        stub.assert_no_pending_responses()


def test_access_denied_is_not_retried(aws):
    _create_job(aws, "denied-etl")
    runner = GlueRunner(retry_wait_seconds=0.01)
    job = _job("denied-etl")
    from botocore.exceptions import ClientError

    with Stubber(runner.hook(job).conn) as stub:
        stub.add_response("get_job", {"Job": {"Name": "denied-etl"}}, {"JobName": "denied-etl"})
        stub.add_response(
            "get_job_runs", {"JobRuns": []}, {"JobName": "denied-etl", "MaxResults": 50}
        )
        stub.add_client_error("start_job_run", "AccessDeniedException", "not allowed", 403)
        with pytest.raises(ClientError, match="not allowed"):
            runner.start(job)
        stub.assert_no_pending_responses()


def test_trigger_is_the_providers_glue_trigger(aws):
    _create_job(aws, "trig-etl")
    runner = GlueRunner(poll_interval=30)
    trig = runner.trigger(_job("trig-etl"), "jr_1")
    classpath, kwargs = trig.serialize()
    assert classpath.endswith("GlueJobCompleteTrigger")
    assert kwargs["job_name"] == "trig-etl" and kwargs["run_id"] == "jr_1"
    assert kwargs["waiter_delay"] == 30
