"""Object backends of the vector store: ``memory://``, ``file:///abs/path``, ``s3://``.

A backend stores whole objects under string keys relative to the store's root and
lists keys in lexicographic order. Each ``put`` replaces an object atomically
(S3 PUT semantics; temp file + rename on a file system), which is what the store's
crash-safety rests on. The S3 backend lives in :mod:`strands_airflow.vectors.s3`.
"""

from __future__ import annotations

import bisect
import os
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import has_credentials, redact


class Backend(Protocol):
    """What the store needs from a place that holds objects."""

    description: str  # where, for error messages: "file:///data/strands"

    def put(self, key: str, data: bytes) -> None:
        """Write (or replace) one object atomically."""

    def get(self, key: str) -> bytes | None:
        """An object's bytes, or None when there is no such key."""

    def get_many(self, keys: list[str]) -> dict[str, bytes | None]:
        """Several objects (concurrently where the backend benefits)."""

    def list(self, prefix: str, start_after: str | None = None) -> list[str]:
        """Keys starting with ``prefix`` and sorting after ``start_after``, in order."""

    def delete(self, key: str) -> None:
        """Remove an object if it exists."""


class MemoryBackend:
    """In-process objects shared by every store opened on the same ``memory://name``."""

    _spaces: dict[str, tuple[dict[str, bytes], list[str], threading.Lock]] = {}
    _spaces_lock = threading.Lock()

    def __init__(self, name: str) -> None:
        self.description = f"memory://{name}"
        with self._spaces_lock:
            space = self._spaces.setdefault(name, ({}, [], threading.Lock()))
        self._objects, self._sorted, self._lock = space

    @classmethod
    def reset(cls, name: str | None = None) -> None:
        """Forget one in-memory space (or all): for tests and notebooks."""
        with cls._spaces_lock:
            if name is None:
                cls._spaces.clear()
            else:
                cls._spaces.pop(name, None)

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            if key not in self._objects:
                bisect.insort(self._sorted, key)
            self._objects[key] = bytes(data)

    def get(self, key: str) -> bytes | None:
        return self._objects.get(key)

    def get_many(self, keys: list[str]) -> dict[str, bytes | None]:
        return {k: self._objects.get(k) for k in keys}

    def list(self, prefix: str, start_after: str | None = None) -> list[str]:
        with self._lock:
            lo = bisect.bisect_left(self._sorted, prefix)
            if start_after is not None and start_after >= prefix:
                lo = bisect.bisect_right(self._sorted, start_after)
            out = []
            for key in self._sorted[lo:]:
                if not key.startswith(prefix):
                    break
                out.append(key)
            return out

    def delete(self, key: str) -> None:
        with self._lock:
            if self._objects.pop(key, None) is not None:
                i = bisect.bisect_left(self._sorted, key)
                del self._sorted[i]


class FileBackend:
    """Objects as files under a root directory; writes are temp file + ``os.replace``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = root.as_uri()

    def _path(self, key: str) -> Path:
        if ".." in key.split("/") or key.startswith("/"):
            raise VectorStoreError(f"invalid object key {key!r} for store {self.description}")
        return self.root / key

    def put(self, key: str, data: bytes, *, durable: bool = False) -> None:
        path = self._path(key)
        tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
        try:
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, data)
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise VectorStoreError(
                f"cannot write {key!r} in store {self.description}: {exc.strerror or exc}"
            ) from exc

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError as exc:
            raise VectorStoreError(
                f"cannot read {key!r} in store {self.description}: {exc.strerror or exc}"
            ) from exc

    def get_many(self, keys: list[str]) -> dict[str, bytes | None]:
        return {k: self.get(k) for k in keys}

    def list(self, prefix: str, start_after: str | None = None) -> list[str]:
        # Keys are "dir/.../name"; list the deepest directory the prefix names, then filter.
        directory, _, name_prefix = prefix.rpartition("/")
        base = self.root / directory if directory else self.root
        try:
            names = os.listdir(base)
        except (FileNotFoundError, NotADirectoryError):
            return []
        lead = f"{directory}/" if directory else ""
        out = []
        for name in names:
            # Temp files of writes in flight (or killed midway) are not objects.
            if name.startswith(".tmp-") or not name.startswith(name_prefix):
                continue
            key = lead + name
            if name.endswith((".json", ".parquet")) or not (base / name).is_dir():
                if start_after is None or key > start_after:
                    out.append(key)
            else:
                out.extend(self.list(key + "/", start_after))
        out.sort()
        return out

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def temp_files(self, prefix: str) -> Iterable[Path]:
        """Leftover temp files of writes that were killed midway (for cleanup)."""
        directory = prefix.rpartition("/")[0]
        base = self.root / directory if directory else self.root
        return base.glob(".tmp-*") if base.is_dir() else []


def open_backend(url: str, *, aws_conn_id: str = "aws_default") -> Backend:
    """The backend a store URL names; raises VectorStoreError for anything else.

    A URL with credentials (``s3://KEY:SECRET@bucket``) is refused: they would not be
    used (S3 credentials come from the Airflow connection) and every message naming the
    store would carry them. Messages show the URL through `redact`.
    """
    shown = redact(url)
    if has_credentials(url):
        raise VectorStoreError(
            f"store url {shown!r} carries credentials or a user (user:password@ or name@), "
            "which the store never uses and which would leak into logs: remove them, put "
            f"credentials in the Airflow connection (now {aws_conn_id!r}, setting "
            "aws_conn_id) and write an '@' inside a prefix as %40"
        )
    try:
        parsed = urlparse(url)
    except ValueError as exc:
        raise VectorStoreError(f"store url {shown!r} is not a valid URL: {exc}") from None
    scheme = parsed.scheme.lower()
    if scheme == "memory":
        name = (parsed.netloc + parsed.path).strip("/") or "default"
        return MemoryBackend(name)
    if scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            raise VectorStoreError(
                f"store url {shown!r}: file URLs need an absolute path, e.g. file:///data/strands"
            )
        path = Path(unquote(parsed.path))
        if not path.is_absolute():
            raise VectorStoreError(f"store url {shown!r}: file path must be absolute")
        return FileBackend(path)
    if scheme in ("s3", "s3a"):
        from strands_airflow.vectors.s3 import S3Backend

        if not parsed.netloc:
            raise VectorStoreError(f"store url {shown!r}: expected s3://bucket/prefix")
        return S3Backend(parsed.netloc, parsed.path.strip("/"), aws_conn_id=aws_conn_id)
    raise VectorStoreError(
        f"store url {shown!r}: scheme {scheme or '(none)'!r} is not supported; "
        "use memory://name, file:///abs/path or s3://bucket/prefix"
    )
