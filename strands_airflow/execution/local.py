"""The local runner: the job's SQL in DuckDB on the Airflow worker.

Each source becomes a temporary view named after its key in ``sources`` (parquet, CSV,
JSON files or globs, or a table in a DuckDB file), the SQL runs, and its last statement
(a SELECT) is written to the target with ``COPY`` (parquet / CSV / JSON) or
``CREATE OR REPLACE TABLE`` (a DuckDB table). Earlier statements (temp tables, SETs) run
first, in order.

Row counts are cheap: parquet inputs are counted from their footers, DuckDB tables from
the catalog, and the output from what COPY reports; CSV / JSON inputs need a scan (turn
it off with ``count_source_rows=False``). `bytes_scanned` is the input files' size on
disk (an upper bound: DuckDB may read fewer columns). A file target is written to a
temporary name and renamed, so a failed run never leaves half a file behind.

A PySpark script runs with ``spark-submit --master local[*]`` in a subprocess (the Spark
runner's path, see `spark`); without ``strands-airflow[spark]`` installed the runner
raises `ExecutionError` naming the extra (or telling you to choose ``glue`` or
``emr_serverless``).
"""

from __future__ import annotations

import glob
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strands_airflow.core.platforms import DataLocation
from strands_airflow.exceptions import ExecutionError
from strands_airflow.execution.base import Runner, utcnow
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus
from strands_airflow.execution.pricing import estimate_cost

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

_READERS = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json_auto"}
_COPY_FORMATS = {"parquet": "PARQUET", "csv": "CSV", "json": "JSON"}


