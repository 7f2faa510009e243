"""Rules on joins: a small table joined without a broadcast hint, joins with no condition."""

from __future__ import annotations

from collections.abc import Iterator

from strands_airflow.agents.quality.models import Finding
from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Val
from strands_airflow.agents.quality.pyspark.kinds import is_small_name
from strands_airflow.agents.quality.pyspark.rules.base import Rule, RuleContext, describe, register
from strands_airflow.agents.quality.pyspark.sqltext import has_join, joined_tables


@register
class MissingBroadcast(Rule):
    """A fact table joined with a small table (dimension, lookup, reference, literal rows)
    without a broadcast hint shuffles the big side across the cluster.

    **Anti-pattern**::

        sales.join(dim_store, "store_id")

    **Best practice**::

        from pyspark.sql.functions import broadcast
        sales.join(broadcast(dim_store), "store_id")
    """

    code = "PS04"
    slug = "missing_broadcast"
    name = "pyspark.missing_broadcast"
    suggestion = "Wrap the small side in `F.broadcast(...)` (or `.hint('broadcast')`, `/*+ BROADCAST(t) */` in SQL)."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for j in ctx.facts.joins:
            right = j.right
            if not j.has_condition or right is None or right.kind != K.DF or j.left.kind != K.DF:
                continue
            small = _small_unhinted(right, j.left) or _small_unhinted(j.left, right)
            if small is not None:
                yield self.finding(
                    j.node,
                    f"join with small table {describe(small.target().name or small.name)} has no broadcast hint",
                )
        for s in ctx.facts.sql:
            if not has_join(s.text):
                continue
            tables, hinted = joined_tables(s.text)
            if len(tables) < 2:
                continue
            flags = [_small_table(t, ctx) for t, _ in tables]
            if not any(flags) or all(flags):
                continue
            unhinted = [
                t
                for (t, alias), small in zip(tables, flags, strict=True)
                if small and not ({t.lower(), t.lower().rsplit(".", 1)[-1], alias} & hinted)
            ]
            if unhinted:
                name = unhinted[0]
                yield self.finding(
                    s.node, f"SQL joins small table `{name}` without a /*+ BROADCAST */ hint"
                )


def _small_unhinted(side: Val, other: Val) -> Val | None:
    if side.is_small() and not side.is_broadcast() and not other.is_small():
        return side
    return None


def _small_table(name: str, ctx: RuleContext) -> bool:
    view = ctx.facts.views.get(name.lower())
    if view is not None:
        return view.is_small()
    return is_small_name(name)


@register
class CrossJoin(Rule):
    """`crossJoin` or a `join` without a condition builds a cartesian product (n x m rows).

    **Anti-pattern**::

        orders.join(customers)          # no `on`: every pair of rows
        orders.crossJoin(calendar)

    **Best practice**::

        orders.join(customers, "customer_id")
    """

    code = "PS11"
    slug = "cross_join"
    name = "pyspark.cross_join"
    severity = "error"
    suggestion = "Give the join a condition (`on=` columns or an expression); cross join only two tiny tables on purpose."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for j in ctx.facts.joins:
            if not j.has_condition:
                what = (
                    "crossJoin"
                    if j.how == "cross"
                    else ("cartesian" if j.how == "cartesian" else "join without a condition")
                )
                yield self.finding(
                    j.node, f"{what} on {describe(j.left.target().name)} builds a cartesian product"
                )
