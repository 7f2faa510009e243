"""What a Spark run needs around it: pyspark and Java found, a master that answers, the
error line of a failed run, and row counts of the files a job read and wrote.

Kept apart from the runner so the demo and the benchmark can ask "can Spark run here?"
(`spark_unavailable_reason`) without building a job.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import re
import shutil
import socket
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from strands_airflow.exceptions import ExecutionError

#: How to install the extra (quoted in every "pyspark is missing" error).
SPARK_EXTRA = "pip install 'strands-airflow[spark]'"
#: How to get a Java Spark 4 runs on (quoted in every "Java is missing / too old" error).
JAVA_HINT = (
    "Spark 4 needs Java 17 or newer: install it (Debian/Ubuntu: "
    "`apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) "
    "or set JAVA_HOME to a JDK/JRE 17+"
)
MIN_JAVA = 17


def spark_home(platform: str = "spark") -> str:
    """The Spark installation ``spark-submit`` comes from: $SPARK_HOME, else the pyspark package.

    Raises `ExecutionError` naming the ``[spark]`` extra when pyspark is not installed.
    """
    env = os.environ.get("SPARK_HOME")
    if env and os.path.isfile(os.path.join(env, "bin", "spark-submit")):
        return env
    try:
        spec = importlib.util.find_spec("pyspark")
    except (ImportError, ValueError):
        spec = None
    # a stray folder named pyspark (a test folder) is a namespace package without an origin
    if spec is None or not spec.origin:
        raise ExecutionError(
            f"platform {platform!r} runs Spark jobs with pyspark, which is not installed on this "
            f"worker: {SPARK_EXTRA} (or choose glue or emr_serverless)"
        )
    home = os.path.dirname(spec.origin)
    if not os.path.isfile(os.path.join(home, "bin", "spark-submit")):
        raise ExecutionError(
            f"pyspark at {home} has no bin/spark-submit (a pyspark-client or pyspark-connect "
            f"install?); install the full package: {SPARK_EXTRA}"
        )
    return home


def require_pyspark(platform: str = "spark") -> None:
    """`ExecutionError` naming the ``[spark]`` extra unless pyspark (any flavour) is importable."""
    try:
        spec = importlib.util.find_spec("pyspark.sql")
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise ExecutionError(
            f"platform {platform!r} runs Spark jobs with pyspark, which is not installed on this "
            f"worker: {SPARK_EXTRA} (or choose glue or emr_serverless)"
        )


def find_java() -> str | None:
    """The java executable Spark will use: $JAVA_HOME/bin/java, else `java` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


@lru_cache(maxsize=8)
def java_major_version(java: str) -> int | None:
    """The major version `java -version` reports (8 for "1.8.0_x"), None if unreadable."""
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def check_java(platform: str = "spark") -> str:
    """The java executable, or `ExecutionError` saying Java 17+ is needed and how to get it."""
    java = find_java()
    if java is None:
        raise ExecutionError(
            f"platform {platform!r}: no Java found (JAVA_HOME unset, no `java` on the PATH). "
            f"{JAVA_HINT}"
        )
    version = java_major_version(java)
    if version is None or version < MIN_JAVA:
        found = "of an unreadable version" if version is None else f"Java {version}"
        raise ExecutionError(f"platform {platform!r}: {java} is {found}. {JAVA_HINT}")
    return java


def spark_unavailable_reason(*, remote: bool = False) -> str | None:
    """Why Spark cannot run on this machine (pyspark or Java missing), or None when it can."""
    try:
        if remote:
            require_pyspark()
        else:
            spark_home()
            check_java()
    except ExecutionError as exc:
        return str(exc)
    return None


def check_master_answers(address: str, timeout: float = 5.0) -> None:
    """Fail fast when a ``spark://`` master or ``sc://`` Connect server refuses connections.

    Spark's own client retries an unanswering standalone master for about a minute before
    it gives up; a TCP connect tells the same in milliseconds. Other masters (local,
    yarn, k8s) are left to Spark.
    """
    m = re.match(r"^(spark|sc)://([^/;]+)", address)
    if not m:
        return
    default_port = 7077 if m.group(1) == "spark" else 15002
    errors = []
    for hostport in m.group(2).split(","):  # spark://h1:7077,h2:7077 (standby masters)
        host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "")
        try:
            with socket.create_connection((host or hostport, int(port or default_port)), timeout):
                return
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            errors.append(f"{hostport}: {why}")
    raise ExecutionError(f"{address} does not answer ({'; '.join(errors)}); nothing was submitted")


