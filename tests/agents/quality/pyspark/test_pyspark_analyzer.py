"""`analyze_pyspark` as a user calls it: findings with positions, SQL inside spark.sql, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from strands_airflow.agents.quality.models import CodeReport
from strands_airflow.agents.quality.pyspark import analyze_pyspark
from strands_airflow.exceptions import AnalysisError

CORPUS = Path(__file__).resolve().parents[3] / "data" / "pyspark"

JOB = '''\
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.appName("job").getOrCreate()
orders = spark.read.parquet("s3://lake/orders/")
print(orders.count())
orders.coalesce(1).write.parquet("s3://lake/out/")
daily = spark.sql(
    """
    SELECT *
    FROM sales.orders
    ORDER BY order_ts
    """
)
'''


def test_report_names_rule_slug_line_and_column():
    report = analyze_pyspark(JOB, timeout_seconds=60)
    assert isinstance(report, CodeReport) and report.language == "pyspark"
    by_slug = {f.pattern: f for f in report.findings}
    count = by_slug["count_action"]
    assert (count.rule, count.line, count.column) == ("PS01", 5, 13)
    assert by_slug["repeated_actions_without_cache"].line == 6
    assert by_slug["coalesce_to_one"].line == 6
    star = by_slug["select_star_in_spark_sql"]
    assert (star.line, star.column) == (9, 11)
    assert all(
        f.message and f.suggestion and f.severity in ("info", "warning", "error")
        for f in report.findings
    )
    assert report.findings == sorted(report.findings, key=lambda f: (f.line, f.column, f.rule))


def test_sql_passed_to_spark_sql_is_also_checked_by_the_sql_rules():
    """The SQL rules' findings keep their slugs and move to the script's lines."""
    report = analyze_pyspark(JOB, timeout_seconds=60)
    sql = {f.pattern: f for f in report.findings if f.rule.startswith("Strands_SQ")}
    assert sql["select_star"].line == 9
    assert sql["order_by_without_limit"].line == 11
    assert "spark.sql" in sql["select_star"].message


def test_fstring_placeholders_are_rendered_for_the_sql_rules():
    code = "df = spark.sql(f\"SELECT id FROM {db}.orders WHERE ds = '{ds}' UNION SELECT id FROM x.y WHERE a = 1\")\n"
    report = analyze_pyspark(code, timeout_seconds=60)
    assert "union_instead_of_union_all" in report.patterns
    assert "parse_error" not in report.patterns


def test_clean_job_has_no_findings():
    clean = (CORPUS / "emr_daily_revenue.py").read_text()
    assert analyze_pyspark(clean).findings == []


def test_code_that_does_not_parse_gives_one_parse_error_with_position():
    report = analyze_pyspark('df = spark.read.parquet("x"\nprint(df.count())\n')
    assert len(report.findings) == 1
    err = report.findings[0]
    assert err.pattern == "parse_error" and err.severity == "error"
    assert err.line >= 1 and f"line {err.line}" in err.message and "column" in err.message


def test_null_bytes_are_a_parse_error_not_a_crash():
    report = analyze_pyspark("x = 1\ny = 2\0\n")
    assert [f.pattern for f in report.findings] == ["parse_error"]
    assert report.findings[0].line == 2


@pytest.mark.parametrize("code", ["", "   ", "\n\t \n"])
def test_empty_or_blank_input_is_an_error(code):
    with pytest.raises(AnalysisError, match="empty"):
        analyze_pyspark(code)


def test_non_text_input_is_an_error():
    with pytest.raises(AnalysisError, match="str"):
        analyze_pyspark(b"df.count()")  # type: ignore[arg-type]


def test_input_over_the_size_limit_is_refused_at_once():
    with pytest.raises(AnalysisError, match="over the analysis limit of 1000 bytes"):
        analyze_pyspark("x = 1\n" * 1000, max_bytes=1000)
    # The default limit (100 KB) applies when none is given.
    with pytest.raises(AnalysisError, match="analysis_max_bytes"):
        analyze_pyspark("x = 1\n" * 30_000)


def test_analysis_past_its_time_budget_stops_with_a_clear_error():
    big = (CORPUS / "job_class_based_etl.py").read_text() * 5
    with pytest.raises(AnalysisError, match="time budget of 1e-06 s"):
        analyze_pyspark(big, timeout_seconds=1e-6)


def test_deeply_nested_code_does_not_crash():
    chain = "df = spark.table('t')" + ".filter('a > 1')" * 2000 + "\nprint(df.count())\n"
    report = analyze_pyspark(chain, timeout_seconds=60)
    assert "count_action" in report.patterns
    parens = "x = " + "(" * 300 + "1" + ")" * 300 + "\n"
    assert analyze_pyspark(parens).patterns <= {"parse_error"}


def test_byte_order_mark_and_windows_line_ends_are_fine():
    report = analyze_pyspark('\ufeffdf = spark.table("t")\r\nprint(df.count())\r\n')
    assert [(f.pattern, f.line) for f in report.findings] == [("count_action", 2)]
