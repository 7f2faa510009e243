"""Implementation of rule Strands_SQ07 (leading_wildcard_like)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import RootOnlyCrawler

if TYPE_CHECKING:
    from sqlfluff.core.parser import RawSegment

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
    # One pass over the raw tokens: LIKE can sit in any clause, and seeking the
    # `keyword` type would visit every keyword of the file through the crawler.
    crawl_behaviour = RootOnlyCrawler()
    slug = "leading_wildcard_like"
    severity = "warning"
    suggestion = (
        "Anchor the pattern at the start (LIKE 'abc%'), or search a derived column "
        "(e.g. a domain or reversed-string column, or a full-text/trigram index) instead of LIKE '%abc'."
    )

    def _eval(self, context: RuleContext) -> list[LintResult]:
        raws = [r for r in context.segment.raw_segments if r.is_code]
        results = []
        for i, raw in enumerate(raws):
            if raw.raw.upper() not in _LIKE:
                continue
            for lit in _pattern_literals(raws, i + 1):
                if _leading_wildcard(lit.raw):
                    results.append(
                        LintResult(
                            anchor=lit,
                            description=f"LIKE pattern {lit.raw} starts with a wildcard: full scan.",
                        )
                    )
        return results


def _pattern_literals(raws: list[RawSegment], start: int) -> list[RawSegment]:
    """The literal(s) that start the LIKE pattern beginning at raws[start].

    ``LIKE '%x'`` -> the literal; ``LIKE ANY ('%a', 'b%')`` -> each element's first
    literal; ``LIKE CONCAT('%', x)`` / ``LIKE '%' || x`` -> the first literal.
    """
    i = start
    if i < len(raws) and raws[i].raw.upper() in _QUANTIFIERS:
        i += 1
    if i >= len(raws):
        return []
    if raws[i].raw == "(" and (i == start or raws[i - 1].raw.upper() in _QUANTIFIERS):
        # A parenthesised list: first token of each element, also of an array
        # constructor inside it (Postgres `LIKE ANY (ARRAY['%a', 'b%'])`).
        out, depth, expect = [], 0, True
        for tok in raws[i:]:
            if tok.raw in ("(", "["):
                depth += 1
                expect = True
                continue
            if tok.raw in (")", "]"):
                depth -= 1
                if depth == 0:
                    break
                continue
            if tok.raw == ",":
                expect = True
                continue
            if expect:
                if tok.is_type("literal", "quoted_literal"):
                    out.append(tok)
                expect = False
        return out
    tok = raws[i]
    if tok.is_type("literal", "quoted_literal"):
        return [tok]
    # A function call such as CONCAT('%', x): its first argument.
    if (
        i + 2 < len(raws)
        and raws[i + 1].raw == "("
        and raws[i + 2].is_type("literal", "quoted_literal")
    ):
        return [raws[i + 2]]
    return []


def _leading_wildcard(raw: str) -> bool:
    text = raw
    # Strip string prefixes such as N'..', E'..', r'..', and the quote itself.
    while text and text[0] in "NnEeRrBbUu" and len(text) > 1 and text[1] in "'\"":
        text = text[1:]
    if not text or text[0] not in "'\"":
        return False
    body = text[1:]
    return bool(body) and body[0] in "%_"
