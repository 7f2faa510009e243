"""PySpark anti-pattern analysis over Python's `ast` (the Quality agent's `analyze_pyspark`).

`analyze_pyspark(code)` returns a `CodeReport`; `RULES` lists the rules (code, slug,
name, docstring with anti-pattern and best practice). The code is never imported or run.

Layout: `analyzer` (entry point, limits, SQL rules on `spark.sql` texts) -> `tracker`
(the ordered walk: statements, names, expressions) with its mixins `functions` (the
script's functions, lambdas, comprehensions), `calls` (calls, attributes, subscripts),
`apis` / `glue` (what each PySpark / Glue method returns), `paths` (struct paths) and
`udfs` (UDF definitions and their bodies) -> `facts` (what the rules read) -> `rules/`.
`kinds` holds the API tables, `sqltext` the light reading of SQL strings.
"""

from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark
from strands_airflow.agents.quality.pyspark.rules import RULES

__all__ = ["RULES", "analyze_pyspark"]
