"""Helpers of the plugin tests: a learning store seeded with runs (importable by name)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

#: platform -> (runs, base seconds); the counts the browser test looks for in the charts
SEED_PLATFORMS = {"local": 24, "glue": 13, "emr_serverless": 7}
SEED_RUNTIME = {"local": 40.0, "glue": 180.0, "emr_serverless": 420.0}
SEED_DAG = "strands_reference_pipeline"


def seed_run_id(i: int) -> str:
    """The run id of the i-th seeded run (Airflow's manual run-id shape)."""
    t = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=i)
    return f"manual__{t.isoformat()}"


def seed_store(url: str, *, now: datetime | None = None) -> dict:
    """Put one learning vector per finished run, plus quality and optimization reports.

    Runs are spread over the last 10 days; returns what was written (for assertions).
    """
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    now = now or datetime.now(timezone.utc)
    store = LearningVectorStore(url)
    runs = [(p, k) for p, n in SEED_PLATFORMS.items() for k in range(n)]
    written = []
    for i, (platform, k) in enumerate(runs):
        run_id = seed_run_id(i)
        when = now - timedelta(days=10) + timedelta(minutes=int(i * 10 * 24 * 60 / len(runs)))
        seconds = SEED_RUNTIME[platform] * (1.0 + 0.05 * (k % 5))
        ok = k % 9 != 8
        v = LearningVector.from_run(
            workload={"data_volume_gb": 5.0 + k, "num_joins": k % 4, "transform": "sql"},
            platform=platform,
            metrics={
                "execution_time_seconds": seconds,
                "success": ok,
                "rows_written": 1000 + k,
            },
            decision={"selected_platform": platform, "confidence": 0.8, "reasoning": "seed"},
            quality={"overall_score": round(0.80 + 0.004 * i, 3)},
            run_key=(SEED_DAG, run_id, "learning"),
            timestamp=when,
        )
        store.put(v)
        corr = f"{SEED_DAG}/{run_id}"
        store.put_report("quality", corr, {"overall_score": v.execution_metrics.data_quality_score})
        written.append((run_id, v))
    last_run = written[-1][0]
    store.put_report(
        "optimization",
        f"{SEED_DAG}/{last_run}",
        {
            "run_id": f"{SEED_DAG}/{last_run}",
            "platform": "emr_serverless",
            "created_at": now.isoformat(),
            "recommendations": [
                {
                    "priority": 1,
                    "category": "platform",
                    "action": "Move this workload from emr_serverless to glue: median 180 s vs 420 s",
                    "estimated_impact": {"seconds_saved_per_run": 240.0, "usd_saved_per_run": 0.42},
                    "platform": "glue",
                    "severity": "warning",
                },
                {
                    "priority": 2,
                    "category": "code",
                    "action": "Replace SELECT * with the 6 columns the target uses",
                    "pattern": "select_star",
                    "severity": "info",
                },
            ],
        },
    )
    return {"runs": written, "last_run_id": last_run, "store": store}


def generated_admin_password(home: Path) -> tuple[str, str]:
    """(username, password) the simple auth manager generated in `home`."""
    data = json.loads((home / "simple_auth_manager_passwords.json.generated").read_text())
    user = sorted(data)[0]
    return user, data[user]
