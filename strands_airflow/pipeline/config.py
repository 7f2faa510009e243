"""Pipeline config: what `config_path` points to (local path, file:// or s3://).

A JSON document with `name`, `workload`, `source`/`sources`, `transform`, `target`,
`quality`, `platforms` and optionally `objective` (``{"minimize": "cost",
"deadline_seconds": 1800}``). It is validated on load; an invalid config raises
`StrandsConfigError` naming the field (e.g. ``platforms.glue.job_name``) and what is accepted.

Example::

    {"name": "orders_daily",
     "workload": {"data_volume": "medium", "transform": "sql"},
     "sources": {"orders": {"uri": "/data/orders.parquet"}},
     "transform": {"sql": "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY 1"},
     "target": {"uri": "/data/out/customer_totals.parquet"},
     "quality": {"natural_language": ["customer_id must never be null"]},
     "platforms": {"local": {"enabled": true}}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from strands_airflow.agents.quality.models import Check
from strands_airflow.core.objective import Objective
from strands_airflow.core.platforms import PLATFORM_IDS, DataFormat, DataLocation, PlatformsConfig
from strands_airflow.exceptions import StrandsConfigError

__all__ = [
    "PLATFORM_IDS",
    "DataFormat",
    "DataLocation",
    "PipelineConfig",
    "PlatformsConfig",
    "QualityConfig",
    "TransformConfig",
    "load_pipeline_config",
    "parse_pipeline_config",
]


class TransformConfig(BaseModel):
    """The job: SQL text, a SQL file, or a PySpark script (exactly one)."""

    model_config = ConfigDict(extra="forbid")

    sql: str | None = None
    sql_file: str | None = None
    pyspark: str | None = Field(default=None, description="URI of the PySpark script")
    dialect: str = "duckdb"

    @model_validator(mode="after")
    def _exactly_one(self) -> TransformConfig:
        given = [k for k in ("sql", "sql_file", "pyspark") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of 'sql', 'sql_file' or 'pyspark' (got {given or 'none'})"
            )
        return self

    @property
    def kind(self) -> Literal["sql", "pyspark"]:
        """`sql` for SQL text or file, `pyspark` for a script."""
        return "pyspark" if self.pyspark else "sql"

    def sql_text(self, base_dir: Path | None = None) -> str | None:
        """The SQL text, reading `sql_file` (relative to the config's folder) when given.

        The file must stay inside the config's folder (no ``..`` escape; an absolute path
        only with ``[strands] config_allow_absolute_paths``) and under ``max_config_bytes``.
        """
        if self.sql:
            return self.sql
        if self.sql_file:
            return read_limited(sql_file_path(self.sql_file, base_dir), "transform.sql_file")
        return None


def sql_file_path(sql_file: str, base_dir: Path | None) -> Path:
    """Where `transform.sql_file` points, refusing a path that leaves the config's folder."""
    from strands_airflow.settings import get_settings

    p = Path(sql_file)
    if p.is_absolute():
        if not get_settings().config_allow_absolute_paths:
            raise StrandsConfigError(
                f"transform.sql_file: {sql_file!r} is an absolute path; give a path relative "
                "to the config's folder, or set [strands] config_allow_absolute_paths = True"
            )
        return p
    if base_dir is None:
        return p
    resolved = (base_dir / p).resolve()
    if not resolved.is_relative_to(base_dir.resolve()):
        raise StrandsConfigError(
            f"transform.sql_file: {sql_file!r} leaves the config's folder {base_dir}; keep the "
            "SQL file beside the config (or below it)"
        )
    return resolved


def read_limited(path: Path, what: str) -> str:
    """A UTF-8 text file of at most ``[strands] max_config_bytes``, or StrandsConfigError."""
    from strands_airflow.settings import get_settings

    limit = get_settings().max_config_bytes
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise StrandsConfigError(f"{what}: cannot read {path}: {exc.strerror or exc}") from exc
    return _decode(data, limit, what, str(path))


def _decode(data: bytes, limit: int, what: str, where: str) -> str:
    if len(data) > limit:
        raise StrandsConfigError(
            f"{what}: {where} is larger than {limit} bytes ([strands] max_config_bytes)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StrandsConfigError(
            f"{what}: {where} is not UTF-8 text (byte {exc.start}: {exc.reason})"
        ) from exc


