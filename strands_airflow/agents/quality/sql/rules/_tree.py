"""Parse-tree helpers shared by the strands SQL rules.

sqlfluff gives every dialect the same segment *types* (``select_statement``,
``where_clause``, ``column_reference``...), so the rules reason on types, never on
dialect-specific classes. Everything here stops at subqueries: a rule judges one query
level at a time and the crawler reaches the nested levels on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlfluff.core.parser import BaseSegment

#: A query nested in another one; helpers never look inside these.
SUBQUERY_TYPES = ("select_statement", "set_expression", "with_compound_statement")

#: Parents that make a query "not top level" (a CTE body, a derived table, a scalar or
#: IN/EXISTS subquery, a MERGE source...).
NESTING_TYPES = frozenset(
    {
        "common_table_expression",
        "from_expression_element",
        "table_expression",
        "where_clause",
        "having_clause",
        "qualify_clause",
        "select_clause",
        "select_clause_element",
        "function",
        "function_contents",
        "expression",
        "join_clause",
        "join_on_condition",
        "values_clause",
        "merge_statement",
        "set_clause",
        "orderby_clause",
        "groupby_clause",
        "lateral_view_clause",
    }
)

#: Names that parse as a bare column in some dialects but are niladic functions.
BARE_FUNCTIONS = frozenset(
    {
        "CURRENT_DATE",
        "CURRENT_TIMESTAMP",
        "CURRENT_TIME",
        "CURRENT_DATETIME",
        "LOCALTIMESTAMP",
        "LOCALTIME",
        "SYSDATE",
        "SYSTIMESTAMP",
        "GETDATE",
        "GETUTCDATE",
        "NOW",
        "TODAY",
        "CURRENT_USER",
        "SESSION_USER",
        "USER",
        "NULL",
        "TRUE",
        "FALSE",
    }
)

#: Date parts that some dialects parse as a column inside DATEADD(day, ...) & co.
DATE_PARTS = frozenset(
    {
        "YEAR",
        "YEARS",
        "YY",
        "YYYY",
        "QUARTER",
        "QQ",
        "MONTH",
        "MONTHS",
        "MM",
        "WEEK",
        "WEEKS",
        "WK",
        "ISOWEEK",
        "DAY",
        "DAYS",
        "DD",
        "D",
        "DAYOFWEEK",
        "DAYOFYEAR",
        "DOW",
        "DOY",
        "DW",
        "HOUR",
        "HOURS",
        "HH",
        "MINUTE",
        "MINUTES",
        "MI",
        "SECOND",
        "SECONDS",
        "SS",
        "MILLISECOND",
        "MS",
        "MICROSECOND",
        "NANOSECOND",
        "EPOCH",
        "DATE",
    }
)

#: Functions whose first argument is a date part (DATEADD(day, 1, x)...).
DATE_FUNCTIONS = frozenset(
    {
        "DATEADD",
        "DATEDIFF",
        "DATEDIFF_BIG",
        "DATE_ADD",
        "DATE_SUB",
        "DATE_DIFF",
        "DATEPART",
        "DATENAME",
        "DATE_PART",
        "DATE_TRUNC",
        "DATETIME_TRUNC",
        "TIMESTAMP_TRUNC",
        "TIMESTAMPADD",
        "TIMESTAMPDIFF",
        "TIMESTAMP_ADD",
        "TIMESTAMP_SUB",
        "TIMESTAMP_DIFF",
        "TIME_SLICE",
        "EXTRACT",
    }
)

ARITHMETIC_OPERATORS = frozenset({"+", "-", "*", "/", "%", "||", "DIV", "MOD"})
JSON_OPERATORS = frozenset({"->", "->>", "#>", "#>>"})


def code_children(seg: BaseSegment) -> list[BaseSegment]:
    """The children of `seg` that are code (no whitespace, comments or meta)."""
    return [c for c in seg.segments if c.is_code]


def is_templated(seg: BaseSegment) -> bool:
    """True when `seg` came out of a Jinja tag rather than the literal SQL text."""
    marker = seg.pos_marker
    return marker is not None and not marker.is_literal()


def crawl(seg: BaseSegment, *types: str, allow_self: bool = False) -> Iterator[BaseSegment]:
    """Descendants of `seg` of the given types, not entering subqueries."""
    return seg.recursive_crawl(
        *types, no_recursive_seg_type=list(SUBQUERY_TYPES), allow_self=allow_self
    )


def column_name(ref: BaseSegment) -> tuple[str | None, str]:
    """(qualifier, column) of a column reference, lower-cased and unquoted."""
    parts = [p.raw.strip('`"[]').lower() for p in ref.segments if p.is_type("identifier")]
    if not parts:
        return None, ref.raw.lower()
    return (parts[-2] if len(parts) > 1 else None), parts[-1]


def real_columns(seg: BaseSegment, *, in_function: bool = False) -> list[BaseSegment]:
    """Column references under `seg` that name real columns.

    Skips subqueries, references produced by a template tag (``{{ params.x }}`` is a
    parameter, not a column), niladic functions that parse as columns in some dialects
    (``current_date``) and date-part words that some dialects parse as a column when
    they are a function's first argument (``DATEADD(day, -1, x)``).
    """
    refs = [seg] if seg.is_type("column_reference") else list(crawl(seg, "column_reference"))
    if not refs:
        return []
    date_parts = (
        _date_part_arguments(seg)
        if (in_function or seg.is_type("function")) or any(True for _ in crawl(seg, "function"))
        else set()
    )
    out = []
    for ref in refs:
        if id(ref) in date_parts or (is_templated(ref) and not _column_placeholder(ref)):
            continue
        qualifier, name = column_name(ref)
        if qualifier is None and (name.upper() in BARE_FUNCTIONS or name in script_variables(ref)):
            continue
        out.append(ref)
    return out


#: A template placeholder whose name says it holds a column name (``{{ params.ts_col }}``,
#: ``{{ params.date_column }}``, ``{{ params.partition_field }}``), not a value.
_COLUMN_PLACEHOLDER = re.compile(r"(?:^|_)(?:col|column|field)(?:_?name)?$", re.IGNORECASE)


def _column_placeholder(ref: BaseSegment) -> bool:
    """Whether a templated reference names a column: ``DATE({{ params.ts_col }})`` wraps one."""
    return bool(_COLUMN_PLACEHOLDER.search(ref.raw.strip('`"[]')))


def script_variables(seg: BaseSegment) -> frozenset[str]:
    """Names the script holding `seg` declares as variables (BigQuery ``DECLARE x DATE``).

    A bare ``run_date`` after ``DECLARE run_date DATE`` parses as a column reference but is a
    script variable: a function on it is on the literal side. Computed once per parse tree.
    """
    root = seg
    while (parent := root.get_parent()) is not None:
        root = parent[0]
    cached = getattr(root, "_strands_script_variables", None)
    if cached is None:
        names = set()
        for decl in root.recursive_crawl(
            "declare_segment", no_recursive_seg_type=list(SUBQUERY_TYPES)
        ):
            for child in decl.segments:
                if child.is_type("data_type") or child.raw.upper() == "DEFAULT":
                    break
                if child.is_type("identifier"):
                    names.add(child.raw.strip('`"[]').lower())
        cached = frozenset(names)
        try:
            root._strands_script_variables = cached
        except AttributeError:  # pragma: no cover - a segment class with __slots__
            pass
    return cached


def _date_part_arguments(seg: BaseSegment) -> set[int]:
    """ids of single-word column references that are a function's first argument and a date part."""
    found: set[int] = set()
    functions = [seg] if seg.is_type("function") else []
    functions += list(crawl(seg, "function"))
    for fn in functions:
        name = fn.get_child("function_name")
        if name is None or name.raw.upper().split(".")[-1] not in DATE_FUNCTIONS:
            continue
        contents = fn.get_child("function_contents")
        bracket = (
            contents.get_child("bracketed") if contents is not None else fn.get_child("bracketed")
        )
        if bracket is None:
            continue
        args = [c for c in bracket.segments if c.is_code and c.raw != "("]
        if not args:
            continue
        first = args[0]
        if first.is_type("expression"):
            inner = code_children(first)
            first = inner[0] if len(inner) == 1 else first
        if first.is_type("column_reference"):
            qualifier, column = column_name(first)
            if qualifier is None and column.upper() in DATE_PARTS:
                found.add(id(first))
    return found


