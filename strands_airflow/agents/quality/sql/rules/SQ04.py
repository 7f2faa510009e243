"""Implementation of rule Strands_SQ04 (function_on_column_in_predicate)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import (
    ARITHMETIC_OPERATORS,
    JSON_OPERATORS,
    code_children,
    crawl,
    real_columns,
)

if TYPE_CHECKING:
    from sqlfluff.core.parser import BaseSegment

_WRAPPERS = ("function", "cast_expression")
_PATHS = ("semi_structured_expression", "array_accessor", "column_path_operator")


class Rule_Strands_SQ04(BaseRule):
    """Function, cast, path or arithmetic on a column in WHERE or JOIN ON.

    Wrapping the column hides it from indexes, partition pruning, clustering keys and
    min/max statistics, so the engine reads everything and computes the expression per
    row. Functions on the literal side are fine.

    **Anti-pattern**

    .. code-block:: sql

        SELECT order_id FROM orders
        WHERE DATE(created_at) = '2024-01-01' AND amount * 1.2 > 100

    **Best practice**

    Move the computation to the literal side: a range on the raw column.

    .. code-block:: sql

        SELECT order_id FROM orders
        WHERE created_at >= '2024-01-01' AND created_at < '2024-01-02'
          AND amount > 100 / 1.2
    """

    name = "strands.function_on_column_in_predicate"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"where_clause", "join_on_condition"})
    slug = "function_on_column_in_predicate"
    severity = "warning"
    suggestion = (
        "Keep the column bare and move the work to the other side, e.g. "
        "created_at >= '2024-01-01' AND created_at < '2024-01-02' instead of DATE(created_at) = '2024-01-01'; "
        "or store/partition on the computed value."
    )

    def _eval(self, context: RuleContext) -> list[LintResult]:
        results: list[LintResult] = []
        seen: set[tuple[int, int] | int] = set()  # a working location, or an id
        where = "JOIN ON" if context.segment.is_type("join_on_condition") else "WHERE"

        def add(anchor: BaseSegment, what: str) -> None:
            key = anchor.pos_marker.working_loc if anchor.pos_marker else id(anchor)
            if key in seen:
                return
            seen.add(key)
            results.append(
                LintResult(
                    anchor=anchor,
                    description=f"{what} on a column in {where}: `{anchor.raw[:60]}`.",
                )
            )

        for wrapped in crawl(context.segment, *_WRAPPERS):
            # The outermost wrapper only: `UPPER(TRIM(x))` is one finding.
            if wrapped.is_type("function") and not real_columns(wrapped, in_function=True):
                continue
            if wrapped.is_type("cast_expression") and not real_columns(wrapped):
                continue
            kind = "Cast" if wrapped.is_type("cast_expression") else "Function"
            add(wrapped, kind)
        for expr in crawl(context.segment, "expression", allow_self=True):
            kids = code_children(expr)
            for i, kid in enumerate(kids):
                if kid.is_type(*_PATHS) and i > 0 and real_columns(kids[i - 1]):
                    add(kids[i - 1], "Path extraction")
                elif kid.is_type("time_zone_grammar") and i > 0 and real_columns(kids[i - 1]):
                    # `created_at AT TIME ZONE 'UTC' >= ...`: a conversion of every row's value.
                    add(kids[i - 1], "Time-zone conversion")
                elif kid.is_type("binary_operator") or kid.raw in ARITHMETIC_OPERATORS:
                    op = kid.raw.upper()
                    if op in JSON_OPERATORS:
                        if i > 0 and real_columns(kids[i - 1]):
                            add(kids[i - 1], "Path extraction")
                    elif op in ARITHMETIC_OPERATORS and not kid.is_type("sign_indicator"):
                        sides = [kids[j] for j in (i - 1, i + 1) if 0 <= j < len(kids)]
                        if any(real_columns(s) for s in sides if not s.is_type(*_WRAPPERS)):
                            add(kid, "Arithmetic")
        # The outer function already covers casts/paths inside it.
        return _outermost(results)


def _outermost(results: list[LintResult]) -> list[LintResult]:
    """Drop a finding whose anchor lies inside another finding's anchor."""
    spans = []
    for r in results:
        m = r.anchor.pos_marker if r.anchor is not None else None
        spans.append((m.templated_slice.start, m.templated_slice.stop) if m else (0, 0))
    keep = []
    for i, r in enumerate(results):
        s, e = spans[i]
        inside = any(
            j != i and spans[j][0] <= s and e <= spans[j][1] and spans[j] != (s, e)
            for j in range(len(results))
        )
        if not inside:
            keep.append(r)
    return keep
