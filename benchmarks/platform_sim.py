"""A simulator of the four platforms for the Decision agent's regret benchmark.

Runtime of a job on a platform = start-up + work, where work grows with the true data
size (with a per-platform exponent near 1), joins, sources and PySpark vs SQL, times
log-normal noise. Failures: a base rate, memory limits (local DuckDB, Lambda) that bite
as size grows, optional "flaky for large jobs", and Lambda's 15-minute cap (a run past
it fails at 900 s). A failed run costs its time plus 1800 s.

Every constant is drawn per seed around a nominal value (log-normal, ~35% spread), so a
learner cannot be tuned to one set of numbers; the nominal values are deliberately not
the Decision agent's rules of thumb.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

PENALTY_S = 1800.0
# Standard normal quantiles used to take expectations over runtime noise exactly enough.
_Q = np.array([-2.33, -1.64, -1.28, -0.84, -0.52, -0.25, 0.0, 0.25, 0.52, 0.84, 1.28, 1.64, 2.33])
_QW = np.array([0.02, 0.04, 0.06, 0.1, 0.11, 0.12, 0.1, 0.12, 0.11, 0.1, 0.06, 0.04, 0.02])
_QW = _QW / _QW.sum()


@dataclass(frozen=True)
class PlatformSpec:
    """The hidden truth about one platform."""

    startup_s: float
    s_per_gb: float
    volume_exponent: float = 1.0
    join_cost: float = 0.1
    source_cost: float = 0.05
    pyspark_factor: float = 1.0
    noise_sd: float = 0.2
    base_fail: float = 0.02
    mem_limit_gb: float | None = None
    mem_sharpness: float = 3.0
    time_limit_s: float | None = None
    flaky_above_gb: float | None = None
    flaky_p: float = 0.0
    slowdown: float = 1.0


NOMINAL: dict[str, PlatformSpec] = {
    "local": PlatformSpec(
        1.5,
        6.0,
        join_cost=0.3,
        pyspark_factor=3.0,
        base_fail=0.01,
        mem_limit_gb=150.0,
        mem_sharpness=3.0,
    ),
    "glue": PlatformSpec(45.0, 3.5, join_cost=0.1, pyspark_factor=0.9),
    "emr_serverless": PlatformSpec(100.0, 1.8, join_cost=0.06, pyspark_factor=0.85),
    "lambda": PlatformSpec(
        0.8,
        15.0,
        join_cost=0.4,
        pyspark_factor=1.3,
        base_fail=0.01,
        mem_limit_gb=6.0,
        mem_sharpness=4.0,
        time_limit_s=900.0,
    ),
}


def draw_specs(rng: np.random.Generator, spread: float = 0.35) -> dict[str, PlatformSpec]:
    """Platform truths for one seed: nominal constants times random factors."""
    out = {}
    for name, s in NOMINAL.items():
        f = lambda: float(np.exp(rng.normal(0.0, spread)))  # noqa: E731
        out[name] = replace(
            s,
            startup_s=s.startup_s * f(),
            s_per_gb=s.s_per_gb * f(),
            volume_exponent=float(rng.uniform(0.85, 1.1)),
            join_cost=s.join_cost * f(),
            pyspark_factor=s.pyspark_factor * f() ** 0.5,
            noise_sd=float(rng.uniform(0.1, 0.4)),
            base_fail=min(s.base_fail * f(), 0.2),
            mem_limit_gb=None if s.mem_limit_gb is None else s.mem_limit_gb * f(),
        )
    return out


@dataclass(frozen=True)
class Job:
    """A job's hidden truth and what the agent is told about it."""

    gb: float
    joins: int
    sources: int
    pyspark: bool
    shown: dict


def _median_runtime(s: PlatformSpec, job: Job) -> float:
    work = s.s_per_gb * job.gb**s.volume_exponent
    work *= (1.0 + s.join_cost * job.joins) * (1.0 + s.source_cost * (job.sources - 1))
    if job.pyspark:
        work *= s.pyspark_factor
    return (s.startup_s + work) * s.slowdown


