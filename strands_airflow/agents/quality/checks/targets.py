"""Where checks run: a target string becomes an `Engine` that runs parameterised SQL.

Target syntax (``run_checks(checks, target, conn_id=None)``):

* a file or glob, local or remote: ``/data/out.parquet``, ``file:///data/part-*.parquet``,
  ``s3://bucket/prefix/*.csv``, ``data.json`` / ``.jsonl`` / ``.ndjson``, ``.csv`` / ``.tsv``
  (optionally ``.gz``). Remote paths are opened through Airflow's ObjectStoragePath (the
  ``conn_id``, default the ``aws_conn_id`` setting) and registered in DuckDB as an fsspec
  filesystem, so no DuckDB extension is downloaded at run time.
* a DuckDB database table: ``duckdb:///abs/path/file.duckdb::schema.table`` (or
  ``::table``; ``duckdb://relative/path.duckdb::table``), opened read-only.
* with ``conn_id`` of an Airflow SQL connection (any common.sql DbApiHook): a table name,
  ``schema.table`` or ``table``, queried through ``BaseHook.get_connection(conn_id).get_hook()``
  inside a transaction that is rolled back.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from typing import Any

from strands_airflow.exceptions import QualityCheckError

#: the placeholder compiled SQL uses; `Engine.run` turns it into the driver's own style
PARAM = "\x1a"

FILE_READERS = {
    "parquet": "read_parquet",
    "csv": "read_csv_auto",
    "json": "read_json_auto",
}
_EXT = re.compile(
    r"\.(?P<ext>parquet|parq|pq|csv|tsv|txt|json|jsonl|ndjson)(?:\.(?:gz|gzip|zst|snappy))?$", re.I
)
_PARAM_STYLE = {
    "postgres": "%s", "postgresql": "%s", "redshift": "%s", "mysql": "%s", "snowflake": "%s",
    "mssql": "%s", "vertica": "%s", "sqlite": "?", "trino": "?", "presto": "?", "duckdb": "?",
}  # fmt: skip


def quote_ident(name: str) -> str:
    """An SQL identifier in double quotes (embedded quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def quote_table(name: str) -> str:
    """``schema.table`` -> ``"schema"."table"``; a name already in quotes is kept whole."""
    name = name.strip()
    if not re.fullmatch(r'(?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+)){0,2}', name):
        raise QualityCheckError(
            f"table name {name!r} is not a valid [catalog.][schema.]table identifier"
        )
    parts = re.findall(r'"[^"]+"|[\w$]+', name)
    return ".".join(p if p.startswith('"') else quote_ident(p) for p in parts)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_format(path: str) -> str:
    """parquet / csv / json from a file name (or the first file of a directory)."""
    m = _EXT.search(path.rstrip("/"))
    if not m:
        raise QualityCheckError(
            f"cannot tell the format of {path!r}: use a .parquet, .csv, .tsv, .json, .jsonl or .ndjson file"
        )
    ext = m.group("ext").lower()
    return "parquet" if ext in ("parquet", "parq", "pq") else "json" if "json" in ext else "csv"


@dataclass
class Engine:
    """Runs SQL on one target: `relation` is what goes after FROM."""

    relation: str
    dialect: str  # "duckdb" | "postgres" | other conn_type
    paramstyle: str  # "?" or "%s"
    _cursor: Any = None
    _close: Any = None
    queries: int = 0

    def run(
        self, sql: str, params: list[Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run `sql` (placeholders written as `PARAM`) and return (column names, rows)."""
        params = list(params or [])
        if params and self.paramstyle != "?":
            sql = sql.replace("%", "%%")
        sql = sql.replace(PARAM, self.paramstyle)
        self.queries += 1
        cur = self._cursor
        cur.execute(sql, params) if params else cur.execute(sql)
        if cur.description is None:  # a statement without a result (SET ...)
            return [], []
        names = [d[0] for d in cur.description]
        return names, [tuple(r) for r in cur.fetchall()]

    def columns(self, relation: str | None = None) -> list[str]:
        """The column names of `relation` (default the target)."""
        names, _ = self.run(f"SELECT * FROM {relation or self.relation} WHERE 1 = 0")
        return names

    def close(self) -> None:
        """Release the connection (rolls back SQL connections: checks never write)."""
        if self._close:
            self._close()


def _duckdb_connection(database: str = ":memory:", read_only: bool = False) -> Any:
    import duckdb

    config: dict[str, Any] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    try:
        return duckdb.connect(database, read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise QualityCheckError(f"cannot open DuckDB database {database!r}: {exc}") from exc


def _file_engine(target: str, conn_id: str | None, fmt: str | None = None) -> Engine:
    path = target
    if target.startswith("file://"):
        path = target[len("file://") :]
    if fmt is None or _EXT.search(path.rstrip("/")):
        fmt = file_format(target)
    elif os.path.isdir(path) or path.endswith("/"):
        # a folder of part files, as Spark and DuckDB write them
        path = (
            path.rstrip("/") + "/**/*." + {"parquet": "parquet", "csv": "csv", "json": "json*"}[fmt]
        )
    con = _duckdb_connection()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*)://", path)
    if scheme:
        _register_object_storage(con, path, conn_id)
    else:
        path = os.path.abspath(os.path.expanduser(path))
        if not (os.path.exists(path) or glob.glob(path, recursive=True)):
            raise QualityCheckError(f"target file {target!r} does not exist")
    reader = FILE_READERS[fmt]
    extra = ", delim='\\t'" if target.lower().rstrip(".gz").endswith(".tsv") else ""
    try:
        con.execute(
            f"CREATE VIEW strands_target AS SELECT * FROM {reader}({_literal(path)}{extra})"
        )
        con.execute("SELECT * FROM strands_target LIMIT 0")
    except Exception as exc:
        con.close()
        raise QualityCheckError(f"cannot read {target!r} as {fmt}: {exc}") from exc
    return Engine("strands_target", "duckdb", "?", con, con.close)


def _register_object_storage(con: Any, path: str, conn_id: str | None) -> None:
    """Register Airflow's object-storage filesystem for `path` (s3://, gs://, ...) in DuckDB."""
    try:
        from airflow.sdk import ObjectStoragePath
    except ImportError:  # Airflow 2.x location
        from airflow.io.path import ObjectStoragePath  # type: ignore[no-redef]

    if conn_id is None and path.startswith(("s3://", "s3a://")):
        from strands_airflow.settings import get_settings

        conn_id = get_settings().aws_conn_id
    try:
        store = ObjectStoragePath(path, conn_id=conn_id)
        fs = store.fs
        con.register_filesystem(fs)
    except Exception as exc:
        raise QualityCheckError(
            f"cannot open {path!r} through connection {conn_id!r}: {exc}"
        ) from exc
    if "*" not in path and not store.exists():
        raise QualityCheckError(f"target file {path!r} does not exist (connection {conn_id!r})")


def _duckdb_engine(target: str) -> Engine:
    m = re.fullmatch(r"duckdb://(?P<path>.*?)::(?P<table>.+)", target.strip())
    if not m:
        raise QualityCheckError(
            f"DuckDB target {target!r} must look like duckdb:///abs/path/file.duckdb::[schema.]table"
        )
    path = m.group("path")
    if not os.path.exists(path):
        raise QualityCheckError(f"DuckDB database file {path!r} does not exist")
    con = _duckdb_connection(path, read_only=True)
    engine = Engine(quote_table(m.group("table")), "duckdb", "?", con, con.close)
    _check_relation(engine, f"table {m.group('table')!r} in {path!r}")
    return engine


def _sql_engine(target: str, conn_id: str) -> Engine:
    try:
        from airflow.sdk import BaseHook
    except ImportError:  # Airflow 2.x location
        from airflow.hooks.base import BaseHook  # type: ignore[no-redef,attr-defined]
    try:
        conn = BaseHook.get_connection(conn_id)
    except Exception as exc:
        raise QualityCheckError(f"Airflow connection {conn_id!r} is not defined: {exc}") from exc
    hook = conn.get_hook()
    if not hasattr(hook, "get_conn") or not hasattr(hook, "get_records"):
        raise QualityCheckError(
            f"connection {conn_id!r} ({conn.conn_type}) is not an SQL connection (DbApiHook)"
        )
    dbconn = hook.get_conn()
    cursor = dbconn.cursor()
    dialect = (conn.conn_type or "").lower()
    style = _PARAM_STYLE.get(dialect, "%s")

    def close() -> None:
        try:
            dbconn.rollback()
        finally:
            dbconn.close()

    engine = Engine(quote_table(target), "postgres" if dialect in ("postgres", "postgresql") else dialect, style,
                    cursor, close)  # fmt: skip
    if engine.dialect == "postgres":
        engine.run("SET TRANSACTION READ ONLY")
    _check_relation(engine, f"table {target!r} (connection {conn_id!r})")
    return engine


def _check_relation(engine: Engine, what: str) -> None:
    try:
        engine.columns()
    except Exception as exc:
        engine.close()
        raise QualityCheckError(
            f"{what} does not exist or cannot be read: {str(exc).splitlines()[0]}"
        ) from exc


def normalize_target(target: Any) -> tuple[str, str | None]:
    """(target string, format or None) from a string, or a dict / model with ``uri``,
    ``format`` and ``table`` (the pipeline config's DataLocation)."""
    if isinstance(target, str) or target is None:
        return target or "", None
    get = target.get if isinstance(target, dict) else lambda k, d=None: getattr(target, k, d)
    uri, fmt, table = str(get("uri") or ""), get("format"), get("table")
    if fmt == "duckdb" or (table and not fmt):
        path = uri[len("file://") :] if uri.startswith("file://") else uri
        return f"duckdb://{path}::{table}", None
    return uri, fmt


def open_target(target: Any, conn_id: str | None = None) -> Engine:
    """An `Engine` for `target` (see the module doc for the syntax)."""
    target, fmt = normalize_target(target)
    if fmt:
        return _file_engine(target, conn_id, fmt)
    if not isinstance(target, str) or not target.strip():
        raise QualityCheckError(
            "no target given: pass a file path, duckdb:///file.duckdb::table, or a table with conn_id"
        )
    target = target.strip()
    if target.startswith("duckdb://"):
        return _duckdb_engine(target)
    if _EXT.search(target.rstrip("/")) or "://" in target:
        return _file_engine(target, conn_id)
    if conn_id:
        return _sql_engine(target, conn_id)
    if os.path.exists(target):
        raise QualityCheckError(
            f"cannot tell the format of {target!r}: name a .parquet, .csv or .json file"
        )
    raise QualityCheckError(
        f"target {target!r} does not exist: give a file path (parquet/csv/json), "
        "duckdb:///path/file.duckdb::table, or a table name together with conn_id"
    )


def ref_relation(engine: Engine, ref_table: str, conn_id: str | None) -> str:
    """The FROM text for a referential check's `ref_table` on the same engine."""
    if _EXT.search(ref_table) or "://" in ref_table:
        if engine.relation != "strands_target":
            raise QualityCheckError(f"ref_table {ref_table!r} is a file but the target is a table")
        fmt = file_format(ref_table)
        path = ref_table[len("file://") :] if ref_table.startswith("file://") else ref_table
        if "://" in path:
            _register_object_storage(engine._cursor, path, conn_id)
        elif not (os.path.exists(path) or glob.glob(path)):
            raise QualityCheckError(f"ref_table file {ref_table!r} does not exist")
        name = f"strands_ref_{abs(hash(ref_table)) % 10**8}"
        engine._cursor.execute(
            f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {FILE_READERS[fmt]}({_literal(path)})"
        )
        return name
    if engine.relation == "strands_target":
        raise QualityCheckError(
            f"ref_table {ref_table!r} must be a file path when the target is a file"
        )
    rel = quote_table(ref_table)
    try:
        engine.columns(rel)
    except Exception as exc:
        raise QualityCheckError(
            f"ref_table {ref_table!r} does not exist or cannot be read: {exc}"
        ) from exc
    return rel
