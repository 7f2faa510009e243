"""The local runner on real DuckDB files: parquet, CSV, JSON and DuckDB-table sources and targets."""

from __future__ import annotations

import json

import duckdb
import pytest

from strands_airflow.exceptions import ExecutionError, StrandsConfigError
from strands_airflow.execution import ExecutionResult, Job, get_runner
from strands_airflow.execution.local import LocalRunner
from strands_airflow.pipeline.config import load_pipeline_config, parse_pipeline_config


@pytest.fixture
def data(tmp_path):
    """orders.parquet (1000 rows), customers.csv (10 rows), regions table in warehouse.duckdb."""
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT i AS order_id, i % 10 AS customer_id, (i % 7) * 1.5 AS amount "
        f"FROM range(1000) t(i)) TO '{tmp_path}/orders.parquet' (FORMAT parquet)"
    )
    con.execute(
        f"COPY (SELECT i AS customer_id, 'c' || i AS name, i % 3 AS region_id FROM range(10) t(i)) "
        f"TO '{tmp_path}/customers.csv' (FORMAT csv, HEADER true)"
    )
    con.close()
    wh = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    wh.execute(
        "CREATE TABLE regions AS SELECT i AS region_id, 'r' || i AS region FROM range(3) t(i)"
    )
    wh.close()
    return tmp_path


def _config(data, target: dict, sql: str | None = None) -> dict:
    return {
        "name": "orders_daily",
        "sources": {
            "orders": {"uri": str(data / "orders.parquet")},
            "customers": {"uri": str(data / "customers.csv")},
            "regions": {"uri": str(data / "warehouse.duckdb"), "table": "regions"},
        },
        "transform": {
            "sql": sql
            or "SELECT r.region, count(*) AS orders, sum(o.amount) AS total FROM orders o "
            "JOIN customers c USING (customer_id) JOIN regions r USING (region_id) GROUP BY 1 ORDER BY 1"
        },
        "target": target,
    }


def _run(cfg: dict, run_key: str = "dag/run_1") -> ExecutionResult:
    job = Job.from_config(parse_pipeline_config(cfg), "local", run_key)
    return get_runner("local").run(job)


def test_parquet_csv_and_duckdb_sources_into_parquet(data):
    out = data / "out" / "by_region.parquet"
    res = _run(_config(data, {"uri": str(out)}))
    assert res.success, res.error
    assert res.platform == "local" and res.state == "SUCCEEDED"
    assert res.rows_in == 1000 + 10 + 3
    assert res.rows_out == 3
    assert res.bytes_scanned is None  # a DuckDB table has no file size to report
    assert res.cost_estimate_usd == 0.0
    assert res.started_at <= res.finished_at
    rows = duckdb.sql(f"SELECT region, orders FROM '{out}' ORDER BY 1").fetchall()
    assert rows == [("r0", 400), ("r1", 300), ("r2", 300)]


def test_file_sources_report_bytes_scanned(data):
    cfg = _config(
        data,
        {"uri": str(data / "o.csv")},
        sql="SELECT * FROM orders JOIN customers USING (customer_id)",
    )
    del cfg["sources"]["regions"]
    res = _run(cfg)
    assert res.success, res.error
    expected = (data / "orders.parquet").stat().st_size + (data / "customers.csv").stat().st_size
    assert res.bytes_scanned == expected
    assert res.rows_out == 1000
    header = (data / "o.csv").read_text().splitlines()[0]
    assert header.split(",")[:2] == ["order_id", "customer_id"]


def test_duckdb_table_target_and_rerun_replaces(data):
    target = {"uri": str(data / "warehouse.duckdb"), "table": "region_totals"}
    assert _run(_config(data, target)).rows_out == 3
    res = _run(_config(data, target))  # a retry replaces, never appends
    assert res.success and res.rows_out == 3
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM region_totals").fetchone() == (3,)
    con.close()


def test_json_target_and_multi_statement_sql(data):
    sql = (
        "CREATE TEMP TABLE big AS SELECT * FROM orders WHERE amount > 5;\n"
        "SELECT customer_id, count(*) AS n FROM big GROUP BY 1 ORDER BY 1;"
    )
    out = data / "big.json"
    res = _run(_config(data, {"uri": str(out)}, sql=sql))
    assert res.success, res.error
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == res.rows_out == 10
    assert (
        sum(x["n"] for x in lines)
        == duckdb.sql(f"SELECT count(*) FROM '{data}/orders.parquet' WHERE amount > 5").fetchall()[
            0
        ][0]
    )


