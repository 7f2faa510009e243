"""Assets: the execution operator's target is an asset; a run of the reference DAG records
its event (rows written in the extra) and queues the DAG scheduled on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from strands_airflow.exceptions import StrandsConfigError


@pytest.fixture
def asset_pipeline(tmp_path, monkeypatch) -> Path:
    from dag_files.asset_dags import ASSET_TARGET

    from strands_airflow.pipeline.sample_data import ensure_sample_data, samples_dir

    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    data = ensure_sample_data(tmp_path / "home", orders=5_000, customers=500)
    cfg = json.loads((samples_dir() / "orders_daily.json").read_text())
    cfg["sources"]["orders"]["uri"] = data["orders"]
    cfg["sources"]["customers"]["uri"] = data["customers"]
    cfg["target"]["uri"] = ASSET_TARGET
    shutil.copy(samples_dir() / "orders_daily.sql", tmp_path / "orders_daily.sql")
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(cfg))
    return path


def test_reference_run_records_the_target_asset_event_and_queues_the_downstream_dag(
    airflow_db, asset_pipeline
):
    from airflow.models.asset import AssetDagRunQueue, AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from dag_files.asset_dags import ASSET_TARGET, downstream_dag
    from strands_reference_pipeline import dag

    dr = dag.test(run_conf={"config_path": str(asset_pipeline)})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert states["execution"] == "success", states
    rows = dr.get_task_instance("execution").xcom_pull(task_ids="execution")["rows_out"]
    uri = f"file://{ASSET_TARGET}"
    with create_session() as session:
        asset = session.query(AssetModel).filter_by(uri=uri).one()
        events = session.query(AssetEvent).filter_by(asset_id=asset.id).all()
        mine = [e for e in events if e.extra.get("dag_run") == f"{dag.dag_id}/{dr.run_id}"]
        assert len(mine) == 1, [e.extra for e in events]
        extra = mine[0].extra
        assert extra["rows_written"] == rows > 0
        assert extra["platform"] == "local" and extra["pipeline"] == "orders_daily"
        queued = session.query(AssetDagRunQueue).filter_by(asset_id=asset.id).all()
        assert downstream_dag.dag_id in {q.target_dag_id for q in queued}
        # the quality task, once its checks pass, emits the pipeline's quality asset
        quality = session.query(AssetModel).filter_by(uri="strands://quality/orders_daily").one()
        qevents = session.query(AssetEvent).filter_by(asset_id=quality.id).all()
        qmine = [e.extra for e in qevents if e.extra.get("dag_run") == extra["dag_run"]]
        score = dr.get_task_instance("quality").xcom_pull(task_ids="quality")["overall_score"]
        assert qmine == [
            {
                "quality_score": score,
                "min_score": qmine[0]["min_score"],
                "rows_written": rows,
                "target": uri,
                "dag_run": extra["dag_run"],
                "pipeline": "orders_daily",
            }
        ]


def test_a_literal_config_declares_inlets_and_outlet_at_parse_time(asset_pipeline):
    from dag_files.asset_dags import ASSET_TARGET

    from strands_airflow.operators.execution import StrandsExecutionOperator

    op = StrandsExecutionOperator(task_id="execution", config_path=str(asset_pipeline))
    assert [o.uri for o in op.outlets] == [f"file://{ASSET_TARGET}"]
    assert sorted(i.uri for i in op.inlets) == sorted(
        f"file://{Path(p).resolve()}"
        for p in json.loads(asset_pipeline.read_text())["sources"].values()
        for p in [p["uri"]]
    )
    templated = StrandsExecutionOperator(task_id="execution", config_path="{{ params.c }}")
    assert [type(o).__name__ for o in templated.outlets] == ["AssetAlias"]


def test_an_asset_uri_that_cannot_be_built_names_the_field():
    from strands_airflow.core.platforms import DataLocation
    from strands_airflow.operators.assets import asset_uri

    with pytest.raises(StrandsConfigError, match=r"sources\.orders\.uri: cannot build an asset URI"):
        asset_uri(DataLocation(uri="data/orders.parquet"), "sources.orders.uri")
    with pytest.raises(StrandsConfigError, match=r"target\.uri: cannot build an asset URI"):
        asset_uri(DataLocation(uri="s3://", format="parquet"), "target.uri")
    assert asset_uri(DataLocation(uri="s3://b/k/x.parquet"), "t") == "s3://b/k/x.parquet"
    db = asset_uri(DataLocation(uri="/d/w.duckdb", table="orders"), "t")
    assert db == "duckdb:///d/w.duckdb/orders"