def _lit(value: Any) -> str:
    """A Python value as a DuckDB SQL literal (for reader/COPY options and paths)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_lit(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_lit(str(k))}: {_lit(v)}" for k, v in value.items()) + "}"
    return "'" + str(value).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _same_file(a: str | None, b: str | None) -> bool:
    if not a or not b or "://" in a or "://" in b:
        return a == b
    return os.path.realpath(a) == os.path.realpath(b)


class LocalRunner(Runner):
    """Runs SQL jobs in DuckDB in the worker process (PySpark scripts in a spark-submit subprocess).

    `database` / `threads` override ``platforms.local.database`` / ``threads``.
    Example::

        result = LocalRunner().run(Job.from_config(cfg, "local", "dag/run_1"))
    """

    platform = "local"

    def __init__(
        self,
        *,
        database: str | None = None,
        threads: int | None = None,
        count_source_rows: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("aws_conn_id", None)  # accepted for a uniform get_runner(...) call
        kwargs.pop("region_name", None)
        super().__init__(**kwargs)
        self.database = database
        self.threads = threads
        self.count_source_rows = count_source_rows
        self._results: dict[str, ExecutionResult] = {}

    # The local run is synchronous: start() runs it, poll() and result() read it back.
    def start(self, job: Job) -> str:
        """Run the job to completion and return its local id."""
        external_id = f"local-{job.token}"
        self._results[external_id] = self.run(job)
        return external_id

    def poll(self, job: Job, external_id: str) -> JobStatus:
        """Always terminal once `start` returned."""
        res = self._results.get(external_id)
        if res is None:
            raise ExecutionError(
                f"no local run {external_id!r} in this process; local runs do not resume"
            )
        return JobStatus(
            state=res.state or "", terminal=True, succeeded=res.success, message=res.error
        )

    def result(self, job: Job, external_id: str) -> ExecutionResult:
        """The result of a run started by `start` in this process."""
        self.poll(job, external_id)
        return self._results[external_id]

    def run(self, job: Job, *, timeout_seconds: float | None = None) -> ExecutionResult:
        """Run the job in this process and return its result (a SQL error is a failed result)."""
        self._check(job)
        if job.transform_kind == "pyspark":
            return self._run_pyspark(job)
        if not job.sql or not job.sql.strip():
            raise ExecutionError("transform.sql is empty: nothing to run")
        import duckdb

        database = self.database or job.settings.get("database") or ":memory:"
        threads = self.threads or job.settings.get("threads")
        started_at, t0 = utcnow(), time.perf_counter()
        rows_in: int | None = None
        bytes_scanned: int | None = None
        try:
            con = duckdb.connect(database)
        except duckdb.Error as exc:
            raise ExecutionError(
                f"platforms.local.database {database!r}: cannot open: {exc}"
            ) from exc
        try:
            # a worker's log is not a terminal: no progress bars in the task log
            con.execute("SET enable_progress_bar = false")
            if threads:
                con.execute(f"SET threads = {int(threads)}")
            aliases = self._attach(con, job, database)
            for name, loc in job.sources.items():
                self._register(con, name, loc, aliases)
            rows_in, bytes_scanned = self._measure_inputs(con, job, aliases)
            query = self._prepare(con, job.sql)
            rows_out = self._write(con, query, job.target, aliases)
        except duckdb.Error as exc:
            elapsed = time.perf_counter() - t0
            return self._finish(
                job,
                False,
                elapsed,
                started_at,
                rows_in=rows_in,
                bytes_scanned=bytes_scanned,
                error=f"{type(exc).__name__}: {exc}",
            )
        finally:
            con.close()
        elapsed = time.perf_counter() - t0
        return self._finish(
            job,
            True,
            elapsed,
            started_at,
            rows_in=rows_in,
            rows_out=rows_out,
            bytes_scanned=bytes_scanned,
        )

    def _finish(
        self, job: Job, success: bool, elapsed: float, started_at: Any, **fields: Any
    ) -> ExecutionResult:
        return ExecutionResult(
            platform="local",
            success=success,
            state="SUCCEEDED" if success else "FAILED",
            execution_time_seconds=round(elapsed, 6),
            cost_estimate_usd=estimate_cost(
                "local", elapsed, settings=job.settings, prices=self.prices
            ),
            external_id=f"local-{job.token}",
            log_url=None,
            started_at=started_at,
            finished_at=utcnow(),
            **fields,
        )

    # -- sources ----------------------------------------------------------------------

    def _attach(
        self, con: duckdb.DuckDBPyConnection, job: Job, database: str
    ) -> dict[str, str | None]:
        """Attach each DuckDB file once; alias None means the connection's own database."""
        files: dict[str, bool] = {}
        for loc in [*job.sources.values(), job.target]:
            if loc.format == "duckdb":
                key = os.path.realpath(loc.uri) if "://" not in loc.uri else loc.uri
                writable = loc is job.target
                files[key] = files.get(key, False) or writable
        aliases: dict[str, str | None] = {}
        for i, (path, writable) in enumerate(files.items()):
            if _same_file(path, database):
                aliases[path] = None
                continue
            alias = f"strands_db_{i}"
            if writable:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            mode = "" if writable else " (READ_ONLY)"
            con.execute(f"ATTACH {_lit(path)} AS {alias}{mode}")
            aliases[path] = alias
        return aliases

    @staticmethod
    def _table_ref(loc: DataLocation, aliases: dict[str, str | None]) -> str:
        key = os.path.realpath(loc.uri) if "://" not in loc.uri else loc.uri
        alias = aliases.get(key)
        table = ".".join(_ident(p) for p in str(loc.table).split("."))
        return table if alias is None else f"{alias}.{table}"

    def _register(
        self,
        con: duckdb.DuckDBPyConnection,
        name: str,
        loc: DataLocation,
        aliases: dict[str, str | None],
    ) -> None:
        if loc.format == "duckdb":
            relation = f"SELECT * FROM {self._table_ref(loc, aliases)}"
        else:
            reader = _READERS[str(loc.format)]
            opts = "".join(f", {k} = {_lit(v)}" for k, v in loc.options.items())
            relation = f"SELECT * FROM {reader}({_lit(loc.uri)}{opts})"
        con.execute(f"CREATE OR REPLACE TEMP VIEW {_ident(name)} AS {relation}")

    def _measure_inputs(
        self, con: duckdb.DuckDBPyConnection, job: Job, aliases: dict[str, str | None]
    ) -> tuple[int | None, int | None]:
        rows: int | None = 0
        size: int | None = 0
        for name, loc in job.sources.items():
            if loc.format == "parquet":
                n = con.execute(
                    f"SELECT sum(num_rows) FROM parquet_file_metadata({_lit(loc.uri)})"
                ).fetchone()
            elif loc.format == "duckdb" or self.count_source_rows:
                n = con.execute(f"SELECT count(*) FROM {_ident(name)}").fetchone()
            else:
                n = None
            rows = None if rows is None or n is None or n[0] is None else rows + int(n[0])
            if loc.format == "duckdb" or "://" in loc.uri:
                size = None
            elif size is not None:
                size += sum(os.path.getsize(p) for p in glob.glob(loc.uri) if os.path.isfile(p))
        return rows, size

    # -- the query and the target -------------------------------------------------------

    @staticmethod
    def _prepare(con: duckdb.DuckDBPyConnection, sql: str) -> str:
        """Run every statement but the last; return the last, which must be a query."""
        import duckdb

        statements = con.extract_statements(sql)
        if not statements:
            raise ExecutionError("transform.sql has no statement to run")
        for st in statements[:-1]:
            con.execute(st.query)
        last = statements[-1]
        if last.type != duckdb.StatementType.SELECT:
            raise ExecutionError(
                f"the last statement of transform.sql must be a SELECT (its rows are written to "
                f"the target); got {last.type.name}: {last.query.strip()[:80]!r}"
            )
        return last.query.strip().rstrip(";").strip()

    def _write(
        self,
        con: duckdb.DuckDBPyConnection,
        query: str,
        target: DataLocation,
        aliases: dict[str, str | None],
    ) -> int:
        if target.format == "duckdb":
            ref = self._table_ref(target, aliases)
            row = con.execute(f"CREATE OR REPLACE TABLE {ref} AS {query}").fetchone()
            return int(row[0]) if row else 0
        fmt = _COPY_FORMATS[str(target.format)]
        opts = "".join(f", {k} {_lit(v)}" for k, v in target.options.items())
        if fmt == "CSV" and "header" not in {k.lower() for k in target.options}:
            opts += ", HEADER true"
        if "://" in target.uri:
            row = con.execute(
                f"COPY ({query}) TO {_lit(target.uri)} (FORMAT {fmt}{opts})"
            ).fetchone()
            return int(row[0]) if row else 0
        final = Path(target.uri)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = final.with_name(f".{final.name}.strands-tmp-{os.getpid()}")
        try:
            row = con.execute(f"COPY ({query}) TO {_lit(str(tmp))} (FORMAT {fmt}{opts})").fetchone()
            os.replace(tmp, final)
        finally:
            if tmp.exists():
                tmp.unlink()
        return int(row[0]) if row else 0

    # -- PySpark -------------------------------------------------------------------------

    def _run_pyspark(self, job: Job) -> ExecutionResult:
        """A PySpark script on the worker: ``spark-submit --master local[*]`` in a subprocess
        (the Spark runner's path), so a crashing script fails the run, not the worker."""
        from strands_airflow.execution.spark import SparkRunner

        script = str(job.pyspark)
        if "://" in script and not script.startswith("file://"):
            raise ExecutionError(
                f"transform.pyspark {script!r}: the local runner reads local scripts only; "
                f"choose spark, glue or emr_serverless for scripts on S3"
            )
        runner = SparkRunner(prices=self.prices, count_source_rows=self.count_source_rows)
        return runner.submit(job, settings={"master": "local[*]"}, platform="local")
