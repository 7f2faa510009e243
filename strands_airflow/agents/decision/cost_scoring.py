"""Decisions under a cost objective: expected USD + penalty x P(deadline missed).

The runtime and failure posteriors are the learner's (:mod:`.learner`); the bill of a
run is the platform's tariff at that runtime times the learned price correction
(:mod:`.cost`). Per posterior draw of (runtime median, noise, failure rate, correction):

- cost   = (tariff's E[bill] over the run's runtime spread) x correction x (1 - P(fail)/2)
  (a failed run stops on average half way and is billed for what it ran; a Lambda run
  still going at 15 minutes is killed and billed to the limit);
- P(miss) = 1 - (1 - P(fail)) x P(runtime <= min(deadline, time limit));
- objective = cost + penalty x P(miss); without a deadline nothing is missed and the
  objective is the pure expected cost.

The pick, exploration and confidence work as for runtime (:mod:`.scoring`), on this
objective, and an exploratory pick may never be expected to cost more than
``cost_explore_ratio`` times the best guess.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from strands_airflow.agents.decision.constraints import PlatformChoice
from strands_airflow.agents.decision.cost import CostLearner, expected_billed_seconds, norm_sf
from strands_airflow.agents.decision.learner import (
    TIME_LIMITS_S,
    PlatformLearner,
    describe_class,
    workload_class,
)
from strands_airflow.agents.decision.model import Decision, PlatformScore
from strands_airflow.agents.decision.priors import RULE_TEXT, design_matrix
from strands_airflow.agents.decision.scoring import (
    _fmt_s,
    draw_normals,
    gather,
    settle_pick,
)
from strands_airflow.core.objective import Objective

#: Share of the agent's ``explore`` used for the pick's own draw under a cost objective.
COST_EXPLORE_SHARE = 0.5


def _usd(v: float | None) -> str:
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        return f"${v:,.0f}"
    if abs(v) >= 0.1:
        return f"${v:.2f}"
    if abs(v) >= 0.001:
        return f"${v:.4f}"
    return f"${v:.2g}"


def _platform_objective(
    learner: PlatformLearner,
    costs: CostLearner,
    platform: str,
    emb: np.ndarray,
    x: np.ndarray,
    z: np.ndarray,
    objective: Objective,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Draws of the objective (from ``z`` rows 0..4) and point estimates for one platform."""
    s = learner.settings
    m, cov, a, b = learner.runtime[platform].posterior()
    mean_log = float(x @ m)
    q = float(x @ cov @ x)
    g = a * (1.0 - 1.0 / (9.0 * a) + z[0] / math.sqrt(9.0 * a)) ** 3
    var = np.minimum(b / np.maximum(g, 1e-3), s.max_noise_var)
    log_mu = mean_log + np.sqrt(var * q + s.model_error_sd**2) * z[1]
    p_fail, p_hat = learner.sample_failure(platform, x, z[:4])
    tar = costs.tariff(platform)
    c_mean, c_sd = costs.correction(platform, emb)
    limit = TIME_LIMITS_S.get(platform)
    cut = min(objective.deadline_seconds or math.inf, limit or math.inf)

    def evaluate(log_med: Any, sd: Any, pf: Any, corr: Any) -> tuple[Any, Any]:
        billed = expected_billed_seconds(log_med, sd, tar.minimum_s, limit)
        cost = (tar.usd_per_s * billed + tar.fixed_usd) * corr * (1.0 - 0.5 * pf)
        if objective.deadline_seconds is None:
            return cost, 0.0 * cost  # nothing to miss: pure expected cost
        late = norm_sf((math.log(cut) - log_med) / sd)
        miss = 1.0 - (1.0 - pf) * (1.0 - late)
        return cost, miss

    corr = np.exp(c_mean + c_sd * z[4])
    cost, miss = evaluate(log_mu, np.sqrt(var), p_fail, corr)
    draws = cost + objective.deadline_penalty_usd * miss
    # Point estimates at the posterior means; P(miss) over one run's predictive spread.
    var_hat = min(b / max(a - 1.0, 1e-6), s.max_noise_var)
    sd_pred = math.sqrt(var_hat * (1.0 + q) + s.model_error_sd**2)
    cost_hat, _ = evaluate(mean_log, math.sqrt(var_hat), p_hat, math.exp(c_mean + c_sd**2 / 2.0))
    _, miss_hat = evaluate(mean_log, sd_pred, p_hat, 1.0)
    point: dict[str, Any] = {
        "expected_cost_usd": float(cost_hat),
        "cost_uncertainty_usd": float(np.subtract(*np.percentile(cost, [84, 16])) / 2.0),
        "deadline_miss_probability": (
            None if objective.deadline_seconds is None else float(miss_hat)
        ),
        "expected_objective_usd": float(cost_hat + objective.deadline_penalty_usd * miss_hat),
        "median_runtime_s": math.exp(min(mean_log, 25.0)),
        "expected_runtime_s": math.exp(min(mean_log + var_hat / 2.0, 25.0)),
        "failure_probability": p_hat,
    }
    return draws, point


