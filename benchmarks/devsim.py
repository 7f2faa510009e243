"""A second platform simulator for Decision-agent scenarios (written blind; now a development set).

Written without looking at the Decision agent, with runtime laws that differ on purpose
from ``platform_sim.py`` so that a learner tuned to one does not pass the other:

* start-up is drawn per run from a per-platform range, and the range itself is drawn
  per seed from wide bounds (Glue standard vs Flex capacity, EMR Serverless with or
  without pre-initialised workers: "ready in seconds" vs minutes of cold start, Lambda
  cold starts);
* work scales as ``rate * GB ** exponent`` with sub-linear exponents for the
  autoscaling Spark services and super-linear ones for the single-node engines;
* joins cost linearly on Spark platforms but multiply (``(1 + c) ** joins``, the join
  explosion of a single node) on local DuckDB and Lambda;
* local DuckDB has a memory cliff: past the worker's RAM it spills (x3..x10 slower) and
  fails more and more often;
* Lambda has its hard limits: 15 minutes (a run past it is killed at 900 s) and a
  memory/ephemeral-storage limit of at most 10 GB (a larger job dies within seconds);
* Spark platforms have spot-like random slowdowns (a run is x1.5..x4 slower with a small
  probability) and failure rates that grow with size and joins (shuffle OOM);
* the size a workload declares is an estimate (log-normal error) of the true size, and
  the levels shown use their own thresholds (low < 2 GB, medium < 50 GB, high above).

Cost of a run: execution time + 1800 s if it failed. A run killed by a hard limit
(Lambda's time cap or its memory limit) must then run again elsewhere, so its expected
cost also carries the cost of the best limit-free platform. Expectations are taken by
quadrature over start-up, runtime noise and the slowdown mixture (no sampling error).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

PENALTY_S = 1800.0
LAMBDA_CAP_S = 900.0
ALL = ("local", "glue", "emr_serverless", "lambda")

# Gauss-Hermite nodes for a standard normal (probabilists'), normalised weights.
_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(16)
_GH_W = _GH_W / _GH_W.sum()
_U5 = (np.arange(5) + 0.5) / 5.0  # midpoints for a uniform draw
_SPOT3 = (np.arange(3) + 0.5) / 3.0


@dataclass(frozen=True)
class Spec:
    """The hidden truth about one platform in one seed."""

    startup_lo: float
    startup_hi: float
    rate: float  # seconds per GB at 1 GB
    gb_exp: float
    join_c: float
    join_explodes: bool
    src_c: float
    pyspark_mult: float
    noise_sd: float
    base_fail: float
    fail_join_size: float = 0.0  # extra failure per join per decade of GB
    cliff_gb: float | None = None
    cliff_mult: float = 1.0
    cliff_fail_k: float = 0.0
    hard_gb: float | None = None  # dies within seconds above it (Lambda memory)
    time_cap_s: float | None = None
    spot_p: float = 0.0
    spot_lo: float = 1.5
    spot_hi: float = 3.0
    slowdown: float = 1.0
    broken: bool = False  # every run fails shortly after start-up (outage, bad IAM role)


def _ln(rng, median, sd):
    return float(median * np.exp(rng.normal(0.0, sd)))


def draw_specs(rng: np.random.Generator) -> dict[str, Spec]:
    """Platform truths for one seed, from wide ranges."""
    lo_local = float(rng.uniform(0.2, 3.0))
    lo_glue = float(rng.uniform(8.0, 90.0))
    lo_emr = float(np.exp(rng.uniform(np.log(4.0), np.log(240.0))))
    lo_lam = float(rng.uniform(0.5, 3.0))
    return {
        "local": Spec(
            startup_lo=lo_local,
            startup_hi=lo_local * float(rng.uniform(1.5, 4.0)),
            rate=_ln(rng, 5.0, 0.6),
            gb_exp=float(rng.uniform(1.0, 1.2)),
            join_c=float(rng.uniform(0.08, 0.3)),
            join_explodes=True,
            src_c=float(rng.uniform(0.02, 0.15)),
            pyspark_mult=float(rng.uniform(1.5, 5.0)),
            noise_sd=float(rng.uniform(0.08, 0.3)),
            base_fail=float(rng.uniform(0.001, 0.008)),
            cliff_gb=float(np.exp(rng.uniform(np.log(6.0), np.log(150.0)))),
            cliff_mult=float(rng.uniform(3.0, 10.0)),
            cliff_fail_k=float(rng.uniform(0.05, 0.5)),
        ),
        "glue": Spec(
            startup_lo=lo_glue,
            startup_hi=lo_glue * float(rng.uniform(1.2, 5.0)),
            rate=_ln(rng, 2.0, 0.5),
            gb_exp=float(rng.uniform(0.75, 0.95)),
            join_c=float(rng.uniform(0.04, 0.2)),
            join_explodes=False,
            src_c=float(rng.uniform(0.01, 0.08)),
            pyspark_mult=float(rng.uniform(0.8, 1.15)),
            noise_sd=float(rng.uniform(0.12, 0.35)),
            base_fail=float(rng.uniform(0.003, 0.02)),
            fail_join_size=float(rng.uniform(0.0, 0.006)),
            spot_p=float(rng.uniform(0.0, 0.15)),
            spot_lo=1.5,
            spot_hi=float(rng.uniform(2.0, 4.0)),
        ),
        "emr_serverless": Spec(
            startup_lo=lo_emr,
            startup_hi=lo_emr * float(rng.uniform(1.2, 3.0)),
            rate=_ln(rng, 1.2, 0.5),
            gb_exp=float(rng.uniform(0.65, 0.9)),
            join_c=float(rng.uniform(0.02, 0.12)),
            join_explodes=False,
            src_c=float(rng.uniform(0.01, 0.06)),
            pyspark_mult=float(rng.uniform(0.7, 1.05)),
            noise_sd=float(rng.uniform(0.1, 0.3)),
            base_fail=float(rng.uniform(0.002, 0.015)),
            fail_join_size=float(rng.uniform(0.0, 0.004)),
            spot_p=float(rng.uniform(0.0, 0.1)),
            spot_lo=1.5,
            spot_hi=float(rng.uniform(2.0, 4.0)),
        ),
        "lambda": Spec(
            startup_lo=lo_lam,
            startup_hi=lo_lam * float(rng.uniform(1.5, 5.0)),
            rate=_ln(rng, 8.0, 0.5),
            gb_exp=float(rng.uniform(1.0, 1.3)),
            join_c=float(rng.uniform(0.15, 0.45)),
            join_explodes=True,
            src_c=float(rng.uniform(0.05, 0.2)),
            pyspark_mult=float(rng.uniform(1.5, 4.0)),
            noise_sd=float(rng.uniform(0.1, 0.3)),
            base_fail=float(rng.uniform(0.001, 0.008)),
            hard_gb=float(rng.uniform(3.0, 10.0)),
            time_cap_s=LAMBDA_CAP_S,
        ),
    }


@dataclass(frozen=True)
class Job:
    gb: float  # true size
    joins: int
    sources: int
    pyspark: bool
    shown: dict


def _work(s: Spec, j: Job) -> float:
    w = s.rate * j.gb**s.gb_exp
    w *= (1.0 + s.join_c) ** j.joins if s.join_explodes else 1.0 + s.join_c * j.joins
    w *= 1.0 + s.src_c * (j.sources - 1)
    if j.pyspark:
        w *= s.pyspark_mult
    if s.cliff_gb is not None and j.gb > s.cliff_gb:
        w *= s.cliff_mult
    return w


def fail_prob(s: Spec, j: Job) -> float:
    """Probability of an ordinary failure (not a hard limit)."""
    if s.broken:
        return 1.0
    p_ok = 1.0 - s.base_fail
    p_ok *= 1.0 - min(0.6, s.fail_join_size * j.joins * max(0.0, np.log10(j.gb + 1.0)))
    if s.cliff_gb is not None and j.gb > s.cliff_gb:
        p_ok *= float(np.exp(-s.cliff_fail_k * (j.gb / s.cliff_gb - 1.0)))
    return 1.0 - p_ok


def _broken_fail_time(s: Spec) -> float:
    return 0.5 * (s.startup_lo + s.startup_hi) + 20.0


def limit_free(specs: dict[str, Spec], platforms) -> list[str]:
    return [p for p in platforms if specs[p].time_cap_s is None and specs[p].hard_gb is None]


def expected_cost(s: Spec, j: Job, rerun_cost: float = 0.0) -> float:
    """E[time + 1800 * failed] of one run; a hard-limit kill also pays ``rerun_cost``."""
    if s.broken:
        return _broken_fail_time(s) + PENALTY_S
    if s.hard_gb is not None and j.gb > s.hard_gb:
        return s.startup_hi + 15.0 + PENALTY_S + rerun_cost
    start = s.startup_lo + (s.startup_hi - s.startup_lo) * _U5  # (5,)
    noise = np.exp(s.noise_sd * _GH_X)  # (16,)
    mults = [(1.0 - s.spot_p, np.array([1.0]))]
    if s.spot_p > 0:
        mults.append((s.spot_p, s.spot_lo + (s.spot_hi - s.spot_lo) * _SPOT3))
    w = _work(s, j)
    p = fail_prob(s, j)
    total = 0.0
    for weight, m in mults:
        t = (start[:, None, None] + w * m[None, None, :]) * noise[None, :, None] * s.slowdown
        ok_cost = (1.0 - p) * t + p * (0.55 * t + PENALTY_S)
        if s.time_cap_s is not None:
            ok_cost = np.where(t > s.time_cap_s, s.time_cap_s + PENALTY_S + rerun_cost, ok_cost)
        c = ok_cost.mean(axis=2).mean(axis=0)  # uniform start, uniform spot factor
        total += weight * float(_GH_W @ c)
    return total


def costs(specs: dict[str, Spec], j: Job, platforms) -> np.ndarray:
    """Expected penalized cost of each platform (in ``platforms`` order)."""
    free = limit_free(specs, platforms)
    base = {p: expected_cost(specs[p], j) for p in free}
    rerun = min(base.values()) if base else 0.0
    return np.array(
        [base[p] if p in base else expected_cost(specs[p], j, rerun) for p in platforms]
    )


def run(s: Spec, j: Job, rng: np.random.Generator) -> tuple[float, bool]:
    """One simulated run: (execution_time_seconds, success)."""
    if s.broken:
        return _broken_fail_time(s) * float(rng.uniform(0.8, 1.2)), False
    start = float(rng.uniform(s.startup_lo, s.startup_hi))
    if s.hard_gb is not None and j.gb > s.hard_gb:
        return start + float(rng.uniform(2.0, 30.0)), False
    m = 1.0
    if rng.random() < s.spot_p:
        m = float(rng.uniform(s.spot_lo, s.spot_hi))
    t = (start + _work(s, j) * m) * float(np.exp(s.noise_sd * rng.standard_normal())) * s.slowdown
    if s.time_cap_s is not None and t > s.time_cap_s:
        return s.time_cap_s, False
    if rng.random() < fail_prob(s, j):
        return t * float(rng.uniform(0.1, 1.0)), False
    return t, True


# -- workloads ---------------------------------------------------------------------------


def volume_level(gb: float) -> str:
    return "low" if gb < 2.0 else ("medium" if gb < 50.0 else "high")


def complexity_level(joins: int) -> str:
    return "low" if joins <= 1 else ("medium" if joins <= 4 else "high")


def make_job(
    rng: np.random.Generator,
    gb_range: tuple[float, float] = (0.005, 2000.0),
    mean_joins: float = 2.0,
    pyspark_share: float = 0.35,
    show: str = "numbers",
    estimate_sd: float = 0.25,
    gb: float | None = None,
) -> Job:
    """A job; ``show`` is numbers | levels | both | mixed (one of the three per job)."""
    if gb is None:
        gb = float(np.exp(rng.uniform(np.log(gb_range[0]), np.log(gb_range[1]))))
    joins = int(min(rng.geometric(1.0 / (1.0 + mean_joins)) - 1, 15))
    sources = 1 + int(min(rng.poisson(0.8), 8))
    pys = bool(rng.random() < pyspark_share)
    if show == "mixed":
        show = str(rng.choice(["numbers", "levels", "both"]))
    est = gb * float(np.exp(rng.normal(0.0, estimate_sd)))
    shown: dict = {}
    if show in ("levels", "both"):
        shown.update(
            data_volume=volume_level(est),
            complexity=complexity_level(joins),
            criticality=str(rng.choice(["low", "medium", "high"])),
        )
    if show in ("numbers", "both"):
        shown.update(
            data_volume_gb=round(est, 4),
            num_joins=joins,
            source_count=sources,
            transform="pyspark" if pys else "sql",
        )
    return Job(gb, joins, sources, pys, shown)


def heavy_tail_gb(rng: np.random.Generator) -> float:
    return float(min(0.02 * (1.0 + rng.pareto(0.6)), 30000.0))


def with_(specs: dict[str, Spec], name: str, **kw) -> dict[str, Spec]:
    return dict(specs, **{name: replace(specs[name], **kw)})
