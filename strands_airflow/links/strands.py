"""`StrandsDashboardLink`: from a Strands task to the dashboard filtered to its DAG run."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from airflow.sdk import BaseOperatorLink

if TYPE_CHECKING:
    from airflow.sdk import BaseOperator
    from airflow.sdk.types import TaskInstanceKey

DASHBOARD_PATH = "/strands/"


def dashboard_url(dag_id: str, run_id: str) -> str:
    """The dashboard filtered to one DAG run, under `[api] base_url` when that is set."""
    base = ""
    try:
        from airflow.configuration import conf

        base = (conf.get("api", "base_url", fallback="") or "").rstrip("/")
    except Exception:  # noqa: BLE001 - no Airflow config: a path relative to the UI
        base = ""
    return f"{base}{DASHBOARD_PATH}?{urlencode({'dag_id': dag_id, 'run_id': run_id})}"


class StrandsDashboardLink(BaseOperatorLink):
    """ "Strands dashboard" button on every Strands task: the dashboard for this DAG run."""

    name = "Strands dashboard"

    def get_link(self, operator: BaseOperator, *, ti_key: TaskInstanceKey) -> str:
        return dashboard_url(ti_key.dag_id, ti_key.run_id)
