"""Fuzzing analyze_sql: random text and mutated corpus queries never crash or hang it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from corpus import load_corpus  # noqa: E402

from strands_airflow.agents.quality.models import SqlReport  # noqa: E402
from strands_airflow.agents.quality.sql import analyze_sql  # noqa: E402
from strands_airflow.exceptions import AnalysisError  # noqa: E402

QUERIES = [(c.sql, c.dialect) for c in load_corpus()]
TOKENS = [
    "SELECT",
    "*",
    "FROM",
    "WHERE",
    "JOIN",
    "ON",
    "(",
    ")",
    ",",
    "'%x'",
    "LIKE",
    "NOT",
    "IN",
    "UNION",
    "ORDER BY",
    "LIMIT 1",
    "{{ ds }}",
    "{% if x %}",
    "{% endif %}",
    "--",
    "/*",
    ";",
    "1 = 1",
    "a.b",
    "CAST(",
    "::int",
    "OR",
    "DISTINCT",
    "CROSS JOIN",
    "\n",
    '"',
    "`",
    "[",
    "%s",
    "%(p)s",
    ":name",
    "?",
    "$1",
]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _check(sql: str, dialect: str, caplog) -> None:
    caplog.clear()
    try:
        report = analyze_sql(sql, dialect, timeout_seconds=5)
    except AnalysisError as err:
        # The only accepted errors: nothing to analyse, or the time budget.
        assert "blank" in str(err) or "time budget" in str(err), err
        return
    assert isinstance(report, SqlReport)
    for f in report.findings:
        assert f.line >= 1 and f.column >= 1 and f.pattern
    assert not [r for r in caplog.records if "crashed" in r.getMessage()]


@FUZZ
@given(
    text=st.text(max_size=300), dialect=st.sampled_from(["ansi", "postgres", "tsql", "bigquery"])
)
def test_random_text(text, dialect, caplog):
    with caplog.at_level(logging.WARNING):
        _check(text, dialect, caplog)


@FUZZ
@given(
    case=st.sampled_from(QUERIES),
    cut=st.floats(0, 1),
    insert=st.lists(st.sampled_from(TOKENS), max_size=4),
    where=st.floats(0, 1),
)
def test_mutated_corpus_queries(case, cut, insert, where, caplog):
    sql, dialect = case
    # Truncate somewhere, then splice random tokens at another place.
    sql = sql[: max(1, int(len(sql) * (0.3 + 0.7 * cut)))]
    at = int(len(sql) * where)
    sql = sql[:at] + " " + " ".join(insert) + " " + sql[at:]
    with caplog.at_level(logging.WARNING):
        _check(sql, dialect, caplog)
