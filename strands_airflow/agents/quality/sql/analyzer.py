"""`analyze_sql`: the strands SQL rules run through sqlfluff's Python API.

One call lints one text (any number of statements) with the rules of the ``strands``
group only and turns sqlfluff's violations into `Finding`s. Jinja (Airflow macros) is
rendered by the plugin's ``airflow`` templater, so line numbers are those of the text
given. DB-API bind parameters (``%(name)s``, ``%s``, ``:name``, ``?``), as passed to
Airflow's SQL operators with ``parameters=``, are replaced by same-length literals first.
Linters are cached per (dialect, templater, parser): building one loads the
dialect and the plugin, which costs far more than linting a query.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import re
import time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from strands_airflow.agents.quality.models import Finding, SqlReport
from strands_airflow.agents.quality.sql.deadline import DeadlineExceeded, run_with_deadline
from strands_airflow.agents.quality.sql.dialects import dialect_for_conn_type, known_dialects
from strands_airflow.agents.quality.sql.placeholders import neutralize_placeholders
from strands_airflow.exceptions import AnalysisError

if TYPE_CHECKING:  # pragma: no cover
    from sqlfluff.core import Linter

log = logging.getLogger(__name__)


def _quiet_sqlfluff() -> None:
    """sqlfluff logs whole parse trees at INFO; under Airflow's logging (root at INFO) they
    would flood every task log. Raise its level unless the user set one."""
    for name in (
        "sqlfluff",
        "sqlfluff.linter",
        "sqlfluff.parser",
        "sqlfluff.templater",
        "sqlfluff.lexer",
    ):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


__all__ = ["analyze_sql", "dialect_for_conn_type", "rule_catalog", "rust_parser_available"]

ParserChoice = Literal["auto", "python", "rust"]
_DEFAULT_MAX_BYTES = 100 * 1024
_DEFAULT_TIMEOUT = 5.0
_PARSE_CODES = {"PRS", "LXR", "TMP"}


def rust_parser_available() -> bool:
    """Whether sqlfluff's Rust parser (the ``sqlfluffrs`` package, extra ``rs``) is installed."""
    return importlib.util.find_spec("sqlfluffrs") is not None


def _limits(max_bytes: int | None, timeout_seconds: float | None) -> tuple[int, float]:
    if max_bytes is not None and timeout_seconds is not None:
        return max_bytes, timeout_seconds
    try:
        from strands_airflow.settings import get_settings

        settings = get_settings()
        default_bytes = int(getattr(settings, "analysis_max_bytes", _DEFAULT_MAX_BYTES))
        default_timeout = float(getattr(settings, "analysis_timeout_seconds", _DEFAULT_TIMEOUT))
    except Exception:  # settings not importable/valid here: the documented defaults apply
        default_bytes, default_timeout = _DEFAULT_MAX_BYTES, _DEFAULT_TIMEOUT
    return (
        default_bytes if max_bytes is None else max_bytes,
        default_timeout if timeout_seconds is None else timeout_seconds,
    )


@lru_cache(maxsize=1)
def rule_catalog() -> dict[str, Any]:
    """Rule code -> rule class of every strands rule (slug, severity, suggestion, docs)."""
    from strands_airflow.agents.quality.sql.plugin import get_rules

    return {cls.code: cls for cls in get_rules()}


@lru_cache(maxsize=64)
def _linter(dialect: str, templater: str, parser: str, noqa: bool = True) -> Linter:
    from sqlfluff.core import FluffConfig, Linter

    config = FluffConfig(
        overrides={
            "dialect": dialect,
            "rules": "strands",
            "templater": templater,
            "use_rust_parser": "auto" if parser in ("auto", "rust") else False,
            # Size is our own limit (max_bytes); sqlfluff's 20 KB default would skip files.
            "large_file_skip_byte_limit": 0,
            # A finding anchored in rendered template code is still the user's problem.
            "ignore_templated_areas": False,
            # Lint the text as Airflow renders it (undefined names are truthy), not every
            # {% if %} branch: an absent WHERE in a branch nobody runs is noise.
            "render_variant_limit": 1,
            # Scanning for `-- noqa` comments costs a tree walk: only when there are some.
            "disable_noqa": not noqa,
        }
    )
    _quiet_sqlfluff()
    return Linter(config=config)


@lru_cache(maxsize=64)
def _rule_pack(dialect: str, templater: str, parser: str, noqa: bool = True) -> Any:
    # sqlfluff builds the rule pack (rule discovery, a config deep copy) on every
    # lint_string; the same config always gives the same pack, so build it once.
    return _linter(dialect, templater, parser, noqa).get_rulepack()


def _parser_for(choice: str) -> str:
    if choice == "python":
        return "python"
    if choice == "rust":
        if not rust_parser_available():
            raise AnalysisError(
                "parser='rust' needs the sqlfluffrs package: pip install 'strands-airflow[rs]'"
            )
        return "rust"
    return "rust" if rust_parser_available() else "python"


