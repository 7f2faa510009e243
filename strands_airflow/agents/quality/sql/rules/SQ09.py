"""Implementation of rule Strands_SQ09 (distinct_with_join)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import join_count


class Rule_Strands_SQ09(BaseRule):
    """SELECT DISTINCT over a join.

    A ``DISTINCT`` on a join usually hides a fan-out (a one-to-many join that
    duplicated rows); the engine first builds the duplicated rows, then sorts or hashes
    all of them away.

    **Anti-pattern**

    .. code-block:: sql

        SELECT DISTINCT c.customer_id, c.name
        FROM customers c JOIN orders o ON o.customer_id = c.customer_id

    **Best practice**

    Use a semi-join (``EXISTS``) or aggregate the many side before joining.

    .. code-block:: sql

        WITH buyers AS (SELECT customer_id FROM orders GROUP BY customer_id)
        SELECT c.customer_id, c.name
        FROM customers c JOIN buyers b ON b.customer_id = c.customer_id
    """

    name = "strands.distinct_with_join"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"select_statement"})
    slug = "distinct_with_join"
    severity = "warning"
    suggestion = (
        "Remove the fan-out instead of deduplicating it: aggregate the many side first "
        "(GROUP BY key in a CTE) or use a semi-join, then drop DISTINCT."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        clause = context.segment.get_child("select_clause")
        if clause is None:
            return None
        modifier = next(
            (
                m
                for m in clause.get_children("select_clause_modifier")
                if any(k.raw.upper() == "DISTINCT" for k in m.segments)
            ),
            None,
        )
        if modifier is None or join_count(context.segment) == 0:
            return None
        return LintResult(
            anchor=modifier, description="SELECT DISTINCT over a join: dedupes a join fan-out."
        )
