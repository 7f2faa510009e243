"""`StrandsQualityOperator`: code findings and data checks on the job's output."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from airflow.sdk import Context

from strands_airflow.operators.base import StrandsPipelineOperator, fail_fast_on_input_errors


class QualityBelowMinimumError(Exception):
    """The quality score is under `min_score`; the message names each failed check."""


def describe_failures(report: dict[str, Any]) -> list[str]:
    """One line per failed check: kind, columns, failing rows, and its message."""
    lines = []
    for r in report.get("results", []):
        if r.get("passed"):
            continue
        c = r.get("check", {})
        cols = ", ".join(c.get("columns") or []) or "(table)"
        what = c.get("description") or c.get("kind")
        lines.append(
            f"{c.get('kind')} on {cols}: {r.get('failing_rows', 0)} of {r.get('total_rows', 0)} rows failed"
            + (f" ({what})" if what and what != c.get("kind") else "")
            + (f" - {r['message']}" if r.get("message") else "")
        )
    return lines


class StrandsQualityOperator(StrandsPipelineOperator):
    """Analyse SQL / PySpark for anti-patterns and run data checks on a target.

    Two ways to use it:

    - in a pipeline: ``config_path`` (templated) -- the config's transform is analysed and
      its ``quality`` requests and checks run on its target (what the reference DAG does);
    - on its own: any of ``sql`` / ``sql_file`` / ``pyspark_file`` (analysed, never run),
      ``nl_request`` (plain English, one string or a list), ``checks`` (dicts in the
      Check shape), ``target`` (a file, ``duckdb:///file.duckdb::table``, or a table behind
      ``conn_id``, any Airflow SQL connection).

    The report is the XCom, is published as QUALITY_REPORT, and is stored under
    ``quality/reports/``. Below ``min_score`` the task fails naming each failed check.

    :param min_score: 0..1; default: the config's ``quality.min_score`` (pipeline mode) or 0.
    :param dialect: SQL dialect; default from ``conn_id``'s connection type, else ansi.
    """

    template_fields: Sequence[str] = (
        "config_path",
        "store_url",
        "sql",
        "sql_file",
        "pyspark_file",
        "nl_request",
        "checks",
        "target",
        "conn_id",
        "min_score",
        "dialect",
    )
    template_fields_renderers = {"sql": "sql", "checks": "json", "nl_request": "json"}
    ui_color = "#eaf1fb"

    def __init__(
        self,
        *,
        sql: str | None = None,
        sql_file: str | None = None,
        pyspark_file: str | None = None,
        nl_request: str | list[str] | None = None,
        checks: list[dict[str, Any]] | None = None,
        target: str | dict[str, Any] | None = None,
        conn_id: str | None = None,
        min_score: float | str | None = None,
        dialect: str | None = None,
        execution_task_id: str | None = "execution",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sql = sql
        self.sql_file = sql_file
        self.pyspark_file = pyspark_file
        self.nl_request = nl_request
        self.checks = checks
        self.target = target
        self.conn_id = conn_id
        self.min_score = min_score
        self.dialect = dialect
        self.execution_task_id = execution_task_id
        from strands_airflow.operators.assets import quality_alias

        # a passing pipeline run emits strands://quality/<pipeline> (score, rows written)
        self._quality_alias = quality_alias(self.dag_id, self.task_id)
        self.outlets = [*self.outlets, self._quality_alias]

    def _dialect(self) -> str:
        if self.dialect:
            return self.dialect
        if self.conn_id:
            from airflow.sdk import BaseHook

            from strands_airflow.agents.quality.sql.dialects import dialect_for_conn_type

            return dialect_for_conn_type(BaseHook.get_connection(self.conn_id).conn_type or "")
        return "ansi"

    def _spec(self):
        """The standalone run's QualitySpec: code, requests, checks and target of this task."""
        from strands_airflow.pipeline.steps import QualitySpec

        requests = self.nl_request
        if isinstance(requests, str):
            requests = [requests]
        return QualitySpec(
            target=self.target,
            conn_id=self.conn_id,
            natural_language=[r for r in requests or [] if r and r.strip()],
            checks=list(self.checks or []),
            sql=self.sql or (Path(self.sql_file).read_text() if self.sql_file else None),
            dialect=self._dialect(),
            pyspark=Path(self.pyspark_file).read_text() if self.pyspark_file else None,
        )

    @fail_fast_on_input_errors
    def execute(self, context: Context) -> dict[str, Any]:
        from strands_airflow.execution.models import ExecutionResult
        from strands_airflow.pipeline import steps

        # A pipeline run, or a small standalone run: the same step either way.
        run = self.pipeline_run(context, required=False)
        execution = (
            self.upstream_model(context, self.execution_task_id, ExecutionResult)
            if run.config is not None
            else None
        )
        spec = None if run.config is not None else self._spec()
        report = steps.quality(run, execution, self.emitter(context), spec=spec)
        if self.min_score not in (None, ""):
            minimum = float(self.min_score)  # type: ignore[arg-type]
        else:
            minimum = run.config.quality.min_score if run.config is not None else 0.0
        data = report.model_dump(mode="json")
        for block in report.read_as:  # say back what each request was read as
            for line in block:
                self.log.info("%s", line)
        for fragment in report.ignored:
            self.log.warning("ignored (not understood): %s", fragment)
        for f in report.findings:
            self.log.warning("%s line %s: [%s] %s", f.pattern, f.line, f.rule, f.message)
        self.log.info("quality score %.3f (minimum %.3f)", report.overall_score, minimum)
        if report.overall_score < minimum:
            failures = describe_failures(data)
            # keep the report visible in XCom for the learning step and the UI
            context["ti"].xcom_push(key="return_value", value=data)
            raise QualityBelowMinimumError(
                f"quality score {report.overall_score:.3f} is below min_score {minimum:.3f}; "
                "failed checks: "
                + ("; ".join(failures) if failures else "none (score lowered by code findings)")
            )
        if run.config is not None:
            from strands_airflow.operators.assets import emit_quality_event

            emit_quality_event(context, self._quality_alias, run, report, execution)
        return data
