"""`analyze_pyspark`: find PySpark anti-patterns in a script without importing or running it.

One `ast.parse` and one ordered walk by the tracker (a function's body is walked once
more, silently, when a call needs its return type); then each registered rule reads the
recorded facts. SQL strings handed to `spark.sql`
are also run through the SQL rules (`analyze_sql` with the `sparksql` dialect) and their
findings are moved to the script's lines.

Example::

    >>> report = analyze_pyspark("df = spark.table('t')\\nprint(df.count())\\n")
    >>> sorted(report.patterns)
    ['count_action']
"""

from __future__ import annotations

import ast
import re
import sys
import time
from functools import lru_cache

from strands_airflow.agents.quality.models import CodeReport, Finding
from strands_airflow.agents.quality.pyspark.facts import ScriptFacts, SqlText
from strands_airflow.agents.quality.pyspark.rules import RULES, RuleContext
from strands_airflow.agents.quality.pyspark.tracker import AnalysisTimeout, Tracker
from strands_airflow.exceptions import AnalysisError

DEFAULT_MAX_BYTES = 100 * 1024
DEFAULT_TIMEOUT_SECONDS = 5.0
_QUOTE_PREFIX = re.compile(r"[rRuUfFbB]{0,2}(\"\"\"|'''|\"|')")
_MIN_RECURSION = 8000


def _limits(max_bytes: int | None, timeout_seconds: float | None) -> tuple[int, float]:
    if max_bytes is None or timeout_seconds is None:
        try:
            from strands_airflow.settings import get_settings

            s = get_settings()
            max_bytes = s.analysis_max_bytes if max_bytes is None else max_bytes
            timeout_seconds = (
                s.analysis_timeout_seconds if timeout_seconds is None else timeout_seconds
            )
        except Exception:  # settings unreadable: fall back to the documented defaults
            pass
    return (
        DEFAULT_MAX_BYTES if max_bytes is None else int(max_bytes),
        DEFAULT_TIMEOUT_SECONDS if timeout_seconds is None else float(timeout_seconds),
    )


def analyze_pyspark(
    code: str, *, max_bytes: int | None = None, timeout_seconds: float | None = None
) -> CodeReport:
    """Analyse PySpark code and return a `CodeReport` of anti-pattern findings.

    Raises `AnalysisError` for non-text, empty or blank input, input over `max_bytes`
    (default `[strands] analysis_max_bytes`, 100 KB) and an analysis past
    `timeout_seconds` (default 5 s). Code that does not parse gives a report with one
    `parse_error` finding naming the line and column.
    """
    start = time.perf_counter()
    if not isinstance(code, str):
        raise AnalysisError(f"PySpark code must be a str, got {type(code).__name__}")
    limit, budget = _limits(max_bytes, timeout_seconds)
    if len(code) > limit or (
        len(code) * 4 > limit and len(code.encode("utf-8", "surrogatepass")) > limit
    ):
        raise AnalysisError(
            f"PySpark code is {len(code.encode('utf-8', 'surrogatepass'))} bytes, over the "
            f"analysis limit of {limit} bytes ([strands] analysis_max_bytes); analyse a smaller script"
        )
    if not code.strip():
        raise AnalysisError("PySpark code is empty: there is nothing to analyse")
    if budget <= 0:
        raise AnalysisError(f"analysis time budget must be positive, got {budget}")
    deadline = start + budget
    code = code.removeprefix("\ufeff")  # a file read without utf-8-sig keeps its BOM

    old_limit = sys.getrecursionlimit()
    if old_limit < _MIN_RECURSION:
        sys.setrecursionlimit(_MIN_RECURSION)
    try:
        tree_or_error = _parse(code)
        if isinstance(tree_or_error, Finding):
            return _report([tree_or_error], start)
        facts = Tracker(deadline).run(tree_or_error)
        lines = code.splitlines()
        ctx = RuleContext(facts, lines)
        findings: list[Finding] = []
        for rule in RULES:
            findings.extend(rule.check(ctx))
            if time.perf_counter() > deadline:
                raise AnalysisTimeout
        findings.extend(_sql_findings(facts, lines, deadline))
    except AnalysisTimeout:
        raise AnalysisError(
            f"PySpark analysis ran past its time budget of {budget:g} s "
            "([strands] analysis_timeout_seconds); analyse a smaller script"
        ) from None
    except RecursionError:
        raise AnalysisError("PySpark code is nested too deeply to analyse") from None
    finally:
        if old_limit < _MIN_RECURSION:
            sys.setrecursionlimit(old_limit)
    return _report(_dedupe(findings), start)


