"""PySpark anti-pattern analysis over Python's `ast` (the Quality agent's `analyze_pyspark`).

`analyze_pyspark(code)` returns a `CodeReport`; `RULES` lists the rules (code, slug,
name, docstring with anti-pattern and best practice).
"""

from strands_airflow.agents.quality.pyspark.analyzer import analyze_pyspark
from strands_airflow.agents.quality.pyspark.rules import RULES

__all__ = ["RULES", "analyze_pyspark"]
