"""Implementation of rule Strands_SQ12 (union_instead_of_union_all)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler


class Rule_Strands_SQ12(BaseRule):
    """UNION where UNION ALL would do.

    A plain ``UNION`` deduplicates the combined result: a full sort or hash of every
    row. Branches that cannot overlap (different sources, partitions or literals)
    pay that cost for nothing. (In BigQuery, which has no plain UNION, ``UNION
    DISTINCT`` is the same thing.)

    **Anti-pattern**

    .. code-block:: sql

        SELECT id, amount FROM sales_2023
        UNION
        SELECT id, amount FROM sales_2024

    **Best practice**

    .. code-block:: sql

        SELECT id, amount FROM sales_2023
        UNION ALL
        SELECT id, amount FROM sales_2024
    """

    name = "strands.union_instead_of_union_all"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"set_operator"})
    slug = "union_instead_of_union_all"
    severity = "info"
    suggestion = (
        "Use UNION ALL when the branches cannot overlap (or duplicates are fine); "
        "keep a deliberate dedupe explicit with SELECT DISTINCT over the UNION ALL."
    )

    def _eval(self, context: RuleContext) -> LintResult | None:
        words = context.segment.raw.upper().split()
        if not words or words[0] != "UNION" or "ALL" in words:
            return None
        if "DISTINCT" in words and context.dialect.name != "bigquery":
            return None
        return LintResult(
            anchor=context.segment,
            description="UNION deduplicates the whole result; UNION ALL does not.",
        )
