"""S3 backend of the vector store, through the amazon provider's ``S3Hook``.

The hook turns the Airflow connection (``aws_default`` unless told otherwise) into a
boto3 client, so credentials, region and ``extra.endpoint_url`` (moto, MinIO) come
from Airflow like everywhere else. Throttling, 5xx and dropped connections are retried
with exponential backoff (tenacity); permission and missing-bucket errors fail at once
with a :class:`VectorStoreError` naming the bucket and the connection id. A PUT is
atomic in S3, so a failed write leaves nothing half-written.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from strands_airflow.core.aws import is_transient_aws_error
from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import redact
from strands_airflow.vectors.backends import ConflictError

log = logging.getLogger(__name__)

_FATAL_HINTS = {
    "NoSuchBucket": "the bucket does not exist",
    "AccessDenied": "access denied: the connection's credentials may not use this bucket",
    "AllAccessDisabled": "all access to the bucket is disabled",
    "InvalidAccessKeyId": "the connection's access key id is not known to AWS",
    "SignatureDoesNotMatch": "the connection's secret key is wrong",
    "ExpiredToken": "the connection's session token has expired",
    "InvalidBucketName": "the bucket name is not valid",
}
# How many S3 requests one store keeps in flight when loading many objects.
_PARALLEL_GETS = 16


def _timeouts() -> tuple[float, float]:
    """(connect, read) timeouts in seconds of S3 calls, from the settings."""
    try:
        from strands_airflow.settings import get_settings

        s = get_settings()
        return s.store_connect_timeout_seconds, s.store_read_timeout_seconds
    except Exception:  # noqa: BLE001 - unreadable settings: the documented defaults
        return 5.0, 30.0


_is_transient = is_transient_aws_error

# botocore's data loader (service models, endpoint rules, partitions), shared by every
# session this process opens. Each new boto3 session otherwise parses S3's JSON models
# again: ~0.1 s per task, more than a decision's own S3 calls. Loaded data is read-only.
_SHARED_LOADER: Any = None
_LOADER_LOCK = threading.Lock()


def _share_loader(session: Any) -> None:
    """Give a boto3 session the process's warm data loader (the first one becomes it)."""
    global _SHARED_LOADER
    core = getattr(session, "_session", None)  # boto3.Session's botocore session
    if core is None or not hasattr(core, "register_component"):
        return
    with _LOADER_LOCK:
        if _SHARED_LOADER is None:
            _SHARED_LOADER = core.get_component("data_loader")
        else:
            core.register_component("data_loader", _SHARED_LOADER)


def warm_client_data() -> None:
    """Load S3's service model and endpoint rules into the shared loader, with no request
    and no credentials, and build one botocore session for the next forked task (a Celery
    pool process calls this once: its tasks inherit both)."""
    import boto3
    import botocore.session

    global _PREBUILT
    session = boto3.session.Session(region_name="us-east-1")
    _share_loader(session)
    session.client("s3", aws_access_key_id="warm", aws_secret_access_key="warm")
    # botocore registers ~130 event handlers per session (~20-40 ms on a worker). A session
    # built here, before the pool forks its task processes, costs each task nothing: every
    # task process has its own copy, taken once (see _take_prebuilt).
    core = botocore.session.Session()
    core.register_component("data_loader", _SHARED_LOADER)
    with _LOADER_LOCK:
        _PREBUILT = (os.getpid(), core)


# (pid of the process that built it, botocore session): see warm_client_data().
_PREBUILT: tuple[int, Any] | None = None


def _take_prebuilt() -> Any:
    """The pre-built botocore session, to a process forked after it was built, once (a
    session holds credentials: it serves one connection of one task process; the process
    that built it, and any later session, build their own)."""
    global _PREBUILT
    with _LOADER_LOCK:
        if _PREBUILT is None or _PREBUILT[0] == os.getpid():
            return None
        core, _PREBUILT = _PREBUILT[1], None
        return core


@functools.cache
def _prebuilt_factory() -> Any:
    """The provider's default session factory, creating basic sessions on the pre-built
    botocore session when this process has one."""
    import boto3
    from airflow.providers.amazon.aws.hooks.base_aws import BaseSessionFactory

    class PrebuiltSessionFactory(BaseSessionFactory):
        def _create_basic_session(self, session_kwargs: dict[str, Any]) -> Any:
            core = _take_prebuilt()
            if core is None:
                return super()._create_basic_session(session_kwargs)
            return boto3.session.Session(botocore_session=core, **session_kwargs)

    return PrebuiltSessionFactory


def _session(hook: Any) -> Any:
    """The boto3 session of the hook's connection, as ``hook.get_session()`` builds it
    (credentials, profile, assumed role), on the pre-built botocore session when this
    process has one and the deployment uses the provider's default session factory."""
    from airflow.providers.amazon.aws.hooks import base_aws

    if base_aws.SessionFactory is not base_aws.BaseSessionFactory:
        return hook.get_session()  # a deployment's own [aws] session_factory decides
    factory = _prebuilt_factory()
    return factory(conn=hook.conn_config, region_name=None, config=hook.config).create_session()


