"""Fuzzing `analyze_pyspark`: random text and mutated corpus scripts never crash or hang.

Every input either gives a `CodeReport` (possibly with a `parse_error` finding) or raises
the project's own `AnalysisError` (empty / blank input, or the time budget): never an
exception from inside a library.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.models import CodeReport
from strands_airflow.agents.quality.pyspark import analyze_pyspark
from strands_airflow.exceptions import AnalysisError

CORPUS = Path(__file__).resolve().parents[3] / "data" / "pyspark"
SCRIPTS = [p.read_text() for p in sorted(CORPUS.glob("*.py"))]
TOKENS = [
    "df",
    ".count()",
    ".collect()",
    ".toPandas()",
    ".join(",
    "spark.sql(",
    "F.col(",
    '"a.b.c"',
    "for c in cols:\n    ",
    "@udf\n",
    "lambda x: ",
    ".withColumn(",
    ".coalesce(1)",
    "(",
    ")",
    "[",
    "]",
    "'",
    '"""',
    'f"',
    "{",
    "}",
    "\\",
    "\n",
    "    ",
    ":",
    "=",
    ".",
    ",",
    "#",
    "\0",
    "\t",
    "async ",
    "await ",
    "yield ",
    "match x:\n    case 1:\n        ",
    "del df\n",
    "global df\n",
]


def _check(code: str) -> None:
    try:
        report = analyze_pyspark(code, timeout_seconds=20)
    except AnalysisError as exc:
        assert "empty" in str(exc) or "time budget" in str(exc), str(exc)
        return
    assert isinstance(report, CodeReport)
    for f in report.findings:
        assert f.line >= 0 and f.column >= 0 and f.pattern


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text(code):
    _check(code)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_random_token_soup(code):
    _check(code)


@st.composite
def mutated_script(draw):
    text = draw(st.sampled_from(SCRIPTS))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 80)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "swap_lines", "indent"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "swap_lines":
            lines = text.splitlines(keepends=True)
            if len(lines) > 2:
                a = draw(st.integers(0, len(lines) - 1))
                b = draw(st.integers(0, len(lines) - 1))
                lines[a], lines[b] = lines[b], lines[a]
                text = "".join(lines)
        else:
            text = text[:i] + "    " + text[i:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_script())
def test_mutated_corpus_scripts(code):
    _check(code)
