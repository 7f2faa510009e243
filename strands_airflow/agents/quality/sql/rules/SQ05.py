"""Implementation of rule Strands_SQ05 (many_joins)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import join_count


class Rule_Strands_SQ05(BaseRule):
    """Too many joins in one SELECT.

    Counts explicit ``JOIN``s and comma joins of one query level; at
    ``join_threshold`` (default 4) or more, the planner's join-order search and the
    shuffle volume grow quickly and one bad estimate multiplies rows.

    **Anti-pattern**

    .. code-block:: sql

        SELECT o.id, c.name, p.title, s.name, w.city
        FROM orders o
        JOIN customers c ON c.id = o.customer_id
        JOIN products p ON p.id = o.product_id
        JOIN suppliers s ON s.id = p.supplier_id
        JOIN warehouses w ON w.id = o.warehouse_id

    **Best practice**

    Build the wide row in steps (CTEs or an intermediate table), joining small
    dimensions last, or pre-join dimensions that are always used together.

    .. code-block:: sql

        WITH product_dim AS (
            SELECT p.id, p.title, s.name AS supplier FROM products p JOIN suppliers s ON s.id = p.supplier_id
        )
        SELECT o.id, c.name, pd.title, pd.supplier
        FROM orders o
        JOIN customers c ON c.id = o.customer_id
        JOIN product_dim pd ON pd.id = o.product_id
    """

    name = "strands.many_joins"
    groups = ("all", "strands", "performance")
    config_keywords = ["join_threshold"]
    join_threshold: int | str  # set by sqlfluff from the config (a .cfg file gives a str)
    crawl_behaviour = SegmentSeekerCrawler({"select_statement"})
    slug = "many_joins"
    severity = "info"
    suggestion = (
        "Split the query: pre-join the dimensions that belong together in a CTE or staging table, "
        "filter the fact table first, then join the few remaining tables."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        threshold = int(self.join_threshold)
        joins = join_count(context.segment)
        if threshold <= 0 or joins < threshold:
            return None
        anchor = context.segment.get_child("from_clause") or context.segment
        return LintResult(
            anchor=anchor,
            description=f"{joins} joins in one SELECT (threshold {threshold}).",
        )
