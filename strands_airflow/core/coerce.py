"""One way to take "a dict or a model" at a seam, and one error when it does not fit.

Steps and agents accept either the typed model or its JSON dict (what travels in XCom or
in a message payload). :func:`as_model` validates either into the model; a missing key or
a wrong type raises :class:`~strands_airflow.exceptions.StepInputError` naming the step
and the field, never an empty ``{}`` standing in for bad input.

Example::

    >>> from pydantic import BaseModel
    >>> class Point(BaseModel):
    ...     x: int
    >>> as_model(Point, {"x": "1"}, step="demo").x
    1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from strands_airflow.exceptions import StepInputError

M = TypeVar("M", bound=BaseModel)


def explain_validation(exc: ValidationError) -> str:
    """``field.path: message`` for each error, joined with '; '."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(top level)"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def as_model(model: type[M], value: Any, *, step: str) -> M:
    """`value` (a `model`, another model or a mapping) validated as `model`.

    Raises StepInputError naming `step` and the bad field for anything else.
    """
    if isinstance(value, model):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if not isinstance(value, Mapping):
        raise StepInputError(
            f"{step}: expected a {model.__name__} or its JSON object, got {type(value).__name__}"
        )
    try:
        return model.model_validate(dict(value))
    except ValidationError as exc:
        raise StepInputError(
            f"{step}: invalid {model.__name__}: {explain_validation(exc)}"
        ) from exc


def as_optional_model(model: type[M], value: Any, *, step: str) -> M | None:
    """:func:`as_model`, with None passing through (an upstream step that did not run)."""
    return None if value is None else as_model(model, value, step=step)


def as_mapping(value: Any, *, step: str) -> dict[str, Any]:
    """A plain dict from a model or mapping; None gives {}; anything else raises."""
    if value is None:
        return {}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return dict(value)
    raise StepInputError(f"{step}: expected a JSON object, got {type(value).__name__}")
