"""The AWS Glue runner: the amazon provider's `GlueJobHook`, start a run and wait (or defer).

The Glue job (``platforms.glue.job_name``) normally exists already. When it does not,
the runner creates it only if ``script_location`` and ``iam_role_name`` are set;
otherwise it raises `StrandsConfigError` naming those settings, before anything starts.

Each run gets the configured ``arguments`` plus two of ours that the script can read
with ``getResolvedOptions``: ``--strands_run_key`` and ``--strands_job`` (JSON: sources,
target, SQL). ``worker_type`` / ``number_of_workers`` are passed on the run.

Resuming: `start` first looks for a run of this job with the same ``--strands_run_key``
that is still going, and returns it instead of starting a second one; so a task killed
while waiting picks up the same Glue run.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from strands_airflow.exceptions import ExecutionError, StrandsConfigError
from strands_airflow.execution.base import Runner
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus
from strands_airflow.execution.pricing import estimate_cost

if TYPE_CHECKING:
    from airflow.providers.amazon.aws.hooks.glue import GlueJobHook
    from airflow.triggers.base import BaseTrigger

log = logging.getLogger(__name__)

ACTIVE_STATES = frozenset({"STARTING", "RUNNING", "STOPPING", "WAITING"})
SUCCESS_STATES = frozenset({"SUCCEEDED"})
TERMINAL_STATES = frozenset({"SUCCEEDED", "STOPPED", "FAILED", "TIMEOUT", "ERROR", "EXPIRED"})
RUN_KEY_ARG = "--strands_run_key"
JOB_ARG = "--strands_job"


class GlueRunner(Runner):
    """Runs a job as an AWS Glue job run through `GlueJobHook` (connection `aws_conn_id`)."""

    platform = "glue"
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
        self._hooks: dict[str, GlueJobHook] = {}

    def hook(self, job: Job) -> GlueJobHook:
        """The provider's hook for this job's Glue job (one per job name, reused)."""
        name = str(job.settings.get("job_name"))
        if name not in self._hooks:
            from airflow.providers.amazon.aws.hooks.glue import GlueJobHook

            s = job.settings
            self._hooks[name] = GlueJobHook(
                job_name=name,
                script_location=s.get("script_location"),
                iam_role_name=s.get("iam_role_name"),
                desc=f"strands-airflow pipeline {job.name}",
                create_job_kwargs={
                    "WorkerType": s.get("worker_type", "G.1X"),
                    "NumberOfWorkers": int(s.get("number_of_workers", 2)),
                    "GlueVersion": s.get("glue_version", "4.0"),
                },
                aws_conn_id=self.aws_conn_id,
                region_name=self.region_name,
            )
        return self._hooks[name]

    def find_active(self, job: Job) -> str | None:
        """The id of a still-running run of this job with the same run key, if any."""
        hook = self.hook(job)
        resp = self._call(hook.conn.get_job_runs, JobName=job.settings["job_name"], MaxResults=50)
        for run in resp.get("JobRuns", []):
            if (
                run.get("JobRunState") in ACTIVE_STATES
                and (run.get("Arguments") or {}).get(RUN_KEY_ARG) == job.run_key
            ):
                return str(run["Id"])
        return None

    def start(self, job: Job) -> str:
        """Start a Glue job run (or return the active one for this run key); returns its run id."""
        self._check(job)
        s = job.settings
        name = s["job_name"]
        hook = self.hook(job)
        if not self._call(hook.has_job, name):
            if not (s.get("script_location") and s.get("iam_role_name")):
                raise StrandsConfigError(
                    f"platforms.glue.job_name: Glue job {name!r} does not exist; create it, or set "
                    f"platforms.glue.script_location and platforms.glue.iam_role_name so it can be created"
                )
            self._call(hook.get_or_create_glue_job)
        active = self.find_active(job)
        if active:
            log.info(
                "Glue job %s already has run %s for %s; waiting on it", name, active, job.run_key
            )
            return active
        arguments = {str(k): str(v) for k, v in (s.get("arguments") or {}).items()}
        arguments[RUN_KEY_ARG] = job.run_key
        arguments[JOB_ARG] = json.dumps(job.payload(), separators=(",", ":"))
        resp = self._call(
            hook.conn.start_job_run,
            JobName=name,
            Arguments=arguments,
            WorkerType=s.get("worker_type", "G.1X"),
            NumberOfWorkers=int(s.get("number_of_workers", 2)),
        )
        run_id = str(resp["JobRunId"])
        log.info("started Glue job %s run %s", name, run_id)
        return run_id

    def _get_run(self, job: Job, external_id: str) -> dict[str, Any]:
        hook = self.hook(job)
        resp = self._call(
            hook.conn.get_job_run, JobName=job.settings["job_name"], RunId=external_id
        )
        return dict(resp["JobRun"])

    def poll(self, job: Job, external_id: str) -> JobStatus:
        """The run's JobRunState (terminal: SUCCEEDED, STOPPED, FAILED, TIMEOUT, ERROR, EXPIRED)."""
        run = self._get_run(job, external_id)
        state = str(run.get("JobRunState", "UNKNOWN"))
        return JobStatus(
            state=state,
            terminal=state in TERMINAL_STATES,
            succeeded=state in SUCCESS_STATES,
            message=run.get("ErrorMessage"),
        )

    def result(self, job: Job, external_id: str) -> ExecutionResult:
        """The finished run: ExecutionTime, DPU cost, and Glue's ErrorMessage verbatim on failure."""
        run = self._get_run(job, external_id)
        state = str(run.get("JobRunState", "UNKNOWN"))
        if state not in TERMINAL_STATES:
            raise ExecutionError(
                f"Glue job run {external_id} is still {state}; poll until it finishes"
            )
        started, finished = run.get("StartedOn"), run.get("CompletedOn")
        seconds = float(run.get("ExecutionTime") or 0)
        if not seconds and isinstance(started, datetime) and isinstance(finished, datetime):
            seconds = max((finished - started).total_seconds(), 0.0)
        settings = {
            **job.settings,
            "worker_type": run.get("WorkerType") or job.settings.get("worker_type"),
            "number_of_workers": run.get("NumberOfWorkers")
            or job.settings.get("number_of_workers"),
        }
        success = state in SUCCESS_STATES
        error = None
        if not success:
            message = run.get("ErrorMessage") or "(Glue gave no error message)"
            error = f"Glue job {job.settings['job_name']} run {external_id} {state}: {message}"
        return ExecutionResult(
            platform="glue",
            success=success,
            state=state,
            execution_time_seconds=seconds,
            cost_estimate_usd=estimate_cost(
                "glue", seconds, settings=settings, usage=run, prices=self.prices
            ),
            external_id=external_id,
            log_url=self._log_url(job, external_id),
            error=error,
            started_at=started if isinstance(started, datetime) else None,
            finished_at=finished if isinstance(finished, datetime) else None,
            details={
                k: run[k]
                for k in (
                    "Attempt",
                    "WorkerType",
                    "NumberOfWorkers",
                    "DPUSeconds",
                    "GlueVersion",
                    "LogGroupName",
                )
                if k in run
            },
        )

    def cancel(self, job: Job, external_id: str) -> bool:
        """Stop the Glue job run (BatchStopJobRun); a finished run is left alone (False)."""
        name = str(job.settings["job_name"])
        state = str(self._get_run(job, external_id).get("JobRunState", "UNKNOWN"))
        if state in TERMINAL_STATES:
            log.info("Glue job %s run %s already %s: nothing to cancel", name, external_id, state)
            return False
        resp = self._call(
            self.hook(job).conn.batch_stop_job_run, JobName=name, JobRunIds=[external_id]
        )
        errors = resp.get("Errors") or []
        if errors:
            detail = (errors[0].get("ErrorDetail") or {}).get("ErrorMessage") or errors[0]
            raise ExecutionError(f"Glue job {name} run {external_id} was not stopped: {detail}")
        log.info("asked Glue to stop job %s run %s (was %s)", name, external_id, state)
        return True

    def _log_url(self, job: Job, run_id: str) -> str:
        region = self.hook(job).conn_region_name or "us-east-1"
        name = quote(str(job.settings["job_name"]), safe="")
        return (
            f"https://{region}.console.aws.amazon.com/gluestudio/home?region={region}"
            f"#/job/{name}/run/{run_id}"
        )

    def trigger(self, job: Job, external_id: str, *, aws_conn_id: str | None = None) -> BaseTrigger:
        """`GlueJobCompleteTrigger` for this run (the operator defers to it)."""
        from airflow.providers.amazon.aws.triggers.glue import GlueJobCompleteTrigger

        return GlueJobCompleteTrigger(
            job_name=str(job.settings["job_name"]),
            run_id=external_id,
            waiter_delay=max(int(self.poll_interval), 1),
            waiter_max_attempts=int(job.settings.get("max_wait_attempts", 2880)),
            aws_conn_id=aws_conn_id or self.aws_conn_id,
            region_name=self.region_name,
        )
