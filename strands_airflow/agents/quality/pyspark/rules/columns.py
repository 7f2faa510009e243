"""Rule on nested struct fields read again and again instead of flattened once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from strands_airflow.agents.quality.models import Finding
from strands_airflow.agents.quality.pyspark.facts import PathUse
from strands_airflow.agents.quality.pyspark.rules.base import Rule, RuleContext, register


@register
class NestedFieldAccess(Rule):
    """Struct paths of depth >= 3 read in several places (the same path again, or sibling
    fields of one struct in different transformations) make every step dig into the struct.

    **Anti-pattern**::

        df = df.withColumn("city", F.col("payload.customer.address.city"))
        df = df.withColumn("zip", F.col("payload.customer.address.zip"))
        df = df.filter(F.col("payload.customer.address.city").isNotNull())

    **Best practice**::

        addr = df.select("*", "payload.customer.address.*")   # flatten once
        df = addr.filter(F.col("city").isNotNull())
    """

    code = "PS05"
    slug = "nested_field_access"
    name = "pyspark.nested_field_access"
    suggestion = "Flatten the struct once (`select('a.b.*')` or one select with aliases) and use the flat columns."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        aliases = ctx.facts.aliases
        by_path: dict[tuple[str, ...], list[PathUse]] = defaultdict(list)
        by_parent: dict[tuple[str, ...], list[PathUse]] = defaultdict(list)
        for use in ctx.facts.paths:
            path = use.path[1:] if use.path[0] in aliases else use.path
            if len(path) < 3:
                continue
            by_path[path].append(use)
            by_parent[path[:-1]].append(PathUse(path, use.node, use.transformation))
        reported: set[tuple[str, ...]] = set()
        for path, uses in by_path.items():
            if len(uses) >= 2:
                reported.add(path[:-1])
                yield self.finding(
                    uses[1].node, f"struct path `{'.'.join(path)}` is read {len(uses)} times"
                )
        for parent, uses in by_parent.items():
            if parent in reported:
                continue
            first = uses[0]
            other = next(
                (
                    u
                    for u in uses[1:]
                    if u.path != first.path and u.transformation != first.transformation
                ),
                None,
            )
            if other is not None:
                yield self.finding(
                    other.node,
                    f"fields of struct `{'.'.join(parent)}` are read in separate transformations",
                )
