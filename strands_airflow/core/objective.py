"""What a decision minimises: runtime (the default) or money under a deadline.

``{"minimize": "runtime"}`` (or no objective at all) is the Decision agent's original
goal: expected runtime plus 1800 s per failed run. ``{"minimize": "cost",
"deadline_seconds": D, "deadline_penalty_usd": P}`` minimises, per run,

    E[cost in USD] + P * P(deadline missed)

where the deadline is missed when the run takes longer than ``D`` seconds or fails: a
failed run costs what it ran, plus ``P``. Without ``deadline_seconds`` the goal is the
pure expected cost of one run (a failed run counts for what it ran; its retry is another
run), so give a generous deadline to price failures as well. ``deadline_penalty_usd``
defaults to 10.

Example::

    >>> Objective.parse({"minimize": "cost", "deadline_seconds": 1800}).deadline_penalty_usd
    10.0
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from strands_airflow.exceptions import DecisionInputError

#: Penalty (USD) of a missed deadline or failed run when the objective does not give one.
DEFAULT_DEADLINE_PENALTY_USD = 10.0


class Objective(BaseModel):
    """The decision's goal; the pipeline config's ``objective`` section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    minimize: Literal["runtime", "cost"] = Field(
        default="runtime", description="'runtime' (expected seconds) or 'cost' (expected USD)"
    )
    deadline_seconds: float | None = Field(
        default=None, gt=0, allow_inf_nan=False, description="finish within this many seconds"
    )
    deadline_penalty_usd: float = Field(
        default=DEFAULT_DEADLINE_PENALTY_USD,
        ge=0,
        allow_inf_nan=False,
        description="what a missed deadline (or a failed run) costs, in USD",
    )

    @model_validator(mode="after")
    def _deadline_needs_cost(self) -> Objective:
        if self.minimize == "runtime" and self.deadline_seconds is not None:
            raise ValueError(
                "deadline_seconds needs minimize: 'cost' (a runtime objective already "
                "minimises time; drop the deadline or set minimize to 'cost')"
            )
        return self

    @property
    def is_cost(self) -> bool:
        """True when the goal is money (with or without a deadline)."""
        return self.minimize == "cost"

    @classmethod
    def parse(cls, value: Any, field: str = "objective") -> Objective:
        """An :class:`Objective` from None (runtime), a dict, a JSON-like mapping or itself.

        Raises :class:`~strands_airflow.exceptions.DecisionInputError` naming the field
        (e.g. ``objective.minimize``) and what is accepted.
        """
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            value = {"minimize": value}
        if isinstance(value, BaseModel):
            value = value.model_dump()
        if not isinstance(value, dict):
            raise DecisionInputError(
                f"{field} must be a mapping such as {{'minimize': 'cost', "
                f"'deadline_seconds': 1800}} (got {type(value).__name__})"
            )
        try:
            return cls.model_validate(value)
        except ValidationError as exc:
            raise DecisionInputError(format_objective_error(exc, field, value)) from exc

    def describe(self) -> str:
        """One line for reasoning texts, e.g. 'expected cost + $10 per missed 30 min deadline'."""
        if not self.is_cost:
            return "expected runtime + 1800 s per failed run"
        p = f"${self.deadline_penalty_usd:g}"
        if self.deadline_seconds is None:
            return "expected cost"
        return (
            f"expected cost + {p} per missed {_fmt_deadline(self.deadline_seconds)} deadline "
            "(a failed run misses it)"
        )


def _fmt_deadline(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def format_objective_error(exc: ValidationError, field: str, given: Any = None) -> str:
    """``objective.minimize: ...; accepted ...`` for each error of a validation."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        name = f"{field}.{loc}" if loc else field
        got = f" (got {err['input']!r})" if loc and "input" in err else ""
        if loc == "" and isinstance(given, dict) and given.get("deadline_seconds") is not None:
            name = f"{field}.deadline_seconds"
        msg = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{name}: {msg}{got}")
    return (
        "; ".join(parts)
        + ". Accepted: minimize 'runtime' or 'cost', deadline_seconds > 0 (cost only), "
        "deadline_penalty_usd >= 0"
    )


__all__ = ["DEFAULT_DEADLINE_PENALTY_USD", "Objective", "format_objective_error"]
