"""Rule on SQL passed to `spark.sql`: SELECT * (the SQL rules also run on these texts)."""

from __future__ import annotations

from collections.abc import Iterator

from strands_airflow.agents.quality.models import Finding
from strands_airflow.agents.quality.pyspark.rules.base import Rule, RuleContext, register
from strands_airflow.agents.quality.pyspark.sqltext import select_stars


@register
class SelectStarInSparkSql(Rule):
    """`SELECT *` in SQL handed to `spark.sql` reads every column of the source.

    **Anti-pattern**::

        spark.sql(f"SELECT * FROM {db}.orders WHERE ds = '{ds}'")

    **Best practice**::

        spark.sql(f"SELECT order_id, amount FROM {db}.orders WHERE ds = '{ds}'")
    """

    code = "PS12"
    slug = "select_star_in_spark_sql"
    name = "pyspark.select_star_in_spark_sql"
    suggestion = "List the columns the job needs: columnar sources then read only those."

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for s in ctx.facts.sql:
            for line, col in select_stars(s.text)[:1]:
                yield self.finding(
                    s.node,
                    "`SELECT *` in SQL passed to spark.sql",
                    line=s.line + line - 1,
                    column=(s.column + col) if line == 1 else col,
                )