class S3Backend:
    """Objects under ``s3://bucket/prefix`` via ``S3Hook(aws_conn_id)``."""

    #: a listing costs a network round trip: readers start it early from a hint
    #: (see strands_airflow.vectors.listing_hint)
    lists_remotely = True

    def __init__(self, bucket: str, prefix: str, *, aws_conn_id: str = "aws_default") -> None:
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.aws_conn_id = aws_conn_id
        self.description = f"s3://{bucket}/{self.prefix} (connection {aws_conn_id!r})"
        # Backoff policy (full jitter, as AWS recommends for S3 throttling); tunable per store.
        self.attempts = 6
        self.backoff_seconds = 0.2

    @functools.cached_property
    def _hook(self) -> Any:
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        return S3Hook(aws_conn_id=self.aws_conn_id)

    @functools.cached_property
    def client(self) -> Any:
        """The boto3 S3 client of the Airflow connection (built once).

        Connect and read timeouts come from the ``store_connect_timeout_seconds`` /
        ``store_read_timeout_seconds`` settings (a hung endpoint fails a call instead of
        blocking its thread for ever); the connection's own ``config_kwargs`` win over
        them. botocore makes one attempt: transient errors are retried by `_call`.
        """
        try:
            from botocore.config import Config

            connect, read = _timeouts()
            hook = self._hook
            ours = Config(
                connect_timeout=connect,
                read_timeout=read,
                retries={"mode": "standard", "total_max_attempts": 1},
            )
            # The connection's session, endpoint and verify setting, as get_client_type()
            # uses them, without its telemetry user agent: that one walks the whole call
            # stack with inspect.stack() (reading source files), ~0.2 s per task on a
            # worker, more than the store's own calls (benchmarks/cluster_soak.py).
            session = _session(hook)
            _share_loader(session)
            return session.client(
                "s3",
                endpoint_url=hook.conn_config.get_service_endpoint_url(service_name="s3"),
                config=ours.merge(hook.config),
                verify=hook.verify,
            )
        except Exception as exc:
            raise self._cannot_open(exc) from None

    def _cannot_open(self, exc: Exception) -> VectorStoreError:
        return VectorStoreError(
            f"cannot open S3 bucket {self.bucket!r} with connection {self.aws_conn_id!r}: "
            f"{type(exc).__name__}: {redact(exc)}"
        )

    def ready(self, *, client: bool = True) -> None:
        """Read the Airflow connection now, on the calling thread, and (``client``) build
        the client: afterwards the client may be built and used on any thread."""
        try:
            self._hook.conn_config  # noqa: B018 - the hook's cached connection
        except Exception as exc:
            raise self._cannot_open(exc) from None
        if client:
            self.client  # noqa: B018 - the cached property builds it

    def _call(self, action: str, key: str, fn: Any, **kwargs: Any) -> Any:
        """One S3 request with backoff on transient errors and clear fatal errors."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            try:
                return fn(**kwargs)  # the common case pays nothing for the retry policy
            except (ClientError, BotoCoreError) as exc:
                if not _is_transient(exc) or self.attempts <= 1:
                    raise
                log.info("S3 %s of %r: %s; retrying with backoff", action, key, redact(exc))
            return self._retry(fn, **kwargs)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in {"NoSuchKey", "404"} and action == "get":
                return None
            hint = _FATAL_HINTS.get(code, exc.response.get("Error", {}).get("Message", ""))
            raise VectorStoreError(
                f"S3 {action} of {key!r} failed in bucket {self.bucket!r} "
                f"(connection {self.aws_conn_id!r}): {code}: {hint}"
            ) from exc
        except BotoCoreError as exc:
            raise VectorStoreError(
                f"S3 {action} of {key!r} failed in bucket {self.bucket!r} "
                f"(connection {self.aws_conn_id!r}): {redact(exc)}"
            ) from exc

    def _retry(self, fn: Any, **kwargs: Any) -> Any:
        """The remaining attempts after a transient failure: full-jitter exponential backoff."""
        from tenacity import (
            Retrying,
            retry_if_exception,
            stop_after_attempt,
            wait_random_exponential,
        )

        retrying = Retrying(
            stop=stop_after_attempt(self.attempts - 1),
            wait=wait_random_exponential(multiplier=self.backoff_seconds, max=10.0),
            retry=retry_if_exception(_is_transient),
            reraise=True,
        )
        time.sleep(random.uniform(0, self.backoff_seconds))  # first backoff, as tenacity would
        return retrying(fn, **kwargs)

    def put(self, key: str, data: bytes) -> None:
        full = self.prefix + key
        self._call(
            "put",
            full,
            self.client.put_object,
            Bucket=self.bucket,
            Key=full,
            Body=data,
            ContentType="application/json" if key.endswith(".json") else "application/octet-stream",
        )

    def get(self, key: str) -> bytes | None:
        full = self.prefix + key

        def fetch(**kwargs: Any) -> bytes:
            return self.client.get_object(**kwargs)["Body"].read()

        return self._call("get", full, fetch, Bucket=self.bucket, Key=full)

    def get_many(self, keys: list[str]) -> dict[str, bytes | None]:
        if len(keys) <= 2:
            return {k: self.get(k) for k in keys}
        with ThreadPoolExecutor(max_workers=min(_PARALLEL_GETS, len(keys))) as pool:
            return dict(zip(keys, pool.map(self.get, keys), strict=True))

    def list(self, prefix: str, start_after: str | None = None) -> list[str]:
        full_prefix = self.prefix + prefix
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Prefix": full_prefix}
        if start_after is not None and start_after >= prefix:
            kwargs["StartAfter"] = self.prefix + start_after
        out: list[str] = []
        cut = len(self.prefix)
        while True:
            page = self._call("list", full_prefix, self.client.list_objects_v2, **kwargs)
            out.extend(obj["Key"][cut:] for obj in page.get("Contents", ()))
            if not page.get("IsTruncated"):
                return out
            kwargs["ContinuationToken"] = page["NextContinuationToken"]
            kwargs.pop("StartAfter", None)

    def delete(self, key: str) -> None:
        full = self.prefix + key
        self._call("delete", full, self.client.delete_object, Bucket=self.bucket, Key=full)

    # -- conditional writes and ranged reads ----------------------------------------------

    def get_versioned(self, key: str) -> tuple[bytes, str] | None:
        full = self.prefix + key

        def fetch(**kwargs: Any) -> tuple[bytes, str]:
            resp = self.client.get_object(**kwargs)
            return resp["Body"].read(), str(resp["ETag"]).strip('"')

        return self._call("get", full, fetch, Bucket=self.bucket, Key=full)

    def put_if(self, key: str, data: bytes, version: str | None) -> str:
        """PUT with ``If-Match: version`` (or ``If-None-Match: *`` for a new object)."""
        from botocore.exceptions import ClientError

        full = self.prefix + key
        condition = {"IfNoneMatch": "*"} if version is None else {"IfMatch": f'"{version}"'}

        def put(**kwargs: Any) -> str:
            try:
                return str(self.client.put_object(**kwargs)["ETag"]).strip('"')
            except ClientError as exc:
                code = str(exc.response.get("Error", {}).get("Code", ""))
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
                # 412: the object changed; 409: another conditional write is in flight;
                # NoSuchKey: If-Match on an object deleted since it was read.
                if code in {"PreconditionFailed", "ConditionalRequestConflict", "NoSuchKey"} or (
                    status in (409, 412)
                ):
                    raise ConflictError(
                        f"{full!r} in bucket {self.bucket!r} changed since it was read ({code})"
                    ) from None
                raise

        return self._call("put", full, put, Bucket=self.bucket, Key=full, Body=data, **condition)

    def staging_dir(self, key: str) -> None:
        return None  # the system's temp directory

    def put_file(self, key: str, path: Any) -> None:
        """Upload a finished local file (multipart for big ones: memory stays bounded)."""
        full = self.prefix + key
        try:
            self._call(
                "put",
                full,
                self.client.upload_file,
                Filename=str(path),
                Bucket=self.bucket,
                Key=full,
            )
        finally:
            path.unlink(missing_ok=True)

    def open(self, key: str) -> io.BufferedReader:
        """A seekable reader fetching byte ranges on demand (parquet footers, row groups)."""
        full = self.prefix + key
        head = self._call("head", full, self.client.head_object, Bucket=self.bucket, Key=full)
        return io.BufferedReader(_RangeReader(self, full, int(head["ContentLength"])), 1 << 20)


class _RangeReader(io.RawIOBase):
    """``GetObject`` with ``Range`` for each read: what a parquet reader needs of S3."""

    def __init__(self, backend: S3Backend, key: str, size: int) -> None:
        self.backend, self.key, self.size, self.pos = backend, key, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(base + offset, 0)
        return self.pos

    def readinto(self, buffer: Any) -> int:
        if self.pos >= self.size:
            return 0
        end = min(self.pos + len(buffer), self.size) - 1
        b = self.backend

        def fetch(**kwargs: Any) -> bytes:
            return b.client.get_object(**kwargs)["Body"].read()

        data = b._call(
            "get", self.key, fetch, Bucket=b.bucket, Key=self.key, Range=f"bytes={self.pos}-{end}"
        )
        n = len(data)
        buffer[:n] = data
        self.pos += n
        return n
