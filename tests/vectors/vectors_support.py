"""Helpers shared by the vector tests (importable by name: pytest puts this folder on sys.path)."""

from __future__ import annotations


def make_vector(i: int, *, platform: str | None = None, run: str = "run", **metrics):
    """The i-th vector of a synthetic history (deterministic id from its run key)."""
    from datetime import datetime, timedelta, timezone

    from strands_airflow.vectors.model import LearningVector

    platform = platform or ("glue", "local", "lambda")[i % 3]
    base = {"execution_time_seconds": 10.0 + i, "success": i % 4 != 0}
    return LearningVector.from_run(
        workload={"data_volume_gb": float(i % 50), "num_joins": i % 5, "transform": "sql"},
        platform=platform,
        metrics={**base, **metrics},
        decision={"selected_platform": platform, "confidence": 0.7, "reasoning": "test"},
        run_key=("etl_dag", f"{run}_{i}", "learning"),
        timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=i),
    )
