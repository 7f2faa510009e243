"""Implementation of rule Strands_SQ08 (or_on_different_columns)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import (
    code_children,
    column_name,
    crawl,
    real_columns,
)


class Rule_Strands_SQ08(BaseRule):
    """OR in WHERE across different columns.

    ``a = 1 OR b = 2`` cannot be served by one index range or one partition/cluster
    key: most engines fall back to a full scan. (An OR on one column is an ``IN``
    list and is fine.)

    **Anti-pattern**

    .. code-block:: sql

        SELECT id FROM tickets WHERE assignee_id = 42 OR reporter_id = 42

    **Best practice**

    Split into two selective queries combined with ``UNION ALL`` (excluding the
    overlap), each using its own index or key.

    .. code-block:: sql

        SELECT id FROM tickets WHERE assignee_id = 42
        UNION ALL
        SELECT id FROM tickets WHERE reporter_id = 42 AND assignee_id <> 42
    """

    name = "strands.or_on_different_columns"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"where_clause"})
    slug = "or_on_different_columns"
    severity = "info"
    suggestion = (
        "Split the OR into selective queries combined with UNION ALL (one per column, excluding overlaps), "
        "or use IN (...) when the operands test the same column."
    )

    def _eval(self, context: RuleContext) -> list[LintResult]:
        results = []
        for expr in crawl(context.segment, "expression", allow_self=True):
            kids = code_children(expr)
            ors = [
                i
                for i, k in enumerate(kids)
                if k.raw.upper() == "OR" and k.is_type("binary_operator", "keyword")
            ]
            if not ors:
                continue
            operands, start = [], 0
            for i in [*ors, len(kids)]:
                operands.append(kids[start:i])
                start = i + 1
            column_sets = []
            for operand in operands:
                cols = {column_name(ref) for seg in operand for ref in real_columns(seg)}
                if cols:
                    column_sets.append(cols)
            if len(column_sets) > 1 and not _all_same(column_sets):
                names = sorted({f"{q}.{c}" if q else c for s in column_sets for q, c in s})
                results.append(
                    LintResult(
                        anchor=kids[ors[0]],
                        description=f"OR across different columns ({', '.join(names[:4])}) defeats indexes and pruning.",
                    )
                )
        return results


def _covers(a: set[tuple[str | None, str]], b: set[tuple[str | None, str]]) -> bool:
    """Every column of `a` matches one of `b` (an unqualified name matches any qualifier)."""
    return all(any(n == m and (q is None or p is None or q == p) for p, m in b) for q, n in a)


def _all_same(sets: list[set[tuple[str | None, str]]]) -> bool:
    first = sets[0]
    return all(_covers(s, first) and _covers(first, s) for s in sets[1:])
