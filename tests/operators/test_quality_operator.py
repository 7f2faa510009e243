"""The quality operator under dag.test(): report as XCom, stored, and failing on min_score."""

from __future__ import annotations

import duckdb


def _target(tmp_path, bad_emails: int) -> str:
    path = tmp_path / "customers.parquet"
    duckdb.execute(
        f"""COPY (SELECT i AS customer_id,
                  CASE WHEN i <= {bad_emails} THEN 'broken' ELSE 'c' || i || '@example.com' END AS email
                  FROM range(1, 101) t(i)) TO '{path}' (FORMAT parquet)"""
    )
    return str(path)


def test_quality_passes_and_stores_its_report(airflow_db, tmp_path, monkeypatch):
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    from dag_files.quality_dags import quality_dag

    dr = quality_dag.test(run_conf={"target": _target(tmp_path, 0), "min_score": 0.9})
    ti = dr.get_task_instance("quality")
    assert ti.state == "success"
    report = ti.xcom_pull(task_ids="quality")
    assert report["overall_score"] == 1.0
    kinds = sorted(r["check"]["kind"] for r in report["results"])
    assert kinds == ["format", "not_null"]
    assert {"select_star", "order_by_without_limit"} <= {f["pattern"] for f in report["findings"]}

    from strands_airflow.vectors.store import LearningVectorStore

    stored = LearningVectorStore((tmp_path / "store").as_uri()).get_report(
        "quality", f"strands_test_quality/{dr.run_id}"
    )
    assert stored["overall_score"] == 1.0


def test_quality_below_min_score_fails_naming_the_check(airflow_db, tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("AIRFLOW__STRANDS__STORE_URL", (tmp_path / "store").as_uri())
    from dag_files.quality_dags import quality_dag

    dr = quality_dag.test(run_conf={"target": _target(tmp_path, 7), "min_score": 0.9})
    ti = dr.get_task_instance("quality")
    assert ti.state == "failed"
    out = capfd.readouterr().out
    assert "quality score 0.500 is below min_score 0.900" in out
    assert "format on email: 7 of 100 rows failed" in out
