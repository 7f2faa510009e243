"""PySpark anti-pattern analysis over Python's `ast` (the Quality agent's `analyze_pyspark`).

`analyze_pyspark(code)` returns a `CodeReport`; `RULES` lists the rules (code, slug,
name, docstring with anti-pattern and best practice). The code is never imported or run.

Layout: `analyzer` (entry point, limits, SQL rules on `spark.sql` texts) -> `tracker`
(the ordered walk's state, statements and names) -> `expressions` (a table keyed by
node type) -> `calls` (calls, attributes, subscripts) -> `apis` / `glue` (what each
PySpark / Glue method returns, a table keyed by receiver kind); `functions` (the
script's functions, lambdas, comprehensions), `paths` (struct paths) and `udfs` (UDF
definitions and their bodies) -> `facts` (what the rules read) -> `rules/`. The helper
modules are plain functions taking the tracker, typed end to end (no mixins).
`kinds` holds the API tables, `sqltext` the light reading of SQL strings.
"""

from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark
from strands_airflow.agents.quality.pyspark.rules import RULES

__all__ = ["RULES", "analyze_pyspark"]
