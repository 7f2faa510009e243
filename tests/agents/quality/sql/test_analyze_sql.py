"""analyze_sql: findings, statements, Jinja, dialects, parsers and bad input."""

from __future__ import annotations

import threading

import pytest

from strands_airflow.agents.quality.models import SqlReport
from strands_airflow.agents.quality.sql import analyze_sql, dialect_for_conn_type
from strands_airflow.agents.quality.sql.analyzer import rust_parser_available
from strands_airflow.exceptions import AnalysisError

SCRIPT = """SELECT * FROM orders WHERE id = 1;
UPDATE orders SET status = 'x';
SELECT id FROM a UNION SELECT id FROM b;
"""


def test_findings_have_rule_slug_position_and_advice():
    report = analyze_sql(SCRIPT)
    assert isinstance(report, SqlReport)
    assert report.statements == 3
    assert report.dialect == "ansi"
    by_slug = {f.pattern: f for f in report.findings}
    star = by_slug["select_star"]
    assert (star.rule, star.line, star.column) == ("Strands_SQ01", 1, 8)
    assert star.severity == "warning" and "SELECT id" in star.suggestion
    update = [f for f in report.findings if f.pattern == "missing_where" and f.line == 2]
    assert update and update[0].column == 1 and "UPDATE" in update[0].message
    assert update[0].severity == "error"
    assert by_slug["union_instead_of_union_all"].line == 3


def test_jinja_with_airflow_macros_keeps_original_lines():
    sql = (
        "{% if params.full_refresh %}\n"
        "TRUNCATE TABLE {{ params.table }};\n"
        "{% endif %}\n"
        "INSERT INTO {{ params.table }}\n"
        "SELECT *\n"
        "FROM {{ var.value.schema }}.events\n"
        "WHERE event_date BETWEEN '{{ macros.ds_add(ds, -7) }}' AND '{{ ds }}'\n"
        "  AND name LIKE '%{{ params.suffix }}'\n"
    )
    report = analyze_sql(sql, "postgres")
    positions = {f.pattern: (f.line, f.column) for f in report.findings}
    assert positions == {"select_star": (5, 8), "leading_wildcard_like": (8, 17)}


def test_airflow_filters_and_unknown_context_render():
    sql = (
        "SELECT id FROM t\n"
        "WHERE d >= '{{ data_interval_start | ds }}'\n"
        '  AND e = \'{{ dag_run.conf.get("x", "y") }}\'\n'
        "  AND f = {{ ti.xcom_pull(task_ids='a') | int }}\n"
        '  AND g = \'{{ macros.ds_format(ds, "%Y-%m-%d", "%Y%m%d") }}\'\n'
    )
    assert analyze_sql(sql, "postgres").findings == []


@pytest.mark.parametrize(
    ("sql", "dialect"),
    [
        ("SELECT id FROM t\nWHERE a >= %(start)s AND UPPER(b) = %s AND c LIKE 'a%s'", "postgres"),
        ("SELECT c::int FROM t\nWHERE a >= :start AND UPPER(b) = $1", "postgres"),
        ("SELECT c FROM t\nWHERE a >= :start AND UPPER(b) = ?", "mysql"),
        ("SELECT v:id FROM t\nWHERE a >= :start AND UPPER(b) = ?", "snowflake"),
    ],
)
def test_bind_parameters_of_airflow_sql_operators_parse(sql, dialect):
    report = analyze_sql(sql, dialect)
    assert [(f.pattern, f.line, f.column) for f in report.findings] == [
        ("function_on_column_in_predicate", 2, report.findings[0].column)
    ]
    assert sql.splitlines()[1][report.findings[0].column - 1 :].startswith("UPPER(b)")


def test_unparsable_sql_gives_parse_error_finding():
    report = analyze_sql("SELECT id FROM orders;\nSELECT FROM WHERE (;\n")
    errors = [f for f in report.findings if f.pattern == "parse_error"]
    assert errors and errors[0].line == 2 and errors[0].column >= 1
    assert "line 2" in errors[0].message and errors[0].severity == "error"


