"""Implementation of rule Strands_SQ01 (select_star)."""

from __future__ import annotations

from sqlfluff.core.parser import BaseSegment
from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import (
    crawl,
    cte_names,
    is_function_source,
    table_name,
)


class Rule_Strands_SQ01(BaseRule):
    """``SELECT *`` reads every column of a table.

    Flags ``*`` and ``t.*`` in any projection that reads a base (stored) table,
    wherever the projection is: the main query, a CTE or a derived table.
    ``count(*)`` is fine, and so is ``SELECT * FROM final`` over a CTE that already
    names its columns (the dbt convention). On columnar storage (Parquet, Redshift,
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
        sources = _sources(clause, cte_names(stack))
        qualifier = _qualifier(context.segment)
        if qualifier is None:
            reads_base = any(sources.values())
        else:
            # `t.*` expands t only: a base table, unless t names a CTE or derived table.
            reads_base = sources.get(qualifier, True)
        if not reads_base:
            return None
        return LintResult(
            anchor=context.segment,
            description=f"`{context.segment.raw}` selects every column of a table: list the columns you need.",
        )


def _qualifier(wildcard: BaseSegment) -> str | None:
    ident = wildcard.get_child("wildcard_identifier")
    parts = [p.raw for p in (ident or wildcard).segments if p.is_code and p.raw not in (".", "*")]
    return parts[-1].strip('`"[]').lower() if parts else None


def _sources(clause: BaseSegment, ctes: set[str]) -> dict[str, bool]:
    """Name or alias of each FROM item -> whether it is a base (stored) table."""
    out: dict[str, bool] = {}
    for element in crawl(clause, "from_expression_element"):
        refs = list(crawl(element, "table_reference"))
        is_base = not is_function_source(element) and any(table_name(r) not in ctes for r in refs)
        names = {table_name(r) for r in refs}
        alias = element.get_child("alias_expression")
        if alias is not None:
            ident = next((c for c in alias.segments if c.is_type("identifier")), None)
            if ident is not None:
                names.add(ident.raw.strip('`"[]').lower())
        if not names:
            names.add(f"#{len(out)}")
        for name in names:
            out[name] = out.get(name, False) or is_base
    return out
