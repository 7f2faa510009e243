"""Implementation of rule Strands_SQ03 (subquery_in_where)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import SUBQUERY_TYPES


class Rule_Strands_SQ03(BaseRule):
    """Subquery inside a WHERE clause.

    Any subquery in ``WHERE``: ``IN (SELECT ...)``, ``EXISTS (...)``, a scalar
    comparison, correlated or not. Many engines run a correlated one per outer row;
    a join (or a semi-join written as a join on a deduplicated CTE) lets the planner
    pick a hash join.

    **Anti-pattern**

    .. code-block:: sql

        SELECT o.order_id FROM orders AS o
        WHERE o.customer_id IN (SELECT c.customer_id FROM customers AS c WHERE c.segment = 'B2B')

    **Best practice**

    .. code-block:: sql

        SELECT o.order_id FROM orders AS o
        INNER JOIN customers AS c ON c.customer_id = o.customer_id
        WHERE c.segment = 'B2B'
    """

    name = "strands.subquery_in_where"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"where_clause"})
    slug = "subquery_in_where"
    severity = "warning"
    suggestion = (
        "Rewrite the subquery as a JOIN (or a semi-join on a pre-aggregated CTE), "
        "e.g. JOIN customers c ON c.id = o.customer_id instead of WHERE customer_id IN (SELECT ...)."
    )

    def _eval(self, context: RuleContext) -> list[LintResult]:
        return [
            LintResult(
                anchor=sub, description="Subquery in WHERE: the engine may run it once per row."
            )
            for sub in context.segment.recursive_crawl(
                *SUBQUERY_TYPES, recurse_into=False, allow_self=False
            )
        ]
