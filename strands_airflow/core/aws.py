"""AWS errors, classified once: which are worth retrying, and how to name them.

Every AWS caller in the project (the runners, the S3 vector store, Bedrock) uses this
module, so "transient" means the same everywhere and every error names the Airflow
connection it went through. A connection id that does not exist is easy to miss: the
amazon provider then falls back to the default credential chain, so an error says
so explicitly (``connection 'aws_prod' does not exist``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

#: Error codes AWS uses for "slow down / try again", across S3, Glue, EMR, Lambda, Bedrock.
TRANSIENT_AWS_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "ProvisionedThroughputExceededException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "InternalServerException",
        "InternalServiceException",
        "RequestTimeout",
        "RequestTimeoutException",
        "RequestTimeTooSkewed",
        "EC2ThrottledException",
        "ModelNotReadyException",
        "500",
        "502",
        "503",
        "504",
    }
)


def aws_error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError ('' for anything else)."""
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return ""
    return str((response.get("Error") or {}).get("Code", ""))


def is_transient_aws_error(exc: BaseException) -> bool:
    """True for throttling, 5xx/429 answers and dropped or timed-out connections."""
    try:
        from botocore.exceptions import ClientError, ConnectionError, HTTPClientError
    except ImportError:  # pragma: no cover - boto3 comes with the amazon provider
        return False
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return aws_error_code(exc) in TRANSIENT_AWS_CODES or int(status) >= 500 or status == 429
    # ConnectionError covers endpoint/connect-timeout errors, HTTPClientError read timeouts
    # and closed connections.
    return isinstance(exc, ConnectionError | HTTPClientError)


def connection_exists(conn_id: str | None) -> bool | None:
    """Whether an Airflow connection id resolves (None when Airflow cannot be asked)."""
    if not conn_id:
        return None
    try:
        from airflow.sdk import BaseHook
    except Exception:  # noqa: BLE001 - no Airflow: nothing to check
        return None
    try:
        BaseHook.get_connection(conn_id)
        return True
    except Exception as exc:  # noqa: BLE001 - not found, or no metadata DB to ask
        # by name: the class lives in airflow.exceptions or airflow.sdk.exceptions by version
        return False if type(exc).__name__ == "AirflowNotFoundException" else None


def connection_note(conn_id: str | None) -> str:
    """``connection 'x'`` plus, when it does not exist, that the default credentials were used."""
    if not conn_id:
        return "no connection (default AWS credentials)"
    if connection_exists(conn_id) is False:
        return (
            f"connection {conn_id!r}, which does not exist: the default AWS credentials were "
            f"used; create it or pass an existing aws_conn_id"
        )
    return f"connection {conn_id!r}"


def describe_aws_error(exc: BaseException, *, action: str, conn_id: str | None) -> str:
    """One line naming what failed, the connection and the platform's own code and text."""
    code = aws_error_code(exc)
    response: Any = getattr(exc, "response", None) or {}
    message = (response.get("Error") or {}).get("Message") if isinstance(response, dict) else None
    detail = f"{code}: {message}" if code else f"{type(exc).__name__}: {message or exc}"
    return f"{action} failed ({connection_note(conn_id)}): {detail}"


def is_aws_error(exc: BaseException) -> bool:
    """True for botocore's errors (client errors, connection errors, credential errors)."""
    return type(exc).__module__.startswith("botocore") or any(
        c.__module__.startswith("botocore") for c in type(exc).__mro__[1:-1]
    )


@contextmanager
def naming_connection(
    action: str, conn_id: str | None, error: type[Exception] = RuntimeError
) -> Iterator[None]:
    """Re-raise an AWS error inside the block as `error`, naming the action and connection."""
    try:
        yield
    except Exception as exc:
        if is_aws_error(exc):
            raise error(describe_aws_error(exc, action=action, conn_id=conn_id)) from exc
        raise
