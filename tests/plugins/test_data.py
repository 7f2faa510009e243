"""The dashboard's data layer: report listing, time buckets, caching."""

from __future__ import annotations

import pytest


def test_list_reports_returns_the_last_run_ids_and_skips_unreadable(tmp_path):
    from strands_airflow.exceptions import VectorStoreError
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore((tmp_path / "s").as_uri())
    for day in range(1, 6):
        store.put_report(
            "optimization", f"dag/scheduled__2026-01-0{day}T00:00:00+00:00", {"n": day}
        )
    store.backend.put("optimization/recommendations/zzz-broken.json", b"{not json")
    got = store.list_reports("optimization", limit=3)
    assert [body["n"] for _, body in got[:2]] == [4, 5]
    assert got[0][0] == "dag/scheduled__2026-01-04T00:00:00+00:00"
    assert len(got) == 2  # the broken one was among the last 3 keys and is skipped
    assert store.list_reports("quality") == []
    with pytest.raises(VectorStoreError, match="report kind 'lineage' is not known"):
        store.list_reports("lineage")


@pytest.mark.parametrize(
    ("days", "width", "count"),
    [(1, 3600, 25), (7, 3 * 3600, 57), (30, 12 * 3600, 61), (365, 7 * 86400, 53)],
)
def test_buckets_cover_the_whole_window_in_about_60_bars(days, width, count):
    from strands_airflow.plugins.data import buckets

    now = 1_790_000_123.0
    start, w, n = buckets(days, now)
    assert (w, n) == (width, count)
    assert start <= now - days * 86400 and start + w * n >= now


def test_cache_recomputes_only_after_its_ttl():
    from strands_airflow.plugins import data

    calls = []
    data.reset_cache()
    assert data.cached(("k",), lambda: calls.append(1) or len(calls), ttl=60) == 1
    assert data.cached(("k",), lambda: calls.append(1) or len(calls), ttl=60) == 1
    assert data.cached(("k",), lambda: calls.append(1) or len(calls), ttl=0) == 2


def test_efficiency_per_platform_is_the_mean_of_the_newest_runs_scores(tmp_path):
    from strands_airflow.plugins.data import quality
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore((tmp_path / "s").as_uri())
    for i, (platform, eff) in enumerate(
        [("glue", 1.0), ("glue", 0.5), ("local", 0.8), ("local", None)]
    ):
        v = LearningVector.from_run(
            workload={"data_volume": "low"},
            platform=platform,
            metrics={"execution_time_seconds": 10.0 + i, "success": True},
            run_key=f"d/r{i}/learning",
        )
        if eff is not None:
            v = v.model_copy(update={"performance_indicators": {"efficiency_score": eff}})
        store.put(v)
    got = quality(store, 30).efficiency_by_platform
    assert got == {"glue": 0.75, "local": 0.8}
