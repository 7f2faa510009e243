"""Map Airflow connection types to sqlfluff dialects."""

from __future__ import annotations

from functools import lru_cache
from typing import overload

#: Airflow connection type (as in `Connection.conn_type`) -> sqlfluff dialect.
CONN_TYPE_DIALECTS: dict[str, str] = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "pg": "postgres",
    "psql": "postgres",
    "aurora_postgresql": "postgres",
    "greenplum": "greenplum",
    "materialize": "materialize",
    "redshift": "redshift",
    "aws_redshift": "redshift",
    "mysql": "mysql",
    "aurora_mysql": "mysql",
    "mariadb": "mariadb",
    "mssql": "tsql",
    "ms_sql": "tsql",
    "sql_server": "tsql",
    "t_sql": "tsql",
    "sqlserver": "tsql",
    "azure_sql": "tsql",
    "azure_synapse": "tsql",
    "synapse": "tsql",
    "fabric": "tsql",
    "snowflake": "snowflake",
    "google_cloud_platform": "bigquery",
    "gcpbigquery": "bigquery",
    "bigquery": "bigquery",
    "bq": "bigquery",
    "spark": "sparksql",
    "spark_sql": "sparksql",
    "sparksql": "sparksql",
    "spark_connect": "sparksql",
    "spark_jdbc": "sparksql",
    "livy": "sparksql",
    "emr": "sparksql",
    "glue": "sparksql",
    "aws_glue": "sparksql",
    "databricks": "databricks",
    "hive_cli": "hive",
    "hiveserver2": "hive",
    "hive_metastore": "hive",
    "hive": "hive",
    "impala": "impala",
    "trino": "trino",
    "presto": "trino",
    "athena": "athena",
    "aws_athena": "athena",
    "duckdb": "duckdb",
    "sqlite": "sqlite",
    "oracle": "oracle",
    "exasol": "exasol",
    "teradata": "teradata",
    "vertica": "vertica",
    "clickhouse": "clickhouse",
    "db2": "db2",
    "ibm_db2": "db2",
    "starrocks": "starrocks",
    "doris": "doris",
    "flink": "flink",
    "odbc": "ansi",
    "jdbc": "ansi",
    "generic": "ansi",
}

_MISSING = object()


@lru_cache(maxsize=1)
def known_dialects() -> tuple[str, ...]:
    """Names of the sqlfluff dialects installed."""
    from sqlfluff.core.dialects import dialect_readout

    return tuple(sorted(d.label for d in dialect_readout()))


@overload
def dialect_for_conn_type(conn_type: str, default: str = "ansi") -> str: ...
@overload
def dialect_for_conn_type(conn_type: str, default: None) -> str | None: ...
def dialect_for_conn_type(conn_type: str, default: str | None = "ansi") -> str | None:
    """The sqlfluff dialect for an Airflow connection type.

    ``dialect_for_conn_type("google_cloud_platform") == "bigquery"``; a sqlfluff dialect
    name maps to itself; an unknown type gives `default` (``ansi``, the portable subset).
    """
    key = (conn_type or "").strip().lower().replace("-", "_").replace(" ", "_")
    if key in CONN_TYPE_DIALECTS:
        return CONN_TYPE_DIALECTS[key]
    if key in known_dialects():
        return key
    return default
