"""`to_common_sql_checks`: our checks in the shapes common.sql's check operators take.

Column-level checks go to ``SQLColumnCheckOperator(column_mapping=...)``: not_null ->
``null_check: {equal_to: 0}``, single-column unique -> ``unique_check: {equal_to: 0}``,
range -> ``min: {geq_to: ...}`` / ``max: {leq_to: ...}``. Everything else goes to
``SQLTableCheckOperator(checks=...)`` as a ``check_statement`` that operator evaluates per
row (or once, for aggregates), with values written as escaped SQL literals because those
operators take no bound parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from strands_airflow.agents.quality.checks.compile import FORMAT_PATTERNS
from strands_airflow.agents.quality.checks.targets import quote_ident, quote_table
from strands_airflow.agents.quality.models import Check


def _lit(v: Any) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def _regex(expr: str, pattern: str, dialect: str) -> str:
    if dialect == "duckdb":
        return f"regexp_matches(CAST({expr} AS VARCHAR), {_lit(pattern)})"
    if dialect in ("mysql", "mariadb"):
        return f"{expr} REGEXP {_lit(pattern)}"
    if dialect in ("snowflake", "oracle", "trino", "presto"):
        return f"REGEXP_LIKE({expr}, {_lit(pattern)})"
    return f"CAST({expr} AS VARCHAR) ~ {_lit(pattern)}"


def _statement(c: Check, dialect: str) -> str:
    q = quote_ident(c.columns[0]) if c.columns else ""
    if c.kind == "accepted_values":
        return f"{q} IS NULL OR {q} IN ({', '.join(_lit(v) for v in c.values or [])})"
    if c.kind == "format":
        pattern = c.pattern if c.format == "regex" else FORMAT_PATTERNS[c.format or ""]
        return f"{q} IS NULL OR {_regex(q, pattern or '', dialect)}"
    if c.kind == "custom_sql":
        return f"({c.condition})"
    if c.kind == "row_count":
        parts = []
        if c.min is not None:
            parts.append(f"COUNT(*) >= {c.min:g}")
        if c.max is not None:
            parts.append(f"COUNT(*) <= {c.max:g}")
        return " AND ".join(parts) or "TRUE"
    if c.kind == "freshness":
        return f"MAX({q}) >= CURRENT_TIMESTAMP - INTERVAL '{int(c.max_age_seconds or 0)} seconds'"
    if c.kind == "referential":
        ref = quote_table(c.ref_table or "")
        return f"{q} IS NULL OR {q} IN (SELECT {quote_ident(c.ref_column or '')} FROM {ref})"
    if c.kind == "unique":
        keys = ", ".join(quote_ident(x) for x in c.columns)
        return f"COUNT(*) = COUNT(DISTINCT ({keys}))"
    if c.kind == "range":
        parts = []
        if c.min is not None:
            parts.append(f"{q} >= {c.min!r}")
        if c.max is not None:
            parts.append(f"{q} <= {c.max!r}")
        return f"{q} IS NULL OR ({' AND '.join(parts)})"
    return f"{q} IS NOT NULL"


def to_common_sql_checks(
    checks: Sequence[Check | dict[str, Any]], dialect: str = "postgres"
) -> dict[str, dict[str, Any]]:
    """``{"column_mapping": {...}, "checks": {...}}`` for SQLColumnCheckOperator / SQLTableCheckOperator.

    >>> out = to_common_sql_checks([Check(kind="not_null", columns=["id"])])
    >>> out["column_mapping"]
    {'id': {'null_check': {'equal_to': 0}}}
    """
    mapping: dict[str, dict[str, Any]] = {}
    table_checks: dict[str, dict[str, Any]] = {}
    for raw in checks:
        c = raw if isinstance(raw, Check) else Check.model_validate(raw)
        col = c.columns[0] if c.columns else ""
        if c.kind == "not_null":
            for col in c.columns:
                mapping.setdefault(col, {})["null_check"] = {"equal_to": 0}
            continue
        if c.kind == "unique" and len(c.columns) == 1:
            mapping.setdefault(col, {})["unique_check"] = {"equal_to": 0}
            continue
        if c.kind == "range":
            for col in c.columns:
                m = mapping.setdefault(col, {})
                if c.min is not None:
                    old = m.get("min", {}).get("geq_to")
                    m["min"] = {"geq_to": c.min if old is None else max(old, c.min)}
                if c.max is not None:
                    old = m.get("max", {}).get("leq_to")
                    m["max"] = {"leq_to": c.max if old is None else min(old, c.max)}
            continue
        base = re.sub(r"[^a-z0-9_]+", "_", f"{c.kind}_{'_'.join(c.columns)}".lower()).strip("_")
        name, n = base, 2
        while name in table_checks:
            name, n = f"{base}_{n}", n + 1
        table_checks[name] = {"check_statement": _statement(c, dialect)}
    return {"column_mapping": mapping, "checks": table_checks}
