"""The dashboard's figures, computed from the learning store's numpy columns.

Speed: the figures read the window they show, never the whole history: `store.window()`
reads the snapshot's row groups that overlap it (four numeric columns) plus the tail, so a
first load costs the same at 10 million vectors as at 10 thousand; only the newest
`QUALITY_RUNS` vectors and `REPORTS_READ` optimization reports are parsed. Stores and
computed figures are cached per store URL for `CACHE_TTL_SECONDS`, so a page that is
reloaded, or many users looking at once, cost one computation per TTL.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from strands_airflow.plugins.models import (
    Decisions,
    PlatformCounts,
    PlatformRuntime,
    Quality,
    QualityPoint,
    RecommendationItem,
    Recommendations,
    RunDetail,
    Runtime,
    StoreInfo,
)

if TYPE_CHECKING:
    import numpy as np

    from strands_airflow.vectors.store import LearningVectorStore, RunColumns

CACHE_TTL_SECONDS = 10.0
#: previous successful runs the learned baseline (rolling median) spans
BASELINE_RUNS = 20
#: newest runs parsed for their data quality score
QUALITY_RUNS = 500
#: newest optimization reports read for open recommendations
REPORTS_READ = 20
#: bucket widths, smallest first; the first giving at most MAX_BUCKETS buckets wins
BUCKET_CHOICES = (3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400)
MAX_BUCKETS = 60

T = TypeVar("T")
log = logging.getLogger(__name__)

_lock = threading.Lock()
_stores: dict[str, tuple[LearningVectorStore, float]] = {}
_cache: dict[tuple, tuple[float, Any]] = {}
_key_locks: dict[tuple, threading.Lock] = {}


def reset_cache() -> None:
    """Forget cached stores and figures (tests, or after changing the store URL)."""
    with _lock:
        _stores.clear()
        _cache.clear()
        _key_locks.clear()


def cached(key: tuple, compute: Callable[[], T], ttl: float = CACHE_TTL_SECONDS) -> T:
    """`compute()` once per `ttl` per key; concurrent misses of one key compute once."""
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    with _lock:
        key_lock = _key_locks.setdefault(key, threading.Lock())
    with key_lock:
        hit = _cache.get(key)
        if hit is not None and time.monotonic() - hit[0] < ttl:
            return hit[1]
        value = compute()
        _cache[key] = (time.monotonic(), value)
        return value


def store_url() -> str:
    """The configured learning-vector store URL (`[strands] store_url` and friends)."""
    from strands_airflow.settings import get_settings

    return get_settings().vector_store_url


def get_store(url: str) -> LearningVectorStore:
    """The cached store for `url`, refreshed (new objects only) at most once per TTL."""
    from strands_airflow.settings import get_settings
    from strands_airflow.vectors.store import LearningVectorStore

    now = time.monotonic()
    with _lock:
        entry = _stores.get(url)
        if entry is None:
            store = LearningVectorStore(url, aws_conn_id=get_settings().aws_conn_id)
            _stores[url] = (store, now)
            return store
        store, refreshed = entry
        if now - refreshed < CACHE_TTL_SECONDS:
            return store
        _stores[url] = (store, now)
    if store.loaded:  # the slice readers list the tail themselves
        store.refresh()
    return store


def warm_up() -> threading.Thread:
    """Load the configured store in a background thread, so the first visitor does not wait
    for the snapshot to be read (about 0.5 s per 100k vectors). Failures are only logged:
    the request that needs the store reports them."""

    def load() -> None:
        try:
            get_store(store_url()).window(time.time() - 30 * 86400)
        except Exception as exc:  # noqa: BLE001 - a broken store must not stop the api-server
            from strands_airflow.redact import redact

            log.warning("Strands dashboard: could not preload the learning store: %s", redact(exc))

    thread = threading.Thread(target=load, name="strands-dashboard-warm-up", daemon=True)
    thread.start()
    return thread


def public_location(url: str) -> str:
    """`url` without a user or password (an s3://key:secret@bucket URL must not leak) and
    without a query string."""
    from strands_airflow.redact import MASK, redact

    parts = urlsplit(redact(url).replace(f"://{MASK}@", "://", 1))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def store_info(store: LearningVectorStore) -> StoreInfo:
    """Location and counts of the store."""
    counts = store.counts()
    return StoreInfo(
        location=public_location(store.url),
        vectors=int(counts["vectors"]),
        corrupt_objects=int(counts["corrupt_objects"]),
        loaded_at=datetime.now(timezone.utc),
    )


# -- time buckets -----------------------------------------------------------------------


def buckets(days: int, now: float | None = None) -> tuple[float, int, int]:
    """(start epoch, bucket seconds, bucket count) of a window of `days` ending now."""
    span = days * 86400
    width = next((b for b in BUCKET_CHOICES if span / b <= MAX_BUCKETS), BUCKET_CHOICES[-1])
    now = now if now is not None else time.time()
    end = math.ceil(now / width) * width
    count = math.ceil((end - (now - span)) / width)  # the first bucket holds now - span
    return end - count * width, width, count


def _bucket_times(start: float, width: int, count: int) -> list[datetime]:
    return [datetime.fromtimestamp(start + i * width, tz=timezone.utc) for i in range(count)]


def _bucket_index(ts: np.ndarray, start: float, width: int, count: int) -> np.ndarray:
    import numpy as np

    return np.clip(((ts - start) // width).astype(np.int64), 0, count - 1)


# -- figures ----------------------------------------------------------------------------


def window(store: LearningVectorStore, days: int) -> RunColumns:
    """The runs of the last ``days`` plus the lookback the baselines need, read once per
    store, window and TTL (decisions, runtime and the summary share it): the baselines
    span the BASELINE_RUNS successful runs before each bucket and the recent-vs-before
    delta the last 2 x BASELINE_RUNS, so that many runs before the window come along."""
    start, _, _ = buckets(days)
    return cached(
        ("window", id(store), store.url, days, start),
        lambda: store.window(start, lookback_runs=2 * BASELINE_RUNS),
    )


def decisions(store: LearningVectorStore, days: int) -> Decisions:
    """Runs per platform per bucket over the last `days`."""
    import numpy as np

    start, width, count = buckets(days)
    h = window(store, days).since(start)
    ts = h.timestamp
    out = []
    for name in h.platforms():
        sel = h.is_platform(name)
        counts = np.bincount(_bucket_index(ts[sel], start, width, count), minlength=count)
        out.append(PlatformCounts(platform=name, counts=counts.tolist(), total=int(sel.sum())))
    out.sort(key=lambda p: -p.total)
    return Decisions(
        window_days=days,
        bucket_seconds=width,
        buckets=_bucket_times(start, width, count),
        platforms=out,
    )


def _median(values: np.ndarray) -> float | None:
    import numpy as np

    return float(np.median(values)) if len(values) else None


def runtime(store: LearningVectorStore, days: int) -> Runtime:
    """Per platform: median runtime per bucket against the rolling-median learned baseline."""
    import numpy as np

    start, width, count = buckets(days)
    h = window(store, days)
    edges = start + width * np.arange(count)
    platforms = []
    for name in h.platforms():
        sel = h.is_platform(name)
        ts, rt, ok = h.timestamp[sel], h.execution_time_seconds[sel], h.success[sel]
        good = ok & np.isfinite(rt)
        good_ts, good_rt = ts[good], rt[good]
        in_window = ts >= start
        if not in_window.any():
            continue
        # Baseline at a bucket: median of the BASELINE_RUNS successful runs before it began.
        ends = np.searchsorted(good_ts, edges, side="left")
        baseline = [
            _median(good_rt[max(0, e - BASELINE_RUNS) : e]) if e > 0 else None for e in ends
        ]
        win = good_ts >= start
        idx = _bucket_index(good_ts[win], start, width, count)
        vals = good_rt[win]
        order = np.argsort(idx, kind="stable")
        idx, vals = idx[order], vals[order]
        bounds = np.searchsorted(idx, np.arange(count + 1))
        medians = [_median(vals[bounds[i] : bounds[i + 1]]) for i in range(count)]
        # Recent runs against the ones before them; halves when the history is short.
        k = min(BASELINE_RUNS, len(good_rt) // 2)
        recent = good_rt[len(good_rt) - k :] if k else good_rt[:0]
        before = good_rt[max(0, len(good_rt) - k - BASELINE_RUNS) : len(good_rt) - k]
        recent_med, base_med = _median(recent), _median(before)
        delta = None
        if recent_med is not None and base_med:
            delta = round((recent_med - base_med) / base_med * 100.0, 1)
        runs = int(in_window.sum())
        platforms.append(
            PlatformRuntime(
                platform=name,
                runs=runs,
                success_rate=round(float(ok[in_window].mean()), 4) if runs else None,
                median_seconds=_rounded(medians),
                baseline_seconds=_rounded(baseline),
                recent_median_seconds=_round(recent_med),
                baseline_median_seconds=_round(base_med),
                delta_pct=delta,
            )
        )
    platforms.sort(key=lambda p: -p.runs)
    return Runtime(
        window_days=days,
        bucket_seconds=width,
        buckets=_bucket_times(start, width, count),
        baseline_runs=BASELINE_RUNS,
        platforms=platforms,
    )


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _rounded(xs: list[float | None]) -> list[float | None]:
    return [_round(x) for x in xs]


def read_as_lines(report: dict[str, Any] | None) -> list[str]:
    """The "read as" / "ignored" / "context" lines a stored quality report carries (the
    operator logs the same lines); reports written before these fields existed have none."""
    if not report:
        return []
    lines = [
        line
        for block in report.get("read_as") or []
        if isinstance(block, list)
        for line in block
        if isinstance(line, str)
    ]
    said = set(lines)
    lines += [
        f"ignored: {x}"
        for x in report.get("ignored") or []
        if isinstance(x, str) and f"ignored: {x}" not in said
    ]
    return lines


def quality(store: LearningVectorStore, days: int) -> Quality:
    """Mean `data_quality_score` per bucket over the newest `QUALITY_RUNS` runs in the window."""
    start, width, count = buckets(days)
    newest = store.recent_vectors(QUALITY_RUNS, since=start)
    sums = [0.0] * count
    runs = [0] * count
    latest = None
    scored = 0
    eff: dict[str, list[float]] = {}
    for v in newest:
        e = v.performance_indicators.get("efficiency_score")
        if isinstance(e, int | float) and not isinstance(e, bool) and 0.0 <= e <= 1.0:
            eff.setdefault(v.platform, []).append(float(e))
        score = v.execution_metrics.data_quality_score
        if score is None:
            continue
        if latest is None:
            latest = score
        i = min(max(int((v.epoch_seconds - start) // width), 0), count - 1)
        sums[i] += score
        runs[i] += 1
        scored += 1
    points = [
        QualityPoint(
            bucket=datetime.fromtimestamp(start + i * width, tz=timezone.utc),
            mean_score=round(sums[i] / runs[i], 4),
            runs=runs[i],
        )
        for i in range(count)
        if runs[i]
    ]
    newest_report = store.list_reports("quality", limit=1)
    read_as_run, read_as = None, []
    if newest_report:
        read_as_run, body = newest_report[-1]
        read_as = read_as_lines(body)
    return Quality(
        read_as=read_as,
        read_as_run=read_as_run if read_as else None,
        window_days=days,
        bucket_seconds=width,
        points=points,
        latest_score=latest,
        runs_scored=scored,
        runs_read=len(newest),
        efficiency_by_platform={p: round(sum(x) / len(x), 4) for p, x in sorted(eff.items())},
    )


def _items_of(run_id: str, report: dict[str, Any]) -> list[RecommendationItem]:
    when = report.get("created_at")
    out = []
    for rec in report.get("recommendations") or []:
        if not isinstance(rec, dict) or not rec.get("action"):
            continue
        impact = rec.get("estimated_impact") or {}
        try:
            out.append(
                RecommendationItem(
                    priority=int(rec.get("priority") or 99),
                    category=str(rec.get("category") or "other"),
                    action=str(rec["action"])[:500],
                    severity=str(rec.get("severity") or "warning"),
                    platform=rec.get("platform"),
                    pattern=rec.get("pattern"),
                    seconds_saved_per_run=impact.get("seconds_saved_per_run"),
                    usd_saved_per_run=impact.get("usd_saved_per_run"),
                    run_id=str(report.get("run_id") or run_id),
                    reported_at=when,
                )
            )
        except (ValueError, TypeError):  # a malformed entry is skipped, not fatal
            continue
    return out


def recommendations(store: LearningVectorStore, limit: int) -> Recommendations:
    """Open recommendations of the newest reports, one per (category, action), ranked."""
    reports = store.list_reports("optimization", limit=REPORTS_READ)
    newest_first = sorted(reports, key=lambda r: str(r[1].get("created_at") or ""), reverse=True)
    seen: dict[tuple[str, str], RecommendationItem] = {}
    for run_id, report in newest_first:
        for item in _items_of(run_id, report):
            seen.setdefault((item.category, item.action), item)
    ranked = sorted(
        seen.values(),
        key=lambda r: (r.priority, -(r.seconds_saved_per_run or 0.0), -(r.usd_saved_per_run or 0)),
    )
    return Recommendations(items=ranked[:limit], reports_read=len(reports), total_open=len(ranked))


def run_report_ids(dag_id: str, run_id: str) -> tuple[str, ...]:
    """Report names a run may be stored under: its correlation id, then its bare run id."""
    return (f"{dag_id}/{run_id}", run_id)


def run_vector_ids(dag_id: str, run_id: str) -> tuple[str, ...]:
    """Vector ids a run may have: run key `dag/run/learning` (the Learning task), then `dag/run`."""
    from strands_airflow.vectors.model import LearningVector

    return tuple(
        LearningVector.id_for_run(key) for key in ((dag_id, run_id, "learning"), (dag_id, run_id))
    )


def run_detail(store: LearningVectorStore, dag_id: str, run_id: str) -> RunDetail:
    """The run's learning vector, its baseline, quality report and recommendations."""
    import numpy as np

    detail = RunDetail(dag_id=dag_id, run_id=run_id, found=False)
    vector = None
    for vid in run_vector_ids(dag_id, run_id):
        vector = store.find(vid)
        if vector is not None:
            break
    for name in run_report_ids(dag_id, run_id):
        report = store.get_report("optimization", name)
        if report is not None:
            detail.recommendations = sorted(_items_of(run_id, report), key=lambda r: r.priority)
            break
    for name in run_report_ids(dag_id, run_id):
        quality_report = store.get_report("quality", name)
        if quality_report is not None:
            detail.quality_report = True
            detail.quality_read_as = read_as_lines(quality_report)
            break
    if vector is None:
        detail.found = bool(detail.recommendations) or detail.quality_report
        return detail
    m = vector.execution_metrics
    h = store.window(vector.epoch_seconds, lookback_runs=BASELINE_RUNS)
    sel = h.is_platform(vector.platform) & h.success & np.isfinite(h.execution_time_seconds)
    sel &= h.timestamp < vector.epoch_seconds
    before = h.execution_time_seconds[sel][-BASELINE_RUNS:]
    detail.found = True
    detail.vector_id = vector.vector_id
    detail.platform = vector.platform
    detail.success = m.success
    detail.execution_time_seconds = m.execution_time_seconds
    detail.baseline_seconds = _round(_median(before))
    detail.data_quality_score = m.data_quality_score
    detail.decision_confidence = vector.decision_context.decision_confidence
    return detail
