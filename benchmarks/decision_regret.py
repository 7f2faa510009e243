"""Regret benchmark of the Decision agent against random, best-fixed and seed-style kNN.

Figure: geometric mean over 400 runs x 3 seeds of
    expected penalized runtime of the pick / that of the best enabled platform
for each scenario (1.0 = always the best platform). The simulator is
``benchmarks/platform_sim.py``; its constants are redrawn for every seed.

Then the cost scenarios (``benchmarks/cost_scenarios.py``): the same figure for the
objective ``{"minimize": "cost", ...}`` (expected USD + penalty x P(miss deadline)),
against the runtime-only agent, seed-style kNN ranked on cost, the cheapest fixed
platform and random, with the agent's calibration under that objective.

Also prints the agent's confidence calibration and decide() latency with 10k, 100k and
1M runs in its history against a numpy brute-force top-k cosine scan of the same matrix.
Ends with one JSON line.

Run: ``.venv/bin/python benchmarks/decision_regret.py [--runs 400] [--seeds 3] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

# One BLAS thread: this machine's cores are shared, and OpenBLAS's thread pool then makes
# a (50k x 68) Gram product ~100x slower, which would measure the machine, not the agent.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import cost_scenarios as cs  # noqa: E402
import platform_sim as sim  # noqa: E402
from decision_latency import latency  # noqa: E402

from strands_airflow.agents.decision import DecisionAgent  # noqa: E402
from strands_airflow.agents.decision.priors import (  # noqa: E402
    LAMBDA_LIMIT_S,
    rule_estimate,
)
from strands_airflow.core.features import feature_values  # noqa: E402

ALL = ["local", "glue", "emr_serverless", "lambda"]
AGENT_KW: dict = {}


# -- scenarios -----------------------------------------------------------------------


def _most_often_best(specs, jobs, platforms, large_only=False):
    counts = dict.fromkeys(platforms, 0)
    for j in jobs:
        if large_only and j.gb < 50:
            continue
        costs = {
            p: sim.expected_penalized(specs[p], j) if sim.feasible(specs[p], j) else np.inf
            for p in platforms
        }
        counts[min(costs, key=costs.get)] += 1
    return max(counts, key=counts.get), min(counts, key=counts.get)


def scenario(name: str, seed: int, n: int):
    """(jobs, platforms, specs_at(t) callable) for one scenario and seed."""
    rng = np.random.default_rng(10_000 + seed * 97 + zlib.crc32(name.encode()) % 1000)
    specs = sim.draw_specs(rng)
    platforms = list(ALL)
    if name == "heavy_tailed":
        jobs = [sim.heavy_tailed_job(rng) for _ in range(n)]
    elif name == "levels_only":
        jobs = [sim.levels_job(rng) for _ in range(n)]
    elif name == "recurring":
        pool = sim.recurring_pool(rng)
        jobs = [sim.recurring_job(rng, pool) for _ in range(n)]
    elif name == "mixed_transform":
        specs["local"] = replace(specs["local"], pyspark_factor=specs["local"].pyspark_factor * 2)
        jobs = [sim.numbers_job(rng, pyspark_share=0.5) for _ in range(n)]
    else:
        jobs = [sim.numbers_job(rng) for _ in range(n)]
    if name == "rules_wrong":
        # Pre-initialised EMR capacity: no start-up wait, so the rules of thumb are off.
        specs["emr_serverless"] = replace(specs["emr_serverless"], startup_s=6.0)
        specs["local"] = replace(specs["local"], s_per_gb=specs["local"].s_per_gb * 4)
    if name == "two_platforms":
        platforms = ["local", "glue"]
    later = specs
    if name == "drift":
        worst_hit, _ = _most_often_best(specs, jobs[: n // 2], platforms)
        later = dict(specs, **{worst_hit: replace(specs[worst_hit], slowdown=3.0)})
    if name == "speedup":
        _, least = _most_often_best(specs, jobs[: n // 2], platforms)
        later = dict(specs, **{least: replace(specs[least], slowdown=1 / 3)})
    if name == "flaky":
        flaky, _ = _most_often_best(specs, jobs, platforms, large_only=True)
        specs = dict(specs, **{flaky: replace(specs[flaky], flaky_above_gb=50.0, flaky_p=0.5)})
        later = specs
    return jobs, platforms, (lambda t: specs if t < n // 2 else later)


SCENARIOS = [
    "stationary",
    "drift",
    "levels_only",
    "flaky",
    "two_platforms",
    "mixed_transform",
    "heavy_tailed",
    "recurring",
    "speedup",
    "rules_wrong",
]


# -- policies ------------------------------------------------------------------------


class Policy:
    """choose(shown workload) -> platform; learn(shown, platform, seconds, ok)."""

    def choose(self, shown: dict) -> tuple[str, float | None]:
        raise NotImplementedError

    def learn(self, shown: dict, platform: str, seconds: float, ok: bool) -> None:
        pass


class AgentPolicy(Policy):
    def __init__(self, platforms, seed):
        self.agent = DecisionAgent(platforms=platforms, random_state=seed, **AGENT_KW)

    def choose(self, shown):
        d = self.agent.decide(shown)
        return d.selected_platform, d.confidence

    def learn(self, shown, platform, seconds, ok):
        self.agent.observe(
            {
                "workload_characteristics": shown,
                "execution_metrics": {
                    "platform_used": platform,
                    "execution_time_seconds": seconds,
                    "success": ok,
                },
            }
        )


class RandomPolicy(Policy):
    def __init__(self, platforms, seed):
        self.platforms, self.rng = platforms, np.random.default_rng(seed)

    def choose(self, shown):
        return str(self.rng.choice(self.platforms)), None


def rule_pick(emb: np.ndarray, platforms) -> str:
    """The cold-start rules of thumb (the same as the agent's prior means)."""
    cost = {}
    for p in platforms:
        t, pf = rule_estimate(p, emb)
        cost[p] = np.inf if (p == "lambda" and t > LAMBDA_LIMIT_S) else t + 1800 * pf
    return min(cost, key=cost.get)


class KnnPolicy(Policy):
    """Seed-style: cosine top-k similar past runs, best success-weighted mean time.

    Tries each platform twice round-robin first (the seed had no exploration at all);
    falls back to the rules of thumb when no neighbour ran on an enabled platform.
    """

    def __init__(self, platforms, seed, k=10):
        self.platforms, self.k = platforms, k
        self.emb, self.plat, self.t, self.ok = [], [], [], []

    def choose(self, shown):
        e = np.asarray(feature_values(shown))
        n = len(self.plat)
        if n < 2 * len(self.platforms):
            return self.platforms[n % len(self.platforms)], None
        M = np.asarray(self.emb)
        sims = (M @ e) / (np.linalg.norm(M, axis=1) * np.linalg.norm(e) + 1e-12)
        top = np.argsort(-sims)[: self.k]
        best, best_score = None, np.inf
        for p in self.platforms:
            idx = [i for i in top if self.plat[i] == p and sims[i] > 0.6]
            if not idx:
                continue
            succ = [self.t[i] for i in idx if self.ok[i]]
            rate = len(succ) / len(idx)
            score = (np.mean(succ) / rate) if succ else np.inf
            if score < best_score:
                best, best_score = p, score
        return (best or rule_pick(e, self.platforms)), None

    def learn(self, shown, platform, seconds, ok):
        self.emb.append(feature_values(shown))
        self.plat.append(platform)
        self.t.append(seconds)
        self.ok.append(ok)


def run_one(name: str, seed: int, n: int) -> dict[str, Any]:
    jobs, platforms, specs_at = scenario(name, seed, n)
    truth = np.array(
        [[sim.expected_penalized(specs_at(t)[p], j) for p in platforms] for t, j in enumerate(jobs)]
    )
    ok = np.array(
        [[sim.feasible(specs_at(t)[p], j) for p in platforms] for t, j in enumerate(jobs)]
    )
    best = np.where(ok, truth, np.inf).min(axis=1)
    out: dict[str, Any] = {}
    policies: dict[str, Callable[[], Policy]] = {
        "agent": lambda: AgentPolicy(platforms, seed),
        "knn": lambda: KnnPolicy(platforms, seed),
        "random": lambda: RandomPolicy(platforms, seed),
    }
    for pname, make in policies.items():
        pol, rng = make(), np.random.default_rng(seed + 1)
        ratios, conf, hit = [], [], []
        for t, job in enumerate(jobs):
            pick, c = pol.choose(job.shown)
            i = platforms.index(pick)
            ratios.append(max(truth[t, i] / best[t], 1.0))
            if c is not None:
                conf.append(c)
                hit.append(bool(truth[t, i] <= best[t] * (1 + 1e-9)))
            secs, ok = sim.run(specs_at(t)[pick], job, rng)
            pol.learn(job.shown, pick, secs, ok)
        out[pname] = np.log(ratios)
        if conf:
            out["conf"], out["hit"] = np.array(conf), np.array(hit)
    fixed_logs = np.log(np.maximum(truth / best[:, None], 1.0))
    out["best_fixed"] = fixed_logs[:, int(np.argmin(fixed_logs.mean(axis=0)))]
    return out


def _calibration(c: np.ndarray, h: np.ndarray) -> tuple[list[dict], float]:
    """Confidence bins (mean confidence vs share of picks that were truly best) and ECE."""
    bins = []
    for lo, hi in [
        (0, 0.2),
        (0.2, 0.4),
        (0.4, 0.6),
        (0.6, 0.8),
        (0.8, 0.9),
        (0.9, 0.97),
        (0.97, 1.01),
    ]:
        m = (c >= lo) & (c < hi)
        if m.sum():
            bins.append(
                {
                    "bin": [lo, min(hi, 1.0)],
                    "n": int(m.sum()),
                    "mean_confidence": float(c[m].mean()),
                    "share_best": float(h[m].mean()),
                }
            )
    ece = sum(abs(b["mean_confidence"] - b["share_best"]) * b["n"] for b in bins) / max(len(c), 1)
    return bins, float(ece)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--seed-offset", type=int, default=0)
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument(
        "--cost-scenarios",
        default=",".join(cs.COST_SCENARIOS),
        help="comma list of cost scenarios ('' to skip); see benchmarks/cost_scenarios.py",
    )
    ap.add_argument("--no-latency", action="store_true")
    ap.add_argument(
        "--latency-sizes",
        type=lambda v: [int(x) for x in v.split(",")],
        default=[10_000, 100_000, 1_000_000],
    )
    args = ap.parse_args(argv)
    names = args.scenarios.split(",")
    t_start = time.perf_counter()
    table: dict[str, dict[str, float]] = {}
    pooled: dict[str, list[np.ndarray]] = {p: [] for p in ("agent", "knn", "random", "best_fixed")}
    conf, hit = [], []
    print(
        f"{'scenario':<16}{'agent':>8}{'knn':>8}{'random':>8}{'fixed':>8}  (geomean ratio to best, "
        f"{args.runs} runs x {args.seeds} seeds)"
    )
    for name in names:
        logs: dict[str, list[np.ndarray]] = {p: [] for p in pooled}
        for s in range(args.seed_offset, args.seed_offset + args.seeds):
            r = run_one(name, s, args.runs)
            for p in pooled:
                logs[p].append(r[p])
            conf.append(r["conf"])
            hit.append(r["hit"])
        row = {p: float(np.exp(np.concatenate(v).mean())) for p, v in logs.items()}
        for p in pooled:
            pooled[p].extend(logs[p])
        table[name] = row
        print(
            f"{name:<16}{row['agent']:>8.3f}{row['knn']:>8.3f}{row['random']:>8.3f}{row['best_fixed']:>8.3f}"
            + ("" if row["agent"] < row["knn"] else "   <-- not better than knn")
        )
    overall = {p: float(np.exp(np.concatenate(v).mean())) for p, v in pooled.items()}
    print(
        f"{'OVERALL':<16}{overall['agent']:>8.3f}{overall['knn']:>8.3f}{overall['random']:>8.3f}"
        f"{overall['best_fixed']:>8.3f}"
    )
    c, h = np.concatenate(conf), np.concatenate(hit)
    print("\ncalibration (agent confidence vs share of picks that were truly best)")
    print(f"{'confidence':<14}{'decisions':>10}{'mean conf':>11}{'truly best':>12}")
    calib = []
    for lo, hi in [
        (0, 0.2),
        (0.2, 0.4),
        (0.4, 0.6),
        (0.6, 0.7),
        (0.7, 0.8),
        (0.8, 0.9),
        (0.9, 0.97),
        (0.97, 1.01),
    ]:
        m = (c >= lo) & (c < hi)
        if m.sum():
            calib.append(
                {
                    "bin": [lo, min(hi, 1.0)],
                    "n": int(m.sum()),
                    "mean_confidence": float(c[m].mean()),
                    "share_best": float(h[m].mean()),
                }
            )
            print(
                f"{lo:.2f}-{min(hi, 1.0):.2f}{'':<5}{int(m.sum()):>10}{c[m].mean():>11.3f}{h[m].mean():>12.3f}"
            )
    ece = sum(abs(b["mean_confidence"] - b["share_best"]) * b["n"] for b in calib) / len(c)
    print(f"expected calibration error: {ece:.3f}")
    cost_result: dict[str, Any] = {}
    cost_names = [x for x in args.cost_scenarios.split(",") if x]
    if cost_names:
        print()
        ctable, coverall, cc, ch = cs.cost_table(
            cost_names, args.seeds, args.seed_offset, args.runs
        )
        ccal, cece = _calibration(cc, ch)
        print(f"cost objective: expected calibration error {cece:.3f}")
        cost_result = {
            "overall": coverall,
            "scenarios": ctable,
            "agent_beats_every_baseline": {
                n: all(r["agent"] < r[p] for p in cs.COST_COLUMNS[1:]) for n, r in ctable.items()
            },
            "target_overall_le_1_15": coverall["agent"] <= 1.15,
            "calibration": ccal,
            "ece": cece,
        }
    lat = []
    if not args.no_latency:
        print("\ndecide() latency vs brute-force top-10 cosine scan of the same matrix")
        print(
            f"{'vectors':>9}{'load s':>9}{'p50 ms':>9}{'p99 ms':>9}{'new run ms':>11}"
            f"{'scan p50':>10}{'scan p99':>10}"
        )
        lat = latency(args.latency_sizes)
        for r in lat:
            print(
                f"{r['vectors']:>9}{r['load_s']:>9.2f}{r['decide_p50_ms']:>9.3f}"
                f"{r['decide_p99_ms']:>9.3f}{r['decide_after_new_run_ms']:>11.1f}"
                f"{r['knn_scan_p50_ms']:>10.3f}{r['knn_scan_p99_ms']:>10.3f}"
            )
    result = {
        "benchmark": "decision_regret",
        "runs": args.runs,
        "seeds": args.seeds,
        "overall": overall,
        "scenarios": table,
        "agent_beats_knn_everywhere": all(r["agent"] < r["knn"] for r in table.values()),
        "target_overall_le_1_25": overall["agent"] <= 1.25,
        "calibration": calib,
        "ece": ece,
        "cost": cost_result,
        "latency": lat,
        "elapsed_s": time.perf_counter() - t_start,
    }
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
