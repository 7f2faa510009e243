"""The Spark runner with real ``spark-submit`` on ``local[*]`` (tiny data: the JVM start dominates).

Each Spark run costs a JVM start (seconds), so runs are shared: one SQL job over parquet,
CSV and DuckDB-table sources compared row for row with the local DuckDB runner, one
failing SQL job, one script that kills its own process group, one whose wait is
interrupted. The sample PySpark job runs under dag.test() in tests/pipeline/test_spark_pipeline.py.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import duckdb
import pytest

from strands_airflow.exceptions import ExecutionError, StrandsConfigError
from strands_airflow.execution import Job, get_runner
from strands_airflow.execution.spark import SparkRunner
from strands_airflow.pipeline.config import parse_pipeline_config

SQL = (
    "CREATE OR REPLACE TEMP VIEW big AS SELECT * FROM orders WHERE amount > 1;\n"
    "-- the last statement's rows are the output; a ';' in a string is not a separator\n"
    "SELECT r.region, c.name, count(*) AS orders, round(sum(o.amount), 2) AS total, "
    "'a;b' AS tag FROM big o JOIN customers c ON o.customer_id = c.customer_id "
    "JOIN regions r ON c.region_id = r.region_id GROUP BY r.region, c.name"
)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """orders.parquet (300 rows), customers.csv (10 rows), regions table in warehouse.duckdb."""
    d = tmp_path_factory.mktemp("spark_data")
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT i AS order_id, i % 10 AS customer_id, (i % 7) * 1.5 AS amount "
        f"FROM range(300) t(i)) TO '{d}/orders.parquet' (FORMAT parquet)"
    )
    con.execute(
        f"COPY (SELECT i AS customer_id, 'c' || i AS name, i % 3 AS region_id FROM range(10) t(i)) "
        f"TO '{d}/customers.csv' (FORMAT csv, HEADER true)"
    )
    con.close()
    with duckdb.connect(str(d / "warehouse.duckdb")) as wh:
        wh.execute("CREATE TABLE regions AS SELECT i AS region_id, 'r' || i AS region FROM range(3) t(i)")
    return d


def _config(data, target: str, transform: dict, **spark) -> dict:
    return {
        "name": "orders_by_region",
        "sources": {
            "orders": {"uri": str(data / "orders.parquet")},
            "customers": {"uri": str(data / "customers.csv")},
            "regions": {"uri": str(data / "warehouse.duckdb"), "table": "regions"},
        },
        "transform": transform,
        "target": {"uri": target},
        "platforms": {"local": {"enabled": True}, "spark": {"enabled": True, **spark}},
    }


def _job(cfg: dict, platform: str = "spark", run_key: str = "dag/run_1") -> Job:
    return Job.from_config(parse_pipeline_config(cfg), platform, run_key)


def _rows(path) -> list[tuple]:
    with duckdb.connect() as con:
        return sorted(con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall())


@pytest.fixture(scope="module")
def sql_run(data):
    """One SQL job on Spark, driven through start / poll / result (shared by the tests)."""
    runner = get_runner("spark")
    job = _job(_config(data, str(data / "out" / "spark.parquet"), {"sql": SQL}))
    external_id = runner.start(job)
    assert runner.poll(job, external_id).state == "RUNNING"
    while not runner.poll(job, external_id).terminal:
        time.sleep(0.2)
    return job, runner.result(job, external_id)


def test_sql_job_on_spark_writes_the_same_rows_as_duckdb(data, sql_run):
    job, res = sql_run
    assert res.success, res.error
    assert res.platform == "spark" and res.state == "SUCCEEDED"
    duck = get_runner("local").run(_job(_config(data, str(data / "out" / "duck.parquet"), {"sql": SQL}), "local"))
    assert duck.success, duck.error
    spark_rows = _rows(data / "out" / "spark.parquet")
    assert spark_rows == _rows(data / "out" / "duck.parquet")
    assert len(spark_rows) == 10 and spark_rows[0][-1] == "a;b"
    # counted like the local runner: parquet footers + a scan of the CSV + the DuckDB table
    assert (res.rows_in, res.rows_out) == (duck.rows_in, duck.rows_out) == (313, 10)
    assert res.bytes_scanned is duck.bytes_scanned is None  # a DuckDB table has no file size
    assert res.cost_estimate_usd == 0.0  # local Spark is free
    assert res.details["master"] == "local[*]" and res.details["exit_code"] == 0
    # one file at the target path, no temporary folder left beside it
    assert sorted(p.name for p in (data / "out").iterdir()) == ["duck.parquet", "spark.parquet"]


def test_spark_error_is_a_failed_result_with_sparks_own_line(data, sql_run):
    good = _rows(data / "out" / "spark.parquet")
    cfg = _config(data, str(data / "out" / "spark.parquet"), {"sql": "SELECT * FROM no_such_table"})
    cfg["sources"] = {"orders": cfg["sources"]["orders"]}  # fewer views: a quicker failure
    res = get_runner("spark").run(_job(cfg, run_key="dag/bad"))
    assert not res.success and res.state == "FAILED"
    assert res.error.startswith("spark-submit exited with status 1: ")
    assert "TABLE_OR_VIEW_NOT_FOUND" in res.error and "no_such_table" in res.error
    assert res.rows_out is None and res.execution_time_seconds > 0
    assert os.path.exists(res.details["log"])
    assert _rows(data / "out" / "spark.parquet") == good, "a failed run keeps the old target"


def test_a_script_killing_its_process_group_fails_the_run_not_the_worker(data, tmp_path):
    script = tmp_path / "suicide.py"
    script.write_text(
        "import os, signal\nprint('goodbye', flush=True)\nos.killpg(0, signal.SIGKILL)\n"
    )
    cfg = _config(data, str(tmp_path / "x.parquet"), {"pyspark": str(script)})
    # on 'local' (PySpark there takes the Spark runner's subprocess path, master local[*])
    res = get_runner("local").run(_job(cfg, "local"))
    assert not res.success and res.platform == "local" and res.state == "FAILED"
    # (its last words may not reach the log: the JVM relays the driver's output, and died too)
    assert res.error.startswith("spark-submit killed by signal SIGKILL: ")
    assert res.details["master"] == "local[*]"
    # still here: the script ran in its own process group, not the worker's


def test_an_interrupted_wait_kills_the_whole_process_tree(data, tmp_path):
    # A task timeout or SIGTERM interrupts the worker's wait with an exception: the run's
    # process group (spark-submit's JVM and the Python driver it started) must go with it.
    import signal

    pid_file = tmp_path / "driver.pid"
    script = tmp_path / "sleepy.py"
    script.write_text(
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(300)\n"
    )
    runner = SparkRunner()
    job = _job(_config(data, str(tmp_path / "x.parquet"), {"pyspark": str(script)}))

    class TaskTerminated(Exception):
        pass

    def on_signal(signum, frame):
        raise TaskTerminated()

    def interrupt_once_the_driver_runs():  # as Airflow's SIGTERM handler would, mid-wait
        deadline = time.monotonic() + 120
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGUSR1)

    old = signal.signal(signal.SIGUSR1, on_signal)
    threading.Thread(target=interrupt_once_the_driver_runs, daemon=True).start()
    try:
        with pytest.raises(TaskTerminated):
            runner.run(job, timeout_seconds=240)
    finally:
        signal.signal(signal.SIGUSR1, old)
    (external_id,) = runner._runs
    assert runner.poll(job, external_id).state == "CANCELLED"
    res = runner.result(job, external_id)
    assert not res.success and res.error.startswith("spark-submit cancelled")
    group = int(external_id.rsplit("-", 1)[1])
    deadline = time.monotonic() + 10  # orphans are reaped by init, not by us
    while _live_members(group) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _live_members(group) == [], "spark-submit's JVM and its Python driver all went"
    assert int(pid_file.read_text()) not in _live_members(group)


def _live_members(pgid: int) -> list[int]:
    """Pids of the processes of group `pgid` that are not zombies (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def test_a_master_that_does_not_answer_is_a_failed_result(data, tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = _config(data, str(tmp_path / "x.parquet"), {"sql": SQL}, master=f"spark://127.0.0.1:{port}")
    res = get_runner("spark").run(_job(cfg))
    assert not res.success and res.state == "FAILED"
    assert f"spark://127.0.0.1:{port} does not answer" in res.error
    assert "Connection refused" in res.error and "nothing was submitted" in res.error


def test_without_java_the_error_says_java_17_and_how_to_get_it(data, tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    with pytest.raises(ExecutionError) as err:
        get_runner("spark").run(_job(_config(data, str(tmp_path / "x.parquet"), {"sql": SQL})))
    assert "Java 17" in str(err.value)
    assert "apt-get install openjdk-17-jre-headless" in str(err.value)


def test_without_pyspark_the_error_names_the_extra(data, tmp_path, monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):  # this worker has no pyspark
        return None if name.split(".")[0] == "pyspark" else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.delenv("SPARK_HOME", raising=False)
    with pytest.raises(ExecutionError, match=r"pip install 'strands-airflow\[spark\]'"):
        get_runner("spark").run(_job(_config(data, str(tmp_path / "x.parquet"), {"sql": SQL})))


def test_spark_settings_are_validated_and_priced(data):
    with pytest.raises(StrandsConfigError, match=r"platforms\.spark\.mastr"):
        parse_pipeline_config(_config(data, "/tmp/x.parquet", {"sql": SQL}, mastr="yarn"))
    job = _job(_config(data, "/tmp/x.parquet", {"sql": SQL}, usd_per_hour=3.6, master="yarn"))
    assert job.settings["master"] == "yarn" and job.settings["remote"] is None
    from strands_airflow.execution.pricing import estimate_cost

    assert estimate_cost("spark", 100, settings=job.settings) == pytest.approx(0.1)
    assert estimate_cost("spark", 100, settings={}) == 0.0


def test_payload_the_job_script_reads(data):
    from strands_airflow.execution.jobs.spark_sql_job import read_payload, split_statements

    job = _job(_config(data, "/tmp/x.parquet", {"sql": SQL}))
    payload = json.dumps(job.payload())
    assert read_payload(["--strands-job", payload]) == job.payload()
    assert read_payload(["--strands_job", payload])["sources"]["regions"]["table"] == "regions"
    assert len(split_statements(SQL)) == 2
    assert split_statements("SELECT ';' AS x; /* ; */ SELECT 2;") == ["SELECT ';' AS x", "SELECT 2"]
