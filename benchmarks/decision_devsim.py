"""Regret of the Decision agent on a second simulator (a development set: the agent was tuned
against it after its first blind run, so it no longer measures generalisation).

Same figure as ``decision_regret.py`` (geometric mean over runs x seeds of the expected
penalized runtime of the pick / that of the best usable platform; 1.0 = always best) and
the same baselines (random, best fixed platform, seed-style cosine kNN), but on
``devsim.py``, whose runtime laws and scenarios were written without looking at the
agent: outages, a platform that always fails, near ties, a shifting workload mix,
triple noise, join explosion, memory cliffs, Lambda's limits, a config section with
unusable platforms, gradual drift and coarse levels.

A pick of a platform the config makes unusable counts as ratio 10 (it would fail the
task). Ends with one JSON line.

Run: ``.venv/bin/python benchmarks/decision_devsim.py [--runs 400] [--seeds 3]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import decision_regret as dr  # noqa: E402  (sets the BLAS thread env first)
import devsim as hs  # noqa: E402
import numpy as np  # noqa: E402

UNUSABLE_RATIO = 10.0

SCENARIOS = [
    "mixed_info",
    "small_local",
    "always_fails",
    "near_ties3",
    "config_section",
    "outage",
    "mix_shift",
    "noisy_x3",
    "join_explosion",
    "memory_cliff",
    "lambda_limits",
    "levels_coarse",
    "gradual_drift",
]


def _most_often_best(specs, jobs, platforms) -> str:
    counts = dict.fromkeys(platforms, 0)
    for j in jobs:
        c = hs.costs(specs, j, platforms)
        counts[platforms[int(np.argmin(c))]] += 1
    return max(counts, key=counts.get)


def scenario(name: str, seed: int, n: int):
    """(jobs, usable platform ids, platforms argument for the agent, specs_at(t))."""
    rng = np.random.default_rng(77_000 + 131 * seed + zlib.crc32(name.encode()) % 5000)
    specs = hs.draw_specs(rng)
    usable: list[str] = list(hs.ALL)
    agent_platforms: Any = list(hs.ALL)
    job = lambda **kw: hs.make_job(rng, **kw)  # noqa: E731
    later = None
    switch = (n, n)

    if name == "mixed_info":
        jobs = [job(show="mixed") for _ in range(n)]
    elif name == "small_local":
        loc = specs["local"]
        specs = hs.with_(
            specs, "local", startup_lo=0.3, startup_hi=1.0, rate=min(loc.rate, 3.0), base_fail=0.002
        )
        lam = specs["lambda"]
        specs = hs.with_(
            specs,
            "lambda",
            startup_lo=max(lam.startup_lo, 2.0),
            startup_hi=max(lam.startup_hi, 4.0),
            rate=max(lam.rate, 2.0 * specs["local"].rate),
        )
        jobs = [job(gb_range=(0.001, 3.0), show="mixed") for _ in range(n)]
    elif name == "always_fails":
        jobs = [job(show="mixed") for _ in range(n)]
        victim = _most_often_best(specs, jobs, usable)
        specs = hs.with_(specs, victim, broken=True)
    elif name == "near_ties3":
        g = specs["glue"]
        twin = replace(
            g,
            startup_lo=g.startup_lo * float(rng.uniform(0.9, 1.1)),
            startup_hi=g.startup_hi * float(rng.uniform(0.9, 1.1)),
            rate=g.rate * float(rng.uniform(0.9, 1.1)),
        )
        specs = dict(specs, emr_serverless=twin)
        usable = ["glue", "emr_serverless", "lambda"]
        agent_platforms = {
            "local": {"enabled": False},
            "glue": {"enabled": True, "job_name": "nightly-etl"},
            "emr_serverless": {
                "enabled": True,
                "application_id": "00fabc123",
                "execution_role_arn": "arn:aws:iam::123456789012:role/emr-job",
            },
            "lambda": {"enabled": True, "function_name": "etl-small"},
        }
        jobs = [job(gb_range=(0.05, 300.0), show="mixed") for _ in range(n)]
    elif name == "config_section":
        usable = ["local", "emr_serverless"]
        agent_platforms = {
            "local": {"enabled": True},
            "glue": {"enabled": True},  # no job_name: unusable
            "emr_serverless": {
                "enabled": True,
                "application_id": "00fabc123",
                "execution_role_arn": "arn:aws:iam::123456789012:role/emr-job",
            },
            "lambda": {"enabled": False, "function_name": "etl-small"},
        }
        jobs = [job(show="mixed") for _ in range(n)]
    elif name == "outage":
        jobs = [job(show="numbers") for _ in range(n)]
        victim = _most_often_best(specs, jobs[: n // 3], usable)
        later = hs.with_(specs, victim, broken=True)
        switch = (int(n * 0.375), int(n * 0.375) + 50)  # 50 runs of outage, then recovery
    elif name == "mix_shift":
        jobs = [job(gb_range=(0.005, 5.0)) for _ in range(n // 2)]
        jobs += [job(gb_range=(20.0, 3000.0)) for _ in range(n - n // 2)]
    elif name == "noisy_x3":
        for p in hs.ALL:
            s = specs[p]
            specs = hs.with_(specs, p, noise_sd=3 * s.noise_sd)
        jobs = [job(show="mixed") for _ in range(n)]
    elif name == "join_explosion":
        jobs = [job(gb_range=(0.1, 200.0), mean_joins=5.0) for _ in range(n)]
    elif name == "memory_cliff":
        specs = hs.with_(
            specs,
            "local",
            cliff_gb=float(rng.uniform(5.0, 40.0)),
            cliff_mult=float(rng.uniform(5.0, 12.0)),
            rate=min(specs["local"].rate, 2.5),
        )
        jobs = [job(gb_range=(0.5, 300.0)) for _ in range(n)]
    elif name == "lambda_limits":
        specs = hs.with_(specs, "lambda", rate=specs["local"].rate * float(rng.uniform(0.3, 0.7)))
        jobs = [job(gb_range=(0.02, 40.0), show="mixed") for _ in range(n)]
    elif name == "levels_coarse":
        jobs = [job(gb=hs.heavy_tail_gb(rng), show="levels") for _ in range(n)]
    elif name == "gradual_drift":
        jobs = [job(show="mixed") for _ in range(n)]
        victim = _most_often_best(specs, jobs[: n // 4], usable)
        base = specs

        def specs_at_drift(t: int):
            f = 1.0 + 3.0 * min(max((t - n / 4) / (n / 2), 0.0), 1.0)
            return hs.with_(base, victim, slowdown=f)

        return jobs, usable, agent_platforms, specs_at_drift
    else:
        raise ValueError(f"unknown scenario {name!r}")

    fixed = specs
    alt = later

    def specs_at(t: int):
        if alt is not None and switch[0] <= t < switch[1]:
            return alt
        return fixed

    return jobs, usable, agent_platforms, specs_at


def run_one(name: str, seed: int, n: int) -> dict[str, Any]:
    jobs, usable, agent_platforms, specs_at = scenario(name, seed, n)
    truth = np.array([hs.costs(specs_at(t), j, usable) for t, j in enumerate(jobs)])
    best = truth.min(axis=1)
    policies = {
        "agent": lambda: dr.AgentPolicy(agent_platforms, seed),
        "knn": lambda: dr.KnnPolicy(usable, seed),
        "random": lambda: dr.RandomPolicy(usable, seed),
    }
    out: dict[str, Any] = {}
    for pname, make in policies.items():
        pol, rng = make(), np.random.default_rng(seed + 1)
        logs, conf, hit, bad = [], [], [], 0
        for t, job in enumerate(jobs):
            pick, c = pol.choose(job.shown)
            if pick not in usable:
                bad += 1
                logs.append(np.log(UNUSABLE_RATIO))
                continue
            i = usable.index(pick)
            logs.append(np.log(max(truth[t, i] / best[t], 1.0)))
            if c is not None:
                conf.append(c)
                hit.append(bool(truth[t, i] <= best[t] * (1 + 1e-9)))
            secs, ok = hs.run(specs_at(t)[pick], job, rng)
            pol.learn(job.shown, pick, secs, ok)
        out[pname] = np.asarray(logs)
        out[pname + "_unusable"] = bad
        if conf:
            out["conf"], out["hit"] = np.array(conf), np.array(hit)
    fixed_logs = np.log(np.maximum(truth / best[:, None], 1.0))
    out["best_fixed"] = fixed_logs[:, int(np.argmin(fixed_logs.mean(axis=0)))]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--seed-offset", type=int, default=0)
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    names = args.scenarios.split(",")
    cols = ("agent", "knn", "random", "best_fixed")
    pooled: dict[str, list[np.ndarray]] = {p: [] for p in cols}
    table: dict[str, dict[str, float]] = {}
    conf, hit, unusable = [], [], 0
    print(
        f"{'scenario':<16}{'agent':>8}{'knn':>8}{'random':>8}{'fixed':>8}  (geomean ratio to best, "
        f"{args.runs} runs x {args.seeds} seeds, development simulator)"
    )
    for name in names:
        logs: dict[str, list[np.ndarray]] = {p: [] for p in cols}
        for s in range(args.seed_offset, args.seed_offset + args.seeds):
            r = run_one(name, s, args.runs)
            for p in cols:
                logs[p].append(r[p])
            unusable += r["agent_unusable"]
            if "conf" in r:
                conf.append(r["conf"])
                hit.append(r["hit"])
        row = {p: float(np.exp(np.concatenate(v).mean())) for p, v in logs.items()}
        for p in cols:
            pooled[p].extend(logs[p])
        table[name] = row
        flag = ""
        if row["agent"] >= row["knn"]:
            flag += "   <-- not better than knn"
        if row["agent"] > 1.25:
            flag += "   <-- above 1.25"
        print(
            f"{name:<16}{row['agent']:>8.3f}{row['knn']:>8.3f}{row['random']:>8.3f}"
            f"{row['best_fixed']:>8.3f}{flag}"
        )
    overall = {p: float(np.exp(np.concatenate(v).mean())) for p, v in pooled.items()}
    print(
        f"{'OVERALL':<16}{overall['agent']:>8.3f}{overall['knn']:>8.3f}{overall['random']:>8.3f}"
        f"{overall['best_fixed']:>8.3f}"
    )
    print(f"agent picks of unusable platforms: {unusable}")
    calib = []
    ece = float("nan")
    if conf:
        c, h = np.concatenate(conf), np.concatenate(hit)
        print("\ncalibration (agent confidence vs share of picks that were truly best)")
        print(f"{'confidence':<14}{'decisions':>10}{'mean conf':>11}{'truly best':>12}")
        for lo, hi in [(0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.01)]:
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
                    f"{lo:.2f}-{min(hi, 1.0):.2f}{'':<5}{int(m.sum()):>10}{c[m].mean():>11.3f}"
                    f"{h[m].mean():>12.3f}"
                )
        ece = sum(abs(b["mean_confidence"] - b["share_best"]) * b["n"] for b in calib) / len(c)
        print(f"expected calibration error: {ece:.3f}")
    result = {
        "benchmark": "decision_devsim",
        "runs": args.runs,
        "seeds": args.seeds,
        "overall": overall,
        "scenarios": table,
        "agent_beats_knn_everywhere": all(r["agent"] < r["knn"] for r in table.values()),
        "target_overall_le_1_25": overall["agent"] <= 1.25,
        "agent_unusable_picks": unusable,
        "calibration": calib,
        "ece": ece,
        "elapsed_s": time.perf_counter() - t_start,
    }
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
