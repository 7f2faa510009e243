"""SQL half of the Quality agent: the strands sqlfluff rules and `analyze_sql`.

``from strands_airflow.agents.quality.sql import analyze_sql, dialect_for_conn_type``;
importing this package does not import sqlfluff (that happens on the first analysis).
"""

from __future__ import annotations

from strands_airflow.agents.quality.sql.analyzer import analyze_sql
from strands_airflow.agents.quality.sql.dialects import dialect_for_conn_type

__all__ = ["analyze_sql", "dialect_for_conn_type"]