def has_limit(query: BaseSegment) -> bool:
    """Whether a select / set expression caps its rows (LIMIT, TOP, FETCH FIRST)."""
    if any(True for _ in crawl(query, "limit_clause", "fetch_clause")):
        return True
    clause = query.get_child("select_clause")
    if clause is not None:
        for mod in clause.get_children("select_clause_modifier"):
            if any(k.raw.upper() == "TOP" for k in mod.segments):
                return True
    return False


def is_top_level(parent_stack: tuple[BaseSegment, ...]) -> bool:
    """Whether a query with these ancestors is a statement's outermost query."""
    return not any(p.is_type(*NESTING_TYPES) for p in parent_stack)


def enclosing_set_expressions(parent_stack: tuple[BaseSegment, ...]) -> list[BaseSegment]:
    """The set expressions (UNION...) directly wrapping a query, innermost first."""
    out = []
    for p in reversed(parent_stack):
        if p.is_type("set_expression"):
            out.append(p)
        elif not p.is_type("bracketed"):
            break
    return out


def from_expressions(select: BaseSegment) -> list[BaseSegment]:
    """The comma-separated items of a select's FROM clause."""
    clause = select.get_child("from_clause")
    return clause.get_children("from_expression") if clause is not None else []


def join_clauses(select: BaseSegment) -> list[BaseSegment]:
    """Every JOIN of this select's FROM clause (not those inside subqueries)."""
    clause = select.get_child("from_clause")
    return list(crawl(clause, "join_clause")) if clause is not None else []


