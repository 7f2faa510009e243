"""Pipeline config: what `config_path` points to (local path, file:// or s3://).

A JSON document with `name`, `workload`, `source`/`sources`, `transform`, `target`,
`quality` and `platforms`. It is validated on load; an invalid config raises
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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from strands_airflow.agents.quality.models import Check
from strands_airflow.exceptions import StrandsConfigError

PLATFORM_IDS = ("local", "glue", "emr_serverless", "lambda", "spark")
DataFormat = Literal["parquet", "csv", "json", "duckdb"]


def _infer_format(uri: str) -> DataFormat:
    low = uri.lower().split("?")[0]
    for ext, fmt in (
        (".parquet", "parquet"),
        (".csv", "csv"),
        (".json", "json"),
        (".jsonl", "json"),
        (".ndjson", "json"),
        (".duckdb", "duckdb"),
        (".db", "duckdb"),
    ):
        if low.endswith(ext):
            return fmt  # type: ignore[return-value]
    return "parquet"


class DataLocation(BaseModel):
    """A file (local or s3://) or a DuckDB table (`uri` = database file, `table` = its table)."""

    model_config = ConfigDict(extra="forbid")

    uri: str = Field(min_length=1)
    format: DataFormat | None = None
    table: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _default_format(self) -> DataLocation:
        if self.format is None:
            self.format = _infer_format(self.uri)
        if self.format == "duckdb" and not self.table:
            raise ValueError("a duckdb location needs 'table' (the table inside the database file)")
        return self


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
        """The SQL text, reading `sql_file` (relative to the config's folder) when given."""
        if self.sql:
            return self.sql
        if self.sql_file:
            p = Path(self.sql_file)
            if not p.is_absolute() and base_dir is not None:
                p = base_dir / p
            try:
                return p.read_text()
            except OSError as exc:
                raise StrandsConfigError(f"transform.sql_file: cannot read {p}: {exc}") from exc
        return None


class QualityConfig(BaseModel):
    """Data checks on the target: plain-English requests and/or structured checks."""

    model_config = ConfigDict(extra="forbid")

    natural_language: list[str] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    analyze_code: bool = True


class _Platform(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    #: settings a platform cannot run without; checked by `missing_settings`
    _required: tuple[str, ...] = ()

    def missing_settings(self) -> list[str]:
        """Names of required settings that are empty."""
        return [name for name in self._required if not getattr(self, name)]


class LocalPlatform(_Platform):
    """Runs SQL in DuckDB on the worker (always available)."""

    database: str | None = Field(default=None, description="DuckDB file; in-memory when empty")
    threads: int | None = None


class GluePlatform(_Platform):
    """AWS Glue job settings."""

    enabled: bool = False
    job_name: str | None = None
    script_location: str | None = None
    iam_role_name: str | None = None
    worker_type: str = "G.1X"
    number_of_workers: int = Field(default=2, ge=1)
    arguments: dict[str, str] = Field(default_factory=dict)
    _required = ("job_name",)


class EmrServerlessPlatform(_Platform):
    """EMR Serverless application settings."""

    enabled: bool = False
    application_id: str | None = None
    execution_role_arn: str | None = None
    entry_point: str | None = None
    entry_point_arguments: list[str] = Field(default_factory=list)
    spark_submit_parameters: str | None = None
    _required = ("application_id", "execution_role_arn")


class LambdaPlatform(_Platform):
    """AWS Lambda function settings (15-minute and 6 MB payload limits apply)."""

    enabled: bool = False
    function_name: str | None = None
    qualifier: str | None = None
    memory_mb: int = Field(default=1024, ge=128)
    _required = ("function_name",)


class SparkPlatform(_Platform):
    """Apache Spark through ``spark-submit`` in a subprocess (needs ``strands-airflow[spark]``).

    `master` is passed to ``spark-submit --master`` as is (``local[*]``, ``spark://host:7077``,
    ``k8s://...``, ``yarn``); `remote` (``sc://host:15002``) runs the job through Spark
    Connect instead, without a local JVM. `usd_per_hour` prices a run (local Spark: free).
    """

    enabled: bool = False
    master: str = Field(default="local[*]", min_length=1)
    remote: str | None = Field(default=None, description="Spark Connect URL, e.g. sc://host:15002")
    conf: dict[str, str] = Field(default_factory=dict, description="--conf key=value pairs")
    driver_memory: str | None = Field(default=None, description="e.g. 2g")
    submit_args: list[str] = Field(default_factory=list, description="extra spark-submit args")
    usd_per_hour: float = Field(default=0.0, ge=0.0)


class PlatformsConfig(BaseModel):
    """Which platforms are enabled, with their settings."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    local: LocalPlatform = Field(default_factory=LocalPlatform)
    glue: GluePlatform = Field(default_factory=GluePlatform)
    emr_serverless: EmrServerlessPlatform = Field(default_factory=EmrServerlessPlatform)
    lambda_: LambdaPlatform = Field(default_factory=LambdaPlatform, alias="lambda")
    spark: SparkPlatform = Field(default_factory=SparkPlatform)

    def get(self, platform: str) -> _Platform:
        """The settings of one platform id (`local`, `glue`, `emr_serverless`, `lambda`, `spark`)."""
        if platform not in PLATFORM_IDS:
            raise StrandsConfigError(
                f"unknown platform {platform!r}; allowed: {', '.join(PLATFORM_IDS)}"
            )
        return getattr(self, "lambda_" if platform == "lambda" else platform)

    def usable(self) -> list[str]:
        """Platform ids that are enabled and have every required setting."""
        return [
            p for p in PLATFORM_IDS if self.get(p).enabled and not self.get(p).missing_settings()
        ]

    def unusable_reasons(self) -> dict[str, str]:
        """Why each platform that is not usable is not (for decision reasoning)."""
        out: dict[str, str] = {}
        for p in PLATFORM_IDS:
            s = self.get(p)
            if not s.enabled:
                out[p] = "disabled"
            elif s.missing_settings():
                out[p] = "missing " + ", ".join(f"platforms.{p}.{m}" for m in s.missing_settings())
        return out


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
    #: folder of the config file, for relative paths (not part of the JSON)
    base_dir: str | None = Field(default=None, exclude=True)

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
        try:
            text = ObjectStoragePath(uri).read_text()
        except Exception as exc:  # noqa: BLE001 - surfaced with the path
            raise StrandsConfigError(f"cannot read pipeline config {path}: {exc}") from exc
        base_dir = None
    else:
        local = Path(path[len("file://") :] if path.startswith("file://") else path)
        try:
            text = local.read_text()
        except OSError as exc:
            raise StrandsConfigError(
                f"cannot read pipeline config {local}: {exc.strerror}"
            ) from exc
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
    return cfg
