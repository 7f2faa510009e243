"""From the learner's posterior to a :class:`Decision`: sampling, constraints, reasoning."""

from __future__ import annotations

from typing import Any

import numpy as np

from strands_airflow.agents.decision.constraints import PlatformChoice
from strands_airflow.agents.decision.learner import (
    FAILURE_PENALTY_S,
    PlatformLearner,
    describe_class,
    log10_gb,
    workload_class,
)
from strands_airflow.agents.decision.model import Decision, PlatformScore
from strands_airflow.agents.decision.priors import LAMBDA_LIMIT_S, RULE_TEXT, design_matrix
from strands_airflow.exceptions import DecisionInputError

#: Cold-start confidence is capped here: rules of thumb are not evidence.
COLD_START_MAX_CONFIDENCE = 0.5
#: The pick's own draw samples failure rates with this share of their posterior spread.
#: Rare failures (a few in a hundred runs) take thousands of runs to tell apart, so fully
#: sampling them would keep "exploring" for a difference no run can reveal, mostly on
#: short jobs where the 1800 s penalty dwarfs the runtime; a frequent failure (a broken or
#: flaky platform) still shows at once, because each failure moves the estimate far.
FAILURE_EXPLORE = 0.5
#: Runs on a platform after which its exploration spread is halfway down to ``explore``.
UNTRIED_RUNS = 5.0
#: A platform with no runs at all is tried once when its P(best) reaches this.
UNTRIED_MIN_P_BEST = 0.05


def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def score(
    learner: PlatformLearner,
    embedding: np.ndarray,
    choice: PlatformChoice,
    rng: np.random.Generator,
    *,
    n_samples: int = 512,
    explore: float = 1.0,
    max_explore_ratio: float = 2.0,
    workload: dict[str, Any] | None = None,
) -> Decision:
    """Pick a platform for one workload embedding by Thompson sampling.

    Each usable platform gets ``n_samples`` posterior draws of its expected penalized
    runtime. The pick is the fastest platform in the first draw (exploration: a platform
    is chosen with the posterior probability that it is the best one), or by the posterior
    mean when ``explore`` is False or nothing has been observed yet (cold start).
    ``confidence`` is the share of draws in which the pick is fastest.
    """
    x = design_matrix(embedding)
    cls = int(workload_class(embedding)[0])
    scores: dict[str, PlatformScore] = {}
    for platform, reason in choice.unusable.items():
        scores[platform] = PlatformScore(platform=platform, usable=False, excluded_reason=reason)
    n_history = sum(learner.total_runs.get(p, 0) for p in choice.usable)
    cold = n_history == 0
    z = draw_normals(learner, choice, x, rng, 4, n_samples, float(explore))
    scored: list[tuple[PlatformScore, np.ndarray]] = []
    for i, platform in enumerate(choice.usable):
        d, point = learner.sample_penalized(platform, x, z[i])
        summary = learner.class_summary(platform, cls)
        sc = PlatformScore(
            platform=platform,
            expected_penalized_runtime_s=point["expected_penalized_runtime_s"],
            # Half the central 68% range: a robust sd (draws are log-normal, heavy-tailed).
            uncertainty_s=float(np.subtract(*np.percentile(d, [84, 16])) / 2.0),
            expected_runtime_s=point["expected_runtime_s"],
            failure_probability=point["failure_probability"],
            n_runs=learner.total_runs.get(platform, 0),
            effective_evidence=round(learner.evidence(platform), 2),
            median_runtime_s=point["median_runtime_s"],
            **summary,
        )
        scored.append((sc, d))
    names, pick_draw, p_best = gather(scores, scored)
    means = [scores[p].expected_penalized_runtime_s or 0.0 for p in names]
    pick, greedy, confidence = settle_pick(
        scores,
        names,
        means,
        p_best,
        pick_draw,
        cold=cold,
        explore=explore,
        max_explore_ratio=max_explore_ratio,
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
    )
    decision.reasoning = explain(decision, describe_class(embedding), names[greedy])
    return decision


def draw_normals(
    learner: PlatformLearner,
    choice: PlatformChoice,
    x: np.ndarray,
    rng: np.random.Generator,
    rows: int,
    n_samples: int,
    bold: float,
) -> np.ndarray:
    """Standard normals (platforms, rows, n_samples + 1) for the posterior draws.

    Row 3 (the shared failure term) is the same for every platform. The last column is
    the pick's own draw, its spread scaled by ``bold`` once a platform has runs behind it
    at about this size (within a factor of 2); one with no or few runs near this size
    keeps (nearly) the full posterior spread, so a prior that undersells it (a size limit
    guessed too low) does not hide it for good. Its failure rows are further scaled by
    ``FAILURE_EXPLORE``.
    """
    z = rng.standard_normal((len(choice.usable), rows, n_samples + 1))
    z[:, 3] = z[0, 3]
    size = float(log10_gb(x)[0])
    for i, platform in enumerate(choice.usable):
        runs = learner.failure.nearby_runs(platform, size)
        z[i, :, -1] *= bold + (1.0 - bold) / (1.0 + runs / UNTRIED_RUNS)
    z[:, 3, -1] = z[0, 3, -1]
    z[:, 2:4, -1] *= FAILURE_EXPLORE
    return z


