"""The workload description every agent reads: the seed's levels and/or plain numbers.

A DAG author may describe a job the seed's way (``data_volume``, ``complexity``,
``criticality`` as low / medium / high), with numbers (``data_volume_gb``,
``num_joins``, ``source_count``, ``transform``), or both. :class:`Workload` validates
either form and derives the missing side, so the feature builder and the Decision
agent always see a complete picture.

Example::

    >>> w = Workload.parse({"data_volume": "HIGH", "transform": "pyspark"})
    >>> w.data_volume, w.effective_data_volume_gb
    ('high', 300.0)
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from strands_airflow.exceptions import DecisionInputError

Level = Literal["low", "medium", "high"]
Transform = Literal["sql", "pyspark"]

LEVELS: tuple[str, ...] = ("low", "medium", "high")
TRANSFORMS: tuple[str, ...] = ("sql", "pyspark")

# The seed also wrote "very_high" (volume, complexity) and "critical" (criticality);
# old learning vectors carry them, so they read as the top level instead of failing.
_LEVEL_ALIASES = {"very_high": "high", "very high": "high", "critical": "high"}

# Representative sizes of each volume level and the boundaries between them (GB).
# Boundaries: low < 10 GB <= medium < 100 GB <= high. The representative value is
# inside its range, near the geometric middle, so a level round-trips through a number.
VOLUME_LEVEL_GB: dict[str, float] = {"low": 1.0, "medium": 30.0, "high": 300.0}
VOLUME_BOUNDARIES_GB: tuple[float, float] = (10.0, 100.0)

# Joins implied by a complexity level when no number was given, and the reverse.
COMPLEXITY_JOINS: dict[str, int] = {"low": 0, "medium": 2, "high": 6}

LEVEL_ORDINAL: dict[str, float] = {"low": 0.0, "medium": 0.5, "high": 1.0}


def _norm_choice(value: Any, field: str, allowed: tuple[str, ...], aliases: dict[str, str]) -> Any:
    """Lower-case and strip a string choice; reject anything outside ``allowed``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be one of {', '.join(allowed)} (got {value!r})")
    text = value.strip().lower()
    text = aliases.get(text, text)
    if text not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(allowed)} (got {value!r})")
    return text


class Workload(BaseModel):
    """A job's workload: levels, numbers or both; unknown extra keys are kept.

    Fields (all optional):
      - ``data_volume``, ``complexity``, ``criticality``: low | medium | high (any case).
      - ``data_volume_gb``: finite number >= 0.
      - ``num_joins``: integer >= 0. ``source_count``: integer >= 1.
      - ``transform``: sql | pyspark.

    The ``effective_*`` properties fill whatever is missing from the other side.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    data_volume: Level | None = None
    complexity: Level | None = None
    criticality: Level | None = None
    data_volume_gb: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    num_joins: int | None = Field(default=None, ge=0)
    source_count: int | None = Field(default=None, ge=1)
    transform: Transform | None = None

    @field_validator("data_volume", "complexity", "criticality", mode="before")
    @classmethod
    def _level(cls, value: Any, info: Any) -> Any:
        return _norm_choice(value, info.field_name, LEVELS, _LEVEL_ALIASES)

    @field_validator("transform", mode="before")
    @classmethod
    def _transform(cls, value: Any) -> Any:
        return _norm_choice(value, "transform", TRANSFORMS, {"spark": "pyspark"})

    @field_validator("num_joins", "source_count", mode="before")
    @classmethod
    def _whole(cls, value: Any, info: Any) -> Any:
        # bool is an int in Python; True joins is a mistake, not 1.
        if isinstance(value, bool):
            raise ValueError(f"{info.field_name} must be a whole number (got {value!r})")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{info.field_name} must be a finite whole number (got {value!r})")
        return value

    @field_validator("data_volume_gb", mode="before")
    @classmethod
    def _gb(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"data_volume_gb must be a number >= 0 (got {value!r})")
        return value

    # -- construction ---------------------------------------------------------------

    @classmethod
    def parse(cls, obj: dict[str, Any] | Workload | None) -> Workload:
        """Validate ``obj``; raise :class:`DecisionInputError` naming each bad field."""
        if isinstance(obj, Workload):
            return obj
        if obj is None:
            return cls()
        if not isinstance(obj, dict):
            raise DecisionInputError(
                f"workload must be a mapping of fields (got {type(obj).__name__})"
            )
        try:
            return cls.model_validate(obj)
        except ValidationError as exc:
            raise DecisionInputError(_explain(exc)) from exc

    @classmethod
    def parse_lenient(cls, obj: Any) -> Workload:
        """Best-effort parse for stored history: invalid fields are dropped, never raised."""
        if isinstance(obj, Workload):
            return obj
        if not isinstance(obj, dict):
            return cls()
        data = dict(obj)
        for _ in range(len(data) + 1):
            try:
                return cls.model_validate(data)
            except ValidationError as exc:
                bad = {str(err["loc"][0]) for err in exc.errors() if err.get("loc")}
                if not bad:
                    break
                for key in bad:
                    data.pop(key, None)
        return cls()

    # -- derived values ----------------------------------------------------------------

    @property
    def effective_data_volume_gb(self) -> float | None:
        """GB given, else the representative size of the level, else None."""
        if self.data_volume_gb is not None:
            return float(self.data_volume_gb)
        if self.data_volume is not None:
            return VOLUME_LEVEL_GB[self.data_volume]
        return None

    @property
    def effective_data_volume(self) -> str | None:
        """Level given, else the level whose range holds ``data_volume_gb``."""
        if self.data_volume is not None:
            return self.data_volume
        if self.data_volume_gb is not None:
            return volume_level(self.data_volume_gb)
        return None

    @property
    def effective_num_joins(self) -> int | None:
        """Joins given, else the typical count for the complexity level."""
        if self.num_joins is not None:
            return self.num_joins
        if self.complexity is not None:
            return COMPLEXITY_JOINS[self.complexity]
        return None

    @property
    def effective_complexity(self) -> str | None:
        """Complexity given, else derived from joins, sources and transform."""
        if self.complexity is not None:
            return self.complexity
        if self.num_joins is None and self.source_count is None and self.transform is None:
            return None
        score = (self.num_joins or 0) + max((self.source_count or 1) - 1, 0)
        score += 2 if self.transform == "pyspark" else 0
        if score <= 1:
            return "low"
        return "medium" if score <= 4 else "high"

    def as_payload(self) -> dict[str, Any]:
        """JSON-ready dict of the fields that were set (extra keys included)."""
        return self.model_dump(mode="json", exclude_none=True)


def volume_level(gb: float) -> str:
    """The low / medium / high level whose range holds ``gb`` gigabytes."""
    low_max, medium_max = VOLUME_BOUNDARIES_GB
    if gb < low_max:
        return "low"
    return "medium" if gb < medium_max else "high"


def _explain(exc: ValidationError) -> str:
    """One line per bad field: ``workload.<field>: <what is allowed>``."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ())) or "workload"
        msg = str(err.get("msg", "invalid"))
        msg = msg.removeprefix("Value error, ")
        if err.get("type") in {
            "greater_than_equal",
            "finite_number",
            "int_parsing",
            "float_parsing",
        }:
            msg = f"{msg} (got {err.get('input')!r})"
        parts.append(f"workload.{loc}: {msg}")
    return "invalid workload: " + "; ".join(parts)