def _finding_from_violation(violation: Any, dialect: str) -> Finding | None:
    code = violation.rule_code()
    line, column = int(violation.line_no or 1), int(violation.line_pos or 1)
    if code in _PARSE_CODES:
        return Finding(
            rule=code,
            pattern="parse_error",
            line=line,
            column=column,
            message=f"SQL does not parse as {dialect} at line {line}, column {column}: {violation.desc()}",
            suggestion=(
                "Fix the syntax at that position, or pass the dialect the SQL is written for "
                "(dialect=... or the Airflow connection's type)."
            ),
            severity="error",
        )
    rule = rule_catalog().get(code)
    if rule is None:
        return None
    if violation.desc().startswith("Unexpected exception"):
        # A rule crashed on this tree: sqlfluff kept going, so do we, but say so.
        log.warning("strands rule %s crashed at line %s: %s", code, line, violation.desc())
        return None
    message = violation.desc()
    severity = rule.severity
    if rule.slug == "missing_where" and message.startswith(("UPDATE", "DELETE")):
        severity = "error"  # rewrites every row, not just reads them
    return Finding(
        rule=code,
        pattern=rule.slug,
        line=line,
        column=column,
        message=message,
        suggestion=rule.suggestion,
        severity=severity,
    )


def _templater_for(sql: str) -> str:
    return "airflow" if ("{{" in sql or "{%" in sql or "{#" in sql) else "raw"


#: Dialects where ``$$ ... $$`` / ``$tag$ ... $tag$`` quote a procedural body (Postgres
#: ``DO``/functions, Snowflake procedures and ``EXECUTE IMMEDIATE``, Redshift procedures).
_DOLLAR_QUOTE_DIALECTS = frozenset({"postgres", "snowflake", "redshift", "greenplum", "duckdb"})
_DOLLAR_BODY = re.compile(r"\$([A-Za-z_]\w*|)\$(.*?)\$\1\$", re.DOTALL)
_OTHER_LANGUAGE = re.compile(
    r"\bLANGUAGE\s+'?(?!SQL\b|PLPGSQL\b)[A-Za-z]\w*|\bRUNTIME_VERSION\b|\bHANDLER\s*=",
    re.IGNORECASE,
)


def _dollar_quoted_bodies(sql: str, dialect: str) -> list[tuple[int, str]]:
    """(offset, text) of each dollar-quoted SQL body in `sql`: the statements a procedure,
    function, ``DO`` block or ``EXECUTE IMMEDIATE`` will run, which the outer parse sees as
    one string. Bodies in another language (``LANGUAGE PYTHON``/``JAVASCRIPT``...) are skipped.
    """
    if dialect not in _DOLLAR_QUOTE_DIALECTS or "$" not in sql:
        return []
    out = []
    for match in _DOLLAR_BODY.finditer(sql):
        body = match.group(2)
        if not body.strip():
            continue
        # The LANGUAGE / HANDLER clauses sit in the statement around the body.
        start = sql.rfind(";", 0, match.start()) + 1
        end = sql.find(";", match.end())
        around = sql[start : match.start()] + " " + sql[match.end() : end if end >= 0 else len(sql)]
        if _OTHER_LANGUAGE.search(around):
            continue
        out.append((match.start(2), body))
    return out


def _validate(sql: Any, max_bytes: int) -> None:
    if not isinstance(sql, str):
        raise AnalysisError(f"sql must be a string of SQL text, got {type(sql).__name__}")
    if not sql.strip():
        raise AnalysisError("sql is empty or blank: there is nothing to analyse")
    # Every character is at least one byte: a cheap bound before encoding.
    if max_bytes > 0 and (
        len(sql) > max_bytes or len(sql.encode("utf-8", "surrogatepass")) > max_bytes
    ):
        raise AnalysisError(
            f"sql is {len(sql.encode('utf-8', 'surrogatepass'))} bytes, over the analysis limit of "
            f"{max_bytes} bytes (setting analysis_max_bytes): analyse one model or statement at a time"
        )


