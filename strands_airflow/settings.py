"""Settings of the provider, read once from every place a user may set them.

Order for each option of the `[strands]` section (see `config_options.OPTIONS`):
1. the environment `AIRFLOW__STRANDS__<OPTION>` (works with or without an airflow.cfg),
2. Airflow's configuration (`airflow.cfg`, secrets backends) when Airflow is configured,
3. the seed's environment variables: `STRANDS_S3_BUCKET`, `STRANDS_BEDROCK_MODEL`, `AWS_REGION`,
4. the default in `config_options.OPTIONS`.

Nothing configured gives the embedded defaults: the in-process LocalBus and a file vector
store under `$AIRFLOW_HOME/strands`. This module imports Airflow only inside functions.

`python -m strands_airflow.settings --markdown` prints the README's configuration table.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from strands_airflow.config_options import OPTIONS, SECTION

log = logging.getLogger(__name__)

#: seed environment variables honoured as fallbacks, option -> variable
SEED_ENV = {
    "s3_bucket": "STRANDS_S3_BUCKET",
    "bedrock_model": "STRANDS_BEDROCK_MODEL",
    "aws_region": "AWS_REGION",
}


@dataclass(frozen=True)
class StrandsSettings:
    """Resolved settings (immutable). Build with `get_settings()`."""

    home: Path
    bus_url: str
    redis_conn_id: str
    aws_conn_id: str
    s3_bucket: str
    s3_prefix: str
    store_url: str
    bedrock_model: str
    aws_region: str
    stream_prefix: str
    stream_maxlen: int
    visibility_timeout_seconds: float
    max_deliveries: int
    bus_min_backoff_seconds: float
    bus_backoff_factor: float
    bus_max_backoff_seconds: float
    bus_backoff_jitter: float
    bus_socket_timeout_seconds: float
    bus_circuit_breaker_seconds: float
    max_payload_bytes: int
    analysis_max_bytes: int
    analysis_timeout_seconds: float
    max_config_bytes: int
    config_allow_absolute_paths: bool
    quality_bus_targets: str
    store_connect_timeout_seconds: float
    store_read_timeout_seconds: float
    dashboard_store_timeout_seconds: float
    dashboard_store_workers: int
    decision_service: bool
    decision_service_timeout_seconds: float

    @property
    def vector_store_url(self) -> str:
        """Where learning vectors live: `store_url`, else S3 when a bucket is set, else a file store."""
        if self.store_url:
            return self.store_url
        if self.s3_bucket:
            prefix = self.s3_prefix.strip("/")
            return f"s3://{self.s3_bucket}/{prefix}" if prefix else f"s3://{self.s3_bucket}"
        return (self.home / "store").resolve().as_uri()

    @property
    def outbox_dir(self) -> Path:
        """Durable outbox for messages published while Redis was unreachable."""
        return self.home / "outbox"


def _airflow_home() -> Path:
    return Path(os.environ.get("AIRFLOW_HOME", "~/airflow")).expanduser()


def _from_airflow_conf(name: str) -> str | None:
    # Only consult airflow.cfg when Airflow is already imported or configured, so a notebook
    # user without Airflow set up does not pay for (or trip over) Airflow's configuration.
    if "airflow" not in sys.modules and "AIRFLOW_HOME" not in os.environ:
        return None
    try:
        from airflow.configuration import conf
    except Exception:  # noqa: BLE001 - Airflow misconfigured: fall back to defaults
        return None
    try:
        if conf.has_option(SECTION, name):
            value = conf.get(SECTION, name, fallback=None)
            return None if value is None else str(value)
    except Exception:  # noqa: BLE001
        return None
    return None


def _raw(name: str) -> str:
    env = os.environ.get(f"AIRFLOW__{SECTION.upper()}__{name.upper()}")
    if env is not None and env != "":
        return env
    value = _from_airflow_conf(name)
    if value:
        return value
    seed = SEED_ENV.get(name)
    if seed and os.environ.get(seed):
        return os.environ[seed]
    default = OPTIONS[name][1]
    return "" if default is None else default


def _convert(name: str, text: str) -> object:
    typ = OPTIONS[name][0]
    try:
        if typ == "integer":
            return int(text)
        if typ == "float":
            return float(text)
        if typ == "boolean":
            low = text.strip().lower()
            if low in {"true", "1", "yes", "on"}:
                return True
            if low in {"false", "0", "no", "off", ""}:
                return False
            raise ValueError(text)
    except ValueError:
        from strands_airflow.exceptions import StrandsConfigError

        raise StrandsConfigError(f"[{SECTION}] {name} = {text!r} is not a valid {typ}") from None
    return text


@functools.lru_cache(maxsize=1)
def get_settings() -> StrandsSettings:
    """The current settings (cached; call `get_settings.cache_clear()` after changing them)."""
    values: dict[str, object] = {}
    for f in fields(StrandsSettings):
        values[f.name] = _convert(f.name, _raw(f.name))
    home = str(values["home"]) or str(_airflow_home() / "strands")
    values["home"] = Path(home).expanduser()
    return StrandsSettings(**values)  # type: ignore[arg-type]


def markdown_table() -> str:
    """The configuration table for the README, generated from `OPTIONS`."""
    rows = ["| option | env variable | type | default | description |", "|---|---|---|---|---|"]
    for name, (typ, default, desc, _example) in OPTIONS.items():
        env = f"`AIRFLOW__STRANDS__{name.upper()}`"
        if name in SEED_ENV:
            env += f" or `{SEED_ENV[name]}`"
        rows.append(f"| `{name}` | {env} | {typ} | `{default or ''}` | {desc} |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover - tiny CLI
    if "--markdown" in sys.argv:
        print(markdown_table())
    else:
        from strands_airflow.redact import redact

        for k, v in get_settings().__dict__.items():
            print(f"{k} = {redact(v)}")  # bus/store URLs may carry a password