def _other_fail(s: PlatformSpec, job: Job) -> float:
    p_ok = 1.0 - s.base_fail
    if s.mem_limit_gb is not None:
        z = s.mem_sharpness * np.log(job.gb / s.mem_limit_gb)
        p_ok *= 1.0 - 1.0 / (1.0 + np.exp(-z))
    if s.flaky_above_gb is not None and job.gb > s.flaky_above_gb:
        p_ok *= 1.0 - s.flaky_p
    return 1.0 - p_ok


def expected_penalized(s: PlatformSpec, job: Job) -> float:
    """E[execution time + 1800 s * failed] of one run (noise integrated out)."""
    t = _median_runtime(s, job) * np.exp(s.noise_sd * _Q)
    p = _other_fail(s, job)
    ok_cost = (1.0 - p) * t + p * (0.5 * t + PENALTY_S)
    if s.time_limit_s is not None:
        ok_cost = np.where(t > s.time_limit_s, s.time_limit_s + PENALTY_S, ok_cost)
    return float(_QW @ ok_cost)


def run(s: PlatformSpec, job: Job, rng: np.random.Generator) -> tuple[float, bool]:
    """One simulated run: (execution_time_seconds, success)."""
    t = _median_runtime(s, job) * float(np.exp(s.noise_sd * rng.standard_normal()))
    if s.time_limit_s is not None and t > s.time_limit_s:
        return s.time_limit_s, False
    if rng.random() < _other_fail(s, job):
        return t * float(rng.uniform(0.05, 1.0)), False
    return t, True


# -- workload generators -------------------------------------------------------------


def _level(gb: float) -> str:
    return "low" if gb < 10 else ("medium" if gb < 100 else "high")


def numbers_job(
    rng: np.random.Generator, gb: float | None = None, pyspark_share: float = 0.4
) -> Job:
    """Numbers given (GB, joins, sources, transform); size log-uniform 10 MB .. 3 TB."""
    gb = float(np.exp(rng.uniform(np.log(0.01), np.log(3000.0)))) if gb is None else gb
    joins = int(min(rng.poisson(2.0), 12))
    sources = 1 + int(min(rng.poisson(1.0), 6))
    pys = bool(rng.random() < pyspark_share)
    shown = {
        "data_volume_gb": round(gb, 3),
        "num_joins": joins,
        "source_count": sources,
        "transform": "pyspark" if pys else "sql",
        "criticality": str(rng.choice(["low", "medium", "high"])),
    }
    return Job(gb, joins, sources, pys, shown)


def heavy_tailed_job(rng: np.random.Generator) -> Job:
    """Mostly small jobs with a Pareto tail up to 20 TB (what a real fleet looks like)."""
    gb = float(min(0.05 * (1.0 + rng.pareto(0.7)), 20000.0))
    return numbers_job(rng, gb=gb)


def levels_job(rng: np.random.Generator) -> Job:
    """Only the seed's levels are shown; the true size and joins vary inside each level."""
    level = str(rng.choice(["low", "medium", "high"]))
    lo, hi = {"low": (0.01, 10.0), "medium": (10.0, 100.0), "high": (100.0, 3000.0)}[level]
    gb = float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
    cplx = str(rng.choice(["low", "medium", "high"]))
    joins = int(rng.integers(*{"low": (0, 2), "medium": (2, 5), "high": (5, 11)}[cplx]))
    pys = bool(rng.random() < 0.4)
    shown = {
        "data_volume": level,
        "complexity": cplx,
        "criticality": str(rng.choice(["low", "medium", "high"])),
    }
    return Job(gb, joins, 1 + int(rng.poisson(1.0)), pys, shown)


def recurring_pool(rng: np.random.Generator, n: int = 12) -> list[Job]:
    """A fixed set of pipelines that run again and again (daily DAGs)."""
    return [numbers_job(rng) for _ in range(n)]


def recurring_job(rng: np.random.Generator, pool: list[Job]) -> Job:
    """One of the recurring pipelines, with today's size a little different."""
    base = pool[int(rng.integers(len(pool)))]
    gb = base.gb * float(np.exp(rng.normal(0.0, 0.15)))
    shown = dict(base.shown, data_volume_gb=round(gb, 3))
    return Job(gb, base.joins, base.sources, base.pyspark, shown)


