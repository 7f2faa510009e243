"""The Learning agent's words and numbers: rule-based insights, Bedrock insights, summary.

Rule-based insights are 2-5 plain sentences built only from figures the run and the
store hold (runtime against earlier runs on the same platform, success rate, quality,
the top optimization), so they are reproducible and never invent anything.
"""

from __future__ import annotations

import json
import math
from typing import Any

from strands_airflow.core.bedrock import BedrockSettings
from strands_airflow.vectors.model import LearningVector

# A change of at least this fraction between two windows counts as a trend.
TREND_THRESHOLD = 0.10


def _fmt_seconds(s: float) -> str:
    return f"{s / 60:.1f} min" if s >= 120 else f"{s:.1f} s"


def rule_insights(
    vector: LearningVector,
    history: Any = None,
    quality: dict[str, Any] | None = None,
    optimization: Any = None,
) -> str:
    """Insights from rules: outcome, comparison with history, quality, next step."""
    import numpy as np

    m = vector.execution_metrics
    platform = m.platform_used
    sentences = []
    runtime = m.execution_time_seconds
    took = f" in {_fmt_seconds(runtime)}" if runtime is not None else ""
    if m.success:
        sentences.append(f"The run on {platform} succeeded{took}.")
    else:
        error = str((m.model_extra or {}).get("error") or "").strip()
        reason = f": {error.splitlines()[0][:160]}" if error else ""
        sentences.append(f"The run on {platform} failed{took}{reason}.")

    if history is not None and len(history):
        others = np.array([vid != vector.vector_id for vid in history.vector_ids], dtype=bool)
        same = others & (history.platform == platform)
        n_same = int(same.sum())
        if n_same:
            rate = float(history.success[same].mean())
            times = history.execution_time_seconds[same & history.success]
            times = times[np.isfinite(times)]
            if runtime is not None and m.success and len(times) >= 3:
                median = float(np.median(times))
                if median > 0:
                    change = (runtime - median) / median
                    direction = "slower" if change > 0 else "faster"
                    sentences.append(
                        f"That is {abs(change):.0%} {direction} than the median "
                        f"({_fmt_seconds(median)}) of {len(times)} earlier successful "
                        f"{platform} runs."
                    )
            sentences.append(
                f"{platform} has succeeded in {rate:.0%} of its {n_same} earlier runs."
            )
        else:
            sentences.append(f"This is the first recorded run on {platform}.")

    q = quality or {}
    score = m.data_quality_score
    if score is not None:
        failed = [
            r for r in q.get("results", []) if isinstance(r, dict) and not r.get("passed", True)
        ]
        extra = f", {len(failed)} check(s) failed" if failed else ""
        sentences.append(f"Data quality scored {score:.2f}{extra}.")

    top = _top_recommendation(optimization)
    if top:
        sentences.append(f"Next improvement to try: {top}.")
    elif (
        vector.decision_context.decision_confidence
        and vector.decision_context.decision_confidence < 0.5
    ):
        sentences.append(
            f"The platform choice had low confidence "
            f"({vector.decision_context.decision_confidence:.2f}); more runs will sharpen it."
        )
    return " ".join(sentences[:5])


def _top_recommendation(optimization: Any) -> str | None:
    if optimization is None:
        return None
    if hasattr(optimization, "model_dump"):
        optimization = optimization.model_dump(mode="json")
    recs = optimization if isinstance(optimization, list) else optimization.get("recommendations")
    if not recs:
        return None
    recs = [r for r in recs if isinstance(r, dict) and r.get("action")]
    if not recs:
        return None
    best = min(recs, key=lambda r: r.get("priority", 99))
    return str(best["action"]).rstrip(".")[:200]


def bedrock_insights(
    vector: LearningVector,
    quality: dict[str, Any],
    optimization: Any,
    bedrock: BedrockSettings,
) -> str:
    """4-5 sentences from a Bedrock model (Converse API); raises on any problem."""
    from strands_airflow.core.bedrock import converse

    m = vector.execution_metrics
    prompt = (
        "Analyze this ETL execution and give learning insights in 4-5 sentences: what "
        "worked, what could improve, and advice for similar workloads.\n"
        f"Platform: {m.platform_used}\nExecution time (s): {m.execution_time_seconds}\n"
        f"Success: {m.success}\nQuality score: {m.data_quality_score}\n"
        f"Workload: {json.dumps(vector.workload_characteristics)}\n"
        f"Top recommendation: {_top_recommendation(optimization) or 'none'}"
    )
    text = converse(
        bedrock,
        prompt,
        system="You are an ML specialist analyzing ETL execution patterns.",
        max_tokens=400,
        temperature=0.2,
    )
    return text[:2000]


