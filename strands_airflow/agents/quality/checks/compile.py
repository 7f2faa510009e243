"""Checks -> SQL: one aggregate scan for every row-level check, plus small targeted queries.

Every row-level check (not_null, range, accepted_values, format, custom_sql) becomes a
*failure condition*; the scan counts each with ``COUNT(*) FILTER (WHERE ...)`` (``SUM(CASE
...)`` on engines without FILTER), next to ``COUNT(*)`` for row counts, ``COUNT(col) -
COUNT(DISTINCT col)`` for single-column uniqueness and ``MAX(col)`` for freshness.
Identifiers are the real column names, quoted; every value is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strands_airflow.agents.quality.checks.targets import PARAM, quote_ident
from strands_airflow.agents.quality.models import Check
from strands_airflow.exceptions import QualityCheckError

#: regexes for the named formats (searched, so each is anchored)
FORMAT_PATTERNS = {
    "email": r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$",
    "phone": r"^\+?[0-9][0-9 ().-]{5,18}[0-9]$",
    "uuid": r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
    "url": r"^(https?|ftp)://[^\s/$.?#][^\s]*$",
    "date": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T][0-9:.+\-Z]*)?$",
}
ROW_LEVEL = frozenset({"not_null", "range", "accepted_values", "format", "custom_sql"})


@dataclass
class Fragment:
    """SQL text with its bound parameters."""

    sql: str
    params: list[Any] = field(default_factory=list)


def _regex_match(expr: str, dialect: str) -> str:
    if dialect == "duckdb":
        return f"regexp_matches({expr}, {PARAM})"
    if dialect in ("postgres", "redshift"):
        return f"{expr} ~ {PARAM}"
    if dialect in ("mysql", "mariadb"):
        return f"{expr} REGEXP {PARAM}"
    if dialect in ("snowflake", "oracle", "trino", "presto"):
        return f"REGEXP_LIKE({expr}, {PARAM})"
    raise QualityCheckError(
        f"format checks are not supported on {dialect!r} connections (no regex operator known)"
    )


def failure_condition(check: Check, cols: list[str], dialect: str) -> Fragment:
    """The WHERE condition matching rows that FAIL a row-level check."""
    k = check.kind
    if k in ("range", "accepted_values", "format") and len(cols) > 1:
        # one check on several columns fails a row when any of them fails
        each = [failure_condition(check, [c], dialect) for c in cols]
        return Fragment(
            " OR ".join(f"({f.sql})" for f in each), [x for f in each for x in f.params]
        )
    q = quote_ident(cols[0]) if cols else ""
    if k == "not_null":
        return Fragment(" OR ".join(f"{quote_ident(c)} IS NULL" for c in cols))
    if k == "range":
        parts, params = [], []
        if check.min is not None:
            parts.append(f"{q} < {PARAM}")
            params.append(check.min)
        if check.max is not None:
            parts.append(f"{q} > {PARAM}")
            params.append(check.max)
        return Fragment(" OR ".join(parts), params)
    if k == "accepted_values":
        values: list[Any] = list(check.values or [])
        if all(isinstance(v, bool) for v in values):
            expr, bound = q, values
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            expr, bound = q, values
        else:  # compare as text so '1' and 1 or dates and 'YYYY-MM-DD' agree
            expr, bound = (
                f"CAST({q} AS VARCHAR)",
                [str(v) if not isinstance(v, bool) else str(v).lower() for v in values],
            )
        marks = ", ".join([PARAM] * len(bound))
        return Fragment(f"{q} IS NOT NULL AND {expr} NOT IN ({marks})", bound)
    if k == "format":
        pattern = check.pattern if check.format == "regex" else FORMAT_PATTERNS[check.format or ""]
        match = _regex_match(f"CAST({q} AS VARCHAR)", dialect)
        return Fragment(f"{q} IS NOT NULL AND NOT ({match})", [pattern])
    if k == "custom_sql":
        return Fragment(f"NOT ({check.condition})")
    raise QualityCheckError(f"check kind {k!r} is not a row-level check")


def count_if(cond: Fragment, dialect: str) -> Fragment:
    """An aggregate counting the rows where `cond` holds."""
    if dialect in ("duckdb", "postgres"):
        return Fragment(f"COUNT(*) FILTER (WHERE {cond.sql})", cond.params)
    return Fragment(f"SUM(CASE WHEN {cond.sql} THEN 1 ELSE 0 END)", cond.params)


def aggregate_query(relation: str, items: list[tuple[str, Fragment]]) -> Fragment:
    """``SELECT <agg> AS a0, <agg> AS a1, ... FROM relation``: the one shared scan."""
    select = ", ".join(f"{frag.sql} AS a{i}" for i, (_, frag) in enumerate(items))
    params = [p for _, frag in items for p in frag.params]
    return Fragment(f"SELECT {select} FROM {relation}", params)
