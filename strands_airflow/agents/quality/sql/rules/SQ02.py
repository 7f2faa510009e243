"""Implementation of rule Strands_SQ02 (missing_where)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import (
    crawl,
    cte_names,
    enclosing_set_expressions,
    from_expressions,
    has_limit,
    is_top_level,
    join_count,
    table_name,
)

if TYPE_CHECKING:
    from sqlfluff.core.parser import BaseSegment


class Rule_Strands_SQ02(BaseRule):
    """Full scan: a top-level query or an UPDATE/DELETE without a WHERE clause.

    Flags the outermost SELECT of a statement that reads a table or a join with no
    ``WHERE``, no ``LIMIT``/``TOP``/``FETCH`` and no ``GROUP BY``, and every
    ``UPDATE`` or ``DELETE`` without ``WHERE`` (which rewrites the whole table).

    **Anti-pattern**

    .. code-block:: sql

        SELECT order_id, amount FROM sales.orders;
        DELETE FROM staging.events;

    **Best practice**

    Filter on the partition or key the job processes.

    .. code-block:: sql

        SELECT order_id, amount FROM sales.orders WHERE order_date = '{{ ds }}';
        DELETE FROM staging.events WHERE event_date < '{{ ds }}';
    """

    name = "strands.missing_where"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler(
        {"select_statement", "update_statement", "delete_statement"}
    )
    slug = "missing_where"
    severity = "warning"
    suggestion = (
        "Add a WHERE on the partition or key being processed (e.g. WHERE event_date = '{{ ds }}'), "
        "or a LIMIT for exploration; UPDATE/DELETE need a WHERE unless a full rewrite is meant "
        "(then use TRUNCATE or CREATE TABLE AS)."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        seg = context.segment
        if seg.is_type("update_statement", "delete_statement"):
            if any(True for _ in crawl(seg, "where_clause")):
                return None
            verb = "UPDATE" if seg.is_type("update_statement") else "DELETE"
            return LintResult(
                anchor=seg,
                description=f"{verb} without WHERE changes every row of the table.",
            )
        stack = context.parent_stack
        if not is_top_level(stack):
            return None
        if seg.get_child("where_clause") is not None or seg.get_child("groupby_clause") is not None:
            return None
        if has_limit(seg) or any(has_limit(s) for s in enclosing_set_expressions(stack)):
            return None
        if not self._reads_table(seg, stack):
            return None
        return LintResult(
            anchor=seg,
            description="Top-level SELECT reads its whole source: no WHERE, LIMIT or GROUP BY.",
        )

    @staticmethod
    def _reads_table(select: BaseSegment, stack: tuple[BaseSegment, ...]) -> bool:
        """A join of anything, or a base table (a CTE name is not a table)."""
        clause = select.get_child("from_clause")
        if clause is None or not from_expressions(select):
            return False
        if join_count(select) > 0:
            return True
        ctes = cte_names(stack)
        return any(
            table_name(ref) not in ctes and not _is_stage(ref)
            for ref in crawl(clause, "table_reference")
        )


def _is_stage(ref: BaseSegment) -> bool:
    """A staged-file location (Snowflake ``@stage/path``), e.g. in COPY INTO ... FROM (SELECT ...).

    Reading staged files is a load, not a table scan: there is no WHERE to add.
    """
    return any(True for _ in ref.recursive_crawl("stage_path"))
