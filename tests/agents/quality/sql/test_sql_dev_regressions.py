"""Regressions found by the SQL development set (once a blind set; fixed against, so a development set now) (tests/data/sql/dev_eval.yaml covers the rest)."""

from __future__ import annotations

from strands_airflow.agents.quality.sql import analyze_sql


def test_byte_order_mark_is_not_a_parse_error():
    report = analyze_sql("\ufeffSELECT * FROM orders;", "postgres")
    assert report.patterns == {"select_star", "missing_where"}


def test_dollar_quoted_body_positions_map_to_the_outer_text():
    sql = "CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS\n$$\nBEGIN\n  DELETE FROM t;\nEND;\n$$;"
    report = analyze_sql(sql, "snowflake")
    [finding] = [f for f in report.findings if f.pattern == "missing_where"]
    assert (finding.line, finding.column) == (4, 3)


def test_other_language_bodies_are_not_read_as_sql():
    sql = (
        "CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE JAVASCRIPT AS\n$$\n"
        "snowflake.execute({sqlText: 'DELETE FROM t'});\n$$;"
    )
    assert analyze_sql(sql, "snowflake").patterns == set()


def test_declared_script_variable_is_not_a_column():
    sql = (
        "DECLARE run_date DATE DEFAULT CURRENT_DATE();\n"
        "SELECT a FROM t WHERE d >= DATE_SUB(run_date, INTERVAL 1 DAY);"
    )
    assert analyze_sql(sql, "bigquery").patterns == set()
