"""The shipped PySpark sample pipeline under dag.test(): only Spark can run it, and it does."""

from __future__ import annotations

import json
import shutil

import duckdb

STEPS = ["decision", "execution", "quality", "optimization", "learning"]

# The PySpark job's logic in DuckDB SQL, to check Spark's rows against.
EXPECTED_SQL = """
SELECT c.customer_id, c.name, c.email, c.country, count(*) AS order_count,
       sum(o.quantity) AS total_quantity, round(sum(o.amount), 2) AS total_amount
FROM read_parquet('{orders}') o JOIN read_parquet('{customers}') c USING (customer_id)
WHERE o.status <> 'cancelled'
GROUP BY ALL
"""


def test_pyspark_sample_runs_on_spark_under_dag_test(airflow_db, tmp_path, monkeypatch):
    from strands_reference_pipeline import dag

    from strands_airflow.pipeline.sample_data import ensure_sample_data, samples_dir

    monkeypatch.setenv("AIRFLOW__STRANDS__VECTOR_STORE_URL", f"file://{tmp_path}/store")
    data = ensure_sample_data(tmp_path / "home", orders=3_000, customers=300)
    cfg = json.loads((samples_dir() / "orders_pyspark.json").read_text())
    cfg["sources"]["orders"]["uri"] = data["orders"]
    cfg["sources"]["customers"]["uri"] = data["customers"]
    out = tmp_path / "out" / "customer_revenue_spark"
    cfg["target"]["uri"] = str(out)
    shutil.copy(samples_dir() / "orders_enrichment.py", tmp_path / "orders_enrichment.py")
    config = tmp_path / "pipeline.json"
    config.write_text(json.dumps(cfg))

    dr = dag.test(run_conf={"config_path": str(config)})
    states = {ti.task_id: ti.state for ti in dr.get_task_instances()}
    x = {ti.task_id: ti.xcom_pull(task_ids=ti.task_id) for ti in dr.get_task_instances()}
    assert states == dict.fromkeys(STEPS, "success"), states
    assert x["decision"]["selected_platform"] == "spark"
    assert x["decision"]["scores"]["local"]["excluded_reason"] == "disabled"
    execution = x["execution"]
    assert execution["platform"] == "spark" and execution["success"]
    assert execution["rows_in"] == 3_300

    with duckdb.connect() as con:
        spark_rows = sorted(con.execute(f"SELECT * FROM read_parquet('{out}/*.parquet')").fetchall())
        expected = sorted(
            con.execute(
                EXPECTED_SQL.format(orders=data["orders"], customers=data["customers"])
            ).fetchall()
        )
    assert spark_rows == expected and len(expected) > 100
    assert execution["rows_out"] == len(expected)
    # the quality step read Spark's folder of part files and ran the config's checks
    assert 0 < x["quality"]["overall_score"] <= 1
