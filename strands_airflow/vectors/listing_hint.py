"""Where this worker last saw the snapshot end: a hint to list the tail one round trip early.

A decision reads the manifest (and the learned state) in one round trip, then lists the
objects after the manifest's ``covered_until``: the listing's start depends on the manifest,
so a second round trip. The start changes only when a compaction switches the manifest, so
the last value this machine read is almost always right. A reader that has one starts the
listing from it in the same round trip as the manifest, then checks it against the manifest
it reads:

- hint == covered_until (the usual case): the listing is exactly the one it would make;
- hint < covered_until (a compaction since), or no snapshot when the hint was written: the
  listing is a superset; keys up to covered_until are dropped;
- hint > covered_until, or a hint where the store has no snapshot (a store rebuilt or
  reset): the listing may miss objects, so it is thrown away and the tail listed again.

So the manifest and the listing stay the truth; the hint only saves a round trip. Hints are
small files under the machine's temp directory, one per store (its URL hashed: no
credentials on disk), written atomically; any error reading or writing one only costs the
round trip. Only stores whose backend pays a network round trip per request use hints
(``backend.lists_remotely``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DIR = "strands-airflow-listing-hints"
#: what `read` returns when this machine has no usable hint for the store
MISSING = object()


def _path(store_id: str) -> Path:
    digest = hashlib.sha256(store_id.encode()).hexdigest()[:32]
    return Path(tempfile.gettempdir()) / _DIR / f"{digest}.json"


def read(store_id: str) -> Any:
    """The ``covered_until`` this machine last saw for the store (None: it had no
    snapshot), or ``MISSING`` when there is no usable hint."""
    try:
        doc = json.loads(_path(store_id).read_text())
        value = doc["covered_until"]
    except (OSError, ValueError, KeyError, TypeError):
        return MISSING
    return value if value is None or isinstance(value, str) else MISSING


def write(store_id: str, covered_until: str | None) -> None:
    """Remember ``covered_until`` for the store (best effort, atomic)."""
    path = _path(store_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"covered_until": covered_until}))
        os.replace(tmp, path)
    except OSError:
        pass


def usable(hint: str | None, covered_until: str | None) -> bool:
    """Whether a listing of the keys after ``hint`` holds every key after ``covered_until``
    (``None``: from the first key)."""
    if hint is None:
        return True
    return covered_until is not None and hint <= covered_until


@dataclass
class Prefetch:
    """A tail listing (and, when asked, the tail cache) started before the manifest is read."""

    hint: str | None
    keys: Future
    cache: Future | None

    @classmethod
    def start(cls, hint: str | None, list_keys: Any, read_cache: Any | None) -> Prefetch:
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="strands-tail-list")
        try:
            keys = pool.submit(list_keys, hint)
            cache = pool.submit(read_cache) if read_cache is not None else None
        finally:
            pool.shutdown(wait=False)
        return cls(hint, keys, cache)

    def result(
        self, covered_until: str | None
    ) -> tuple[list[str], dict[str, bytes] | None] | None:
        """The listed keys after ``covered_until`` and the tail cache read with them (None
        when it was not asked for), or None when the hint does not cover ``covered_until``
        or the listing failed (the caller lists again and meets the error itself)."""
        if not usable(self.hint, covered_until):
            return None
        try:
            keys = self.keys.result()
        except Exception:  # noqa: BLE001 - the caller's own listing reports it
            return None
        after = keys if covered_until is None else [k for k in keys if k > covered_until]
        return after, self.cache.result() if self.cache is not None else None
