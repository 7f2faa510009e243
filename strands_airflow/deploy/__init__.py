"""Deployment helpers: warm a long-lived worker process so its tasks start fast.

On Celery, each task runs in a process forked from the worker's pool process, and it
inherits what that process has imported and computed. ``warm()`` imports the provider's
heavy modules (boto3, the S3 hook, numpy, the agents, the bus client) and fills the
caches every task would otherwise build again: botocore's S3 service model and endpoint
rules, the decision agent's prior and failure-model tables (one decision on a throwaway
in-memory store). It does no network I/O and needs no connection. ``strands_airflow.deploy.celery.CONFIG`` is Airflow's default Celery
config with ``warm()`` run once per pool process (see docs/deploy.md).
"""

from __future__ import annotations

import importlib
import logging
import time

log = logging.getLogger(__name__)

PRELOAD = (
    "boto3",
    "botocore.session",
    "numpy",
    "redis",
    "airflow.providers.amazon.aws.hooks.s3",
    "airflow.providers.amazon.aws.hooks.base_aws",
    "strands_airflow.operators.decision",
    "strands_airflow.operators.execution",
    "strands_airflow.operators.quality",
    "strands_airflow.operators.optimization",
    "strands_airflow.operators.learning",
    "strands_airflow.pipeline.steps",
    "strands_airflow.pipeline.config",
    "strands_airflow.agents.decision",
    "strands_airflow.agents.learning",
    "strands_airflow.agents.optimization",
    "strands_airflow.agents.quality.agent",
    "strands_airflow.vectors.store",
    "strands_airflow.vectors.s3",
    "strands_airflow.vectors.learned_state",
    "strands_airflow.vectors.tail_cache",
    "strands_airflow.agents.decision.learned_state",
    "strands_airflow.bus.redis_stream",
    "strands_airflow.execution.local",
)


def _caches() -> None:
    import uuid

    from strands_airflow.agents.decision import DecisionAgent
    from strands_airflow.agents.decision.failure import _tables
    from strands_airflow.core.blas import controller as blas_controller
    from strands_airflow.vectors.backends import MemoryBackend
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.s3 import warm_client_data
    from strands_airflow.vectors.store import LearningVectorStore

    warm_client_data()
    _tables()
    blas_controller()  # the scan of loaded BLAS libraries, once, before the fork
    # One decision on a throwaway in-memory store with two runs: the path a decision task
    # takes (learned state, tail and its cache, folding, scoring) is imported and its
    # tables built here, once, instead of in every task. No network, no connection.
    name = f"strands-warm-{uuid.uuid4().hex[:8]}"
    try:
        store = LearningVectorStore(f"memory://{name}")
        for i, platform in enumerate(("local", "glue")):
            store.put(
                LearningVector.from_run(
                    workload={"data_volume_gb": 1.0 + i, "num_joins": i},
                    platform=platform,
                    metrics={"execution_time_seconds": 10.0 + i, "success": True},
                    run_key=("strands_warm", name, str(i)),
                )
            )
        DecisionAgent(store=LearningVectorStore(f"memory://{name}"), random_state=0).decide(
            {"data_volume": "low", "complexity": "medium", "job_type": "sql"}
        )
    finally:
        MemoryBackend.reset(name)


def warm(*, freeze: bool = False) -> dict[str, str]:
    """Import :data:`PRELOAD` and fill the per-process caches; returns what was skipped
    (module or step -> reason). Never raises: a warm-up is an optimisation.

    ``freeze``: then ``gc.freeze()``, for a process that forks its tasks. Python's
    collector otherwise walks every object the warm-up created (millions: Airflow, boto3,
    numpy, pydantic) on the first full collection in each task, 0.1-0.3 s here; frozen
    objects are never scanned, and pages shared with the parent stay shared.
    """
    skipped: dict[str, str] = {}
    t0 = time.perf_counter()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - a missing optional extra is not fatal
            skipped[name] = f"{type(exc).__name__}: {exc}"
    try:
        _caches()
    except Exception as exc:  # noqa: BLE001
        skipped["caches"] = f"{type(exc).__name__}: {exc}"
    for name, why in skipped.items():
        log.warning("strands warm-up: %s skipped (%s)", name, why)
    if freeze:
        import gc

        gc.collect()
        gc.freeze()
    log.info("strands warm-up done in %.2f s", time.perf_counter() - t0)
    return skipped