def score_cost(
    learner: PlatformLearner,
    costs: CostLearner,
    embedding: np.ndarray,
    choice: PlatformChoice,
    rng: np.random.Generator,
    objective: Objective,
    *,
    n_samples: int = 512,
    explore: float = 1.0,
    max_explore_ratio: float = 2.0,
    cost_explore_ratio: float = 3.0,
    workload: dict[str, Any] | None = None,
) -> Decision:
    """Pick the platform with the lowest expected objective (Thompson sampling, as
    :func:`.scoring.score`); every usable platform's score carries its expected cost,
    the cost's uncertainty and its chance to miss the deadline."""
    x = design_matrix(embedding)
    cls = int(workload_class(embedding)[0])
    for platform, conf in choice.settings.items():
        costs.set_platform_settings(platform, conf)
    scores: dict[str, PlatformScore] = {}
    for platform, reason in choice.unusable.items():
        scores[platform] = PlatformScore(platform=platform, usable=False, excluded_reason=reason)
    n_history = sum(learner.total_runs.get(p, 0) for p in choice.usable)
    cold = n_history == 0
    # Half the runtime objective's exploration spread: a cost objective is dominated by
    # rare failures and deadline misses, which one more run barely reveals, while a wrong
    # exploratory pick often costs a multiple of the best (penalty over cents).
    bold = float(explore) * COST_EXPLORE_SHARE
    z = draw_normals(learner, choice, x, rng, 5, n_samples, bold)
    scored: list[tuple[PlatformScore, np.ndarray]] = []
    for i, platform in enumerate(choice.usable):
        learner._ensure(platform)
        d, point = _platform_objective(learner, costs, platform, embedding, x, z[i], objective)
        sc = PlatformScore(
            platform=platform,
            n_runs=learner.total_runs.get(platform, 0),
            effective_evidence=round(learner.evidence(platform), 2),
            uncertainty_s=None,
            **point,
            **learner.class_summary(platform, cls),
        )
        scored.append((sc, d))
    names, pick_draw, p_best = gather(scores, scored)
    means = [scores[p].expected_objective_usd or 0.0 for p in names]
    # Exploration is bounded in money too: never try a platform expected to cost more
    # than ``cost_explore_ratio`` times the best guess, however little is known about it.
    pick, greedy, confidence = settle_pick(
        scores,
        names,
        means,
        p_best,
        pick_draw,
        cold=cold,
        explore=explore,
        max_explore_ratio=max_explore_ratio,
        costs=[scores[p].expected_cost_usd or 0.0 for p in names],
        max_cost_ratio=cost_explore_ratio,
    )
    decision = Decision(
        selected_platform=names[pick],
        confidence=confidence,
        reasoning="",
        scores=scores,
        cold_start=cold,
        explored=pick != greedy,
        workload=workload or {},
        n_history=int(n_history),
        objective=objective.model_dump(),
    )
    decision.reasoning = explain_cost(decision, describe_class(embedding), names[greedy], objective)
    return decision


