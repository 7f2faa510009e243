"""Platform ids, data locations and platform settings: the domain types every layer shares.

These used to live in ``pipeline/config.py``, the top engine layer, so the agents and the
runners imported upward. They sit here, at the bottom: ``core`` imports no other
strands_airflow package except ``exceptions``.

Example::

    >>> PlatformsConfig.model_validate({"glue": {"enabled": True, "job_name": "j"}}).usable()
    ['local', 'glue']
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strands_airflow.exceptions import StrandsConfigError

PlatformId = Literal["local", "glue", "emr_serverless", "lambda", "spark"]
#: Every platform id, in the order the docs and the dashboard list them.
PLATFORM_IDS: tuple[str, ...] = get_args(PlatformId)
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
