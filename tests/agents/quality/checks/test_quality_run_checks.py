"""run_checks on real DuckDB files and databases: results, samples, score and the query plan."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from strands_airflow.agents.quality.checks import run_checks
from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityCheckError

ORDERS_SQL = """
SELECT i AS order_id,
       CASE WHEN i % 10 = 0 THEN NULL ELSE i % 7 END AS customer_id,
       i % 5 - 1 AS quantity,
       CASE i % 3 WHEN 0 THEN 'shipped' WHEN 1 THEN 'pending' ELSE 'lost' END AS status,
       CASE WHEN i % 4 = 0 THEN 'not-an-email' ELSE 'user' || i || '@example.com' END AS email,
       now() - to_seconds(i * 60) AS updated_at
FROM range(1000) t(i)
"""


@pytest.fixture
def orders(tmp_path):
    """orders.parquet (1000 rows, known defects) and customers.parquet (ids 0..4)."""
    con = duckdb.connect()
    con.execute(f"COPY ({ORDERS_SQL}) TO '{tmp_path / 'orders.parquet'}'")
    con.execute(f"COPY (SELECT i AS id FROM range(5) t(i)) TO '{tmp_path / 'customers.parquet'}'")
    con.close()
    return tmp_path


def by_kind(report):
    return {(r.check.kind, tuple(r.check.columns)): r for r in report.results}


def test_parsed_request_runs_on_a_parquet_file_with_counts_and_samples(orders):
    checks = parse_request(
        "order_id is unique; no missing customer_id; no negative quantities; "
        "status should be one of pending, shipped; email must be a valid email; "
        "no older than 1 hour based on updated_at; at least 10 rows"
    )
    report = run_checks(checks, str(orders / "orders.parquet"))
    r = by_kind(report)
    assert r[("unique", ("order_id",))].passed
    nn = r[("not_null", ("customer_id",))]
    assert (nn.passed, nn.failing_rows, nn.total_rows) == (False, 100, 1000)
    assert len(nn.sample_failures) == 10 and all(
        s["customer_id"] is None for s in nn.sample_failures
    )
    assert r[("range", ("quantity",))].failing_rows == 200
    assert all(s["quantity"] < 0 for s in r[("range", ("quantity",))].sample_failures)
    assert r[("accepted_values", ("status",))].failing_rows == 333
    assert r[("format", ("email",))].failing_rows == 250
    assert r[("freshness", ("updated_at",))].passed
    assert r[("row_count", ())].observed == 1000
    assert report.overall_score == pytest.approx(3 / 7)
    # one column probe + one shared scan + one sample query per failed row-level check
    assert report.queries == 2 + 4
    assert all(res.elapsed_ms >= 0 for res in report.results)


def test_weights_make_the_score(orders):
    checks = [
        Check(kind="not_null", columns=["order_id"], weight=3),
        Check(kind="not_null", columns=["customer_id"], weight=1),
    ]
    assert run_checks(checks, str(orders / "orders.parquet")).overall_score == pytest.approx(0.75)


def test_unique_and_referential_report_duplicates_and_orphans(orders):
    checks = [
        {"kind": "unique", "columns": ["customer_id", "status"]},
        {"kind": "unique", "columns": ["status"]},
        {"kind": "referential", "columns": ["customer_id"], "ref_table": str(orders / "customers.parquet"),
         "ref_column": "ID"},
    ]  # fmt: skip
    r = run_checks(checks, str(orders / "orders.parquet")).results
    assert not r[0].passed and r[0].observed == 21 and set(r[0].sample_failures[0]) == {
        "customer_id", "status", "duplicate_count"}  # fmt: skip
    assert r[1].failing_rows == 1000 and r[1].observed == 3
    orphans = r[2]
    assert not orphans.passed and orphans.failing_rows == 257
    assert all(s["customer_id"] in (5, 6) for s in orphans.sample_failures)


def test_freshness_fails_on_stale_data_and_reports_the_newest_value(tmp_path):
    old = dt.datetime(2020, 1, 1, 12, 0)
    path = tmp_path / "stale.csv"
    path.write_text(
        f"id,loaded_at\n1,{old.isoformat()}\n2,{(old - dt.timedelta(days=1)).isoformat()}\n"
    )
    res = run_checks(
        [Check(kind="freshness", columns=["loaded_at"], max_age_seconds=86400)], str(path)
    ).results[0]
    assert (
        not res.passed and res.observed.startswith("2020-01-01T12:00:00") and res.failing_rows == 2
    )


def test_csv_and_json_files_and_row_count_bounds(tmp_path):
    (tmp_path / "a.csv").write_text("id,score\n1,5\n2,7\n3,\n")
    (tmp_path / "a.jsonl").write_text('{"id": 1, "score": 5}\n{"id": 2, "score": 70}\n')
    csv = run_checks([Check(kind="range", columns=["score"], min=0, max=10), Check(kind="row_count", min=4)],
                     str(tmp_path / "a.csv"))  # fmt: skip
    assert [r.passed for r in csv.results] == [True, False]
    js = run_checks([Check(kind="range", columns=["score"], max=10)], str(tmp_path / "a.jsonl"))
    assert js.results[0].failing_rows == 1 and js.results[0].sample_failures == [
        {"id": 2, "score": 70}
    ]


def test_duckdb_table_target(tmp_path):
    db = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE SCHEMA sales")
    con.execute("CREATE TABLE sales.orders AS SELECT i AS id, i % 3 AS bucket FROM range(30) t(i)")
    con.execute("CREATE TABLE sales.buckets AS SELECT i AS bucket FROM range(2) t(i)")
    con.close()
    report = run_checks(
        [Check(kind="accepted_values", columns=["bucket"], values=[0, 1, 2]),
         Check(kind="referential", columns=["bucket"], ref_table="sales.buckets", ref_column="bucket"),
         Check(kind="custom_sql", condition="id >= bucket")],
        f"duckdb://{db}::sales.orders",
    )  # fmt: skip
    assert [r.passed for r in report.results] == [True, False, True]
    assert report.results[1].failing_rows == 10


def test_values_are_bound_never_spliced(orders):
    evil = "x') OR 1=1; DROP TABLE t; --"
    res = run_checks([Check(kind="accepted_values", columns=["status"], values=[evil])],
                     str(orders / "orders.parquet")).results[0]  # fmt: skip
    assert res.failing_rows == 1000  # the value is compared as text, nothing else happens


def test_errors_name_the_missing_file_table_or_column(orders, tmp_path):
    with pytest.raises(QualityCheckError, match="missing.parquet"):
        run_checks([Check(kind="row_count", min=1)], str(tmp_path / "missing.parquet"))
    with pytest.raises(QualityCheckError, match="'shoe_size'.*columns are: order_id"):
        run_checks([Check(kind="not_null", columns=["shoe_size"])], str(orders / "orders.parquet"))
    with pytest.raises(QualityCheckError, match="no_such_table"):
        db = tmp_path / "e.duckdb"
        duckdb.connect(str(db)).close()
        run_checks([Check(kind="row_count", min=1)], f"duckdb://{db}::no_such_table")
    bad = tmp_path / "bad.parquet"
    bad.write_text("this is not parquet")
    with pytest.raises(QualityCheckError, match="bad.parquet"):
        run_checks([Check(kind="row_count", min=1)], str(bad))
    with pytest.raises(QualityCheckError, match="does not exist"):
        run_checks([Check(kind="row_count", min=1)], "orders_table_without_conn")
    with pytest.raises(QualityCheckError, match="unknown column"):
        run_checks([Check(kind="custom_sql", condition="nope > 1")], str(orders / "orders.parquet"))
    with pytest.raises(QualityCheckError, match="not allowed|single boolean"):
        run_checks(
            [Check(kind="custom_sql", condition="order_id IN (SELECT 1)")],
            str(orders / "orders.parquet"),
        )


def test_a_check_on_several_columns_fails_a_row_when_any_column_fails(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,1\n-1,2\n3,-3\n")
    res = run_checks([Check(kind="range", columns=["a", "b"], min=0)], str(path)).results[0]
    assert res.failing_rows == 2 and len(res.sample_failures) == 2


def test_common_sql_shapes_for_multi_column_checks():
    from strands_airflow.agents.quality.checks import to_common_sql_checks

    out = to_common_sql_checks(
        [Check(kind="not_null", columns=["a", "b"]), Check(kind="unique", columns=["a", "b"]),
         Check(kind="accepted_values", columns=["s"], values=["x", "o'k"])]
    )  # fmt: skip
    assert out["column_mapping"] == {
        "a": {"null_check": {"equal_to": 0}},
        "b": {"null_check": {"equal_to": 0}},
    }
    assert (
        out["checks"]["accepted_values_s"]["check_statement"]
        == "\"s\" IS NULL OR \"s\" IN ('x', 'o''k')"
    )
