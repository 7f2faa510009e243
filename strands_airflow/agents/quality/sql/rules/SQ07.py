"""Implementation of rule Strands_SQ07 (leading_wildcard_like)."""

from __future__ import annotations

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import first_literal

_LIKE = frozenset({"LIKE", "ILIKE"})
_QUANTIFIERS = frozenset({"ANY", "ALL", "SOME"})


class Rule_Strands_SQ07(BaseRule):
    """LIKE / ILIKE pattern starting with a wildcard.

    A pattern that starts with ``%`` or ``_`` cannot use an index, a sort key or
    prefix pruning: every row is read and matched.

    **Anti-pattern**

    .. code-block:: sql

        SELECT id FROM customers WHERE email LIKE '%@example.com'

    **Best practice**

    Anchor the pattern at the start, or store the searched part in its own column
    (a domain column, a reversed string, a full-text index).

    .. code-block:: sql

        SELECT id FROM customers WHERE email_domain = 'example.com'
    """

    name = "strands.leading_wildcard_like"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"keyword", "comparison_operator", "like_operator"})
    slug = "leading_wildcard_like"
    severity = "warning"
    suggestion = (
        "Anchor the pattern at the start (LIKE 'abc%'), or search a derived column "
        "(e.g. a domain or reversed-string column, or a full-text/trigram index) instead of LIKE '%abc'."
    )

    def _eval(self, context: RuleContext) -> list[LintResult]:
        seg = context.segment
        word = seg.raw.upper()
        if word not in _LIKE and not (seg.is_type("like_operator") and "LIKE" in word):
            return []
        post = [s for s in context.siblings_post if s.is_code]
        while post and post[0].raw.upper() in ("ESCAPE",):
            post = post[1:]
        if post and post[0].raw.upper() in _QUANTIFIERS:
            post = post[1:]
        if not post:
            return []
        target = post[0]
        if target.is_type("bracketed") and _is_list(target):
            literals = [
                first_literal(item)
                for item in target.segments
                if item.is_code and item.raw not in "(),"
            ]
        else:
            literals = [first_literal(target)]
        results = []
        for lit in literals:
            if lit is not None and _leading_wildcard(lit.raw):
                results.append(
                    LintResult(
                        anchor=lit,
                        description=f"LIKE pattern {lit.raw} starts with a wildcard: full scan.",
                    )
                )
        return results


def _is_list(bracketed) -> bool:  # type: ignore[no-untyped-def]
    return any(s.raw == "," for s in bracketed.segments)


def _leading_wildcard(raw: str) -> bool:
    text = raw
    # Strip string prefixes such as N'..', E'..', r'..', and the quote itself.
    while text and text[0] in "NnEeRrBbUu" and len(text) > 1 and text[1] in "'\"":
        text = text[1:]
    if not text or text[0] not in "'\"":
        return False
    body = text[1:]
    return bool(body) and body[0] in "%_"
