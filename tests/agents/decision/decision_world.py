"""A tiny deterministic world for the Decision agent's tests: platforms with known speeds.

Runtimes are simple enough to state in a test: start-up seconds plus seconds per GB.
"""

from __future__ import annotations

import numpy as np

from strands_airflow.vectors.model import LearningVector

# start-up s, s per GB; lambda also has its 15-minute cap.
SPEEDS = {
    "local": (2.0, 30.0),
    "glue": (40.0, 0.8),
    "emr_serverless": (150.0, 2.5),
    "lambda": (1.0, 40.0),
}


def runtime(platform: str, gb: float, slowdown: dict[str, float] | None = None) -> float:
    """Noise-free runtime of a job of ``gb`` on ``platform``."""
    start, per_gb = SPEEDS[platform]
    return (start + per_gb * gb) * (slowdown or {}).get(platform, 1.0)


def run_vector(
    platform: str,
    gb: float,
    rng: np.random.Generator,
    *,
    fail: bool = False,
    slowdown: dict[str, float] | None = None,
) -> LearningVector:
    """The learning vector of one simulated run (10% log-normal noise)."""
    t = runtime(platform, gb, slowdown) * float(np.exp(rng.normal(0.0, 0.1)))
    ok = not fail
    if platform == "lambda" and t > 900:
        t, ok = 900.0, False
    return LearningVector.from_run(
        workload={"data_volume_gb": gb, "num_joins": 2, "transform": "sql"},
        platform=platform,
        metrics={"execution_time_seconds": t, "success": ok},
    )


def big_job(rng: np.random.Generator) -> float:
    """A size between 100 GB and 1 TB."""
    return float(np.exp(rng.uniform(np.log(100.0), np.log(1000.0))))


def any_job(rng: np.random.Generator) -> float:
    """A size between 100 MB and 1 TB."""
    return float(np.exp(rng.uniform(np.log(0.1), np.log(1000.0))))


def workload(gb: float) -> dict:
    """The workload dict the agent is asked about."""
    return {"data_volume_gb": gb, "num_joins": 2, "transform": "sql"}


def fresh_store():
    """An empty in-memory store of its own (``memory://name`` spaces are shared by name)."""
    import uuid

    from strands_airflow.vectors.store import LearningVectorStore

    return LearningVectorStore(f"memory://decision-test-{uuid.uuid4().hex}")
