"""Which targets a QUALITY_CHECK message from the bus may read: the operator's allow-list.

Anyone who can write to the bus's Redis can send the Quality agent a message. Without a
limit, naming ``/etc/app/users.csv`` or ``conn_id="warehouse"`` and a table would make the
agent read it. So a bus-served check reads a target (and a referential check's
``ref_table``) only when its *key* matches a pattern of the ``[strands]
quality_bus_targets`` setting, which is empty by default: nothing may be read over the
bus. The in-DAG quality step (the operator, the pipeline) reads what its DAG configures
and is not limited by this list.

Keys, matched with shell-style globs (``fnmatch``, ``*`` also crosses ``/``):

* a local file: its real absolute path (``file://`` dropped, ``~`` expanded, symlinks
  resolved); a ``..`` segment is refused. Local patterns are resolved the same way up to
  their first wildcard. A wildcard in an allowed folder follows the symlinks it matches;
  keep symlinks out of folders you allow;
* a remote file: the URI as given (``s3://bucket/out/*.parquet``); ``.`` / ``..``
  segments are refused; with a ``conn_id`` the key is ``conn_id:uri``;
* a DuckDB table: ``duckdb://<real path>::table``;
* a table of an Airflow SQL connection: ``conn_id:table`` exactly as written
  (``warehouse:public.orders`` and ``warehouse:orders`` are different keys).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from strands_airflow.exceptions import QualityRequestError

SETTING = "quality_bus_targets"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB = re.compile(r"[*?\[]")
_FILE_EXT = re.compile(
    r"\.(?:parquet|parq|pq|csv|tsv|txt|json|jsonl|ndjson)(?:\.(?:gz|gzip|zst|snappy))?$", re.I
)


def bus_target_patterns(setting: str | None = None) -> list[str]:
    """The allow-list from `setting` (default: the ``quality_bus_targets`` setting)."""
    if setting is None:
        from strands_airflow.settings import get_settings

        setting = get_settings().quality_bus_targets
    patterns = []
    for raw in re.split(r"[,\n]", setting or ""):
        p = raw.strip()
        if p:
            patterns.append(_normalize_pattern(p))
    return patterns


def _real(path: str) -> str:
    return os.path.realpath(os.path.expanduser(path))


def _normalize_pattern(pattern: str) -> str:
    if pattern.startswith("file://"):
        pattern = pattern[len("file://") :]
    if pattern.startswith(("/", "~")):
        # resolve the literal head (symlinks, ..) like a target's path; keep the glob tail
        m = _GLOB.search(pattern)
        if m is None:
            return _real(pattern)
        head, _, _ = pattern[: m.start()].rpartition("/")
        return _real(head or "/").rstrip("/") + "/" + pattern[len(head) + 1 :]
    if pattern.startswith("duckdb://") and "::" in pattern:
        path, _, table = pattern[len("duckdb://") :].partition("::")
        return f"duckdb://{_normalize_pattern(path) if path.startswith('/') else path}::{table}"
    return pattern


def _is_file(target: str) -> bool:
    return bool(_FILE_EXT.search(target.rstrip("/")) or "://" in target)


def _file_key(target: str, conn_id: str | None) -> str:
    path = target[len("file://") :] if target.startswith("file://") else target
    remote = bool(_SCHEME.match(path))
    rest = path.split("://", 1)[1] if remote else path
    # '..' is refused rather than resolved: after a wildcard ('dir/*/../x') the file
    # system resolves it through whatever the wildcard matched (a symlink, say)
    if any(seg in ((".", "..") if remote else ("..",)) for seg in rest.split("/")):
        raise QualityRequestError(
            f"target {target!r} holds a '.' or '..' path segment: name the file directly"
        )
    if remote:
        return f"{conn_id}:{path}" if conn_id else path
    return _real(path)


def target_key(target: Any, conn_id: str | None = None) -> str:
    """The allow-list key of a target (see the module doc)."""
    from strands_airflow.agents.quality.checks.targets import normalize_target

    text, fmt = normalize_target(target)
    text = (text or "").strip()
    if not text:
        raise QualityRequestError("the request names no target")
    if text.startswith("duckdb://"):
        path, _, table = text[len("duckdb://") :].partition("::")
        return f"duckdb://{_real(path)}::{table.strip()}"
    if fmt or _is_file(text) or not conn_id:
        return _file_key(text, conn_id)
    return f"{conn_id}:{text}"


def _ref_key(target_key_: str, target: Any, conn_id: str | None, ref_table: str) -> str:
    ref = ref_table.strip()
    if _is_file(ref):
        return _file_key(ref, conn_id)
    if target_key_.startswith("duckdb://"):
        return target_key_.rpartition("::")[0] + "::" + ref
    return f"{conn_id}:{ref}"


def _allowed(key: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(key, p) for p in patterns)


def check_bus_access(
    target: Any,
    conn_id: str | None,
    checks: Iterable[Any] = (),
    patterns: Sequence[str] | None = None,
) -> None:
    """Raise `QualityRequestError` unless `target` and every referential check's
    ``ref_table`` are on the allow-list (`patterns`, default the setting)."""
    patterns = bus_target_patterns() if patterns is None else list(patterns)
    from strands_airflow.agents.quality.checks.targets import normalize_target

    key = target_key(target, conn_id)
    given = normalize_target(target)[0]
    # (what, as the sender wrote it, key): answers echo the sender's own text, never the
    # resolved path (which would tell where a symlink points)
    keys = [("target", f"{conn_id}:{given}" if conn_id else given, key)]
    for check in checks:
        get = check.get if isinstance(check, dict) else lambda k, c=check: getattr(c, k, None)
        if get("kind") == "referential" and get("ref_table"):
            ref = str(get("ref_table"))
            keys.append(("ref_table", ref, _ref_key(key, target, conn_id, ref)))
    for what, shown, k in keys:
        if not _allowed(k, patterns):
            if not patterns:
                why = f"[strands] {SETTING} is empty, so no target may be read over the bus"
            else:
                why = f"it matches no pattern of [strands] {SETTING}"
            raise QualityRequestError(
                f"{what} {shown!r} may not be read by a bus request: {why}. Run the check in the "
                "DAG's quality step, or add the target to the allow-list"
            )


__all__ = ["bus_target_patterns", "check_bus_access", "target_key"]
