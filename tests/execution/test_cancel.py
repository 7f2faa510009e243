"""`Runner.cancel`: Glue BatchStopJobRun and EMR Serverless CancelJobRun against moto's server.

moto (5.2) keeps a Glue run RUNNING with a manual state transition but has no
BatchStopJobRun, and starts every EMR Serverless run as SUCCESS. The fixtures below teach
the in-process moto server those two things (a BatchStopJobRun handler that marks the
run STOPPED; new EMR runs start RUNNING); the calls still go over HTTP through the
provider's hooks and boto3.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

from strands_airflow.execution import Job
from strands_airflow.execution.emr_serverless import EmrServerlessRunner
from strands_airflow.execution.glue import GlueRunner
from strands_airflow.execution.lambda_ import LambdaRunner
from strands_airflow.execution.local import LocalRunner
from strands_airflow.pipeline.config import parse_pipeline_config
from strands_airflow.triggers.execution import StrandsRunTrigger

ROLE = "arn:aws:iam::123456789012:role/emr-serverless"


def _job(platform: str, **settings) -> Job:
    transform = {"pyspark": "s3://scripts/o.py"} if platform == "emr_serverless" else {}
    cfg = parse_pipeline_config(
        {
            "name": "orders",
            "sources": {"orders": {"uri": "s3://bucket/orders/"}},
            "transform": transform or {"sql": "SELECT * FROM orders"},
            "target": {"uri": "s3://bucket/out/"},
            "platforms": {platform: {"enabled": True, **settings}},
        }
    )
    return Job.from_config(cfg, platform, "dag/run_1")


@pytest.fixture
def glue_stop(monkeypatch):
    """moto's Glue answers BatchStopJobRun: the run becomes STOPPED; returns the calls."""
    from moto.glue.responses import GlueResponse

    calls: list[tuple[str, list[str]]] = []

    def batch_stop_job_run(self):
        from moto.core.responses import ActionResult

        name, ids = self._get_param("JobName"), self._get_param("JobRunIds")
        calls.append((name, ids))
        job = self.glue_backend.get_job(name)
        for run in job.job_runs:
            if run.job_run_id in ids:
                run.status = "STOPPED"
        return ActionResult(
            {"SuccessfulSubmissions": [{"JobName": name, "JobRunId": i} for i in ids], "Errors": []}
        )

    monkeypatch.setattr(GlueResponse, "batch_stop_job_run", batch_stop_job_run, raising=False)
    return calls


@pytest.fixture
def running_glue(aws, moto_api):
    aws("glue").create_job(
        Name="cancel-etl",
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": "s3://b/s.py"},
        ExecutionProperty={"MaxConcurrentRuns": 5},
    )
    moto_api(
        "state-manager/set-transition",
        {"model_name": "glue::job_run", "transition": {"progression": "manual", "times": 1000}},
    )
    job = _job("glue", job_name="cancel-etl")
    return job, GlueRunner(poll_interval=0.01).start(job)


def test_glue_cancel_stops_a_running_run(aws, glue_stop, running_glue):
    job, run_id = running_glue
    assert GlueRunner().cancel(job, run_id) is True
    assert glue_stop == [("cancel-etl", [run_id])]
    state = aws("glue").get_job_run(JobName="cancel-etl", RunId=run_id)["JobRun"]["JobRunState"]
    assert state == "STOPPED"


def test_glue_cancel_of_a_finished_run_is_a_logged_no_op(aws, glue_stop, caplog):
    aws("glue").create_job(
        Name="done-etl",
        Role="arn:aws:iam::123456789012:role/glue",
        Command={"Name": "glueetl", "ScriptLocation": "s3://b/s.py"},
    )
    job = _job("glue", job_name="done-etl")
    res = GlueRunner(poll_interval=0.01).run(job)
    assert res.state == "SUCCEEDED"
    with caplog.at_level(logging.INFO, logger="strands_airflow.execution.glue"):
        assert GlueRunner().cancel(job, str(res.external_id)) is False
    assert glue_stop == []
    assert "already SUCCEEDED: nothing to cancel" in caplog.text