def _parse(code: str) -> ast.Module | Finding:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError) as exc:  # ValueError: null bytes (Python < 3.12)
        idx = code.find("\0")
        if isinstance(exc, SyntaxError) and (idx < 0 or "null bytes" not in str(exc)):
            line, col, msg = exc.lineno or 1, max(0, (exc.offset or 1) - 1), exc.msg
        else:
            line = code.count("\n", 0, max(idx, 0)) + 1
            col = idx - (code.rfind("\n", 0, max(idx, 0)) + 1) if idx >= 0 else 0
            msg = "source code cannot contain null bytes"
    except (RecursionError, MemoryError):
        line, col, msg = 1, 0, "code is nested too deeply for the Python parser"
    return Finding(
        rule="PS00",
        pattern="parse_error",
        line=line,
        column=col,
        message=f"Python does not parse at line {line}, column {col}: {msg}",
        suggestion="Fix the syntax error; the script is analysed once it parses.",
        severity="error",
    )


def _report(findings: list[Finding], start: float) -> CodeReport:
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return CodeReport(
        language="pyspark", findings=findings, elapsed_ms=(time.perf_counter() - start) * 1000
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for f in findings:
        key = (f.pattern, f.line, f.column)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# ------------------------------------------------------------------ SQL rules on spark.sql texts
def _sql_findings(facts: ScriptFacts, lines: list[str], deadline: float) -> list[Finding]:
    if not facts.sql:
        return []
    try:
        from strands_airflow.agents.quality.sql.analyzer import analyze_sql
    except ImportError:  # the SQL analyser is optional for PySpark analysis
        return []
    # The first SQL analysis of a process loads sqlfluff and the dialect: a one-time cost
    # that says nothing about this script, so it does not count against its budget.
    deadline += _warm_up(analyze_sql)
    out: list[Finding] = []
    done: set[tuple[str, int]] = set()
    for s in facts.sql:
        if (s.text, s.line) in done:
            continue
        done.add((s.text, s.line))
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise AnalysisTimeout
        for f in _sql_report(analyze_sql, s.text, remaining):
            out.append(_shift(f, s, lines))
    return out


@lru_cache(maxsize=1)
def _warm_up(analyze_sql) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    try:
        analyze_sql("SELECT 1 AS x FROM t WHERE y = 1", dialect="sparksql")
    except Exception:  # noqa: BLE001 - warm-up only
        pass
    return time.perf_counter() - t0


def _sql_report(analyze_sql, text: str, remaining: float) -> tuple[Finding, ...]:  # noqa: ANN001
    if not text.strip():
        return ()
    return _cached_sql(analyze_sql, text, round(remaining, 1))


@lru_cache(maxsize=512)
def _cached_sql(analyze_sql, text: str, remaining: float) -> tuple[Finding, ...]:  # noqa: ANN001
    try:
        report = analyze_sql(text, dialect="sparksql", timeout_seconds=remaining)
    except AnalysisError:
        return ()
    except Exception:  # noqa: BLE001 - a failure of the SQL side must not fail the script's report
        return ()
    # Templated SQL often does not parse once rendered; that is not a Python parse error.
    return tuple(f for f in report.findings if f.pattern != "parse_error")


def _shift(f: Finding, s: SqlText, lines: list[str]) -> Finding:
    line = s.line + max(f.line, 1) - 1
    column = f.column
    if f.line <= 1:
        src = lines[s.line - 1] if 0 < s.line <= len(lines) else ""
        m = _QUOTE_PREFIX.match(src, s.column)
        column = s.column + (len(m.group(0)) if m else 0) + f.column
    return f.model_copy(
        update={"line": line, "column": column, "message": f"{f.message} (in spark.sql)"}
    )
