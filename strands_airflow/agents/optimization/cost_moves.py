"""Platform moves under a cost objective: dollars and seconds saved per run, deadline priced.

With the pipeline's objective ``{"minimize": "cost", "deadline_seconds": D,
"deadline_penalty_usd": P}`` the best platform for a group of similar workloads is the
one with the lowest ``median cost + P x miss rate`` over its similar runs, where a run
misses when it failed or took longer than ``D`` (without a deadline: the median cost
alone, as the Decision agent's pure expected cost). The recommendation states both what
it saves in dollars (that objective's difference) and in seconds (median runtimes; a
negative saving is said as "slower").
"""

from __future__ import annotations

from typing import Any, Literal

from strands_airflow.agents.optimization.model import (
    Baseline,
    EstimatedImpact,
    Evidence,
    Recommendation,
)
from strands_airflow.agents.optimization.rules import CurrentRun, _r
from strands_airflow.core.objective import Objective


def miss_rates(h: Any, mask: Any, platforms: Any, objective: Objective) -> dict[str, float]:
    """Per platform: share of its similar runs that failed or finished after the deadline."""
    import numpy as np

    out: dict[str, float] = {}
    for p in platforms:
        sel = mask & (h.platform == p)
        if not sel.any():
            continue
        missed = ~h.success[sel]
        if objective.deadline_seconds is not None:
            secs = h.seconds[sel]
            missed = missed | (np.isfinite(secs) & (secs > objective.deadline_seconds))
        out[p] = float(missed.mean())
    return out


def _slower_or_faster(ds: float) -> str:
    return f"{ds:.0f} s faster" if ds >= 0 else f"{-ds:.0f} s slower"


def platform_move_for_cost(
    cur: CurrentRun,
    bases: dict[str, Baseline],
    ids_of: dict[str, list[str]],
    miss_of: dict[str, float],
    objective: Objective,
    *,
    min_runs: int,
) -> list[Recommendation]:
    """The platform with the lowest expected cost + deadline penalty, if it saves >= 10%."""
    if cur.platform is None:
        return []
    pen = objective.deadline_penalty_usd if objective.deadline_seconds is not None else 0.0
    mine = bases.get(cur.platform)
    if (
        mine is not None
        and mine.successful_runs >= min_runs
        and mine.median_seconds is not None
        and mine.median_cost_usd is not None
    ):
        ref_s, ref_c = mine.median_seconds, mine.median_cost_usd
        ref_miss = miss_of.get(cur.platform, 0.0)
        ref_desc, source = (
            f"median of {mine.successful_runs} similar {cur.platform} runs",
            "history",
        )
        ref_ids = ids_of.get(cur.platform, [])
    elif cur.seconds is not None and cur.cost is not None and cur.success is not None:
        ref_s, ref_c = cur.seconds, cur.cost
        late = objective.deadline_seconds is not None and cur.seconds > objective.deadline_seconds
        ref_miss = 0.0 if (cur.success and not late) else 1.0
        ref_desc, source = "this run", "current_run"
        ref_ids = [cur.run_id] if cur.run_id else []
    else:
        return []
    src: Literal["history", "current_run"] = "history" if source == "history" else "current_run"
    ref_obj = ref_c + pen * ref_miss
    best: tuple[float, str, Baseline] | None = None
    for p, b in bases.items():
        if p == cur.platform or b.successful_runs < min_runs:
            continue
        if b.median_cost_usd is None or b.median_seconds is None:
            continue
        obj = b.median_cost_usd + pen * miss_of.get(p, 1.0 - b.success_rate)
        if best is None or obj < best[0]:
            best = (obj, p, b)
    if best is None:
        return []
    obj, p, b = best
    du = ref_obj - obj
    if du <= max(0.10 * ref_obj, 1e-9):
        return []
    ds = ref_s - float(b.median_seconds or 0.0)
    deadline = objective.deadline_seconds
    risk = ""
    if deadline is not None:
        risk = (
            f"; {100 * miss_of.get(p, 0.0):.0f}% of its similar runs missed the "
            f"{deadline:.0f} s deadline or failed against {100 * ref_miss:.0f}%, priced at "
            f"${pen:g} per miss"
        )
    figures = {
        "objective": objective.model_dump(),
        f"{cur.platform}_seconds": _r(ref_s),
        f"{cur.platform}_cost_usd": _r(ref_c, 6),
        f"{cur.platform}_miss_rate": _r(ref_miss, 4),
        f"{cur.platform}_basis": ref_desc,
        f"{p}_median_seconds": _r(b.median_seconds),
        f"{p}_median_cost_usd": _r(b.median_cost_usd, 6),
        f"{p}_miss_rate": _r(miss_of.get(p), 4),
        f"{p}_successful_runs": b.successful_runs,
        f"{p}_success_rate": b.success_rate,
    }
    formula = (
        f"({cur.platform} cost + {pen:g} x {cur.platform} miss rate) - (median {p} cost + "
        f"{pen:g} x {p} miss rate); seconds: {cur.platform} seconds ({ref_desc}) - median {p} "
        "seconds"
    )
    return [
        Recommendation(
            priority=1,
            category="platform",
            platform=p,
            evidence=Evidence(figures=figures, run_ids=ref_ids + ids_of.get(p, []), source=src),
            estimated_impact=EstimatedImpact(
                seconds_saved_per_run=_r(ds), usd_saved_per_run=_r(du, 6), formula=formula
            ),
            action=(
                f"Run this workload on {p} instead of {cur.platform} to minimise "
                f"{objective.describe()}: ${b.median_cost_usd:.4f} per run there (median of "
                f"{b.successful_runs} similar runs) against ${ref_c:.4f}, saving ${du:.4f} "
                f"per run and {_slower_or_faster(ds)} ({b.median_seconds:.0f} s vs "
                f"{ref_s:.0f} s){risk}."
            ),
        )
    ]