def feasible(s: PlatformSpec, job: Job) -> bool:
    """False when the job cannot finish on the platform at all (past Lambda's time cap).

    A run there "costs" only the cap plus the penalty, which can look cheaper than a
    multi-hour job elsewhere; such a platform is never counted as the best one.
    """
    return s.time_limit_s is None or _median_runtime(s, job) <= s.time_limit_s


# -- money ---------------------------------------------------------------------------
# List prices the agent is told (us-east-1, as strands_airflow.execution.pricing; local
# is charged a worker's share of $0.05/h). The hidden truth is these times a factor per
# platform and seed: more or fewer workers than the defaults, the utilisation EMR really
# bills; Lambda bills exactly what it lists.

LIST_PRICES: dict[str, dict] = {
    "local": {"usd_per_hour": 0.05},
    "glue": {"usd_per_dpu_hour": 0.44, "minimum_billed_seconds": 60},
    "emr_serverless": {"usd_per_vcpu_hour": 0.052624, "usd_per_gb_memory_hour": 0.0057785},
    "lambda": {"usd_per_gb_second": 0.0000166667, "usd_per_request": 0.0000002},
}


@dataclass(frozen=True)
class Price:
    """The hidden bill of a run of T seconds: usd_per_s * max(T, minimum_s) + fixed_usd."""

    usd_per_s: float
    minimum_s: float = 0.0
    fixed_usd: float = 0.0

    def bill(self, seconds):
        return self.usd_per_s * np.maximum(seconds, self.minimum_s) + self.fixed_usd


def list_price(platform: str) -> Price:
    """The list price of the default settings (Glue 2 x G.1X, EMR 12 vCPU / 48 GB, Lambda 1 GB)."""
    p = LIST_PRICES[platform]
    if platform == "local":
        return Price(p["usd_per_hour"] / 3600.0)
    if platform == "glue":
        return Price(2 * p["usd_per_dpu_hour"] / 3600.0, p["minimum_billed_seconds"])
    if platform == "emr_serverless":
        return Price((12 * p["usd_per_vcpu_hour"] + 48 * p["usd_per_gb_memory_hour"]) / 3600.0)
    return Price(p["usd_per_gb_second"], 0.0, p["usd_per_request"])


def draw_prices(rng: np.random.Generator) -> dict[str, Price]:
    """True prices for one seed: list price times a hidden factor (Lambda and local exact)."""
    out = {}
    for name in NOMINAL:
        lp = list_price(name)
        f = 1.0 if name in ("lambda", "local") else float(np.exp(rng.normal(0.0, 0.35)))
        out[name] = replace(lp, usd_per_s=lp.usd_per_s * f)
    return out


# Gauss-Hermite nodes for E over the log-normal runtime noise; U grid for how far a failed
# run got before failing (uniform 0.05..1, as run()).
_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(32)
_GH_W = _GH_W / _GH_W.sum()
_U = 0.05 + 0.95 * (np.arange(16) + 0.5) / 16


def _sf(z):
    from math import erfc, sqrt

    return 0.5 * erfc(z / sqrt(2.0))


def expected_objective(
    s: PlatformSpec,
    price: Price,
    job: Job,
    deadline_s: float | None,
    penalty_usd: float,
) -> tuple[float, float, float]:
    """(E[objective], E[cost], P(miss)) of one run: cost + penalty x (failed or late);
    without a deadline the objective is the expected cost alone."""
    med = _median_runtime(s, job)
    t = med * np.exp(s.noise_sd * _GH_X)
    p = _other_fail(s, job)
    cost_ok = price.bill(t)
    cost_fail = price.bill(np.outer(t, _U)).mean(axis=1)
    cost = (1.0 - p) * cost_ok + p * cost_fail
    limit = s.time_limit_s
    cut = min(deadline_s or np.inf, limit or np.inf)
    if limit is not None:
        cost = np.where(t > limit, price.bill(limit), cost)
    e_cost = float(_GH_W @ cost)
    if deadline_s is None:
        return e_cost, e_cost, 0.0  # no deadline: pure expected cost, nothing to miss
    late = _sf(np.log(cut / med) / s.noise_sd)
    miss = 1.0 - (1.0 - p) * (1.0 - late)
    return e_cost + penalty_usd * miss, e_cost, miss
