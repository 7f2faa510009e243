"""The tail cache: the bodies of the tail's vector objects in one object, kept by writers.

learning/state/<category>/tail-cache.json

Every decision needs every run the snapshot does not cover yet (the tail, up to
``compact_threshold`` objects). Reading them as objects costs one GET per run and per
decision: with a thousand tail runs, a thousand requests before each decision. The
learning step that writes a vector also adds its body here (a conditional write, retried
on a concurrent writer's conflict), so a reader GETs one object instead.

The listing stays the truth. A reader uses a cached body only for a key the listing
returns (a vector object is written once and never changed, so its cached body is its
body), and GETs the keys the cache lacks: a writer that failed to update the cache, a
cache lost or corrupt, a store written by an older version all read correctly, only
slower. Writers drop the entries the snapshot has covered since, so the cache holds the
tail (and at most the odd deleted object, which no listing returns).
"""

from __future__ import annotations

import json
import logging
import random
import time
from typing import Any

from strands_airflow.redact import redact
from strands_airflow.vectors.backends import ConflictError

log = logging.getLogger(__name__)

FORMAT = "strands-tail-cache/1"
# Conditional-write attempts of one writer against concurrent writers.
ATTEMPTS = 8
# A full cache takes no more runs (readers GET the newer ones as objects). This bounds the
# cost of a write (a GET and a PUT of at most ~400 KB) and keeps a bulk load linear: a writer
# that finds the cache full stops trying until compaction has emptied it.
MAX_ENTRIES = 200
# A reader uses the cache only when it would save at least this many GETs.
MIN_MISSING = 2


def cache_key(category: str) -> str:
    return f"learning/state/{category}/tail-cache.json"


def _decode(data: bytes) -> dict[str, str]:
    doc = json.loads(data)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"unknown format {doc.get('format') if isinstance(doc, dict) else doc!r}")
    objects = doc.get("objects")
    if not isinstance(objects, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in objects.items()
    ):
        raise ValueError("objects is not a mapping of keys to bodies")
    return objects


def add(backend: Any, category: str, key: str, body: bytes, covered_until: str | None) -> str:
    """Add ``key``'s body, dropping entries the snapshot covers (keys up to
    ``covered_until``, the manifest's). Returns ``"stored"``, ``"full"`` (the cache holds
    :data:`MAX_ENTRIES` tail runs; nothing written) or ``"failed"``. Best effort: a failure
    is logged, never raised."""
    ck = cache_key(category)
    text = body.decode()
    try:
        for attempt in range(1, ATTEMPTS + 1):
            got = backend.get_versioned(ck)
            version = got[1] if got is not None else None
            entries: dict[str, str] = {}
            if got is not None:
                try:
                    entries = _decode(got[0])
                except (ValueError, UnicodeDecodeError) as exc:
                    log.warning("tail cache %s unreadable (%s); starting it again", ck, exc)
            if covered_until:
                entries = {k: v for k, v in entries.items() if k > covered_until}
            if key in entries:
                return "stored"
            if len(entries) >= MAX_ENTRIES:
                return "full"
            entries[key] = text
            data = json.dumps({"format": FORMAT, "objects": entries}, sort_keys=True).encode()
            try:
                backend.put_if(ck, data, version)
                return "stored"
            except ConflictError:
                time.sleep(random.uniform(0.005, 0.02) * attempt)
        log.info(
            "tail cache %s: %d conflicting writers in a row; readers GET %s", ck, ATTEMPTS, key
        )
    except Exception as exc:  # noqa: BLE001 - the vector is stored; the cache is optional
        log.warning("tail cache %s not updated: %s", ck, redact(exc))
    return "failed"


def read(backend: Any, category: str) -> dict[str, bytes]:
    """Cached bodies by key ({} when there is no usable cache)."""
    ck = cache_key(category)
    try:
        data = backend.get(ck)
        if data is None:
            return {}
        return {k: v.encode() for k, v in _decode(data).items()}
    except Exception as exc:  # noqa: BLE001 - readers fall back to the objects themselves
        log.warning("tail cache %s unreadable (%s); reading the objects", ck, redact(exc))
        return {}
