"""The AWS Lambda runner: the amazon provider's `LambdaHook`, one synchronous invocation.

The function (``platforms.lambda.function_name``, optional ``qualifier``) receives the
job as its event: ``{"pipeline", "run_key", "transform", "sql", "sources", "target"}``.
It may answer with ``rows_in`` / ``rows_out`` / ``bytes_scanned`` in a JSON object;
they are copied into the result.

Lambda's limits are checked before invoking, with an error that says what to do:
the request payload must be at most 6 MB (6,291,456 bytes), and a job predicted
(``Job.predicted_seconds``) to run longer than 15 minutes, or than the function's own
timeout, is refused. A function error (``FunctionError`` in the response) is a failed
result whose `error` is the function's own ``errorType: errorMessage``.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import time
from typing import TYPE_CHECKING, Any

from strands_airflow.core.aws import TRANSIENT_AWS_CODES, aws_error_code
from strands_airflow.exceptions import ExecutionError
from strands_airflow.execution.base import Runner, utcnow
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus
from strands_airflow.execution.pricing import estimate_cost

if TYPE_CHECKING:
    from airflow.providers.amazon.aws.hooks.lambda_function import LambdaHook

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
MAX_RUNTIME_SECONDS = 15 * 60
_DURATION = re.compile(r"\bDuration:\s*([0-9.]+)\s*ms")


def _throttled(exc: BaseException) -> bool:
    # Only "not executed" answers (throttling, 5xx codes) are retried, never a dropped or
    # timed-out connection as `is_transient_aws_error` would: the function may have run.
    return aws_error_code(exc) in TRANSIENT_AWS_CODES


class LambdaRunner(Runner):
    """Runs a job as one synchronous Lambda invocation (connection `aws_conn_id`)."""

    platform = "lambda"

    def __init__(
        self,
        *,
        aws_conn_id: str | None = "aws_default",
        region_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.aws_conn_id = aws_conn_id
        self.region_name = region_name
        self._hook: LambdaHook | None = None
        self._results: dict[str, ExecutionResult] = {}

    @property
    def hook(self) -> LambdaHook:
        """The provider's Lambda hook, with a read timeout long enough for a 15-minute run."""
        if self._hook is None:
            from airflow.providers.amazon.aws.hooks.lambda_function import LambdaHook
            from botocore.config import Config

            self._hook = LambdaHook(
                aws_conn_id=self.aws_conn_id,
                region_name=self.region_name,
                config=Config(
                    read_timeout=MAX_RUNTIME_SECONDS + 60, retries={"total_max_attempts": 1}
                ),
            )
        return self._hook

    def check_limits(self, job: Job, payload: bytes) -> None:
        """Refuse a payload over 6 MB or a run predicted past 15 minutes / the function timeout."""
        if len(payload) > MAX_PAYLOAD_BYTES:
            raise ExecutionError(
                f"the Lambda request payload for pipeline {job.name!r} is {len(payload):,} bytes; "
                f"Lambda accepts at most {MAX_PAYLOAD_BYTES:,} (6 MB). Put the SQL in a file on S3 "
                f"or choose glue or emr_serverless"
            )
        if job.predicted_seconds is None:
            return
        limit = float(MAX_RUNTIME_SECONDS)
        timeout = self._function_timeout(job)
        if timeout:
            limit = min(limit, float(timeout))
        if job.predicted_seconds > limit:
            raise ExecutionError(
                f"pipeline {job.name!r} is predicted to run {job.predicted_seconds:.0f} s; Lambda "
                f"function {job.settings['function_name']!r} stops after {limit:.0f} s (Lambda's "
                f"limit is 15 minutes). Choose glue or emr_serverless"
            )

    def _function_timeout(self, job: Job) -> int | None:
        kwargs: dict[str, Any] = {"FunctionName": job.settings["function_name"]}
        if job.settings.get("qualifier"):
            kwargs["Qualifier"] = job.settings["qualifier"]
        cfg = self._call(self.hook.conn.get_function_configuration, **kwargs)
        return cfg.get("Timeout")

    def run(self, job: Job, *, timeout_seconds: float | None = None) -> ExecutionResult:
        """Invoke the function once (RequestResponse) and return the result."""
        from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

        self._check(job)
        payload = json.dumps(job.payload(), separators=(",", ":")).encode()
        self.check_limits(job, payload)
        name = job.settings["function_name"]
        started_at, t0 = utcnow(), time.perf_counter()
        for attempt in Retrying(
            retry=retry_if_exception(_throttled),
            wait=wait_exponential(multiplier=self.retry_wait_seconds, max=30),
            stop=stop_after_attempt(self.retry_attempts),
            reraise=True,
        ):
            with attempt:
                resp = self.hook.invoke_lambda(
                    function_name=name,
                    invocation_type="RequestResponse",
                    log_type="Tail",
                    payload=payload,
                    qualifier=job.settings.get("qualifier") or None,
                )
        wall = time.perf_counter() - t0
        body = resp["Payload"].read().decode("utf-8", errors="replace")
        logs = base64.b64decode(resp.get("LogResult") or b"").decode("utf-8", errors="replace")
        match = _DURATION.search(logs)
        seconds = float(match.group(1)) / 1000.0 if match else wall
        data: Any = None
        try:
            data = json.loads(body) if body else None
        except json.JSONDecodeError:
            data = None
        counts = data if isinstance(data, dict) else {}
        function_error = resp.get("FunctionError")
        error = None
        if function_error:
            text = (
                f"{counts.get('errorType')}: {counts.get('errorMessage')}"
                if "errorMessage" in counts
                else body
            )
            error = f"Lambda function {name} {function_error} error: {text}"
        region = self.hook.conn_region_name or "us-east-1"
        result = ExecutionResult(
            platform="lambda",
            success=not function_error,
            state="FAILED" if function_error else "SUCCEEDED",
            execution_time_seconds=round(seconds, 6),
            rows_in=_int(counts.get("rows_in")),
            rows_out=_int(counts.get("rows_out")),
            bytes_scanned=_int(counts.get("bytes_scanned")),
            cost_estimate_usd=estimate_cost(
                "lambda", seconds, settings=job.settings, prices=self.prices
            ),
            external_id=resp.get("ResponseMetadata", {}).get("RequestId") or f"lambda-{job.token}",
            log_url=(
                f"https://{region}.console.aws.amazon.com/lambda/home?region={region}"
                f"#/functions/{name}?tab=monitoring"
            ),
            error=error,
            started_at=started_at,
            finished_at=utcnow(),
            details={
                "status_code": resp.get("StatusCode"),
                "executed_version": resp.get("ExecutedVersion"),
            },
        )
        self._results[str(result.external_id)] = result
        return result

    # Lambda is synchronous: start() invokes, poll() / result() read the stored outcome.
    def start(self, job: Job) -> str:
        """Invoke the function and return the request id."""
        return str(self.run(job).external_id)

    def poll(self, job: Job, external_id: str) -> JobStatus:
        """Always terminal once `start` returned."""
        res = self._results.get(external_id)
        if res is None:
            raise ExecutionError(f"no Lambda invocation {external_id!r} in this process")
        return JobStatus(
            state=str(res.state), terminal=True, succeeded=res.success, message=res.error
        )

    def cancel(self, job: Job, external_id: str) -> bool:
        """Lambda has no API to stop an invocation under way: log it and return False."""
        log.warning(
            "Lambda invocation %s of %s cannot be stopped (AWS has no API for it); it runs to "
            "its end or the function's timeout",
            external_id,
            job.settings.get("function_name"),
        )
        return False

    def result(self, job: Job, external_id: str) -> ExecutionResult:
        """The result of an invocation made by `start` in this process."""
        self.poll(job, external_id)
        return self._results[external_id]


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