_TRACEBACK = "Traceback (most recent call last):"
_ERROR_LINE = re.compile(r"(\bERROR\b|Exception\b|Error\b)")


def error_line(log_text: str) -> str | None:
    """Spark's own error from a failed run's output: the Python exception line of the last
    traceback (e.g. ``pyspark.errors...AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] ...``),
    else the last log4j ERROR / exception line, else the last line."""
    lines = [ln.rstrip() for ln in log_text.splitlines()]
    if _TRACEBACK in lines:
        start = len(lines) - 1 - lines[::-1].index(_TRACEBACK)
        for ln in lines[start + 1 :]:
            if ln and not ln[0].isspace() and not ln.startswith(_TRACEBACK):
                return ln.strip()
    for ln in reversed(lines):
        if _ERROR_LINE.search(ln):
            return ln.strip()
    rest = [ln for ln in lines if ln.strip()]
    return rest[-1].strip() if rest else None


# -- row counts of what a job read and wrote (DuckDB over the files, in the worker) -------------

_READERS = {"parquet": "read_parquet", "csv": "read_csv", "json": "read_json_auto"}


def _local(uri: str) -> str | None:
    if uri.startswith("file://"):
        return uri[len("file://") :]
    return None if "://" in uri else uri


def _files(path: str, fmt: str) -> list[str]:
    if os.path.isdir(path):
        pattern = {"parquet": "*.parquet", "csv": "*.csv", "json": "*.json*"}[fmt]
        return sorted(glob.glob(os.path.join(path, "**", pattern), recursive=True))
    return sorted(p for p in glob.glob(path) if os.path.isfile(p))


def count_rows(loc: Any, *, scan_text: bool = True) -> int | None:
    """Rows in a local file, folder of part files, glob or DuckDB table (None if unknown).

    Parquet is counted from its footers; CSV / JSON need a scan (`scan_text=False`: None).
    """
    import duckdb

    path = _local(loc.uri)
    fmt = str(loc.format)
    if path is None or (fmt in ("csv", "json") and not scan_text):
        return None
    con = duckdb.connect()
    try:
        if fmt == "duckdb":
            con.execute(f"ATTACH '{path.replace(chr(39), chr(39) * 2)}' AS src (READ_ONLY)")
            row = con.execute(f"SELECT count(*) FROM src.{loc.table}").fetchone()
        else:
            files = _files(path, fmt)
            if not files:
                return None
            if fmt == "parquet":
                row = con.execute(
                    "SELECT sum(num_rows) FROM parquet_file_metadata(?)", [files]
                ).fetchone()
            else:
                row = con.execute(f"SELECT count(*) FROM {_READERS[fmt]}(?)", [files]).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return None if not row or row[0] is None else int(row[0])


def size_on_disk(loc: Any) -> int | None:
    """Bytes of a local file / folder / glob (None for remote data and DuckDB tables)."""
    path = _local(loc.uri)
    if path is None or loc.format == "duckdb":
        return None
    return sum(os.path.getsize(p) for p in _files(path, str(loc.format)))


def measure(sources: dict[str, Any], *, scan_text: bool = True) -> tuple[int | None, int | None]:
    """(rows, bytes) over all sources; None as soon as one is unknown."""
    rows: int | None = 0
    size: int | None = 0
    for loc in sources.values():
        n = count_rows(loc, scan_text=scan_text)
        rows = None if rows is None or n is None else rows + n
        b = size_on_disk(loc)
        size = None if size is None or b is None else size + b
    return rows, size


def log_dir() -> Path:
    """Where run logs go ($STRANDS_SPARK_LOG_DIR, else <tmp>/strands-spark)."""
    import tempfile

    default = Path(tempfile.gettempdir()) / "strands-spark"
    d = Path(os.environ.get("STRANDS_SPARK_LOG_DIR") or default)
    d.mkdir(parents=True, exist_ok=True)
    return d
