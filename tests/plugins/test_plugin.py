"""The plugin's registration: entry point, app mount, navigation entries and extra links."""

from __future__ import annotations

from datetime import datetime, timezone


def test_entry_point_names_the_plugin():
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="airflow.plugins") if e.name == "strands"]
    from strands_airflow.plugins.strands import StrandsPlugin

    assert ep.load() is StrandsPlugin


def test_plugin_mounts_the_app_and_declares_valid_views():
    from airflow.api_fastapi.app import RESERVED_URL_PREFIXES
    from airflow.api_fastapi.core_api.datamodels.plugins import ExternalViewResponse

    from strands_airflow.plugins.strands import StrandsPlugin

    (app,) = StrandsPlugin.fastapi_apps
    assert app["url_prefix"] == "/strands"
    assert not any(app["url_prefix"].startswith(p) for p in RESERVED_URL_PREFIXES)
    views = [ExternalViewResponse.model_validate(v) for v in StrandsPlugin.external_views]
    assert {v.destination for v in views} == {"nav", "dag_run"}
    run_view = next(v for v in views if v.destination == "dag_run")
    assert run_view.href == "/strands/?dag_id={DAG_ID}&run_id={RUN_ID}"


def test_every_strands_task_links_to_the_dashboard_of_its_run():
    from airflow.models.taskinstancekey import TaskInstanceKey
    from airflow.sdk import DAG

    from strands_airflow.links import StrandsDashboardLink
    from strands_airflow.operators.base import StrandsBaseOperator
    from strands_airflow.sensors.message import StrandsMessageSensor

    with DAG("links_dag", start_date=datetime(2026, 1, 1, tzinfo=timezone.utc), schedule=None):
        sensor = StrandsMessageSensor(task_id="wait", message_type="quality_report")
    assert any(isinstance(link, StrandsDashboardLink) for link in sensor.operator_extra_links)
    assert any(
        isinstance(link, StrandsDashboardLink) for link in StrandsBaseOperator.operator_extra_links
    )
    run_id = "manual__2026-01-01T00:00:00+00:00"
    key = TaskInstanceKey(dag_id="links_dag", task_id="wait", run_id=run_id)
    link = StrandsDashboardLink().get_link(sensor, ti_key=key)
    assert link == "/strands/?dag_id=links_dag&run_id=manual__2026-01-01T00%3A00%3A00%2B00%3A00"


def test_serialized_dag_keeps_the_extra_link():
    from airflow.sdk import DAG
    from airflow.serialization.serialized_objects import DagSerialization

    from strands_airflow.sensors.message import StrandsMessageSensor

    with DAG(
        "links_dag2", start_date=datetime(2026, 1, 1, tzinfo=timezone.utc), schedule=None
    ) as dag:
        StrandsMessageSensor(task_id="wait", message_type="quality_report")
    restored = DagSerialization.from_dict(DagSerialization.to_dict(dag))
    assert "Strands dashboard" in restored.get_task("wait").extra_links
