"""Implementation of rule Strands_SQ06 (order_by_without_limit)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import (
    enclosing_set_expressions,
    has_limit,
    is_top_level,
)


class Rule_Strands_SQ06(BaseRule):
    """ORDER BY on the outermost query without LIMIT/TOP/FETCH.

    Sorting a whole result is a global, single-reducer step on distributed engines
    and buys nothing when the rows land in a table or a file. ``ORDER BY`` inside
    ``OVER (...)`` or an ordered aggregate is not concerned.

    **Anti-pattern**

    .. code-block:: sql

        INSERT INTO mart.daily_sales
        SELECT order_date, SUM(amount) FROM orders GROUP BY order_date ORDER BY order_date

    **Best practice**

    Drop the sort, or cap the rows when only the top ones are wanted.

    .. code-block:: sql

        SELECT customer_id, SUM(amount) AS revenue FROM orders
        GROUP BY customer_id ORDER BY revenue DESC LIMIT 100
    """

    name = "strands.order_by_without_limit"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"orderby_clause"})
    slug = "order_by_without_limit"
    severity = "info"
    suggestion = (
        "Remove the ORDER BY (tables and files have no order; sort where the data is read), "
        "or add LIMIT n (TOP n / FETCH FIRST n ROWS ONLY) when only the first rows are needed."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        stack = context.parent_stack
        if not stack or not stack[-1].is_type("select_statement", "set_expression"):
            return None
        owner = stack[-1]
        if not is_top_level(stack[:-1]):
            return None
        if has_limit(owner) or any(has_limit(s) for s in enclosing_set_expressions(stack[:-1])):
            return None
        return LintResult(
            anchor=context.segment,
            description="ORDER BY on the outermost query without LIMIT sorts the whole result.",
        )
