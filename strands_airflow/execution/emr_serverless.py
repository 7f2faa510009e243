"""The EMR Serverless runner: the amazon provider's `EmrServerlessHook`, start a Spark job run.

Needs ``platforms.emr_serverless.application_id`` and ``execution_role_arn`` (checked
before anything starts) and an entry point: ``entry_point`` (a script on S3 that runs
the job) or, for PySpark pipelines, ``transform.pyspark``. The entry point gets
``entry_point_arguments`` plus ``--strands-run-key <key> --strands-job <json>``;
``spark_submit_parameters`` are passed through.

Resuming: each run is named ``<pipeline>-<token>`` where the token is derived from the
run key; `start` returns a run with that name that is still going instead of starting
a second one.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from strands_airflow.exceptions import ExecutionError
from strands_airflow.execution.base import Runner
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus
from strands_airflow.execution.pricing import estimate_cost

if TYPE_CHECKING:
    from airflow.providers.amazon.aws.hooks.emr import EmrServerlessHook
    from airflow.triggers.base import BaseTrigger

log = logging.getLogger(__name__)

ACTIVE_STATES = ["SUBMITTED", "PENDING", "SCHEDULED", "RUNNING", "QUEUED"]
SUCCESS_STATES = frozenset({"SUCCESS"})
TERMINAL_STATES = frozenset({"SUCCESS", "FAILED", "CANCELLED"})


class EmrServerlessRunner(Runner):
    """Runs a job as an EMR Serverless Spark job run (connection `aws_conn_id`)."""

    platform = "emr_serverless"
    deferrable = True

    def __init__(
        self,
        *,
        aws_conn_id: str | None = "aws_default",
        region_name: str | None = None,
        poll_interval: float = 15.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(poll_interval=poll_interval, **kwargs)
        self.aws_conn_id = aws_conn_id
        self.region_name = region_name
        self._hook: EmrServerlessHook | None = None

    @property
    def hook(self) -> EmrServerlessHook:
        """The provider's EMR Serverless hook (built on first use)."""
        if self._hook is None:
            from airflow.providers.amazon.aws.hooks.emr import EmrServerlessHook

            self._hook = EmrServerlessHook(
                aws_conn_id=self.aws_conn_id, region_name=self.region_name
            )
        return self._hook

    @staticmethod
    def run_name(job: Job) -> str:
        """The job run's name: the pipeline plus a token of the run key (how a restart finds it)."""
        return f"{job.safe_name}-{job.token[:16]}"

    def find_active(self, job: Job) -> str | None:
        """The id of a still-running job run with this run's name, if any."""
        app = job.settings["application_id"]
        try:
            resp = self._call(self.hook.conn.list_job_runs, applicationId=app, states=ACTIVE_STATES)
        except self.hook.conn.exceptions.ResourceNotFoundException:
            # no runs listed (moto says so for an application without runs); a truly
            # missing application fails in start_job_run with AWS's own message
            return None
        for run in resp.get("jobRuns", []):
            if run.get("name") == self.run_name(job) and run.get("state") in ACTIVE_STATES:
                return str(run["id"])
        return None

    def start(self, job: Job) -> str:
        """Start a Spark job run (or return the active one for this run key); returns its id."""
        self._check(job)
        s = job.settings
        active = self.find_active(job)
        if active:
            log.info(
                "EMR Serverless run %s for %s is still going; waiting on it", active, job.run_key
            )
            return active
        args = [str(a) for a in s.get("entry_point_arguments") or []]
        args += [
            "--strands-run-key",
            job.run_key,
            "--strands-job",
            json.dumps(job.payload(), separators=(",", ":")),
        ]
        spark_submit: dict[str, Any] = {
            "entryPoint": s.get("entry_point") or job.pyspark,
            "entryPointArguments": args,
        }
        if s.get("spark_submit_parameters"):
            spark_submit["sparkSubmitParameters"] = s["spark_submit_parameters"]
        resp = self._call(
            self.hook.conn.start_job_run,
            applicationId=s["application_id"],
            executionRoleArn=s["execution_role_arn"],
            jobDriver={"sparkSubmit": spark_submit},
            name=self.run_name(job),
            # A fresh token per start: AWS would hand back an old (maybe failed) run for a
            # reused token, and a retried task must be able to run the job again.
            clientToken=str(uuid.uuid4()),
        )
        job_id = str(resp["jobRunId"])
        log.info("started EMR Serverless job run %s on application %s", job_id, s["application_id"])
        return job_id

    def _get_run(self, job: Job, external_id: str) -> dict[str, Any]:
        resp = self._call(
            self.hook.conn.get_job_run,
            applicationId=job.settings["application_id"],
            jobRunId=external_id,
        )
        return dict(resp["jobRun"])

    def poll(self, job: Job, external_id: str) -> JobStatus:
        """The run's state (terminal: SUCCESS, FAILED, CANCELLED)."""
        run = self._get_run(job, external_id)
        state = str(run.get("state", "UNKNOWN"))
        return JobStatus(
            state=state,
            terminal=state in TERMINAL_STATES,
            succeeded=state in SUCCESS_STATES,
            message=run.get("stateDetails"),
        )

    def result(self, job: Job, external_id: str) -> ExecutionResult:
        """The finished run: duration, billed utilisation cost, stateDetails verbatim on failure."""
        run = self._get_run(job, external_id)
        state = str(run.get("state", "UNKNOWN"))
        if state not in TERMINAL_STATES:
            raise ExecutionError(
                f"EMR Serverless job run {external_id} is still {state}; poll until it finishes"
            )
        started, finished = run.get("createdAt"), run.get("updatedAt")
        seconds = float(run.get("totalExecutionDurationSeconds") or 0)
        if not seconds and isinstance(started, datetime) and isinstance(finished, datetime):
            seconds = max((finished - started).total_seconds(), 0.0)
        success = state in SUCCESS_STATES
        error = None
        if not success:
            details = run.get("stateDetails") or "(EMR Serverless gave no state details)"
            error = f"EMR Serverless job run {external_id} {state}: {details}"
        app = job.settings["application_id"]
        region = self.hook.conn_region_name or "us-east-1"
        return ExecutionResult(
            platform="emr_serverless",
            success=success,
            state=state,
            execution_time_seconds=seconds,
            cost_estimate_usd=estimate_cost(
                "emr_serverless", seconds, settings=job.settings, usage=run, prices=self.prices
            ),
            external_id=external_id,
            log_url=(
                f"https://{region}.console.aws.amazon.com/emr/home?region={region}"
                f"#/serverless/applications/{app}/job-runs/{external_id}"
            ),
            error=error,
            started_at=started if isinstance(started, datetime) else None,
            finished_at=finished if isinstance(finished, datetime) else None,
            details={
                "application_id": app,
                **{
                    k: run[k]
                    for k in ("billedResourceUtilization", "totalResourceUtilization")
                    if k in run
                },
            },
        )

    def cancel(self, job: Job, external_id: str) -> bool:
        """Cancel the job run (CancelJobRun); a finished run is left alone (False)."""
        app = str(job.settings["application_id"])
        state = str(self._get_run(job, external_id).get("state", "UNKNOWN"))
        if state in TERMINAL_STATES:
            log.info("EMR Serverless job run %s already %s: nothing to cancel", external_id, state)
            return False
        self._call(self.hook.conn.cancel_job_run, applicationId=app, jobRunId=external_id)
        log.info("cancelled EMR Serverless job run %s on %s (was %s)", external_id, app, state)
        return True

    def trigger(self, job: Job, external_id: str, *, aws_conn_id: str | None = None) -> BaseTrigger:
        """`EmrServerlessStartJobTrigger` for this run (the operator defers to it)."""
        from airflow.providers.amazon.aws.triggers.emr import EmrServerlessStartJobTrigger

        return EmrServerlessStartJobTrigger(
            application_id=str(job.settings["application_id"]),
            job_id=external_id,
            waiter_delay=max(int(self.poll_interval), 1),
            waiter_max_attempts=int(job.settings.get("max_wait_attempts", 2880)),
            aws_conn_id=aws_conn_id or self.aws_conn_id,
            region_name=self.region_name,
        )
