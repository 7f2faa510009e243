"""The EMR Serverless runner through EmrServerlessHook and real boto3 against moto's server.

moto serves create_application / start_job_run / get_job_run / list_job_runs, but every
moto job run is SUCCESS at once: a run that is still RUNNING (for the resume test) and a
FAILED run are answered by botocore's Stubber on the hook's own client
(`list_job_runs` and `get_job_run`).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from botocore.stub import ANY, Stubber

from strands_airflow.execution import Job
from strands_airflow.execution.emr_serverless import EmrServerlessRunner
from strands_airflow.pipeline.config import parse_pipeline_config

ROLE = "arn:aws:iam::123456789012:role/emr-serverless"


@pytest.fixture
def app_id(aws):
    resp = aws("emr-serverless").create_application(
        name="strands", releaseLabel="emr-6.15.0", type="SPARK", clientToken="t"
    )
    return resp["applicationId"]


def _job(app_id: str, run_key: str = "dag/run_1", **emr) -> Job:
    cfg = parse_pipeline_config(
        {
            "name": "orders daily",
            "sources": {"orders": {"uri": "s3://bucket/orders/"}},
            "transform": {"pyspark": "s3://scripts/orders.py"},
            "target": {"uri": "s3://bucket/out/"},
            "platforms": {
                "emr_serverless": {
                    "enabled": True,
                    "application_id": app_id,
                    "execution_role_arn": ROLE,
                    **emr,
                }
            },
        }
    )
    return Job.from_config(cfg, "emr_serverless", run_key)


def test_run_starts_spark_job_with_entry_point_and_role(aws, app_id):
    job = _job(
        app_id,
        entry_point_arguments=["--day", "2026-01-01"],
        spark_submit_parameters="--conf spark.executor.cores=2",
    )
    res = EmrServerlessRunner(poll_interval=0.01).run(job)
    assert res.success, res.error
    assert res.platform == "emr_serverless" and res.state == "SUCCESS"
    run = aws("emr-serverless").get_job_run(applicationId=app_id, jobRunId=res.external_id)[
        "jobRun"
    ]
    assert run["executionRole"] == ROLE
    submit = run["jobDriver"]["sparkSubmit"]
    assert submit["entryPoint"] == "s3://scripts/orders.py"  # transform.pyspark is the entry point
    assert submit["entryPointArguments"][:2] == ["--day", "2026-01-01"]
    i = submit["entryPointArguments"].index("--strands-job")
    assert json.loads(submit["entryPointArguments"][i + 1])["run_key"] == "dag/run_1"
    assert submit["sparkSubmitParameters"] == "--conf spark.executor.cores=2"
    assert run["name"] == EmrServerlessRunner.run_name(job)
    assert res.cost_estimate_usd is not None and res.cost_estimate_usd >= 0
    assert app_id in res.log_url and res.external_id in res.log_url


def test_restart_while_running_resumes_the_same_run(aws, app_id):
    runner = EmrServerlessRunner()
    job = _job(app_id, run_key="dag/run_7")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    running = {
        "applicationId": app_id,
        "id": "00fexisting",
        "name": runner.run_name(job),
        "arn": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/x/jobruns/y",
        "createdBy": "arn:aws:iam::123456789012:user/me",
        "createdAt": now,
        "updatedAt": now,
        "executionRole": ROLE,
        "state": "RUNNING",
        "stateDetails": "running",
        "releaseLabel": "emr-6.15.0",
    }
    with Stubber(runner.hook.conn) as stub:  # moto has no RUNNING runs: that listing is stubbed
        stub.add_response(
            "list_job_runs", {"jobRuns": [running]}, {"applicationId": app_id, "states": ANY}
        )
        # a start_job_run call here would hit the Stubber with no answer queued and raise
        assert runner.start(job) == "00fexisting"
        stub.assert_no_pending_responses()


def test_failed_run_surfaces_state_details_verbatim(aws, app_id):
    runner = EmrServerlessRunner(poll_interval=0.01)
    job = _job(app_id)
    job_id = runner.start(job)
    details = (
        "Job failed, please check complete logs in configured logging destination. ExitCode: 1."
    )
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    failed = {
        "applicationId": app_id,
        "jobRunId": job_id,
        "name": "n",
        "arn": "arn:aws:emr-serverless:us-east-1:123456789012:/applications/app/jobruns/00fjob1",
        "createdBy": "arn:aws:iam::123456789012:user/me",
        "createdAt": now,
        "updatedAt": now + dt.timedelta(seconds=300),
        "executionRole": ROLE,
        "state": "FAILED",
        "stateDetails": details,
        "releaseLabel": "emr-6.15.0",
        "jobDriver": {"sparkSubmit": {"entryPoint": "s3://scripts/orders.py"}},
        "totalExecutionDurationSeconds": 290,
        "billedResourceUtilization": {"vCPUHour": 2.0, "memoryGBHour": 8.0, "storageGBHour": 0.0},
    }
    with Stubber(runner.hook.conn) as stub:  # moto never fails a run: FAILED is stubbed
        for _ in range(2):
            stub.add_response(
                "get_job_run", {"jobRun": failed}, {"applicationId": app_id, "jobRunId": job_id}
            )
        res = runner.wait(job, job_id)
    assert not res.success and res.state == "FAILED"
    assert res.error == f"EMR Serverless job run {job_id} FAILED: {details}"
    assert res.execution_time_seconds == 290
    # billed utilisation reported by the platform wins: 2 vCPU-h and 8 GB-h at list price
    assert res.cost_estimate_usd == pytest.approx(2 * 0.052624 + 8 * 0.0057785)


def test_trigger_is_the_providers_emr_serverless_trigger(aws, app_id):
    trig = EmrServerlessRunner(poll_interval=20).trigger(_job(app_id), "00fjob")
    classpath, kwargs = trig.serialize()
    assert classpath.endswith("EmrServerlessStartJobTrigger")
    assert kwargs["application_id"] == app_id and kwargs["job_id"] == "00fjob"