def _risk_text(s: PlatformScore, objective: Objective) -> str:
    if objective.deadline_seconds is None:
        return f"{100.0 * (s.failure_probability or 0.0):.0f}% chance to fail"
    pct = 100.0 * (s.deadline_miss_probability or 0.0)
    return f"{pct:.0f}% chance to miss {_fmt_s(objective.deadline_seconds)}"


def explain_cost(decision: Decision, class_text: str, greedy: str, objective: Objective) -> str:
    """Reasoning a person can check: cost, its spread and the deadline risk per platform."""
    pick = decision.selected_platform
    sc = decision.scores[pick]
    usable = sorted(
        (s for s in decision.scores.values() if s.usable),
        key=lambda s: s.expected_objective_usd or 0.0,
    )
    lines = [
        f"Selected {pick} for a {class_text} workload, minimising {objective.describe()}: "
        f"{_usd(sc.expected_cost_usd)} expected (+/- {_usd(sc.cost_uncertainty_usd)}), "
        f"{_risk_text(sc, objective)}; objective {_usd(sc.expected_objective_usd)}; "
        f"confidence {decision.confidence:.2f} (share of posterior draws in which {pick} "
        "has the lowest objective)."
    ]
    if decision.cold_start:
        lines.append(
            "No run history yet: runtimes follow rules of thumb and costs the list prices "
            "for the platform settings, so confidence is low. " + RULE_TEXT.get(pick, "") + "."
        )
    cheapest = min(usable, key=lambda s: s.expected_cost_usd or 0.0)
    if objective.deadline_seconds is None:
        if cheapest.platform == pick and len(usable) > 1:
            lines.append(f"{pick} is the cheapest expected (no deadline: cost alone decides).")
    elif cheapest.platform != pick and not decision.explored:
        head = (
            f"{pick}: {_usd(sc.expected_cost_usd)}, {_risk_text(sc, objective)}; "
            f"{cheapest.platform}: {_usd(cheapest.expected_cost_usd)}, "
            f"{_risk_text(cheapest, objective)}: "
        )
        if (sc.deadline_miss_probability or 0.0) < (cheapest.deadline_miss_probability or 0.0):
            lines.append(
                head + f"{pick} is cheaper once the deadline risk is priced at "
                f"{_usd(objective.deadline_penalty_usd)} per miss."
            )
        else:
            lines.append(
                head + f"nearly tied; {pick} has the lower expected objective "
                f"({_usd(sc.expected_objective_usd)} vs "
                f"{_usd(cheapest.expected_objective_usd)})."
            )
    elif cheapest.platform == pick and len(usable) > 1:
        lines.append(
            f"{pick} is the cheapest expected, and its deadline risk priced at "
            f"{_usd(objective.deadline_penalty_usd)} per miss does not outweigh that."
        )
    for s in usable:
        hist = (
            f"{s.n_similar_runs} similar runs, mean {_fmt_s(s.mean_runtime_s)}, "
            f"{100 * (s.failure_rate or 0.0):.0f}% failed"
            if s.n_similar_runs
            else "no similar runs"
        )
        lines.append(
            f"- {s.platform}: {_usd(s.expected_cost_usd)} expected (+/- "
            f"{_usd(s.cost_uncertainty_usd)}), {_risk_text(s, objective)}, objective "
            f"{_usd(s.expected_objective_usd)}; model expects {_fmt_s(s.expected_runtime_s)}, "
            f"P(fail) {s.failure_probability:.2f}, P(best) {s.probability_best:.2f}; {hist} "
            f"({s.n_runs} runs in total)."
        )
    for s in decision.scores.values():
        if not s.usable:
            lines.append(f"- {s.platform}: not considered ({s.excluded_reason}).")
    if decision.explored:
        lines.append(
            f"Exploring: {greedy} has the lowest expected objective, but {pick} is close or "
            "has thin evidence, so it is tried with the probability that it is in fact the "
            "best (never above the exploration cost cap)."
        )
    return "\n".join(lines)
