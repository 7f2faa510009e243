"""Per-run reports next to the vectors: ``quality/reports/`` and
``optimization/recommendations/`` (the seed's layout), one JSON object per run id.
A re-put (task retry) replaces the run's report."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from strands_airflow.exceptions import VectorStoreError
from strands_airflow.vectors import layout

log = logging.getLogger(__name__)


def _key(kind: str, run_id: str) -> str:
    try:
        return layout.report_key(kind, run_id)
    except ValueError as exc:
        raise VectorStoreError(str(exc)) from exc


def put_report(backend: Any, kind: str, run_id: str, report: Mapping[str, Any] | BaseModel) -> str:
    """Write one run's report; returns its key."""
    key = _key(kind, run_id)
    body = report.model_dump(mode="json") if isinstance(report, BaseModel) else dict(report)
    backend.put(key, json.dumps(body, default=str).encode())
    return key


def get_report(backend: Any, kind: str, run_id: str) -> dict[str, Any] | None:
    """One run's report, or None."""
    data = backend.get(_key(kind, run_id))
    return None if data is None else json.loads(data)


def list_reports(backend: Any, kind: str, *, limit: int = 50) -> list[tuple[str, dict[str, Any]]]:
    """Up to ``limit`` reports of a kind as ``(run_id, report)``: one listing, then the
    last ``limit`` keys in run-id order (Airflow run ids embed their date, so these are
    the newest runs of each run type). Unreadable reports are skipped."""
    prefix = layout.REPORT_PREFIXES.get(kind)
    if prefix is None:
        raise VectorStoreError(
            f"report kind {kind!r} is not known; use one of {', '.join(layout.REPORT_PREFIXES)}"
        )
    keys = [k for k in backend.list(prefix) if k.endswith(".json")]
    keys = keys[-limit:] if limit > 0 else []
    out = []
    for key, data in backend.get_many(keys).items():
        try:
            body = json.loads(data) if data is not None else None
        except ValueError:
            log.warning("skipping unreadable report %s in %s", key, backend.description)
            continue
        if isinstance(body, dict):
            out.append((unquote(key[len(prefix) : -len(".json")]), body))
    return out