def join_count(select: BaseSegment) -> int:
    """Number of joins in one select: explicit JOINs plus comma joins."""
    return len(join_clauses(select)) + max(len(from_expressions(select)) - 1, 0)


def cte_names(parent_stack: tuple[BaseSegment, ...]) -> set[str]:
    """Names of the CTEs visible from a query with these ancestors."""
    names: set[str] = set()
    for p in parent_stack:
        if p.is_type("with_compound_statement"):
            for cte in p.recursive_crawl(
                "common_table_expression", no_recursive_seg_type="select_statement"
            ):
                ident = next((c for c in cte.segments if c.is_type("identifier")), None)
                if ident is not None:
                    names.add(ident.raw.strip('`"[]').lower())
    return names


def table_name(ref: BaseSegment) -> str:
    """Last part of a table reference, lower-cased and unquoted."""
    parts = [p.raw for p in ref.segments if p.is_code and p.raw != "."]
    return (parts[-1] if parts else ref.raw).strip('`"[]').lower()


def is_function_source(element: BaseSegment) -> bool:
    """A FROM item that is a table function / UNNEST / VALUES / LATERAL, not a table."""
    if any(
        k.is_type("keyword") and k.raw.upper() in ("LATERAL", "UNNEST") for k in element.segments
    ):
        return True
    texpr = next(
        iter(
            element.recursive_crawl("table_expression", no_recursive_seg_type=list(SUBQUERY_TYPES))
        ),
        None,
    )
    if texpr is None:
        return True
    kids = code_children(texpr)
    if kids and kids[0].is_type("function"):
        # UNNEST(ARRAY(SELECT ...)), TABLE(FLATTEN(...)), ML.PREDICT(MODEL m, (SELECT ...)):
        # a subquery among a table function's arguments does not make it a derived table.
        return True
    if any(True for _ in crawl(texpr, "table_reference")):
        return False
    if any(True for _ in texpr.recursive_crawl(*SUBQUERY_TYPES, recurse_into=False)):
        return False
    return True
