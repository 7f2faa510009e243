"""The Spark runner: ``spark-submit`` in a subprocess, or a Spark Connect client subprocess.

A SQL pipeline runs the shipped job script (`jobs/spark_sql_job.py`: each source a temp
view named after its key, the SQL's last query written to the target); a PySpark
pipeline runs its own script. Either way the script gets ``--strands-job <json>``, the
payload the Glue and EMR scripts get (sources, target, SQL, run key).

- ``platforms.spark.master`` goes to ``spark-submit --master`` as is: ``local[*]`` (the
  default), ``spark://host:7077``, ``k8s://...``, ``yarn``. A ``spark://`` master that
  refuses connections fails at once (Spark itself would retry for a minute).
- ``platforms.spark.remote`` (``sc://host:15002``) runs the script with plain Python and
  ``SPARK_REMOTE`` set, in a Spark Connect session whose id the runner chooses, so a
  cancel can interrupt the session's jobs on the server.
- ``conf`` (``--conf k=v``), ``driver_memory``, ``submit_args`` are passed through;
  ``usd_per_hour`` prices a run (local Spark is free by default).

The worker only waits: the job runs in its own process group, so a crash, an
out-of-memory JVM or a script's ``sys.exit(3)`` is a failed `ExecutionResult` carrying
Spark's own error line, never a dead worker; `cancel` (also called when the wait is
interrupted: task timeout, SIGTERM, Ctrl-C) kills the whole process tree. Rows in and
out are counted in the worker from the files' parquet footers (CSV / JSON by a DuckDB
scan), as the local runner does; remote data leaves them ``None``.

Needs ``pip install 'strands-airflow[spark]'`` and Java 17+ (not for Spark Connect).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from strands_airflow.exceptions import ExecutionError
from strands_airflow.execution import spark_env
from strands_airflow.execution.base import Runner, utcnow
from strands_airflow.execution.models import ExecutionResult, Job, JobStatus
from strands_airflow.execution.pricing import estimate_cost

log = logging.getLogger(__name__)

#: Settings a run gets unless the config's ``conf`` says otherwise: no web UI (no port to
#: find, a faster start, no clash between parallel runs) and warnings only in the log.
DEFAULT_CONF = {"spark.ui.enabled": "false", "spark.log.level": "WARN"}
#: Payloads longer than this go through a file (``--strands-job @file``), not argv.
MAX_INLINE_PAYLOAD = 64_000
#: Seconds between SIGTERM and SIGKILL of a cancelled run's process group.
KILL_GRACE_SECONDS = 10.0


@dataclass
class SparkRun:
    """One launched (or refused) run, kept by the runner until its result is read."""

    external_id: str
    platform: str
    settings: dict[str, Any]
    started_at: datetime
    t0: float
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    scratch: str | None = None
    remote_url: str | None = None
    refused: str | None = None  # why nothing was started (a master that does not answer)
    rows_in: int | None = None
    bytes_scanned: int | None = None
    elapsed: float | None = None
    state: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _connect_url(remote: str, session_id: str) -> str:
    base = remote.rstrip("/")
    sep = ";" if "/;" in base else "/;"
    return f"{base}{sep}session_id={session_id}"


class SparkRunner(Runner):
    """Runs a job with ``spark-submit`` (or Spark Connect) in a subprocess and waits for it.

    Example::

        result = SparkRunner().run(Job.from_config(cfg, "spark", "dag/run_1"))
        result.success, result.rows_out, result.error
    """

    platform = "spark"

    def __init__(
        self, *, poll_interval: float = 1.0, count_source_rows: bool = True, **kwargs: Any
    ) -> None:
        kwargs.pop("aws_conn_id", None)  # accepted for a uniform get_runner(...) call
        kwargs.pop("region_name", None)
        super().__init__(poll_interval=poll_interval, **kwargs)
        self.count_source_rows = count_source_rows
        self._runs: dict[str, SparkRun] = {}

    # -- the Runner interface ---------------------------------------------------------
    def start(self, job: Job) -> str:
        """Launch the run in the background and return its id (``spark-<token>-<pid>``)."""
        self._check(job)
        return self.launch(job).external_id

    def poll(self, job: Job, external_id: str) -> JobStatus:
        """RUNNING while the subprocess lives, then SUCCEEDED / FAILED / CANCELLED."""
        run = self._get(external_id)
        if run.proc is not None and run.proc.poll() is None:
            return JobStatus(state="RUNNING", terminal=False)
        self._settle(run)
        return JobStatus(state=str(run.state), terminal=True, succeeded=run.state == "SUCCEEDED")

    def result(self, job: Job, external_id: str) -> ExecutionResult:
        """The finished run: wall time, rows, cost, and Spark's error line if it failed."""
        run = self._get(external_id)
        if not self.poll(job, external_id).terminal:
            raise ExecutionError(f"Spark run {external_id} is still running; poll until it ends")
        return self._result(job, run)

    def run(self, job: Job, *, timeout_seconds: float | None = None) -> ExecutionResult:
        """Launch the run and wait for its process (no polling delay); see `submit`."""
        self._check(job)
        return self.submit(job, timeout_seconds=timeout_seconds)

    # -- the work ---------------------------------------------------------------------
    def submit(
        self,
        job: Job,
        *,
        settings: dict[str, Any] | None = None,
        platform: str | None = None,
        timeout_seconds: float | None = None,
    ) -> ExecutionResult:
        """Run `job` on Spark and wait. `settings` / `platform` override the job's (the
        local runner sends PySpark scripts here with ``{"master": "local[*]"}``, ``local``).

        A run past `timeout_seconds` is killed and returned failed (state TIMEOUT); an
        interrupted wait (task timeout, SIGTERM, Ctrl-C) kills the run and re-raises.
        """
        run = self.launch(job, settings=settings, platform=platform)
        if run.proc is not None:
            try:
                run.proc.wait(timeout=timeout_seconds)
            except subprocess.TimeoutExpired:
                self.kill(run.external_id)
                run.state = "TIMEOUT"
                run.extra["timeout_seconds"] = timeout_seconds
            except BaseException:
                self.kill(run.external_id)
                raise
        return self._result(job, run)

    def launch(
        self, job: Job, *, settings: dict[str, Any] | None = None, platform: str | None = None
    ) -> SparkRun:
        """Start the subprocess (or record why nothing could start) and return the run."""
        settings = dict(job.settings if settings is None else settings)
        platform = platform or self.platform
        remote = settings.get("remote") or None
        master = str(settings.get("master") or "local[*]")
        script = self._script(job, platform)
        if remote:
            spark_env.require_pyspark(platform)
            home = os.environ.get("SPARK_HOME", "")
        else:
            home = spark_env.spark_home(platform)
            spark_env.check_java(platform)
        run = SparkRun(
            external_id=f"spark-{job.token[:16]}",
            platform=platform,
            settings=settings,
            started_at=utcnow(),
            t0=time.perf_counter(),
        )
        try:
            spark_env.check_master_answers(remote or master)
        except ExecutionError as exc:
            run.refused = str(exc)
            run.elapsed = time.perf_counter() - run.t0
            self._runs[run.external_id] = run
            return run
        run.scratch = tempfile.mkdtemp(prefix="strands-spark-")
        cmd, env, run.remote_url = self.command(job, settings, script, home, run.scratch)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        run.log_path = (
            spark_env.log_dir() / f"{job.safe_name}-{job.token[:12]}-{stamp}-{os.getpid()}.log"
        )
        try:
            with open(run.log_path, "wb") as out:
                # Its own session (process group): a cancel kills the JVM and its Python
                # workers together, and a signal aimed at the worker's group spares the job.
                run.proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=run.scratch,
                    start_new_session=True,
                )
        except OSError as exc:
            shutil.rmtree(run.scratch, ignore_errors=True)
            raise ExecutionError(f"platform {platform!r}: cannot start {cmd[0]}: {exc}") from exc
        run.external_id = f"spark-{job.token[:16]}-{run.proc.pid}"
        self._runs[run.external_id] = run
        log.info(
            "Spark run %s: %s %s (log %s)",
            run.external_id,
            "Spark Connect" if remote else f"spark-submit --master {master}",
            Path(script).name,
            run.log_path,
        )
        # counted while the JVM starts: the worker is idle then anyway
        try:
            run.rows_in, run.bytes_scanned = spark_env.measure(
                job.sources, scan_text=self.count_source_rows
            )
        except BaseException:
            self.kill(run.external_id)  # never leave a run behind that nobody waits for
            raise
        return run

    @staticmethod
    def command(
        job: Job, settings: dict[str, Any], script: str, home: str, scratch: str
    ) -> tuple[list[str], dict[str, str], str | None]:
        """(argv, environment, Spark Connect URL or None) that run `script` for `job`.

        `scratch` is the run's working folder (payload file, Spark's warehouse dir).
        """
        remote = settings.get("remote") or None
        payload = json.dumps(job.payload(), separators=(",", ":"))
        if len(payload) > MAX_INLINE_PAYLOAD:
            payload_file = Path(scratch) / "job.json"
            payload_file.write_text(payload)
            payload = f"@{payload_file}"
        env = {**os.environ, **({"SPARK_HOME": home} if home else {})}
        env["PYSPARK_PYTHON"] = env["PYSPARK_DRIVER_PYTHON"] = sys.executable
        if remote:
            url = _connect_url(str(remote), str(uuid.uuid4()))
            env["SPARK_REMOTE"] = url
            return [sys.executable, script, "--strands-job", payload], env, url
        master = str(settings.get("master") or "local[*]")
        cmd = [os.path.join(home, "bin", "spark-submit"), "--master", master]
        cmd += ["--name", f"strands-{job.safe_name}"]
        conf = {**DEFAULT_CONF, "spark.sql.warehouse.dir": f"{scratch}/warehouse"}
        conf.update({str(k): str(v) for k, v in (settings.get("conf") or {}).items()})
        for key, value in conf.items():
            cmd += ["--conf", f"{key}={value}"]
        if settings.get("driver_memory"):
            cmd += ["--driver-memory", str(settings["driver_memory"])]
        cmd += [str(a) for a in settings.get("submit_args") or []]
        cmd += [script, "--strands-job", payload]
        return cmd, env, None

    def script_for(self, job: Job, platform: str | None = None) -> str:
        """The script spark-submit runs for `job`: the shipped SQL job, or its PySpark file."""
        return self._script(job, platform or self.platform)

    def cancel(self, job: Job | None, external_id: str) -> bool:
        """Stop a run: interrupt its Spark Connect session, then kill its process group.

        Runs this process started only (spark-submit is a child of the worker); a finished
        run is left alone (False).
        """
        return self.kill(external_id)

    def kill(self, external_id: str) -> bool:
        """:meth:`cancel` by run id alone."""
        run = self._get(external_id)
        proc = run.proc
        if proc is None or proc.poll() is not None:
            log.info("Spark run %s already finished: nothing to cancel", external_id)
            return False
        run.state = "CANCELLED"
        if run.remote_url:
            self._interrupt_connect(run.remote_url)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=KILL_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # the JVM's Python workers may outlive their parent for a moment: the group goes too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        log.warning("Spark run %s cancelled (process group %d killed)", external_id, proc.pid)
        return True

    @staticmethod
    def _interrupt_connect(url: str) -> None:
        code = (
            "import sys; from pyspark.sql import SparkSession; "
            "SparkSession.builder.remote(sys.argv[1]).getOrCreate().interruptAll()"
        )
        try:
            subprocess.run(
                [sys.executable, "-c", code, url], timeout=30, check=False, capture_output=True
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("could not interrupt the Spark Connect session %s: %s", url, exc)

    # -- helpers ----------------------------------------------------------------------
    def _get(self, external_id: str) -> SparkRun:
        run = self._runs.get(external_id)
        if run is None:
            raise ExecutionError(
                f"no Spark run {external_id!r} in this process; Spark runs do not resume"
            )
        return run

    @staticmethod
    def _script(job: Job, platform: str) -> str:
        if job.transform_kind == "sql":
            if not job.sql or not job.sql.strip():
                raise ExecutionError("transform.sql is empty: nothing to run")
            from strands_airflow.execution.jobs import SPARK_SQL_JOB

            return SPARK_SQL_JOB
        script = str(job.pyspark)
        local = script[len("file://") :] if script.startswith("file://") else script
        if "://" not in local and not os.path.isfile(local):
            raise ExecutionError(
                f"transform.pyspark {script!r}: no such file on this worker (platform {platform!r})"
            )
        return local

    def _settle(self, run: SparkRun) -> None:
        """Record the final state and wall time once the process has ended."""
        if run.elapsed is None:
            run.elapsed = time.perf_counter() - run.t0
        if run.state is None:
            ok = run.refused is None and run.proc is not None and run.proc.returncode == 0
            run.state = "SUCCEEDED" if ok else "FAILED"
        if run.scratch:
            shutil.rmtree(run.scratch, ignore_errors=True)
            run.scratch = None

    def _result(self, job: Job, run: SparkRun) -> ExecutionResult:
        self._settle(run)
        elapsed = float(run.elapsed or 0.0)
        success = run.state == "SUCCEEDED"
        error = None
        rows_out = None
        if success:
            rows_out = spark_env.count_rows(job.target)
        elif run.refused:
            error = f"Spark master {run.refused}"
        else:
            error = self._error(run)
        details: dict[str, Any] = {"exit_code": None if run.proc is None else run.proc.returncode}
        details["mode"] = "connect" if run.settings.get("remote") else "submit"
        if not run.settings.get("remote"):
            details["master"] = str(run.settings.get("master") or "local[*]")
        if run.log_path:
            details["log"] = str(run.log_path)
        details.update(run.extra)
        return ExecutionResult(
            platform=run.platform,
            success=success,
            state=run.state,
            execution_time_seconds=round(elapsed, 6),
            rows_in=run.rows_in,
            rows_out=rows_out,
            bytes_scanned=run.bytes_scanned,
            cost_estimate_usd=estimate_cost(
                run.platform, elapsed, settings=run.settings, prices=self.prices
            ),
            external_id=run.external_id,
            log_url=run.log_path.as_uri() if run.log_path else None,
            error=error,
            started_at=run.started_at,
            finished_at=utcnow(),
            details=details,
        )

    @staticmethod
    def _error(run: SparkRun) -> str:
        text = ""
        if run.log_path and run.log_path.exists():
            with open(run.log_path, "rb") as fh:
                fh.seek(max(run.log_path.stat().st_size - 256_000, 0))
                text = fh.read().decode("utf-8", "replace")
            tail = "\n".join(text.splitlines()[-40:])
            log.warning(
                "Spark run %s failed; end of its log %s:\n%s", run.external_id, run.log_path, tail
            )
        line = spark_env.error_line(text) or "(no output)"
        rc = None if run.proc is None else run.proc.returncode
        what = "Spark Connect job" if run.remote_url else "spark-submit"
        if run.state == "TIMEOUT":
            return f"{what} killed after {run.extra.get('timeout_seconds')} s (timeout); last output: {line}"
        if run.state == "CANCELLED":
            return f"{what} cancelled; last output: {line}"
        if rc is not None and rc < 0:
            return f"{what} killed by signal {signal.Signals(-rc).name}: {line}"
        return f"{what} exited with status {rc}: {line}"
