"""OpenLineage events of the reference DAG under dag.test(), through the provider's
listener and the client's file transport; each facet is rebuilt with the client's own
attrs classes (the package ships no JSON schema files), which validates its fields."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest


@pytest.fixture
def small_pipeline(tmp_path, monkeypatch) -> Path:
    from strands_airflow.pipeline.sample_data import ensure_sample_data, samples_dir

    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    data = ensure_sample_data(tmp_path / "home", orders=5_000, customers=500)
    cfg = json.loads((samples_dir() / "orders_daily.json").read_text())
    cfg["sources"]["orders"]["uri"] = data["orders"]
    cfg["sources"]["customers"]["uri"] = data["customers"]
    cfg["target"]["uri"] = str(tmp_path / "out" / "customer_revenue.parquet")
    shutil.copy(samples_dir() / "orders_daily.sql", tmp_path / "orders_daily.sql")
    path = tmp_path / "pipeline.json"
    path.write_text(json.dumps(cfg))
    return path


@pytest.fixture
def lineage_file(tmp_path, monkeypatch):
    """OpenLineage on, with the file transport; the provider's listener registered."""
    from airflow.providers.openlineage import conf as ol_conf
    from airflow.providers.openlineage.plugins.listener import get_openlineage_listener
    from airflow.sdk.listener import get_listener_manager

    path = tmp_path / "lineage.jsonl"
    transport = {"type": "file", "log_file_path": str(path), "append": True}
    monkeypatch.setenv("AIRFLOW__OPENLINEAGE__TRANSPORT", json.dumps(transport))
    monkeypatch.setenv("AIRFLOW__OPENLINEAGE__NAMESPACE", "strands-test")
    # emit in a thread, not a forked child of the test process
    monkeypatch.setenv("AIRFLOW__OPENLINEAGE__EXECUTE_IN_THREAD", "True")
    for name in dir(ol_conf):
        clear = getattr(getattr(ol_conf, name), "cache_clear", None)
        if clear:
            clear()
    manager = get_listener_manager()
    listener = get_openlineage_listener()
    manager.add_listener(listener)
    yield path
    manager.pm.unregister(listener)
    for name in dir(ol_conf):
        clear = getattr(getattr(ol_conf, name), "cache_clear", None)
        if clear:
            clear()


def _events(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _facet(cls, data: dict, **nested):
    """Rebuild a facet with its attrs class (raises on a missing or mistyped field)."""
    fields = {k: v for k, v in data.items() if not k.startswith("_")}
    for key, (item_cls, many) in nested.items():
        value = fields[key]
        fields[key] = (
            [item_cls(**v) for v in value] if many else {k: item_cls(**v) for k, v in value.items()}
        )
    facet = cls(**fields)
    assert data["_schemaURL"] == facet._get_schema()
    return facet


def test_reference_dag_emits_lineage_with_strands_facets(airflow_db, small_pipeline, lineage_file):
    from openlineage.client.facet_v2 import (
        data_quality_assertions_dataset as dqa,
    )
    from openlineage.client.facet_v2 import (
        data_quality_metrics_input_dataset as dqm,
    )
    from openlineage.client.facet_v2 import sql_job
    from strands_reference_pipeline import dag

    from strands_airflow.operators.lineage_facets import (
        StrandsDecisionRunFacet,
        StrandsExecutionRunFacet,
        StrandsLearningRunFacet,
    )

    dr = dag.test(run_conf={"config_path": str(small_pipeline)})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    assert set(states.values()) == {"success"}, states
    xcom = {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in dr.get_task_instances()}

    events = _events(lineage_file)
    complete = {
        e["job"]["name"].split(".")[-1]: e
        for e in events
        if e["eventType"] == "COMPLETE" and e["job"]["name"].startswith(dag.dag_id + ".")
    }
    assert {"decision", "execution", "quality", "learning"} <= set(complete), sorted(complete)
    starts = [e for e in events if e["eventType"] == "START" and e["job"]["name"].endswith(".execution")]
    assert starts and starts[0]["inputs"], "the START event already names the inputs"

    cfg = json.loads(small_pipeline.read_text())
    ex = complete["execution"]
    assert sorted((d["namespace"], d["name"]) for d in ex["inputs"]) == sorted(
        ("file", str(Path(s["uri"]).resolve())) for s in cfg["sources"].values()
    )
    assert [(d["namespace"], d["name"]) for d in ex["outputs"]] == [
        ("file", str(Path(cfg["target"]["uri"]).resolve()))
    ]
    sql = _facet(sql_job.SQLJobFacet, ex["job"]["facets"]["sql"])
    assert "select" in sql.query.lower()
    run = _facet(StrandsExecutionRunFacet, ex["run"]["facets"]["strands_execution"])
    assert run.platform == "local" and run.rowsWritten == xcom["execution"]["rows_out"] > 0
    assert run.costEstimateUsd == xcom["execution"]["cost_estimate_usd"]

    q = complete["quality"]["inputs"][0]
    assert q["name"] == str(Path(cfg["target"]["uri"]).resolve())
    facets = q["inputFacets"]
    assertions = _facet(
        dqa.DataQualityAssertionsDatasetFacet,
        facets["dataQualityAssertions"],
        assertions=(dqa.Assertion, True),
    ).assertions
    results = xcom["quality"]["results"]
    assert len(assertions) == sum(len(r["check"]["columns"] or [None]) for r in results) > 0
    assert {(a.assertion, a.success) for a in assertions} == {
        (r["check"]["kind"], r["passed"]) for r in results
    }
    metrics = _facet(
        dqm.DataQualityMetricsInputDatasetFacet,
        facets["dataQualityMetrics"],
        columnMetrics=(dqm.ColumnMetrics, False),
    )
    assert metrics.rowCount == max(r["total_rows"] for r in results)
    not_null = {c for r in results if r["check"]["kind"] == "not_null" for c in r["check"]["columns"]}
    assert set(metrics.columnMetrics) == not_null

    dec = _facet(StrandsDecisionRunFacet, complete["decision"]["run"]["facets"]["strands_decision"])
    assert dec.chosenPlatform == xcom["decision"]["selected_platform"]
    assert dec.confidence == xcom["decision"]["confidence"]
    learn = _facet(StrandsLearningRunFacet, complete["learning"]["run"]["facets"]["strands_learning"])
    assert learn.vectorId == xcom["learning"]["vector_id"]
