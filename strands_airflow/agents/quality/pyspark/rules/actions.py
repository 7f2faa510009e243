"""Rules on actions: count, collect and toPandas on unbounded data, repeated actions."""

from __future__ import annotations

from collections.abc import Iterator

from strands_airflow.agents.quality.models import Finding
from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Action, Val
from strands_airflow.agents.quality.pyspark.rules.base import Rule, RuleContext, describe, register


@register
class CountAction(Rule):
    """`.count()` on a DataFrame runs a full job just to get a number.

    **Anti-pattern**::

        if df.count() > 0:
            df.write.parquet(out)

    **Best practice**::

        if not df.isEmpty():          # or df.limit(1).count(), or skip the check
            df.write.parquet(out)
    """

    code = "PS01"
    slug = "count_action"
    name = "pyspark.count_action"
    suggestion = (
        "Avoid counting a DataFrame just to test or log it: use `df.isEmpty()` / `df.limit(1)`, "
        "or read the row count from the write's metrics."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for a in ctx.facts.actions:
            if a.name == "count" and a.value.kind in (K.DF, K.DYF) and not a.via_call:
                yield self.finding(
                    a.node,
                    f"`.count()` on {describe(a.value.target().name)} scans the whole DataFrame",
                )


def _unbounded(v: Val) -> bool:
    return v.kind in (K.DF, K.RDD) and not v.bounded and not v.target().bounded


@register
class CollectToDriver(Rule):
    """`.collect()` brings every row of a DataFrame or RDD into the driver's memory.

    **Anti-pattern**::

        rows = orders.collect()

    **Best practice**::

        rows = orders.limit(100).collect()   # or keep the work in Spark and write it out
    """

    code = "PS02"
    slug = "collect_to_driver"
    name = "pyspark.collect_to_driver"
    severity = "error"
    suggestion = "Keep the data distributed (write it, join it), or bound it first with `.limit(n)` / an aggregate."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for a in ctx.facts.actions:
            if a.name in ("collect", "collectAsMap") and _unbounded(a.value) and not a.via_call:
                yield self.finding(
                    a.node,
                    f"`.{a.name}()` on {describe(a.value.target().name)} of unbounded size pulls every row to the driver",
                )


@register
class ToPandas(Rule):
    """`.toPandas()` on an unbounded DataFrame materialises all of it in the driver.

    **Anti-pattern**::

        pdf = events.toPandas()

    **Best practice**::

        pdf = events.groupBy("day").count().limit(1000).toPandas()   # or use pandas API on Spark
    """

    code = "PS03"
    slug = "topandas"
    name = "pyspark.topandas"
    severity = "error"
    suggestion = "Aggregate or `.limit(n)` before `toPandas()`, or use `pyspark.pandas` / pandas UDFs to stay distributed."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for a in ctx.facts.actions:
            if a.name == "toPandas" and _unbounded(a.value) and not a.via_call:
                yield self.finding(
                    a.node,
                    f"`.toPandas()` on {describe(a.value.target().name)} of unbounded size loads it all into the driver",
                )


@register
class RepeatedActionsWithoutCache(Rule):
    """Two or more actions on one DataFrame recompute its whole lineage each time.

    **Anti-pattern**::

        df = spark.read.parquet(src).filter(...)
        print(df.count())
        df.write.parquet(out)

    **Best practice**::

        df = spark.read.parquet(src).filter(...).cache()
        print(df.count())
        df.write.parquet(out)
        df.unpersist()
    """

    code = "PS06"
    slug = "repeated_actions_without_cache"
    name = "pyspark.repeated_actions_without_cache"
    suggestion = "Call `.cache()` / `.persist()` on the DataFrame before its first action (and `unpersist()` after)."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        seen: dict[int, tuple[Val, list[Action]]] = {}
        for a in ctx.facts.actions:
            if a.cached:
                continue
            target, limited = a.value.action_target()
            if (
                limited
                or a.name not in _COUNTED
                or target.kind not in (K.DF, K.DYF)
                or _is_streaming(target)
            ):
                continue
            weight = 2 if set(a.loops) - set(target.loops) else 1
            entry = seen.setdefault(id(target), (target, []))
            entry[1].extend([a] * weight)
        for target, acts in seen.values():
            second = _second_compatible(acts)
            if second is not None:
                names = ", ".join(dict.fromkeys(x.name for x in acts))
                yield self.finding(
                    second.node,
                    f"{describe(target.name)} runs {len(acts)} actions ({names}) without cache/persist: each one recomputes it",
                )


# The actions that recompute a DataFrame (DataFrame API names; RDD ones reached via `df.rdd`).
# `isEmpty()` is left out: it stops at the first row, and it is what PS01 recommends.
_COUNTED = frozenset(
    "count collect show toPandas first take head tail foreach foreachPartition toLocalIterator "
    "write collectAsMap reduce takeOrdered top max min sum mean countByKey countByValue "
    "aggregate fold".split()
)


def _second_compatible(acts: list[Action]) -> Action | None:
    """The first action that can run after an earlier one (not in the other `if` branch)."""
    for i, later in enumerate(acts):
        for earlier in acts[:i]:
            if earlier is later or not later.exclusive_with(earlier):
                return later
    return None


def _is_streaming(v: Val) -> bool:
    cur: Val | None = v
    for _ in range(64):
        if cur is None:
            return False
        cur = cur.target()
        if cur.parent is None:
            return cur.via == "readStream"
        cur = cur.parent
    return False
