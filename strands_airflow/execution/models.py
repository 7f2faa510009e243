"""The two shapes every runner shares: the `Job` it is given and the `ExecutionResult` it returns.

A `Job` is built once from a pipeline config, the chosen platform and a run key
(``dag_id/run_id`` in Airflow). Building it checks the platform's settings, so a missing
Glue job name or EMR application id fails *before* anything is started, with the
setting's dotted name (``platforms.glue.job_name``) in the message.

Example::

    cfg = load_pipeline_config("pipelines/orders.json")
    job = Job.from_config(cfg, platform="local", run_key="orders_dag/manual__2026-01-01")
    result = get_runner("local").run(job)
    result.rows_out, result.execution_time_seconds
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from strands_airflow.exceptions import StrandsConfigError
from strands_airflow.pipeline.config import PLATFORM_IDS, DataLocation

if TYPE_CHECKING:
    from strands_airflow.pipeline.config import PipelineConfig

TransformKind = Literal["sql", "pyspark"]


class Job(BaseModel):
    """One run of a pipeline's transform on one platform.

    `settings` holds the platform's section of the config (``platforms.<id>``) as a dict;
    `sources` and `target` have relative paths already made absolute against the
    config's folder. `predicted_seconds` (from the Decision agent or history) lets the
    Lambda runner refuse a job that would pass its 15-minute limit.
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    platform: Literal["local", "glue", "emr_serverless", "lambda", "spark"]
    run_key: str = Field(min_length=1, description="unique per pipeline run, e.g. dag_id/run_id")
    transform_kind: TransformKind = "sql"
    sql: str | None = None
    pyspark: str | None = Field(default=None, description="URI / path of the PySpark script")
    sources: dict[str, DataLocation] = Field(default_factory=dict)
    target: DataLocation
    settings: dict[str, Any] = Field(default_factory=dict)
    workload: dict[str, Any] = Field(default_factory=dict)
    predicted_seconds: float | None = Field(default=None, ge=0)

    @classmethod
    def from_config(
        cls,
        config: PipelineConfig,
        platform: str,
        run_key: str,
        *,
        predicted_seconds: float | None = None,
    ) -> Job:
        """Build the job for `platform`, raising `StrandsConfigError` for a missing setting.

        The check happens here, before any runner is touched, so nothing is started
        for a job that could never run.
        """
        if platform not in PLATFORM_IDS:
            raise StrandsConfigError(
                f"unknown platform {platform!r}; allowed: {', '.join(PLATFORM_IDS)}"
            )
        section = config.platforms.get(platform)
        missing = section.missing_settings()
        if missing:
            names = ", ".join(f"platforms.{platform}.{m}" for m in missing)
            raise StrandsConfigError(
                f"platform {platform!r} cannot run pipeline {config.name!r}: missing {names} "
                f"in the pipeline config"
            )
        base_dir = None if config.base_dir is None else Path(config.base_dir)
        sql = config.transform.sql_text(base_dir)
        pyspark = config.transform.pyspark
        if pyspark:
            pyspark = config.resolve(pyspark)
        job = cls(
            name=config.name,
            platform=platform,  # type: ignore[arg-type]
            run_key=run_key,
            transform_kind=config.transform.kind,
            sql=sql,
            pyspark=pyspark,
            sources={n: _resolved(config, loc) for n, loc in config.sources.items()},
            target=_resolved(config, config.target),
            settings=section.model_dump(mode="json"),
            workload=dict(config.workload),
            predicted_seconds=predicted_seconds,
        )
        job.check_settings()
        return job

    def check_settings(self) -> None:
        """Platform-specific checks that depend on the transform (e.g. EMR needs an entry point)."""
        s = self.settings
        if self.platform == "emr_serverless" and not (s.get("entry_point") or self.pyspark):
            raise StrandsConfigError(
                "platform 'emr_serverless' needs platforms.emr_serverless.entry_point (a Spark "
                "script on S3 that runs the job) or transform.pyspark; neither is set"
            )
        if self.platform == "lambda" and self.transform_kind == "pyspark":
            raise StrandsConfigError(
                "platform 'lambda' cannot run transform.pyspark (no Spark on Lambda); "
                "choose glue or emr_serverless for PySpark jobs"
            )

    @property
    def token(self) -> str:
        """A short stable id of this run, safe for AWS client tokens and job names."""
        digest = hashlib.sha256(f"{self.name}|{self.run_key}|{self.platform}".encode()).hexdigest()
        return digest[:32]

    @property
    def safe_name(self) -> str:
        """The pipeline name reduced to characters AWS accepts in run names."""
        return re.sub(r"[^A-Za-z0-9_.-]", "-", self.name)[:64] or "strands-job"

    def payload(self) -> dict[str, Any]:
        """What a remote job is told: its sources, target, SQL and run key (JSON-ready)."""
        return {
            "pipeline": self.name,
            "run_key": self.run_key,
            "transform": self.transform_kind,
            "sql": self.sql,
            "pyspark": self.pyspark,
            "sources": {n: loc.model_dump(mode="json") for n, loc in self.sources.items()},
            "target": self.target.model_dump(mode="json"),
        }


def _resolved(config: PipelineConfig, loc: DataLocation) -> DataLocation:
    return loc.model_copy(update={"uri": config.resolve(loc.uri)})


class ExecutionResult(BaseModel):
    """What a run produced, as it travels in XCom and into a learning vector.

    Unknown figures are ``None`` (never a guessed 0): a remote Spark job does not report
    rows, so `rows_in` / `rows_out` stay ``None`` there. `error` holds the platform's own
    text verbatim for a failed run (e.g. ``"Glue job run jr_1 FAILED: ..."``).
    """

    model_config = ConfigDict(extra="forbid")

    platform: str
    success: bool
    execution_time_seconds: float = Field(ge=0)
    rows_in: int | None = None
    rows_out: int | None = None
    bytes_scanned: int | None = None
    cost_estimate_usd: float | None = None
    external_id: str | None = None
    log_url: str | None = None
    error: str | None = None
    state: str | None = Field(
        default=None, description="the platform's final state, e.g. SUCCEEDED"
    )
    started_at: datetime | None = None
    finished_at: datetime | None = None
    details: dict[str, Any] = Field(default_factory=dict)

    def to_metrics(self) -> dict[str, Any]:
        """The learning vector's `execution_metrics` keys (seed names: `platform_used`...)."""
        return {
            "platform_used": self.platform,
            "execution_time_seconds": self.execution_time_seconds,
            "success": self.success,
            "cost_estimate_usd": self.cost_estimate_usd,
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "bytes_scanned": self.bytes_scanned,
            "external_id": self.external_id,
            "error": self.error,
        }


class JobStatus(BaseModel):
    """One poll of a remote job: its state, and whether it has finished and how."""

    state: str
    terminal: bool
    succeeded: bool = False
    message: str | None = None