def analyze_sql(
    sql: str,
    dialect: str = "ansi",
    *,
    max_bytes: int | None = None,
    timeout_seconds: float | None = None,
    parser: ParserChoice = "auto",
) -> SqlReport:
    """Find SQL anti-patterns in `sql` (one or more statements, Jinja allowed).

    `dialect` is a sqlfluff dialect name (``ansi``, ``postgres``, ``snowflake``...) or an
    Airflow connection type (``google_cloud_platform``, ``mssql``...). Returns a
    `SqlReport` whose findings carry the rule code, the slug (``select_star``...),
    1-based line and column in `sql`, a message, a suggestion and a severity; SQL that
    does not parse yields a ``parse_error`` finding. Raises `AnalysisError` for blank
    input, input over `max_bytes` (default: setting ``analysis_max_bytes``, 100 KB) and
    analysis over `timeout_seconds` (default: ``analysis_timeout_seconds``, 5 s).

    >>> analyze_sql("SELECT * FROM orders").patterns == {"select_star", "missing_where"}
    True
    """
    limit_bytes, budget = _limits(max_bytes, timeout_seconds)
    _validate(sql, limit_bytes)
    sqlfluff_dialect = _resolve_dialect(dialect)
    chosen = _parser_for(parser)
    templater = _templater_for(sql)
    started = time.perf_counter()

    def work() -> SqlReport:
        key = (sqlfluff_dialect, templater, chosen, "noqa" in sql.lower())
        linter = _linter(*key)
        # Bind parameters (%(x)s, :x, ?) become same-length literals: positions hold.
        text = neutralize_placeholders(sql, sqlfluff_dialect)
        if text.startswith("\ufeff"):  # a byte-order mark from a Windows editor: not SQL
            text = " " + text[1:]
        linted = linter.lint_parsed(linter.parse_string(text), _rule_pack(*key))
        findings: dict[tuple[str, int, int], Finding] = {}
        for violation in linted.violations:
            finding = _finding_from_violation(violation, sqlfluff_dialect)
            if finding is not None:
                findings.setdefault((finding.rule, finding.line, finding.column), finding)
        for offset, body in _dollar_quoted_bodies(sql, sqlfluff_dialect):
            body_key = (sqlfluff_dialect, _templater_for(body), chosen, key[3])
            body_linter = _linter(*body_key)
            body_text = neutralize_placeholders(body, sqlfluff_dialect)
            inner = body_linter.lint_parsed(
                body_linter.parse_string(body_text), _rule_pack(*body_key)
            )
            base_line = sql.count("\n", 0, offset) + 1
            base_column = offset - (sql.rfind("\n", 0, offset) + 1) + 1
            for violation in inner.violations:
                finding = _finding_from_violation(violation, sqlfluff_dialect)
                # A procedural body (DECLARE / LET / RETURN ...) may not parse whole: keep
                # what its parsed statements show, not the body's parse errors.
                if finding is None or finding.pattern == "parse_error":
                    continue
                line = base_line + finding.line - 1
                column = finding.column + (base_column - 1 if finding.line == 1 else 0)
                finding = finding.model_copy(update={"line": line, "column": column})
                findings.setdefault((finding.rule, line, column), finding)
        statements = 0
        if linted.tree is not None:
            statements = sum(
                1 for _ in linted.tree.recursive_crawl("statement", recurse_into=False)
            )
        ordered = sorted(findings.values(), key=lambda f: (f.line, f.column, f.rule))
        return SqlReport(
            findings=ordered,
            dialect=sqlfluff_dialect,
            statements=statements,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    try:
        return run_with_deadline(work, budget)
    except DeadlineExceeded:
        raise AnalysisError(
            f"SQL analysis ran past its time budget of {budget:g} s (setting analysis_timeout_seconds); "
            "split the script or raise the budget"
        ) from None
    except AnalysisError:
        raise
    except RecursionError:
        return _failed(sqlfluff_dialect, started, "the SQL is nested too deeply to parse")
    except Exception as err:  # a sqlfluff bug must not escape as a library exception
        return _failed(
            sqlfluff_dialect,
            started,
            f"the SQL could not be analysed ({type(err).__name__}: {err})",
        )
    except (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError):
        raise
    except BaseException as err:  # noqa: BLE001 - pyo3's PanicException is a BaseException
        # The Rust parser panics (e.g. "Parser exceeded maximum iteration limit") on some
        # long inputs well under analysis_max_bytes. Left alone, a BaseException fails the
        # task and ends a bus consumer; it is bad input, so it is an AnalysisError.
        reason = (str(err).strip().splitlines() or [""])[0][:300]
        raise AnalysisError(
            f"sqlfluff's {chosen} parser crashed on this SQL ({type(err).__name__}: {reason}); "
            "split it into smaller statements"
            + (", or pass parser='python'" if chosen == "rust" else "")
        ) from err


def _failed(dialect: str, started: float, why: str) -> SqlReport:
    finding = Finding(
        rule="PRS",
        pattern="parse_error",
        line=1,
        column=1,
        message=f"SQL does not parse as {dialect} at line 1, column 1: {why}",
        suggestion="Simplify or split the statement, or check the dialect.",
        severity="error",
    )
    return SqlReport(
        findings=[finding], dialect=dialect, elapsed_ms=(time.perf_counter() - started) * 1000
    )


def _resolve_dialect(dialect: str) -> str:
    if not isinstance(dialect, str) or not dialect.strip():
        raise AnalysisError(
            f"dialect must be a sqlfluff dialect name, one of: {', '.join(known_dialects())}"
        )
    name = dialect.strip().lower()
    if name in known_dialects():
        return name
    mapped = dialect_for_conn_type(name, default=None)
    if mapped is None:
        raise AnalysisError(
            f"unknown SQL dialect {dialect!r}: use a sqlfluff dialect ({', '.join(known_dialects())}) "
            "or an Airflow connection type (postgres, mssql, google_cloud_platform, spark, ...)"
        )
    return mapped
