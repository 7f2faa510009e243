"""Cost scenarios of the decision regret benchmark (imported by ``decision_regret.py``).

Figure per scenario: geometric mean over runs x seeds of
    E[objective of the pick] / E[objective of the oracle's pick]
with objective = expected USD of one run (+ penalty x P(miss deadline) when there is a
deadline), from the simulator's hidden truth (``platform_sim.expected_objective``).

Scenarios (each seed redraws every runtime and price constant):

- ``cost_only``: no deadline, all four platforms, jobs 10 MB .. 3 TB;
- ``tight_deadline``: 10 minutes, $10 per miss, jobs 5 .. 800 GB: the cheapest platform
  (local, then Lambda) often misses it;
- ``loose_deadline``: 2 hours, $10 per miss;
- ``glue_flex``: Glue Flex is switched on halfway (price x 0.29/0.44, start-up x 2),
  the agent is not told: it sees only the runs' recorded costs; 1 hour deadline;
- ``lambda_cheap``: local disabled, Lambda with room for bigger data (memory limit x8):
  cheapest per second, but a run past 15 minutes is killed, billed to the limit and
  misses the 1 hour deadline.

As in the runtime scenarios, a platform the job cannot finish on at all (median past
Lambda's cap) is never the oracle's pick; picking it counts as twice the worst feasible
platform.

Baselines in the same run: the runtime-only agent; seed-style kNN ranked on the
neighbours' realised objective; the cheapest fixed platform in hindsight; random.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from typing import Any

import numpy as np
import platform_sim as sim

from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.vectors.features import feature_values

ALL = ["local", "glue", "emr_serverless", "lambda"]
COST_SCENARIOS = ["cost_only", "tight_deadline", "loose_deadline", "glue_flex", "lambda_cheap"]
AGENT_KW: dict = {}


def cost_scenario(name: str, seed: int, n: int):
    """(jobs, platforms, objective dict, at(t) -> (specs, prices))."""
    rng = np.random.default_rng(20_000 + seed * 89 + zlib.crc32(name.encode()) % 1000)
    specs = sim.draw_specs(rng)
    prices = sim.draw_prices(rng)
    platforms = list(ALL)
    objective: dict[str, Any] = {"minimize": "cost"}
    later = (specs, prices)
    if name == "tight_deadline":
        jobs = [
            sim.numbers_job(rng, gb=float(np.exp(rng.uniform(np.log(5), np.log(800)))))
            for _ in range(n)
        ]
        objective.update(deadline_seconds=600.0, deadline_penalty_usd=10.0)
    elif name == "loose_deadline":
        jobs = [sim.numbers_job(rng) for _ in range(n)]
        objective.update(deadline_seconds=7200.0, deadline_penalty_usd=10.0)
    elif name == "glue_flex":
        jobs = [sim.numbers_job(rng) for _ in range(n)]
        platforms = ["glue", "emr_serverless", "lambda"]
        objective.update(deadline_seconds=3600.0)
        g = specs["glue"]
        flex_specs = dict(specs, glue=replace(g, startup_s=g.startup_s * 2.0))
        gp = prices["glue"]
        flex_prices = dict(prices, glue=replace(gp, usd_per_s=gp.usd_per_s * 0.29 / 0.44))
        later = (flex_specs, flex_prices)
    elif name == "lambda_cheap":
        jobs = [
            sim.numbers_job(rng, gb=float(np.exp(rng.uniform(np.log(0.05), np.log(300)))))
            for _ in range(n)
        ]
        platforms = ["glue", "emr_serverless", "lambda"]
        objective.update(deadline_seconds=3600.0)
        lam = specs["lambda"]
        specs = dict(specs, **{"lambda": replace(lam, mem_limit_gb=lam.mem_limit_gb * 8)})
        later = (specs, prices)
    else:  # cost_only
        jobs = [sim.numbers_job(rng) for _ in range(n)]
    first = (specs, prices)
    return jobs, platforms, objective, (lambda t: first if t < n // 2 else later)


def _truth(at, jobs, platforms, objective):
    d, pen = objective.get("deadline_seconds"), objective.get("deadline_penalty_usd", 10.0)
    out = np.empty((len(jobs), len(platforms)))
    for t, j in enumerate(jobs):
        specs, prices = at(t)
        for i, p in enumerate(platforms):
            out[t, i] = sim.expected_objective(specs[p], prices[p], j, d, pen)[0]
            # As in the runtime scenarios, a platform the job cannot finish on at all
            # (past Lambda's time cap) is never the oracle's pick, however cheap the kill.
            if not sim.feasible(specs[p], j):
                out[t, i] = np.inf
    return np.maximum(out, 1e-9)


class CostAgentPolicy:
    def __init__(self, platforms, seed, objective):
        self.objective = objective
        self.agent = DecisionAgent(
            platforms=platforms,
            random_state=seed,
            objective=objective,
            prices=sim.LIST_PRICES,
            **AGENT_KW,
        )

    def choose(self, shown):
        d = self.agent.decide(shown)
        return d.selected_platform, d.confidence

    def learn(self, shown, platform, seconds, ok, cost):
        self.agent.observe(
            {
                "workload_characteristics": shown,
                "execution_metrics": {
                    "platform_used": platform,
                    "execution_time_seconds": seconds,
                    "success": ok,
                    "cost_estimate_usd": cost,
                },
            }
        )


class RuntimeAgentPolicy(CostAgentPolicy):
    def __init__(self, platforms, seed, objective):
        super().__init__(platforms, seed, None)


class KnnCostPolicy:
    """Seed-style cosine top-k, each platform ranked on its neighbours' mean realised
    objective (cost + penalty x missed); round-robin first, then list-price rules."""

    def __init__(self, platforms, seed, objective, k=10):
        self.platforms, self.k = platforms, k
        self.deadline = objective.get("deadline_seconds")
        self.penalty = objective.get("deadline_penalty_usd", 10.0)
        self.emb, self.plat, self.val = [], [], []

    def choose(self, shown):
        n = len(self.plat)
        if n < 2 * len(self.platforms):
            return self.platforms[n % len(self.platforms)], None
        e = np.asarray(feature_values(shown))
        M = np.asarray(self.emb)
        sims = (M @ e) / (np.linalg.norm(M, axis=1) * np.linalg.norm(e) + 1e-12)
        top = np.argsort(-sims)[: self.k]
        best, best_v = None, np.inf
        for p in self.platforms:
            vals = [self.val[i] for i in top if self.plat[i] == p and sims[i] > 0.6]
            if vals and np.mean(vals) < best_v:
                best, best_v = p, float(np.mean(vals))
        return (best or self.platforms[0]), None

    def learn(self, shown, platform, seconds, ok, cost):
        missed = self.deadline is not None and (not ok or seconds > self.deadline)
        self.emb.append(feature_values(shown))
        self.plat.append(platform)
        self.val.append(cost + (self.penalty if missed else 0.0))


class RandomCostPolicy:
    def __init__(self, platforms, seed, objective):
        self.platforms, self.rng = platforms, np.random.default_rng(seed)

    def choose(self, shown):
        return str(self.rng.choice(self.platforms)), None

    def learn(self, *a):
        pass


POLICIES = {
    "agent": CostAgentPolicy,
    "runtime_agent": RuntimeAgentPolicy,
    "knn_cost": KnnCostPolicy,
    "random": RandomCostPolicy,
}


def _ratio(row: np.ndarray, i: int) -> float:
    """Pick / oracle; an infeasible pick counts as the worst feasible platform x 2."""
    finite = row[np.isfinite(row)]
    value = row[i] if np.isfinite(row[i]) else 2.0 * finite.max()
    return float(value / finite.min())


def run_cost_one(name: str, seed: int, n: int) -> dict[str, Any]:
    """Log-ratios per policy (and the agent's confidence / hit) for one scenario and seed."""
    jobs, platforms, objective, at = cost_scenario(name, seed, n)
    truth = _truth(at, jobs, platforms, objective)
    best = truth.min(axis=1)
    out: dict[str, Any] = {}
    for pname, cls in POLICIES.items():
        pol = cls(platforms, seed, objective)
        rng = np.random.default_rng(seed + 1)
        logs, conf, hit = [], [], []
        for t, job in enumerate(jobs):
            pick, c = pol.choose(job.shown)
            i = platforms.index(pick)
            logs.append(np.log(max(_ratio(truth[t], i), 1.0)))
            if c is not None and pname == "agent":
                conf.append(c)
                hit.append(bool(truth[t, i] <= best[t] * (1 + 1e-9)))
            specs, prices = at(t)
            secs, ok = sim.run(specs[pick], job, rng)
            pol.learn(job.shown, pick, secs, ok, float(prices[pick].bill(secs)))
        out[pname] = np.array(logs)
        if conf:
            out["conf"], out["hit"] = np.array(conf), np.array(hit)
    fixed = np.log(
        np.maximum([[_ratio(row, i) for i in range(len(platforms))] for row in truth], 1.0)
    )
    out["cheapest_fixed"] = fixed[:, int(np.argmin(fixed.mean(axis=0)))]
    return out


COST_COLUMNS = ["agent", "runtime_agent", "knn_cost", "cheapest_fixed", "random"]


def cost_table(names, seeds, seed_offset, runs, print_fn=print):
    """Run the cost scenarios; print and return (table, overall, conf, hit)."""
    pooled: dict[str, list[np.ndarray]] = {p: [] for p in COST_COLUMNS}
    table: dict[str, dict[str, float]] = {}
    conf, hit = [], []
    print_fn(
        f"{'cost scenario':<16}"
        + "".join(f"{c:>15}" for c in COST_COLUMNS)
        + "  (geomean objective ratio to the oracle's pick)"
    )
    for name in names:
        logs: dict[str, list[np.ndarray]] = {p: [] for p in COST_COLUMNS}
        for s in range(seed_offset, seed_offset + seeds):
            r = run_cost_one(name, s, runs)
            for p in COST_COLUMNS:
                logs[p].append(r[p])
            conf.append(r["conf"])
            hit.append(r["hit"])
        row = {p: float(np.exp(np.concatenate(v).mean())) for p, v in logs.items()}
        for p in COST_COLUMNS:
            pooled[p].extend(logs[p])
        table[name] = row
        beaten = all(row["agent"] < row[p] for p in COST_COLUMNS[1:])
        print_fn(
            f"{name:<16}"
            + "".join(f"{row[c]:>15.3f}" for c in COST_COLUMNS)
            + ("" if beaten else "   <-- not better than every baseline")
        )
    overall = {p: float(np.exp(np.concatenate(v).mean())) for p, v in pooled.items()}
    print_fn(f"{'COST OVERALL':<16}" + "".join(f"{overall[c]:>15.3f}" for c in COST_COLUMNS))
    return table, overall, np.concatenate(conf), np.concatenate(hit)
