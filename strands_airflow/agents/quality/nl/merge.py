"""Final tidy-up of parsed checks: no duplicates, one range per column where bounds pair up."""

from __future__ import annotations

from strands_airflow.agents.quality.models import Check


def merge_checks(checks: list[Check]) -> list[Check]:
    """Drop duplicates; join a lower and an upper bound on the same column (or on the row
    count) into one check."""
    out: list[Check] = []
    for c in checks:
        if c in out:
            continue
        if c.kind in ("range", "row_count"):
            other = next(
                (
                    o
                    for o in out
                    if o.kind == c.kind
                    and o.columns == c.columns
                    and ((o.min is None) != (c.min is None))
                    and ((o.max is None) != (c.max is None))
                ),
                None,
            )
            if other is not None:
                i = out.index(other)
                out[i] = other.model_copy(
                    update={
                        "min": other.min if other.min is not None else c.min,
                        "max": other.max if other.max is not None else c.max,
                    }
                )
                continue
        out.append(c)
    return out
