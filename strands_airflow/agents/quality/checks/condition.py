"""Validation of `custom_sql` conditions: one boolean expression, nothing else.

The condition is parsed (never run) by DuckDB's own parser through
``json_serialize_sql('SELECT * FROM t WHERE <condition>')``: it must be a single plain
SELECT whose only addition is the WHERE clause, with no subquery, no comment, no ``;``, and
only column references, constants, operators, CASE/CAST/BETWEEN and a list of scalar
functions. When the table's columns are known, every referenced column must exist.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from typing import Any

from strands_airflow.exceptions import QualityCheckError, StrandsError

ALLOWED_CLASSES = frozenset(
    {
        "COLUMN_REF",
        "CONSTANT",
        "COMPARISON",
        "CONJUNCTION",
        "OPERATOR",
        "FUNCTION",
        "CASE",
        "CAST",
        "BETWEEN",
    }
)
ALLOWED_FUNCTIONS = frozenset(
    """
    + - * / % // ** ^ || ~~ !~~ ~~* !~~* ~ !~ like_escape not_like_escape ilike_escape
    lower upper length strlen char_length character_length trim ltrim rtrim coalesce ifnull nullif
    abs round floor ceil ceiling sign sqrt greatest least substring substr concat left right
    starts_with ends_with contains position strpos replace date_trunc date_part datepart extract
    year month day hour minute second epoch now current_date current_timestamp get_current_timestamp
    today regexp_matches regexp_full_match isnan isfinite md5 to_timestamp
    """.split()
)
#: keywords DuckDB's parser reports as column references; they are values, not columns
_KEYWORD_VALUES = frozenset(
    {"current_timestamp", "current_date", "current_time", "localtimestamp", "localtime"}
)
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _parser_connection() -> Any:
    import duckdb

    # an in-memory database used only for its parser; nothing is ever executed against data
    return duckdb.connect(":memory:")


def _walk(node: Any, columns: set[str], problems: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, columns, problems)
        return
    if not isinstance(node, dict):
        return
    cls = node.get("class")
    if cls is not None:
        if cls not in ALLOWED_CLASSES:
            problems.append(f"{cls.lower()} is not allowed")
            return
        if cls == "COLUMN_REF" and node["column_names"][-1].lower() not in _KEYWORD_VALUES:
            columns.add(node["column_names"][-1])
        if cls == "FUNCTION":
            name = str(node.get("function_name", "")).lower()
            if name not in ALLOWED_FUNCTIONS:
                problems.append(f"function {name!r} is not allowed")
    for key, value in node.items():
        if key not in ("class", "type", "alias"):
            _walk(value, columns, problems)


def validate_condition(
    condition: str,
    columns: list[str] | None = None,
    error: type[StrandsError] = QualityCheckError,
) -> str:
    """Return `condition` stripped if it is one safe boolean expression, else raise `error`.

    >>> validate_condition("end_date >= start_date")
    'end_date >= start_date'
    """
    cond = (condition or "").strip()
    if not cond:
        raise error(
            "custom_sql condition is empty; give one boolean expression such as 'end_date >= start_date'"
        )
    if len(cond) > 2000:
        raise error("custom_sql condition is longer than 2000 characters")
    if re.search(r";|--|/\*|\*/", cond):
        raise error(
            f"custom_sql condition {cond!r} contains ';' or a comment: only one boolean expression is accepted"
        )
    with _lock:
        raw = (
            _parser_connection()
            .execute("SELECT json_serialize_sql(?)", [f"SELECT * FROM t WHERE {cond}"])
            .fetchone()
        )
    tree = json.loads(raw[0])
    if tree.get("error"):
        raise error(
            f"custom_sql condition {cond!r} does not parse: {tree.get('error_message', '')}"
        )
    stmts = tree.get("statements", [])
    node = stmts[0]["node"] if len(stmts) == 1 else {}
    plain = (
        node.get("type") == "SELECT_NODE"
        and not node.get("modifiers")
        and not (node.get("cte_map") or {}).get("map")
        and not node.get("group_expressions")
        and not node.get("having")
        and not node.get("qualify")
        and not node.get("sample")
        and (node.get("from_table") or {}).get("table_name") == "t"
        and node.get("where_clause")
    )
    if not plain:
        raise error(f"custom_sql condition {cond!r} is not a single boolean expression")
    refs: set[str] = set()
    problems: list[str] = []
    _walk(node["where_clause"], refs, problems)
    if problems:
        raise error(f"custom_sql condition {cond!r}: {'; '.join(sorted(set(problems)))}")
    if columns is not None:
        known = {c.lower() for c in columns}
        missing = sorted(r for r in refs if r.lower() not in known)
        if missing:
            raise error(
                f"custom_sql condition {cond!r} names unknown column(s) {', '.join(missing)}; "
                f"columns are: {', '.join(columns)}"
            )
    return cond


def condition_columns(condition: str) -> set[str]:
    """The column names a validated condition references."""
    with _lock:
        raw = (
            _parser_connection()
            .execute("SELECT json_serialize_sql(?)", [f"SELECT * FROM t WHERE {condition}"])
            .fetchone()
        )
    refs: set[str] = set()
    _walk(json.loads(raw[0])["statements"][0]["node"]["where_clause"], refs, [])
    return refs
