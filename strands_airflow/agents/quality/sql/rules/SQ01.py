"""Implementation of rule Strands_SQ01 (select_star)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import crawl, is_function_source


class Rule_Strands_SQ01(BaseRule):
    """``SELECT *`` reads every column of a table.

    Flags ``*`` and ``t.*`` in any projection that reads a table, a CTE or a
    derived table (``count(*)`` is fine). On columnar storage (Parquet, Redshift,
    Snowflake, BigQuery) it scans and ships columns nobody uses, and the query
    breaks silently when the table gains a column.

    **Anti-pattern**

    .. code-block:: sql

        SELECT * FROM sales.orders WHERE order_date = '2024-01-01'

    **Best practice**

    Name the columns the query needs.

    .. code-block:: sql

        SELECT order_id, customer_id, amount FROM sales.orders
        WHERE order_date = '2024-01-01'
    """

    name = "strands.select_star"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"wildcard_expression"})
    slug = "select_star"
    severity = "warning"
    suggestion = (
        "List only the columns you need, e.g. SELECT id, name, amount FROM ... instead of SELECT *."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        stack = context.parent_stack
        if len(stack) < 3 or not stack[-1].is_type("select_clause_element"):
            return None
        select = next((p for p in reversed(stack) if p.is_type("select_statement")), None)
        if select is None:
            return None
        clause = select.get_child("from_clause")
        if clause is None:
            return None
        elements = list(crawl(clause, "from_expression_element"))
        if not elements or all(is_function_source(e) for e in elements):
            return None
        return LintResult(
            anchor=context.segment,
            description=f"`{context.segment.raw}` selects every column of the source: list the columns you need.",
        )