def test_sql_error_is_a_failed_result_and_keeps_old_target(data):
    out = data / "keep.parquet"
    assert _run(_config(data, {"uri": str(out)})).success
    before = out.read_bytes()
    res = _run(_config(data, {"uri": str(out)}, sql="SELECT no_such_column FROM orders"))
    assert not res.success and res.state == "FAILED"
    assert "no_such_column" in res.error and "Binder Error" in res.error
    assert out.read_bytes() == before
    assert not list(data.glob(".keep.parquet.strands-tmp-*"))


def test_missing_source_file_names_the_file(data):
    cfg = _config(data, {"uri": str(data / "x.parquet")})
    cfg["sources"]["orders"]["uri"] = str(data / "missing.parquet")
    res = _run(cfg)
    assert not res.success
    assert "missing.parquet" in res.error


def test_last_statement_must_be_a_select(data):
    with pytest.raises(ExecutionError, match="last statement .* must be a SELECT"):
        _run(_config(data, {"uri": str(data / "x.parquet")}, sql="CREATE TABLE t AS SELECT 1"))


def test_sql_file_relative_to_config(data):
    (data / "job.sql").write_text("SELECT customer_id, sum(amount) AS total FROM orders GROUP BY 1")
    cfg = _config(data, {"uri": "out/totals.parquet"})
    cfg["transform"] = {"sql_file": "job.sql"}
    (data / "pipeline.json").write_text(json.dumps(cfg))
    config = load_pipeline_config(str(data / "pipeline.json"))
    res = LocalRunner().run(Job.from_config(config, "local", "dag/run_2"))
    assert res.success, res.error
    assert res.rows_out == 10
    assert (data / "out" / "totals.parquet").exists()


def test_csv_rows_in_can_be_skipped(data):
    cfg = _config(data, {"uri": str(data / "x.parquet")}, sql="SELECT * FROM customers")
    job = Job.from_config(parse_pipeline_config(cfg), "local", "r")
    res = LocalRunner(count_source_rows=False).run(job)
    assert res.success and res.rows_in is None and res.rows_out == 10


def test_start_poll_result_split(data):
    runner = LocalRunner()
    job = Job.from_config(
        parse_pipeline_config(_config(data, {"uri": str(data / "s.parquet")})), "local", "r"
    )
    ext = runner.start(job)
    status = runner.poll(job, ext)
    assert status.terminal and status.succeeded
    assert runner.result(job, ext).rows_out == 3


def test_pyspark_without_pyspark_names_the_spark_extra(data, tmp_path, monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):  # this worker has no pyspark
        return None if name.split(".")[0] == "pyspark" else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.delenv("SPARK_HOME", raising=False)
    script = tmp_path / "job.py"
    script.write_text("print('hi')\n")
    cfg = _config(data, {"uri": str(data / "x.parquet")})
    cfg["transform"] = {"pyspark": str(script)}
    job = Job.from_config(parse_pipeline_config(cfg), "local", "r")
    with pytest.raises(ExecutionError) as err:
        LocalRunner().run(job)
    assert "pyspark, which is not installed" in str(err.value)
    assert "strands-airflow[spark]" in str(err.value)
    assert "glue" in str(err.value) and "emr_serverless" in str(err.value)


def test_missing_platform_setting_named_before_start(data):
    cfg = _config(data, {"uri": str(data / "x.parquet")})
    cfg["platforms"] = {"glue": {"enabled": True}}
    with pytest.raises(StrandsConfigError, match=r"platforms\.glue\.job_name"):
        Job.from_config(parse_pipeline_config(cfg), "glue", "r")
    cfg["platforms"] = {"emr_serverless": {"enabled": True, "application_id": "a"}}
    with pytest.raises(StrandsConfigError, match=r"platforms\.emr_serverless\.execution_role_arn"):
        Job.from_config(parse_pipeline_config(cfg), "emr_serverless", "r")
    cfg["platforms"] = {"emr_serverless": {"application_id": "a", "execution_role_arn": "arn:r"}}
    with pytest.raises(StrandsConfigError, match=r"platforms\.emr_serverless\.entry_point"):
        Job.from_config(parse_pipeline_config(cfg), "emr_serverless", "r")
    with pytest.raises(StrandsConfigError, match="unknown platform 'hadoop'"):
        Job.from_config(parse_pipeline_config(cfg), "hadoop", "r")


def test_result_metrics_use_the_seed_names(data):
    res = _run(_config(data, {"uri": str(data / "m.parquet")}))
    m = res.to_metrics()
    assert m["platform_used"] == "local" and m["success"] is True
    assert m["execution_time_seconds"] == res.execution_time_seconds
    assert json.loads(res.model_dump_json())["rows_out"] == 3