class QualityConfig(BaseModel):
    """Data checks on the target: plain-English requests and/or structured checks."""

    model_config = ConfigDict(extra="forbid")

    natural_language: list[str] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)

    @field_validator("checks")
    @classmethod
    def _conditions(cls, checks: list[Check]) -> list[Check]:
        from strands_airflow.agents.quality.checks.condition import validate_condition

        for i, check in enumerate(checks):
            if check.kind == "custom_sql":
                try:
                    validate_condition(check.condition or "")
                except Exception as exc:  # noqa: BLE001 - re-raised naming the check
                    raise ValueError(f"checks[{i}].condition: {exc}") from None
        return checks

    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    analyze_code: bool = True


class PipelineConfig(BaseModel):
    """A whole pipeline: workload, data locations, job, checks and platforms."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    workload: dict[str, Any] = Field(default_factory=dict)
    source: DataLocation | None = None
    sources: dict[str, DataLocation] = Field(default_factory=dict)
    transform: TransformConfig
    target: DataLocation
    quality: QualityConfig = Field(default_factory=QualityConfig)
    platforms: PlatformsConfig = Field(default_factory=PlatformsConfig)
    #: what the decision minimises (None: runtime); see `strands_airflow.core.objective`
    objective: Objective | None = None
    #: folder of the config file, for relative paths (not part of the JSON)
    base_dir: str | None = Field(default=None, exclude=True)

    @field_validator("workload")
    @classmethod
    def _workload(cls, value: dict[str, Any]) -> dict[str, Any]:
        from strands_airflow.core.workload import Workload
        from strands_airflow.exceptions import DecisionInputError

        try:
            Workload.parse(value)
        except DecisionInputError as exc:
            # checked here so a bad workload fails the first task, not the decision's retries
            raise ValueError(str(exc).removeprefix("invalid workload: ")) from None
        return value

    @model_validator(mode="after")
    def _sources(self) -> PipelineConfig:
        if self.source is not None and "source" not in self.sources:
            self.sources = {"source": self.source, **self.sources}
        if not self.sources:
            raise ValueError("give 'source' or 'sources' (name -> {uri, format})")
        return self

    def resolve(self, path: str) -> str:
        """A path from the config, made absolute against the config's folder when relative."""
        if "://" in path or Path(path).is_absolute() or not self.base_dir:
            return path
        return str(Path(self.base_dir) / path)


def _format_validation_error(exc: ValidationError, where: str) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"] if x != "__root__") or "(top level)"
        parts.append(f"{loc}: {err['msg']}")
    return f"invalid pipeline config {where}: " + "; ".join(parts)


def parse_pipeline_config(data: dict[str, Any], where: str = "(dict)") -> PipelineConfig:
    """Validate a config dict, raising `StrandsConfigError` that names each bad field."""
    if not isinstance(data, dict):
        raise StrandsConfigError(f"invalid pipeline config {where}: expected a JSON object")
    try:
        return PipelineConfig.model_validate(data)
    except ValidationError as exc:
        raise StrandsConfigError(_format_validation_error(exc, where)) from exc


def expand_placeholders(text: str) -> str:
    """Replace `${STRANDS_HOME}` (the provider's home folder) in a config's text."""
    if "${STRANDS_HOME}" not in text:
        return text
    from strands_airflow.settings import get_settings

    home = json.dumps(str(get_settings().home))[1:-1]  # escaped for a JSON string
    return text.replace("${STRANDS_HOME}", home)


def load_pipeline_config(path: str, *, aws_conn_id: str = "aws_default") -> PipelineConfig:
    """Load and validate a config from a local path, `file://` or `s3://` URI.

    S3 is read through Airflow's object storage and the `aws_conn_id` connection.
    """
    if path.startswith("s3://"):
        from airflow.sdk import ObjectStoragePath  # lazy: engine layers stay Airflow-free at import

        rest = path[len("s3://") :]
        uri = path if "@" in rest.split("/")[0] else f"s3://{aws_conn_id}@{rest}"
        from strands_airflow.settings import get_settings

        limit = get_settings().max_config_bytes
        try:
            with ObjectStoragePath(uri).open("rb") as f:
                raw = f.read(limit + 1)
        except Exception as exc:  # noqa: BLE001 - surfaced with the path
            raise StrandsConfigError(f"cannot read pipeline config {path}: {exc}") from exc
        text = _decode(raw, limit, "pipeline config", path)
        base_dir = None
    else:
        local = Path(path[len("file://") :] if path.startswith("file://") else path)
        text = read_limited(local, "pipeline config")
        base_dir = str(local.resolve().parent)
    text = expand_placeholders(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StrandsConfigError(
            f"invalid pipeline config {path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    cfg = parse_pipeline_config(data, where=path)
    cfg.base_dir = base_dir
    # Read the SQL file now: a missing, escaping or oversized one fails the first task.
    cfg.transform.sql_text(Path(base_dir) if base_dir else None)
    return cfg
