"""Precision / recall / F1 per slug of analyze_sql over the SQL corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from corpus import load_corpus  # noqa: E402

from strands_airflow.agents.quality.sql import analyze_sql  # noqa: E402

SLUGS = [
    "select_star",
    "missing_where",
    "subquery_in_where",
    "function_on_column_in_predicate",
    "many_joins",
    "order_by_without_limit",
    "leading_wildcard_like",
    "or_on_different_columns",
    "distinct_with_join",
    "cartesian_join",
    "not_in_subquery",
    "union_instead_of_union_all",
]
CASES = load_corpus()


def test_corpus_is_broad():
    """>= 120 cases, unique ids, every slug present, several dialects, templated and clean ones."""
    assert len(CASES) >= 120
    assert len({c.id for c in CASES}) == len(CASES)
    assert {s for c in CASES for s in c.expected} == set(SLUGS)
    assert {
        "ansi",
        "postgres",
        "snowflake",
        "bigquery",
        "sparksql",
        "tsql",
        "mysql",
        "redshift",
        "trino",
        "duckdb",
    } <= {c.dialect for c in CASES}
    assert sum(1 for c in CASES if "{{" in c.sql or "{%" in c.sql) >= 20
    assert sum(1 for c in CASES if not c.expected) >= 30


@pytest.fixture(scope="module")
def results():
    """(case, found slugs) for every case: analysed once for all the metric tests."""
    return [(case, analyze_sql(case.sql, case.dialect)) for case in CASES]


def test_corpus_parses(results):
    """Every realistic corpus query parses in its dialect."""
    broken = [case.id for case, report in results if "parse_error" in report.patterns]
    assert broken == []


def test_f1_per_slug(results):
    """Each slug reaches F1 >= 0.9 over the corpus (case-level presence of the slug)."""
    rows, failures = [], []
    for slug in SLUGS:
        tp = sum(1 for c, r in results if slug in c.expected and slug in r.patterns)
        fp = [c.id for c, r in results if slug not in c.expected and slug in r.patterns]
        fn = [c.id for c, r in results if slug in c.expected and slug not in r.patterns]
        precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
        recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(f"{slug:34s} P={precision:.2f} R={recall:.2f} F1={f1:.2f} (tp={tp})")
        if f1 < 0.9:
            failures.append(f"{slug}: F1={f1:.2f} false positives {fp} false negatives {fn}")
    print("\n" + "\n".join(rows))
    assert failures == []


def test_findings_are_complete(results):
    """Every finding carries a 1-based position inside the text, a message and a suggestion."""
    for case, report in results:
        lines = case.sql.splitlines()
        for f in report.findings:
            assert 1 <= f.line <= len(lines), (case.id, f)
            assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (case.id, f)
            assert f.message and f.suggestion and f.rule.startswith("Strands_SQ")