def gather(
    scores: dict[str, PlatformScore], scored: list[tuple[PlatformScore, np.ndarray]]
) -> tuple[list[str], int, np.ndarray]:
    """Record each platform's score (Lambda predicted past its 15-minute limit becomes
    unusable) and return the usable names, the index of the pick's own draw (the last
    column) and each usable platform's share of the other draws it wins (P(best))."""
    names: list[str] = []
    draws: list[np.ndarray] = []
    for sc, d in scored:
        if sc.platform == "lambda" and (sc.median_runtime_s or 0.0) > LAMBDA_LIMIT_S:
            sc.usable = False
            sc.excluded_reason = (
                f"predicted {_fmt_s(sc.median_runtime_s)}, past Lambda's 15-minute limit"
            )
        scores[sc.platform] = sc
        if sc.usable:
            names.append(sc.platform)
            draws.append(d)
    if not names:
        why = "; ".join(f"{p}: {s.excluded_reason}" for p, s in scores.items() if s.excluded_reason)
        raise DecisionInputError(
            f"platforms: no platform can run this workload ({why}); enable local, glue or "
            "emr_serverless"
        )
    D = np.stack(draws)  # (platforms, samples + 1)
    pick_draw = int(D[:, -1].argmin())
    p_best = np.bincount(D[:, :-1].argmin(axis=0), minlength=len(names)) / (D.shape[1] - 1)
    return names, pick_draw, p_best


def settle_pick(
    scores: dict[str, PlatformScore],
    names: list[str],
    means: list[float],
    p_best: np.ndarray,
    pick_draw: int,
    *,
    cold: bool,
    explore: float,
    max_explore_ratio: float,
    costs: list[float] | None = None,
    max_cost_ratio: float | None = None,
) -> tuple[int, int, float]:
    """(pick, greedy, confidence) from the posterior draw and the expected objective.

    Exploring a platform expected to do far worse than the best guess is worth it only
    while there is little evidence about it for this kind of job: the allowed ratio of
    expected objectives shrinks from 1 + max_explore_ratio (no similar runs) toward 1 as
    runs accumulate. With ``costs`` (expected USD of one run) an exploratory pick is
    also never expected to cost more than ``max_cost_ratio`` times the greedy pick.
    Sets each score's probability_best.
    """
    greedy = int(np.argmin(means))
    pick = greedy if (cold or not explore) else pick_draw
    if not cold and explore:
        # A platform never run at all is tried once as soon as it has a real chance to
        # be the best (like a bandit that plays every arm once): otherwise an untried
        # engine keeps its prior's uncertainty forever and confidence cannot rise.
        untried = [i for i, p in enumerate(names) if scores[p].n_runs == 0]
        chance = [i for i in untried if p_best[i] >= UNTRIED_MIN_P_BEST]
        if chance:
            pick = max(chance, key=lambda i: p_best[i])
    allowed = 1.0 + max_explore_ratio / np.sqrt(1.0 + scores[names[pick]].n_similar_runs)
    if costs is None:
        if means[pick] > allowed * means[greedy]:
            pick = greedy
    elif max_cost_ratio is not None and costs[pick] > max_cost_ratio * costs[greedy]:
        pick = greedy
    for i, platform in enumerate(names):
        scores[platform].probability_best = float(p_best[i])
    confidence = float(p_best[pick])
    if cold:
        confidence = min(confidence, COLD_START_MAX_CONFIDENCE)
    return pick, greedy, confidence


def explain(decision: Decision, class_text: str, greedy: str) -> str:
    """Reasoning a person can check: the numbers per platform and why this one."""
    pick = decision.selected_platform
    sc = decision.scores[pick]
    usable = sorted(
        (s for s in decision.scores.values() if s.usable),
        key=lambda s: s.expected_penalized_runtime_s or 0.0,
    )
    lines = [
        f"Selected {pick} for a {class_text} workload: expected "
        f"{_fmt_s(sc.expected_penalized_runtime_s)} (+/- {_fmt_s(sc.uncertainty_s)}) including "
        f"a {FAILURE_PENALTY_S:.0f} s penalty per failure; confidence {decision.confidence:.2f} "
        f"(share of posterior draws in which {pick} is fastest)."
    ]
    if decision.cold_start:
        lines.append(
            "No run history yet: this follows rules of thumb, so confidence is low. "
            + RULE_TEXT.get(pick, "")
            + "."
        )
    total_similar = sum(s.n_similar_runs for s in decision.scores.values())
    lines.append(f"Similar past runs ({class_text}): {total_similar}.")
    for s in usable:
        if s.n_similar_runs:
            hist = (
                f"{s.n_similar_runs} similar runs, mean {_fmt_s(s.mean_runtime_s)}, "
                f"{100 * (s.failure_rate or 0.0):.0f}% failed"
            )
        else:
            hist = "no similar runs"
        lines.append(
            f"- {s.platform}: {hist}; model expects {_fmt_s(s.expected_runtime_s)}, "
            f"P(fail) {s.failure_probability:.2f}, penalized {_fmt_s(s.expected_penalized_runtime_s)}, "
            f"P(best) {s.probability_best:.2f} ({s.n_runs} runs in total)."
        )
    for s in decision.scores.values():
        if not s.usable:
            lines.append(f"- {s.platform}: not considered ({s.excluded_reason}).")
    if decision.explored:
        lines.append(
            f"Exploring: {greedy} has the lowest expected time, but {pick} is close or has thin "
            "evidence, so it is tried with the probability that it is in fact the best."
        )
    return "\n".join(lines)