@pytest.mark.parametrize("blank", ["", "   \n\t  "])
def test_blank_input_is_an_error(blank):
    with pytest.raises(AnalysisError, match="empty or blank"):
        analyze_sql(blank)


def test_input_over_max_bytes_is_rejected_at_once():
    sql = "SELECT id FROM t WHERE id = 1;\n" * 100
    with pytest.raises(AnalysisError, match="over the analysis limit of 1000 bytes"):
        analyze_sql(sql, max_bytes=1000)
    with pytest.raises(AnalysisError, match="analysis_max_bytes"):
        analyze_sql("SELECT 1 " + "x" * 200_000)


def _long_script() -> str:
    return "SELECT a.id FROM a JOIN b ON b.id = a.id WHERE a.x = 1 OR b.y = 2;\n" * 300


def test_time_budget_stops_analysis_with_clear_error():
    with pytest.raises(AnalysisError, match="time budget of 0.05 s"):
        analyze_sql(_long_script(), timeout_seconds=0.05, parser="python")
    # Nothing leaks out of the interrupted run: the next analysis is normal.
    assert analyze_sql("SELECT * FROM t WHERE id = 1").patterns == {"select_star"}


def test_time_budget_works_off_the_main_thread():
    outcome: list[object] = []

    def worker() -> None:
        try:
            analyze_sql(_long_script(), timeout_seconds=0.05, parser="python")
            outcome.append("finished")
        except AnalysisError as err:
            outcome.append(err)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert isinstance(outcome[0], AnalysisError)


@pytest.mark.parametrize(
    ("conn_type", "dialect"),
    [
        ("postgres", "postgres"),
        ("mysql", "mysql"),
        ("mssql", "tsql"),
        ("redshift", "redshift"),
        ("snowflake", "snowflake"),
        ("google_cloud_platform", "bigquery"),
        ("gcpbigquery", "bigquery"),
        ("spark", "sparksql"),
        ("spark_sql", "sparksql"),
        ("trino", "trino"),
        ("presto", "trino"),
        ("duckdb", "duckdb"),
        ("sqlite", "sqlite"),
        ("oracle", "oracle"),
        ("databricks", "databricks"),
        ("hiveserver2", "hive"),
        ("something_else", "ansi"),
    ],
)
def test_dialect_for_conn_type(conn_type, dialect):
    assert dialect_for_conn_type(conn_type) == dialect


def test_dialect_argument_accepts_conn_types_and_rejects_unknown():
    assert (
        analyze_sql("SELECT `a` FROM `p.d.t` WHERE x = 1", "google_cloud_platform").dialect
        == "bigquery"
    )
    with pytest.raises(AnalysisError, match="unknown SQL dialect 'klingon'"):
        analyze_sql("SELECT 1", "klingon")


def test_rust_and_python_parsers_agree():
    assert rust_parser_available()  # the test env installs the `rs` extra
    sql = "SELECT DISTINCT c.id FROM c JOIN o ON o.cid = c.id WHERE UPPER(c.n) LIKE '%x' ORDER BY 1"
    rust = analyze_sql(sql, "postgres", parser="rust")
    python = analyze_sql(sql, "postgres", parser="python")
    assert [(f.pattern, f.line, f.column) for f in rust.findings] == [
        (f.pattern, f.line, f.column) for f in python.findings
    ]


def test_concurrent_calls_share_cached_linters_safely():
    """Threads (e.g. asyncio.to_thread in the agent) get the same answers as one thread."""
    from concurrent.futures import ThreadPoolExecutor

    queries = [
        ("SELECT * FROM a WHERE x = 1 OR y = 2", "ansi"),
        ("SELECT DISTINCT c.id FROM c JOIN o ON o.cid = c.id", "postgres"),
        ("SELECT TOP 5 a FROM t ORDER BY a", "tsql"),
        ("SELECT a FROM t WHERE a NOT IN (SELECT b FROM u)", "bigquery"),
    ] * 10
    expected = [sorted(analyze_sql(sql, d).patterns) for sql, d in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(
            pool.map(
                lambda q: sorted(analyze_sql(q[0], q[1], timeout_seconds=30).patterns), queries
            )
        )
    assert got == expected
