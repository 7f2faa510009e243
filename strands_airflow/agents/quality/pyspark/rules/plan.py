"""Rules on plan shape: withColumn in loops, one output partition, RDD groupByKey, UDFs."""

from __future__ import annotations

from collections.abc import Iterator

from strands_airflow.agents.quality.models import Finding
from strands_airflow.agents.quality.pyspark.facts import Val
from strands_airflow.agents.quality.pyspark.rules.base import Rule, RuleContext, register
from strands_airflow.agents.quality.pyspark.udfs import builtin_equivalents


def _root(v: Val) -> Val:
    cur = v
    for _ in range(256):
        t = cur.target()
        if t.parent is None:
            return t
        cur = t.parent
    return cur


@register
class WithColumnInLoop(Rule):
    """`withColumn` called in a loop adds one projection per iteration to the plan.

    **Anti-pattern**::

        for c in cols:
            df = df.withColumn(c, F.trim(F.col(c)))

    **Best practice**::

        df = df.withColumns({c: F.trim(F.col(c)) for c in cols})   # or one select
    """

    code = "PS08"
    slug = "withcolumn_in_loop"
    name = "pyspark.withcolumn_in_loop"
    suggestion = "Build all the columns at once: `df.withColumns({...})` or one `select(*exprs)`."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for c in ctx.facts.calls:
            if c.name != "withColumn":
                continue
            if c.in_reduce:
                yield self.finding(
                    c.node, "`withColumn` folded over a list with reduce grows the plan per column"
                )
                continue
            if not c.loops:
                continue
            if c.receiver is None or c.loops[-1] not in _root(c.receiver).loops:
                yield self.finding(
                    c.node,
                    "`withColumn` inside a loop grows the plan by one projection per iteration",
                )


@register
class CoalesceToOne(Rule):
    """`coalesce(1)` / `repartition(1)` before a write funnels all data through one task.

    **Anti-pattern**::

        df.coalesce(1).write.parquet(out)

    **Best practice**::

        df.write.option("maxRecordsPerFile", 1_000_000).parquet(out)   # let Spark write in parallel
    """

    code = "PS09"
    slug = "coalesce_to_one"
    name = "pyspark.coalesce_to_one"
    suggestion = "Write with the natural parallelism (or a sensible `repartition(n)`), and merge small files later if needed."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        done: set[int] = set()
        for _node, source in ctx.facts.writes:
            cur: Val | None = source
            for _ in range(64):
                if cur is None:
                    break
                sp = cur.single_partition or cur.target().single_partition
                if sp is not None:
                    if id(sp) not in done:
                        done.add(id(sp))
                        yield self.finding(
                            sp,
                            "a single partition before the write makes one task write all the data",
                        )
                    break
                cur = cur.alias_of
        return


@register
class RddGroupByKey(Rule):
    """`rdd.groupByKey()` ships every value of a key across the network before reducing.

    **Anti-pattern**::

        pairs.groupByKey().mapValues(sum)

    **Best practice**::

        pairs.reduceByKey(lambda a, b: a + b)    # or the DataFrame API's groupBy().agg()
    """

    code = "PS10"
    slug = "rdd_groupbykey"
    name = "pyspark.rdd_groupbykey"
    suggestion = (
        "Use `reduceByKey` / `aggregateByKey` (map-side combine) or DataFrame `groupBy().agg()`."
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for c in ctx.facts.calls:
            if c.name == "groupByKey":
                yield self.finding(
                    c.node, "`groupByKey` moves all values of each key before aggregating"
                )


@register
class UdfInsteadOfBuiltin(Rule):
    """A Python UDF whose body only re-implements Spark built-ins (upper, trim, length,
    concat, substring, abs, round, regex, coalesce, date parsing...) pays Python
    serialisation for nothing and blocks the optimiser.

    **Anti-pattern**::

        @F.udf(StringType())
        def clean_email(s):
            return s.strip().lower() if s else None

    **Best practice**::

        df.withColumn("email", F.lower(F.trim("email")))
    """

    code = "PS07"
    slug = "udf_instead_of_builtin"
    name = "pyspark.udf_instead_of_builtin"
    suggestion = "Replace the UDF by the equivalent `pyspark.sql.functions` expression."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for u in ctx.facts.udfs:
            if u.func is None:
                continue
            builtins = builtin_equivalents(u.func, ctx.facts, u.name)
            if builtins is not None:
                name = u.name or getattr(u.func, "name", "lambda")
                yield self.finding(
                    u.node, f"UDF `{name}` re-implements built-in functions ({', '.join(builtins)})"
                )
