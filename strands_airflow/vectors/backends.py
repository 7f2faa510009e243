"""Object backends of the vector store: ``memory://``, ``file:///abs/path``, ``s3://``.

A backend stores whole objects under string keys relative to the store's root and
lists keys in lexicographic order. Each ``put`` replaces an object atomically
(S3 PUT semantics; temp file + rename on a file system), which is what the store's
crash-safety rests on. The S3 backend lives in :mod:`strands_airflow.vectors.s3`.

Objects several processes update (manifests, learned state) use a conditional write:
``get_versioned`` returns the bytes with a version tag, and ``put_if(key, data,
version)`` writes only if the object still has that version (None: only if it does not
exist), raising :class:`ConflictError` otherwise; the caller re-reads and retries. S3
does this with ``If-Match`` / ``If-None-Match``; a file system with a lock file held
around compare-and-rename (the lock dies with its process, so a killed writer never
blocks the next one); memory with a lock.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import os
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.redact import has_credentials, redact


class ConflictError(VectorStoreError):
    """A conditional write lost: the object changed (or appeared) since it was read."""


def content_version(data: bytes) -> str:
    """The version tag of an object on backends without native ones: its content hash."""
    return hashlib.sha256(data).hexdigest()[:32]


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

    def get_versioned(self, key: str) -> tuple[bytes, str] | None:
        """An object's bytes and version tag, or None when there is no such key."""

    def put_if(self, key: str, data: bytes, version: str | None) -> str:
        """Write only if the object still has ``version`` (None: does not exist yet);
        returns the new version, raises ConflictError otherwise."""

    def open(self, key: str) -> io.RawIOBase | io.BufferedIOBase:
        """A seekable binary reader of one object (parquet readers fetch only what they need)."""


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

    def get_versioned(self, key: str) -> tuple[bytes, str] | None:
        data = self._objects.get(key)
        return None if data is None else (data, content_version(data))

    def put_if(self, key: str, data: bytes, version: str | None) -> str:
        with self._lock:
            current = self._objects.get(key)
            found = None if current is None else content_version(current)
            if found != version:
                raise ConflictError(f"{key!r} in {self.description} changed since it was read")
            if current is None:
                bisect.insort(self._sorted, key)
            self._objects[key] = bytes(data)
            return content_version(data)

    def put_file(self, key: str, path: Path) -> None:
        """Store a finished local file under ``key`` (and remove the file)."""
        self.put(key, path.read_bytes())
        path.unlink(missing_ok=True)

    def staging_dir(self, key: str) -> Path | None:
        return None

    def open(self, key: str) -> io.BytesIO:
        data = self._objects.get(key)
        if data is None:
            raise VectorStoreError(f"no object {key!r} in {self.description}")
        return io.BytesIO(data)


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
            if name.startswith((".tmp-", ".lock-")) or not name.startswith(name_prefix):
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

    def get_versioned(self, key: str) -> tuple[bytes, str] | None:
        data = self.get(key)
        return None if data is None else (data, content_version(data))

    def put_if(self, key: str, data: bytes, version: str | None) -> str:
        import fcntl

        path = self._path(key)
        lock_path = path.with_name(f".lock-{path.name}")
        try:
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise VectorStoreError(
                f"cannot lock {key!r} in store {self.description}: {exc.strerror or exc}"
            ) from exc
        try:
            # Held only around compare-and-rename; released by the kernel if we are killed.
            fcntl.flock(fd, fcntl.LOCK_EX)
            current = self.get(key)
            found = None if current is None else content_version(current)
            if found != version:
                raise ConflictError(f"{key!r} in {self.description} changed since it was read")
            self.put(key, data, durable=True)
            return content_version(data)
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def staging_dir(self, key: str) -> Path | None:
        """Where to write a big object before :meth:`put_file`: beside it (same file system,
        so the final rename is atomic; a killed write leaves a ``.tmp-`` file, cleaned up)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.parent

    def put_file(self, key: str, path: Path) -> None:
        """Move a finished local file to ``key`` atomically (fsynced first)."""
        target = self._path(key)
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            if path.parent != target.parent:
                import shutil

                staged = target.with_name(f".tmp-{uuid.uuid4().hex}-{target.name}")
                shutil.copyfile(path, staged)
                path.unlink(missing_ok=True)
                path = staged
            os.replace(path, target)
        except OSError as exc:
            path.unlink(missing_ok=True)
            raise VectorStoreError(
                f"cannot write {key!r} in store {self.description}: {exc.strerror or exc}"
            ) from exc

    def open(self, key: str) -> io.BufferedReader:
        try:
            return open(self._path(key), "rb")  # noqa: SIM115 - the caller closes it
        except FileNotFoundError:
            raise VectorStoreError(f"no object {key!r} in {self.description}") from None
        except OSError as exc:
            raise VectorStoreError(
                f"cannot read {key!r} in store {self.description}: {exc.strerror or exc}"
            ) from exc

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
