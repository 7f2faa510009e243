"""The runner interface every platform implements, and the retry policy for AWS calls.

Two ways to drive a runner:

- ``run(job)``: start, wait, and return the `ExecutionResult` (scripts, the coordinator,
  a non-deferrable operator);
- ``start(job) -> external_id``, then ``poll(job, external_id)`` until terminal, then
  ``result(job, external_id)``: the split a deferrable operator needs. Remote runners
  also offer ``trigger(job, external_id, ...)``, the amazon provider's trigger that waits
  in the triggerer instead of a worker slot.

``cancel(job, external_id)`` stops a remote run (Glue: BatchStopJobRun, EMR Serverless:
CancelJobRun); a run that already finished is left alone. A Lambda invocation cannot be
stopped and a local run has nothing remote to stop: both only log.

A run the platform reports failed is *returned* (``success=False`` and the platform's
own state and message in ``error``), so the learning step can record it; errors in the
input (missing settings) raise `StrandsConfigError` before anything starts.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from strands_airflow.core.aws import is_transient_aws_error
from strands_airflow.exceptions import ExecutionError
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus

if TYPE_CHECKING:
    from airflow.triggers.base import BaseTrigger

log = logging.getLogger(__name__)
T = TypeVar("T")


def aws_call(
    fn: Callable[..., T],
    *args: Any,
    attempts: int = 6,
    wait_seconds: float = 1.0,
    max_wait_seconds: float = 30.0,
    **kwargs: Any,
) -> T:
    """Call `fn`, retrying transient AWS errors with exponential backoff (tenacity).

    A non-transient error (bad parameters, access denied, missing job) is raised at once.
    """
    from tenacity import (
        Retrying,
        retry_if_exception,
        stop_after_attempt,
        wait_exponential,
    )

    for attempt in Retrying(
        retry=retry_if_exception(is_transient_aws_error),
        wait=wait_exponential(multiplier=wait_seconds, max=max_wait_seconds),
        stop=stop_after_attempt(attempts),
        reraise=True,
        before_sleep=lambda rs: log.warning(
            "transient AWS error on %s (attempt %d), retrying: %s",
            getattr(fn, "__name__", fn),
            rs.attempt_number,
            rs.outcome.exception() if rs.outcome else "",
        ),
    ):
        with attempt:
            return fn(*args, **kwargs)
    raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover


def utcnow() -> datetime:
    """Timezone-aware now (results carry UTC timestamps)."""
    return datetime.now(timezone.utc)


class Runner(ABC):
    """Runs a `Job` on one platform. Subclasses set `platform` and implement start/poll/result.

    Constructor arguments shared by the AWS runners: `aws_conn_id` (Airflow connection),
    `region_name`, `poll_interval` seconds, `prices` (see `pricing`), and the retry
    policy `retry_attempts` / `retry_wait_seconds`.
    """

    platform: str = ""
    #: True when the platform has an amazon-provider trigger the operator can defer to
    deferrable: bool = False

    def __init__(
        self,
        *,
        poll_interval: float = 10.0,
        prices: dict[str, Any] | None = None,
        retry_attempts: int = 6,
        retry_wait_seconds: float = 1.0,
    ) -> None:
        from strands_airflow.execution.pricing import get_prices

        self.poll_interval = poll_interval
        self.prices = prices if prices is not None else get_prices()
        self.retry_attempts = retry_attempts
        self.retry_wait_seconds = retry_wait_seconds

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One AWS call with the retry policy (the platform's own exception on failure; the
        pipeline steps name the connection, see `core.aws.naming_connection`)."""
        return aws_call(
            fn, *args, attempts=self.retry_attempts, wait_seconds=self.retry_wait_seconds, **kwargs
        )

    def _check(self, job: Job) -> None:
        if job.platform != self.platform:
            raise ExecutionError(
                f"{type(self).__name__} runs platform {self.platform!r}, but the job is for "
                f"{job.platform!r}; use get_runner({job.platform!r})"
            )
        job.check_settings()

    @abstractmethod
    def start(self, job: Job) -> str:
        """Start the job and return the platform's id of the run (nothing waits here)."""

    @abstractmethod
    def poll(self, job: Job, external_id: str) -> JobStatus:
        """The run's current state."""

    @abstractmethod
    def result(self, job: Job, external_id: str) -> ExecutionResult:
        """The finished run's result: timings, cost, and the platform's error text if it failed."""

    def cancel(self, job: Job, external_id: str) -> bool:
        """Stop the run on its platform; True when a stop was requested.

        A run that already finished is left alone (a log line, False). The base runs
        in-process (local DuckDB): there is nothing to stop remotely.
        """
        log.info(
            "%s run %s runs in-process: nothing to cancel remotely", self.platform, external_id
        )
        return False

    def trigger(self, job: Job, external_id: str, *, aws_conn_id: str | None = None) -> BaseTrigger:
        """The amazon provider trigger that waits for this run in the triggerer."""
        raise ExecutionError(f"platform {self.platform!r} has no trigger to defer to")

    def run(self, job: Job, *, timeout_seconds: float | None = None) -> ExecutionResult:
        """Start the job, wait for it (polling every `poll_interval`), return its result."""
        self._check(job)
        external_id = self.start(job)
        return self.wait(job, external_id, timeout_seconds=timeout_seconds)

    def wait(
        self, job: Job, external_id: str, *, timeout_seconds: float | None = None
    ) -> ExecutionResult:
        """Wait for an already started run (also how a restarted task resumes: no new job)."""
        deadline = None if timeout_seconds is None else time.monotonic() + timeout_seconds
        while True:
            status = self.poll(job, external_id)
            if status.terminal:
                return self.result(job, external_id)
            if deadline is not None and time.monotonic() > deadline:
                raise ExecutionError(
                    f"{self.platform} run {external_id} still {status.state} after "
                    f"{timeout_seconds:.0f} s; it keeps running on the platform"
                )
            time.sleep(self.poll_interval)


def get_runner(platform: str, **kwargs: Any) -> Runner:
    """The runner for a platform id (`local`, `glue`, `emr_serverless`, `lambda`, `spark`).

    Keyword arguments go to the runner's constructor (``aws_conn_id=``, ``prices=``...).
    """
    if platform == "local":
        from strands_airflow.execution.local import LocalRunner

        return LocalRunner(**kwargs)
    if platform == "glue":
        from strands_airflow.execution.glue import GlueRunner

        return GlueRunner(**kwargs)
    if platform == "emr_serverless":
        from strands_airflow.execution.emr_serverless import EmrServerlessRunner

        return EmrServerlessRunner(**kwargs)
    if platform == "lambda":
        from strands_airflow.execution.lambda_ import LambdaRunner

        return LambdaRunner(**kwargs)
    if platform == "spark":
        from strands_airflow.execution.spark import SparkRunner

        return SparkRunner(**kwargs)
    from strands_airflow.core.platforms import PLATFORM_IDS
    from strands_airflow.exceptions import StrandsConfigError

    raise StrandsConfigError(f"unknown platform {platform!r}; allowed: {', '.join(PLATFORM_IDS)}")
