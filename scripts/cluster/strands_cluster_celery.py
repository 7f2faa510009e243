"""`[celery] celery_config_options` of the cluster: Airflow's default Celery config, plus
one thing: each worker process imports the provider's heavy modules once, when it starts.

A Celery worker's pool process forks the task process of every task it runs: what the pool
process has imported, every task gets for free. Without this, each Strands task imports
boto3, the S3 hook, numpy, the agents and the bus client again (about a second on this
machine); with it, a Strands task costs about what an empty task costs plus its own work.
See docs/deploy.md ("Preloading the provider on Celery workers").
"""

from __future__ import annotations

import importlib
import logging

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG
from celery.signals import worker_process_init

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
    "strands_airflow.bus.redis_stream",
    "strands_airflow.execution.local",
)


@worker_process_init.connect
def _preload(**_: object) -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - a preload is an optimisation, never fatal
            logging.getLogger(__name__).warning("preload of %s skipped: %s", name, exc)


CONFIG = DEFAULT_CELERY_CONFIG
