"""Implementation of rule Strands_SQ11 (not_in_subquery)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler


class Rule_Strands_SQ11(BaseRule):
    """NOT IN (SELECT ...).

    If the subquery returns a single NULL the predicate is never true, so the query
    silently returns no rows; engines also plan it worse than an anti-join.

    **Anti-pattern**

    .. code-block:: sql

        SELECT c.id FROM customers c
        WHERE c.id NOT IN (SELECT o.customer_id FROM orders o)

    **Best practice**

    .. code-block:: sql

        SELECT c.id FROM customers c
        WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)
    """

    name = "strands.not_in_subquery"
    groups = ("all", "strands", "correctness")
    crawl_behaviour = SegmentSeekerCrawler(
        {"select_statement", "set_expression", "with_compound_statement"}
    )
    slug = "not_in_subquery"
    severity = "warning"
    suggestion = (
        "Use NOT EXISTS (SELECT 1 FROM t WHERE t.key = outer.key) or a LEFT JOIN ... WHERE t.key IS NULL: "
        "NOT IN returns no rows as soon as the subquery yields one NULL."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        stack = context.parent_stack
        if len(stack) < 2 or not stack[-1].is_type("bracketed"):
            return None
        bracket = stack[-1]
        holder = stack[-2]
        kids = list(holder.segments)
        idx = next((i for i, k in enumerate(kids) if k is bracket), None)
        if idx is None:
            return None
        before = [k for k in kids[:idx] if k.is_code][-2:]
        words = [k.raw.upper() for k in before]
        if words == ["NOT", "IN"] or (len(words) == 2 and words[1] == "NOT IN"):
            return LintResult(
                anchor=before[0],
                description="NOT IN (SELECT ...) returns nothing if the subquery yields a NULL.",
            )
        return None
