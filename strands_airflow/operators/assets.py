"""Airflow assets of a pipeline: its sources (inlets) and its target (outlet).

Asset URIs follow Airflow's schemes: ``s3://bucket/key`` stays as it is, a local path
becomes ``file:///absolute/path``, a DuckDB table ``duckdb:///absolute/db.duckdb/<table>``.
A location that cannot be made into a URI (a relative path of a config with no folder)
raises `StrandsConfigError` naming the config field.

`config_path` is templated, so the config is usually known only when the task runs. A
literal local config path is read when the DAG is parsed and its assets are declared
statically (inlets and outlets, shown in the UI, a downstream DAG can be scheduled on
them). Otherwise the execution operator declares an `AssetAlias` and adds the target asset
to it at run time (`outlet_events[alias].add(Asset(uri), extra=...)`); Airflow then
records the asset event and queues the DAGs scheduled on that asset, the same as for a
static outlet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from strands_airflow.exceptions import StrandsConfigError


def asset_uri(location: Any, field: str, *, base_dir: str | None = None) -> str:
    """The Airflow asset URI of a `DataLocation` (``field`` names it in errors)."""
    uri = str(location.uri)
    if "://" in uri and not uri.startswith("file://"):
        if not uri.split("://", 1)[1].strip("/"):
            raise StrandsConfigError(f"{field}: cannot build an asset URI from {uri!r}")
        out = uri
    else:
        path = Path(uri.removeprefix("file://"))
        if not path.is_absolute():
            if not base_dir:
                raise StrandsConfigError(
                    f"{field}: cannot build an asset URI from the relative path {uri!r}; use "
                    f"an absolute path, file:///... or s3://..."
                )
            path = Path(base_dir) / path
        out = "file://" + str(path.resolve())
    if getattr(location, "format", None) == "duckdb":
        if not location.table:
            raise StrandsConfigError(f"{field}.table: a duckdb location needs its table")
        out = "duckdb://" + out.removeprefix("file://").rstrip("/") + "/" + str(location.table)
    return out


def config_asset_uris(config: Any) -> tuple[list[str], str]:
    """(source URIs, target URI) of a pipeline config."""
    base = getattr(config, "base_dir", None)
    sources = [
        asset_uri(loc, f"sources.{name}.uri", base_dir=base)
        for name, loc in sorted(config.sources.items())
    ]
    return sources, asset_uri(config.target, "target.uri", base_dir=base)


def is_literal_local(config_path: str | None) -> bool:
    """True for a config path with no template that names a local file."""
    if not config_path or "{{" in config_path or "{%" in config_path:
        return False
    if "://" in config_path and not config_path.startswith("file://"):
        return False
    return Path(config_path.removeprefix("file://")).is_file()


def static_assets(config_path: str | None, aws_conn_id: str) -> tuple[list[Any], Any] | None:
    """(inlet Assets, target Asset) of a literal local config, read at parse time; else None."""
    if not is_literal_local(config_path):
        return None
    from airflow.sdk import Asset

    from strands_airflow.pipeline.config import load_pipeline_config

    config = load_pipeline_config(str(config_path), aws_conn_id=aws_conn_id)
    sources, target = config_asset_uris(config)
    return [Asset(uri=s) for s in sources], Asset(uri=target)


def alias_name(dag_id: str | None, task_id: str) -> str:
    """Name of the execution task's asset alias (unique per DAG and task)."""
    return f"strands-target:{dag_id or '-'}.{task_id}"


def quality_asset_uri(pipeline: str) -> str:
    """The asset of a pipeline's checked output: ``strands://quality/<pipeline>``."""
    from urllib.parse import quote

    return f"strands://quality/{quote(pipeline, safe='')}"


def quality_alias(dag_id: str | None, task_id: str) -> Any:
    """The quality task's asset alias (its asset is known only from the config at run time)."""
    from airflow.sdk import AssetAlias

    return AssetAlias(name=f"strands-quality:{dag_id or '-'}.{task_id}")


def emit_quality_event(
    context: Any, alias: Any, run: Any, report: Any, execution: Any
) -> dict[str, Any]:
    """Add the pipeline's quality asset event (score, rows written, target) to `alias`."""
    from airflow.sdk import Asset

    _, target = config_asset_uris(run.require_config("quality"))
    extra = {
        "quality_score": report.overall_score,
        "min_score": report.min_score,
        "rows_written": getattr(execution, "rows_out", None),
        "target": target,
        "dag_run": run.correlation_id,
        "pipeline": run.pipeline_name,
    }
    context["outlet_events"][alias].add(
        Asset(uri=quality_asset_uri(run.pipeline_name)), extra=extra
    )
    return extra