def summarize(history: Any, *, last_n: int = 20) -> dict[str, Any]:
    """Totals, success rate, per-platform counts, mean / p90 runtime and trend."""
    import numpy as np

    n = len(history)
    if n == 0:
        return {
            "total_runs": 0,
            "total_executions": 0,
            "successful_executions": 0,
            "success_rate": 0.0,
            "platforms": {},
            "platforms_used": {},
            "mean_execution_time_seconds": None,
            "p90_execution_time_seconds": None,
            "avg_execution_time_seconds": None,
            "trend": {"direction": "insufficient_data", "window": last_n},
            "message": "No learning data available yet",
        }
    times = history.execution_time_seconds[np.isfinite(history.execution_time_seconds)]
    platforms, counts = np.unique(history.platform, return_counts=True)
    per_platform = {str(p): int(c) for p, c in zip(platforms, counts, strict=True)}
    mean = float(times.mean()) if len(times) else None
    p90 = float(np.percentile(times, 90)) if len(times) else None
    successful = int(history.success.sum())
    return {
        "total_runs": n,
        "total_executions": n,
        "successful_executions": successful,
        "success_rate": successful / n,
        "platforms": per_platform,
        "platforms_used": per_platform,
        "mean_execution_time_seconds": mean,
        "p90_execution_time_seconds": p90,
        "avg_execution_time_seconds": mean,
        "trend": _trend(history, max(int(last_n), 1)),
    }


def _window(history: Any, sl: slice) -> dict[str, Any]:
    import numpy as np

    ok = history.success[sl]
    t = history.execution_time_seconds[sl]
    t = t[np.isfinite(t)]
    return {
        "runs": int(len(ok)),
        "success_rate": float(ok.mean()) if len(ok) else None,
        "mean_execution_time_seconds": float(t.mean()) if len(t) else None,
    }


def _trend(history: Any, last_n: int) -> dict[str, Any]:
    """Last ``last_n`` runs against the runs before them (history is oldest first).

    With fewer than ``2 * last_n`` runs the two halves of the history are compared.
    """
    n = len(history)
    if n < 4:
        return {
            "direction": "insufficient_data",
            "window": last_n,
            "recent": _window(history, slice(0, n)),
        }
    size = min(last_n, n // 2)
    recent = _window(history, slice(n - size, n))
    previous = _window(history, slice(n - 2 * size, n - size))
    score = 0
    delta = recent["success_rate"] - previous["success_rate"]
    score += 1 if delta > TREND_THRESHOLD / 2 else -1 if delta < -TREND_THRESHOLD / 2 else 0
    rt, pt = recent["mean_execution_time_seconds"], previous["mean_execution_time_seconds"]
    time_change = None
    if rt is not None and pt is not None and not math.isclose(pt, 0.0):
        time_change = (rt - pt) / pt
        score += -1 if time_change > TREND_THRESHOLD else 1 if time_change < -TREND_THRESHOLD else 0
    direction = "improving" if score > 0 else "degrading" if score < 0 else "stable"
    return {
        "direction": direction,
        "window": size,
        "recent": recent,
        "previous": previous,
        "success_rate_change": delta,
        "execution_time_change": time_change,
    }


def efficiency_score(
    vector: LearningVector,
    history: Any = None,
    *,
    basis: str = "runtime",
    recent: list[Any] | None = None,
) -> float | None:
    """How close the run came to the best known result for its workload class, 0..1.

    ``basis`` ``"runtime"``: best successful runtime of the class (volume level x
    complexity x transform, as the Decision agent groups runs) in ``history`` (the
    store's columnar view) and this run, divided by this run's runtime. ``"cost"``: the
    same with ``cost_estimate_usd`` of the class's successful runs in ``recent`` (vectors;
    the columnar view carries no cost) - falls back to runtime when this run has no cost.
    A failed run scores 0; a run without a time None.
    """
    import numpy as np

    from strands_airflow.agents.decision.learner import workload_class

    m = vector.execution_metrics
    if not m.success:
        return 0.0 if m.execution_time_seconds is not None else None
    cls = int(workload_class(np.asarray(vector.embedding, dtype=np.float64))[0])
    mine_cost = getattr(m, "cost_estimate_usd", None)
    if basis == "cost" and isinstance(mine_cost, int | float) and math.isfinite(mine_cost):
        past = []
        for v in recent or []:
            vm = v.execution_metrics
            c = getattr(vm, "cost_estimate_usd", None)
            if vm.success and isinstance(c, int | float) and math.isfinite(c) and c >= 0:
                if int(workload_class(np.asarray(v.embedding, dtype=np.float64))[0]) == cls:
                    past.append(float(c))
        best = min([float(mine_cost), *past])
        return 1.0 if mine_cost <= 0 else round(max(min(best / float(mine_cost), 1.0), 0.0), 4)
    t = m.execution_time_seconds
    if t is None:
        return None
    best_t = float(t)
    if history is not None and len(history):
        emb = np.asarray(history.embedding, dtype=np.float64)
        rt = np.asarray(history.execution_time_seconds, dtype=np.float64)
        sel = np.asarray(history.success, dtype=bool) & np.isfinite(rt) & (rt > 0)
        sel &= workload_class(emb) == cls
        if sel.any():
            best_t = min(best_t, float(rt[sel].min()))
    return 1.0 if t <= 0 else round(max(min(best_t / float(t), 1.0), 0.0), 4)
