"""PySpark anti-pattern rules (importing this package registers all of them in `RULES`)."""

from strands_airflow.agents.quality.pyspark.rules import actions, columns, joins, plan, sql  # noqa: F401
from strands_airflow.agents.quality.pyspark.rules.base import RULES, Rule, RuleContext, register

__all__ = ["RULES", "Rule", "RuleContext", "register"]
