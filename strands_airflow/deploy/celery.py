"""Airflow's default Celery config, plus :func:`strands_airflow.deploy.warm` (with
``freeze``) run once in each Celery pool process, the process every task of that slot
is forked from.

Use it as ``[celery] celery_config_options`` (``AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=
strands_airflow.deploy.celery.CONFIG``). Needs apache-airflow-providers-celery.
"""

from __future__ import annotations

from typing import Any

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG
from celery.signals import worker_process_init

from strands_airflow.deploy import warm


@worker_process_init.connect
def _warm_pool_process(**_: Any) -> None:
    warm(freeze=True)


CONFIG = DEFAULT_CELERY_CONFIG