@pytest.fixture
def emr_app(aws, monkeypatch):
    import moto.emrserverless.models as emr_models

    monkeypatch.setattr(emr_models, "JOB_STATUS", "RUNNING")  # new runs start RUNNING
    resp = aws("emr-serverless").create_application(
        name="strands", releaseLabel="emr-6.15.0", type="SPARK", clientToken="t"
    )
    return resp["applicationId"]


def test_emr_serverless_cancel_cancels_a_running_run(aws, emr_app):
    job = _job("emr_serverless", application_id=emr_app, execution_role_arn=ROLE)
    runner = EmrServerlessRunner(poll_interval=0.01)
    run_id = runner.start(job)
    assert runner.poll(job, run_id).state == "RUNNING"
    assert runner.cancel(job, run_id) is True
    run = aws("emr-serverless").get_job_run(applicationId=emr_app, jobRunId=run_id)["jobRun"]
    assert run["state"] == "CANCELLED"
    # a second cancel finds it finished: nothing is sent
    assert runner.cancel(job, run_id) is False


def test_emr_serverless_cancel_of_a_finished_run_is_a_no_op(aws, caplog):
    app = aws("emr-serverless").create_application(
        name="done", releaseLabel="emr-6.15.0", type="SPARK", clientToken="u"
    )["applicationId"]
    job = _job("emr_serverless", application_id=app, execution_role_arn=ROLE)
    runner = EmrServerlessRunner(poll_interval=0.01)
    run_id = runner.start(job)  # moto: SUCCESS at once
    with caplog.at_level(logging.INFO, logger="strands_airflow.execution.emr_serverless"):
        assert runner.cancel(job, run_id) is False
    assert "already SUCCESS: nothing to cancel" in caplog.text
    run = aws("emr-serverless").get_job_run(applicationId=app, jobRunId=run_id)["jobRun"]
    assert run["state"] == "SUCCESS"


def test_lambda_and_local_runs_cannot_be_cancelled_and_say_so(caplog):
    with caplog.at_level(logging.INFO):
        assert LambdaRunner(prices={}).cancel(_job("lambda", function_name="f"), "req-1") is False
        local = _job("local")
        assert LocalRunner(prices={}).cancel(local, "local-1") is False
    assert "Lambda invocation req-1 of f cannot be stopped" in caplog.text
    assert "nothing to cancel remotely" in caplog.text


def test_trigger_on_kill_stops_the_glue_run_and_round_trips(aws, glue_stop, running_glue):
    job, run_id = running_glue
    runner = GlueRunner(poll_interval=1)
    trigger = StrandsRunTrigger.wrap(
        runner.trigger(job, run_id, aws_conn_id="aws_default"),
        job=job,
        external_id=run_id,
        aws_conn_id="aws_default",
    )
    classpath, kwargs = trigger.serialize()
    assert classpath == "strands_airflow.triggers.execution.StrandsRunTrigger"
    assert kwargs["inner_classpath"].endswith("GlueJobCompleteTrigger")
    again = StrandsRunTrigger(**kwargs)
    assert type(again.inner()).__name__ == "GlueJobCompleteTrigger"
    asyncio.run(again.on_kill())  # what the triggerer runs when a user clears the task
    assert glue_stop == [("cancel-etl", [run_id])]
    state = aws("glue").get_job_run(JobName="cancel-etl", RunId=run_id)["JobRun"]["JobRunState"]
    assert state == "STOPPED"


def test_trigger_on_kill_respects_cancel_on_kill_false(aws, glue_stop, running_glue):
    job, run_id = running_glue
    trigger = StrandsRunTrigger.wrap(
        GlueRunner().trigger(job, run_id),
        job=job,
        external_id=run_id,
        aws_conn_id="aws_default",
        cancel_on_kill=False,
    )
    asyncio.run(trigger.on_kill())
    assert glue_stop == []
