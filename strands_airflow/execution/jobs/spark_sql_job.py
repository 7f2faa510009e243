"""Run a pipeline's SQL with Spark SQL: the job script `SparkRunner` hands to ``spark-submit``.

Standalone on purpose (it imports only pyspark, and duckdb for DuckDB tables), so the same
file also works as a Glue or EMR Serverless entry point. It reads the job the way the
Glue and EMR scripts do, from ``--strands-job <json>`` (or ``--strands-job @file.json``
for a payload too long for a command line; Glue's spelling ``--strands_job`` works too):

    {"pipeline": ..., "run_key": ..., "transform": "sql", "sql": "...",
     "sources": {"orders": {"uri": ..., "format": "parquet", "options": {...}}, ...},
     "target": {"uri": ..., "format": "parquet", "options": {...}}}

Each source becomes a temp view named after its key (as in the local DuckDB runner),
every statement but the last runs in order, and the last (a query) is written to the
target: a local path ending in the format's extension becomes ONE file at that path
(written next to it, then renamed, as the local runner does), anything else (a folder,
s3://...) a folder of part files. A failure exits non-zero with Spark's error on stderr.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

_EXTENSIONS = {"parquet": (".parquet",), "csv": (".csv",), "json": (".json", ".jsonl", ".ndjson")}
_QUERY_START = re.compile(r"^\s*(\(\s*)*(select|with|values|table|from)\b", re.IGNORECASE)


def read_payload(argv: list[str]) -> dict[str, Any]:
    """The ``--strands-job`` payload from the command line (JSON text or ``@path``)."""
    for flag in ("--strands-job", "--strands_job"):
        if flag in argv:
            i = argv.index(flag)
            if i + 1 >= len(argv):
                break
            raw = argv[i + 1]
            if raw.startswith("@"):
                raw = Path(raw[1:]).read_text()
            return dict(json.loads(raw))
    raise SystemExit("spark_sql_job: missing --strands-job <json> (the job payload)")


def split_statements(sql: str) -> list[str]:
    """SQL text split on top-level ';' (not inside quotes or comments); empty parts dropped."""
    out, buf, i, n = [], [], 0, len(sql)
    quote: str | None = None
    while i < n:
        ch = sql[i]
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"', "`"):
            quote = ch
            buf.append(ch)
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
            continue
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
            buf.append(" ")
            continue
        elif ch == ";":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [s.strip() for s in out if s.strip()]


def _local_path(uri: str) -> str | None:
    if uri.startswith("file://"):
        return uri[len("file://") :]
    return None if "://" in uri else uri


def _reader_options(fmt: str, options: dict[str, Any]) -> dict[str, str]:
    opts = {str(k): str(v).lower() if isinstance(v, bool) else str(v) for k, v in options.items()}
    if fmt == "csv":
        # DuckDB detects the header and the types; Spark must be told
        if "delim" in opts:
            opts.setdefault("sep", opts.pop("delim"))
        opts.setdefault("header", "true")
        opts.setdefault("inferSchema", "true")
    return opts


def register_source(spark: Any, name: str, loc: dict[str, Any]) -> None:
    """Make source `name` a temp view (parquet, CSV, JSON files or globs, or a DuckDB table)."""
    fmt = loc.get("format") or "parquet"
    if fmt == "duckdb":
        import duckdb

        with duckdb.connect(str(_local_path(loc["uri"]) or loc["uri"]), read_only=True) as con:
            table = con.sql(f"SELECT * FROM {loc['table']}").to_arrow_table()
        df = spark.createDataFrame(table)
    else:
        df = spark.read.options(**_reader_options(fmt, loc.get("options") or {})).format(fmt)
        df = df.load(loc["uri"])
    df.createOrReplaceTempView(name)


def write_target(df: Any, target: dict[str, Any]) -> None:
    """Write the query's rows to the target (one local file, a folder, or a DuckDB table)."""
    fmt = target.get("format") or "parquet"
    uri = target["uri"]
    if fmt == "duckdb":
        import duckdb

        path = Path(_local_path(uri) or uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = df.toArrow()  # noqa: F841 - read by DuckDB's replacement scan below
        with duckdb.connect(str(path)) as con:
            con.execute(f"CREATE OR REPLACE TABLE {target['table']} AS SELECT * FROM rows")
        return
    opts = {str(k): str(v) for k, v in (target.get("options") or {}).items()}
    if fmt == "csv":
        opts.setdefault("header", "true")
    local = _local_path(uri)
    if local is None or not local.lower().endswith(_EXTENSIONS[fmt]):
        df.write.mode("overwrite").format(fmt).options(**opts).save(uri)
        return
    # One file at the target path, as the local runner writes it: Spark writes a folder of
    # one part next to it, the part is renamed into place (a failed run leaves the old file).
    final = Path(local).absolute()
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.strands-tmp-{os.getpid()}")
    try:
        df.coalesce(1).write.mode("overwrite").format(fmt).options(**opts).save(str(tmp))
        parts = sorted(p for p in tmp.iterdir() if p.name.startswith("part-"))
        if len(parts) != 1:
            raise RuntimeError(f"expected one part file in {tmp}, found {len(parts)}")
        os.replace(parts[0], final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Run the payload's SQL on Spark and write its last query to the target."""
    job = read_payload(argv)
    sql = job.get("sql") or ""
    statements = split_statements(sql)
    if not statements:
        raise SystemExit("spark_sql_job: the job has no SQL statement to run")
    if not _QUERY_START.match(statements[-1]):
        raise SystemExit(
            "spark_sql_job: the last statement of transform.sql must be a query (its rows are "
            f"written to the target); got {statements[-1][:80]!r}"
        )
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(f"strands-{job.get('pipeline', 'job')}").getOrCreate()
    try:
        for name, loc in (job.get("sources") or {}).items():
            register_source(spark, name, loc)
        for statement in statements[:-1]:
            spark.sql(statement)
        write_target(spark.sql(statements[-1]), job["target"])
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
