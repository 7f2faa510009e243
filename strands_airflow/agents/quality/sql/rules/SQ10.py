"""Implementation of rule Strands_SQ10 (cartesian_join)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlfluff.core.rules import BaseRule, LintResult, RuleContext
from sqlfluff.core.rules.crawlers import SegmentSeekerCrawler

from strands_airflow.agents.quality.sql.rules._tree import (
    code_children,
    column_name,
    crawl,
    from_expressions,
    is_function_source,
    join_clauses,
    real_columns,
    table_name,
)

if TYPE_CHECKING:
    from sqlfluff.core.parser import BaseSegment


class Rule_Strands_SQ10(BaseRule):
    """Cartesian product: CROSS JOIN, ON TRUE / ON 1 = 1, or an unlinked comma join.

    Every row of one side meets every row of the other: the output is the product of
    both sizes. (``CROSS JOIN UNNEST`` / ``LATERAL FLATTEN`` of a column are
    correlated, not Cartesian.)

    **Anti-pattern**

    .. code-block:: sql

        SELECT o.id, r.rate FROM orders o, fx_rates r WHERE o.amount > 0

    **Best practice**

    Join on the key that relates the tables.

    .. code-block:: sql

        SELECT o.id, r.rate FROM orders o
        JOIN fx_rates r ON r.currency = o.currency AND r.rate_date = o.order_date
    """

    name = "strands.cartesian_join"
    groups = ("all", "strands", "performance")
    crawl_behaviour = SegmentSeekerCrawler({"select_statement"})
    slug = "cartesian_join"
    severity = "error"
    suggestion = (
        "Join on the relating key (JOIN b ON b.key = a.key); if a product is really wanted, "
        "make sure one side is a tiny single-row table and say so in a comment."
    )

    def _eval(self, context: RuleContext) -> list[LintResult]:
        select = context.segment
        results = []
        for join in join_clauses(select):
            reason = _explicit_cartesian(join, select)
            if reason:
                results.append(LintResult(anchor=join, description=reason))
        units = from_expressions(select)
        if len(units) > 1:
            anchor = _unlinked_unit(select, units)
            if anchor is not None:
                results.append(
                    LintResult(
                        anchor=anchor,
                        description="Comma-joined table with no join predicate: Cartesian product.",
                    )
                )
        return results


def _explicit_cartesian(join: BaseSegment, select: BaseSegment) -> str | None:
    words = [k.raw.upper() for k in join.segments if k.is_type("keyword")]
    element = join.get_child("from_expression_element")
    if {"APPLY", "NATURAL", "LATERAL", "POSITIONAL", "ASOF"} & set(words):
        return None
    if element is not None and is_function_source(element):
        return None
    condition = join.get_child("join_on_condition")
    if "CROSS" in words:
        return "CROSS JOIN: every row meets every row."
    if condition is not None:
        if not real_columns(condition) and not any(
            True for _ in condition.recursive_crawl("select_statement")
        ):
            return f"Join condition `{condition.raw.strip()}` is always true: Cartesian product."
        return None
    if "USING" in words or any(s.is_type("using_clause") for s in join.segments):
        return None
    if "JOIN" in words and not _linked_in_where(select, element):
        # MySQL / Snowflake accept `a JOIN b WHERE a.id = b.id`: like a comma join, it is
        # Cartesian only when no WHERE predicate relates the joined table to the others.
        return "JOIN without ON/USING: Cartesian product."
    return None


def _linked_in_where(select: BaseSegment, element: BaseSegment | None) -> bool:
    """Whether a WHERE comparison relates a column of `element` to a column of another table."""
    where = select.get_child("where_clause")
    if where is None or element is None:
        return False
    mine = _names(element)
    for expr in [where, *crawl(where, "expression")]:
        kids = code_children(expr)
        for i, op in enumerate(kids):
            if not op.is_type("comparison_operator") or i == 0 or i + 1 >= len(kids):
                continue
            left, right = real_columns(kids[i - 1]), real_columns(kids[i + 1])
            if not left or not right:
                continue
            sides = [{column_name(c)[0] for c in side} for side in (left, right)]
            if None in sides[0] or None in sides[1]:
                return True  # an unqualified column on both sides: may well be the link
            if (sides[0] & mine and sides[1] - mine) or (sides[1] & mine and sides[0] - mine):
                return True
    return False


def _names(unit: BaseSegment) -> set[str]:
    names: set[str] = set()
    for elem in crawl(unit, "from_expression_element", allow_self=True):
        alias = elem.get_child("alias_expression")
        if alias is not None:
            ident = next((s for s in alias.segments if s.is_type("identifier")), None)
            if ident is not None:
                names.add(ident.raw.strip('`"[]').lower())
        for ref in crawl(elem, "table_reference"):
            names.add(table_name(ref))
    return names


def _unlinked_unit(select: BaseSegment, units: list[BaseSegment]) -> BaseSegment | None:
    """The first comma-joined unit not linked to the others by a predicate, or None."""
    candidates = [i for i, u in enumerate(units) if not _is_lateral_unit(u)]
    if len(candidates) < 2:
        return None
    owner: dict[str, int] = {}
    for i in candidates:
        for name in _names(units[i]):
            owner.setdefault(name, i)
    parent = {i: i for i in candidates}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    unknown = 0
    scopes = [c for c in (select.get_child("where_clause"),) if c is not None]
    scopes += [cond for j in join_clauses(select) if (cond := j.get_child("join_on_condition"))]
    for scope in scopes:
        for expr in [scope, *crawl(scope, "expression")]:
            kids = code_children(expr)
            for i, op in enumerate(kids):
                if not op.is_type("comparison_operator") or i == 0 or i + 1 >= len(kids):
                    continue
                left, right = real_columns(kids[i - 1]), real_columns(kids[i + 1])
                if not left or not right:
                    continue
                lu = {owner.get(column_name(c)[0] or "", -1) for c in left}
                ru = {owner.get(column_name(c)[0] or "", -1) for c in right}
                if -1 in lu or -1 in ru:
                    unknown += 1
                    continue
                for a in lu:
                    for b in ru:
                        parent[find(a)] = find(b)
    roots = {find(i) for i in candidates}
    if len(roots) - 1 <= unknown:
        return None
    first_root = find(candidates[0])
    for i in candidates[1:]:
        if find(i) != first_root:
            return units[i]
    return units[candidates[1]]


def _is_lateral_unit(unit: BaseSegment) -> bool:
    elem = next(iter(crawl(unit, "from_expression_element", allow_self=True)), None)
    return elem is None or is_function_source(elem)
