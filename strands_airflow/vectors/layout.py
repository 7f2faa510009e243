"""Where things live in a store: the seed's key layout plus the snapshot area.

```
learning/vectors/{decision,quality,optimization,learning}/<UTC stamp>_<vector_id>.json
learning/vectors/_snapshots/<category>/manifest.json            (points at one snapshot)
learning/vectors/_snapshots/<category>/snapshot-<stamp>-<rand>.parquet
quality/reports/<run_id>.json
optimization/recommendations/<run_id>.json
```

A vector's key starts with the UTC time it was written, so "everything written after
X" is one ordered listing (``StartAfter``), which keeps loading the tail cheap however
many vectors the snapshot already covers. The vector id (from the run) follows, so
the store can tell a retry from a new run without reading the object.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import quote

CATEGORIES: tuple[str, ...] = ("decision", "quality", "optimization", "learning")
REPORT_PREFIXES: dict[str, str] = {
    "quality": "quality/reports/",
    "optimization": "optimization/recommendations/",
    "decision": "decision/reports/",
}
_STAMP = "%Y%m%dT%H%M%S%fZ"
_KEY = re.compile(r"(?P<stamp>\d{8}T\d{12}Z)_(?P<id>[^/]+)\.json$")


def vector_prefix(category: str) -> str:
    """Prefix of one category's vector objects (the seed's layout)."""
    return f"learning/vectors/{category}/"


def snapshot_prefix(category: str) -> str:
    """Prefix of one category's snapshots and manifest."""
    return f"learning/vectors/_snapshots/{category}/"


def manifest_key(category: str) -> str:
    """The manifest naming the current snapshot of a category."""
    return snapshot_prefix(category) + "manifest.json"


def stamp(epoch: float) -> str:
    """Fixed-width, lexicographically ordered UTC stamp of ``epoch``."""
    return datetime.fromtimestamp(max(epoch, 0.0), tz=timezone.utc).strftime(_STAMP)


def stamp_time(text: str) -> float | None:
    """Epoch seconds of a stamp produced by :func:`stamp`, or None."""
    try:
        return datetime.strptime(text, _STAMP).replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return None


def vector_key(category: str, vector_id: str, epoch: float) -> str:
    """Object key of a vector written at ``epoch``."""
    return f"{vector_prefix(category)}{stamp(epoch)}_{vector_id}.json"


def key_time(key: str) -> float | None:
    """When a vector key was written (None for keys in another layout, e.g. seed files)."""
    m = _KEY.search(key)
    return stamp_time(m.group("stamp")) if m else None


def key_vector_id(key: str) -> str | None:
    """The vector id a key names (None when the key is in another layout)."""
    m = _KEY.search(key)
    return m.group("id") if m else None


def time_bound_key(category: str, epoch: float) -> str:
    """A key that sorts before every vector key written at or after ``epoch``."""
    return f"{vector_prefix(category)}{stamp(epoch)}"


def report_key(kind: str, run_id: str) -> str:
    """Key of a quality report or optimization recommendations for one run."""
    prefix = REPORT_PREFIXES.get(kind.split("/")[0])
    if prefix is None:
        raise ValueError(
            f"report kind {kind!r} is not known; use one of {', '.join(REPORT_PREFIXES)}"
        )
    if not run_id:
        raise ValueError("report run_id must not be empty")
    # Airflow run ids hold ':' and '+'; quoting keeps the key one path segment.
    return f"{prefix}{quote(run_id, safe='')}.json"
