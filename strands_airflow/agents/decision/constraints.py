"""Which platforms a decision may pick: a plain list of ids or the pipeline config's section."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from strands_airflow.core.platforms import PLATFORM_IDS, PlatformsConfig
from strands_airflow.exceptions import DecisionInputError

_ALLOWED = ", ".join(PLATFORM_IDS)
# Names people write for the same thing; accepted quietly.
_ALIASES = {
    "emr": "emr_serverless",
    "emr-serverless": "emr_serverless",
    "duckdb": "local",
    "aws_lambda": "lambda",
    "aws_glue": "glue",
}


@dataclass(frozen=True)
class PlatformChoice:
    """The resolved constraint: ids that may be chosen, and why the others may not."""

    usable: tuple[str, ...]
    unusable: dict[str, str] = field(default_factory=dict)
    #: each platform's config section (worker type and count, memory) when given as a
    #: ``PlatformsConfig``; the cost model prices runs with them
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)


def resolve_platforms(platforms: Any, field_name: str = "platforms") -> PlatformChoice:
    """Turn ``platforms`` into a :class:`PlatformChoice`.

    Accepts ``None`` (every id in PLATFORM_IDS), one id, a list of ids (each usable), a
    :class:`~strands_airflow.pipeline.config.PlatformsConfig`, or its JSON form (a dict such
    as ``{"glue": {"enabled": true, "job_name": "x"}}``). Raises
    :class:`~strands_airflow.exceptions.DecisionInputError` naming ``field_name`` and the
    allowed ids when the list is empty, holds an unknown id, or nothing is usable.
    """
    if platforms is None:
        return PlatformChoice(PLATFORM_IDS)
    if isinstance(platforms, PlatformChoice):
        return platforms
    if isinstance(platforms, Mapping):
        try:
            platforms = PlatformsConfig.model_validate(dict(platforms))
        except Exception as exc:  # noqa: BLE001 - pydantic error re-raised with the field name
            raise DecisionInputError(
                f"{field_name}: not a valid platforms section ({exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0]}); use a list of ids ({_ALLOWED}) or the pipeline "
                "config's platforms section"
            ) from exc
    if isinstance(platforms, PlatformsConfig):
        usable = tuple(platforms.usable())
        reasons = platforms.unusable_reasons()
        if not usable:
            why = "; ".join(f"{p}: {r}" for p, r in reasons.items())
            raise DecisionInputError(
                f"{field_name}: no usable platform ({why}); enable at least one of {_ALLOWED} "
                "with its required settings"
            )
        settings = {
            p: platforms.get(p).model_dump(exclude={"enabled"}, by_alias=False)
            for p in PLATFORM_IDS
        }
        return PlatformChoice(usable, reasons, settings)
    if isinstance(platforms, str):
        platforms = [platforms]
    if not isinstance(platforms, Iterable):
        raise DecisionInputError(
            f"{field_name} must be a list of platform ids ({_ALLOWED}) or a platforms config "
            f"(got {type(platforms).__name__})"
        )
    ids: list[str] = []
    for item in platforms:
        key = item.strip().lower() if isinstance(item, str) else item
        key = _ALIASES.get(key, key) if isinstance(key, str) else key
        if key not in PLATFORM_IDS:
            raise DecisionInputError(
                f"{field_name}: unknown platform {item!r}; allowed: {_ALLOWED}"
            )
        if key not in ids:
            ids.append(key)
    if not ids:
        raise DecisionInputError(f"{field_name} is empty; give at least one of {_ALLOWED}")
    return PlatformChoice(
        tuple(ids), {p: "not in the platform list" for p in PLATFORM_IDS if p not in ids}
    )
