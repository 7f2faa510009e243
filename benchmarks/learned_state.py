"""Learned state at scale: a decision, a recommendation, the dashboard and a compaction
on stores of 1M and 10M vectors, each measured in a fresh process, against today's
full-history path at 1M.

What is built (in ``--workdir``, file:// stores; synthetic runs over 12 months, written
straight in snapshot form, plus 200 tail objects newer than the snapshot):

- ``new-<N>``: monthly partitions (this branch's layout) and the learned state
  (``strands-vectors state rebuild``, timed: the one-off cost after an upgrade);
- ``old-1M``: one unpartitioned snapshot and a format-1 manifest, read by the code of
  ``--baseline-root`` (default ``/work/main``: the main branch, today's path).

Each figure comes from a subprocess that imports the package, then times the call:

- ``decide``: a new ``DecisionAgent`` on the store, first ``decide()`` (seconds after
  imports) and the process's peak RSS;
- ``recommend``: ``OptimizationAgent(store).recommend(run)``, first call (ms);
- ``dashboard``: the page's figures for 30 days (decisions, runtime, quality,
  recommendations, store info) with no cache (seconds);
- ``compaction``: 100k new vector objects on top of the store, ``compact()``, peak RSS.

Then the decision regret benchmark's runtime scenarios twice: the agent as it is, and an
agent whose learner is saved to a state and restored (encode / decode of the state
object) before every decision, then folded: the geomean ratios must agree within 1%
(they are identical when the state is lossless).

    python benchmarks/learned_state.py [--sizes 1000000,10000000] [--workdir DIR]
                                       [--regret-runs 400] [--regret-seeds 3]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

HERE = Path(__file__).resolve().parent
BRANCH_ROOT = HERE.parent
MONTH_S = 30 * 86400
TAIL = 200
NEW_OBJECTS = 100_000
PLATFORMS = ["local", "glue", "emr_serverless", "lambda"]
WORKLOAD = {"data_volume_gb": 120.0, "num_joins": 3, "transform": "pyspark"}
RUN = {
    "run_id": "bench-run",
    "workload": {"data_volume_gb": 40.0, "num_joins": 2, "transform": "sql"},
    "execution": {"platform": "glue", "execution_time_seconds": 900.0, "success": True},
}


# -- synthetic data ------------------------------------------------------------------------


def _pool(rng):
    from strands_airflow.core.features import feature_values

    pool = []
    for _ in range(4096):
        gb = float(round(rng.lognormal(2.5, 1.5), 2))
        wl = {
            "data_volume_gb": gb,
            "num_joins": int(rng.integers(0, 8)),
            "transform": ["sql", "pyspark"][int(rng.integers(0, 2))],
        }
        pool.append((wl, feature_values(wl)))
    return pool


def synth_chunks(n: int, seed: int, end_ts: float, chunk: int = 500_000):
    """Arrow tables of ``n`` runs over 12 months ending at ``end_ts``, oldest first."""
    import numpy as np
    import pyarrow as pa

    from strands_airflow.core.features import EMBEDDING_DIM

    rng = np.random.default_rng(seed)
    pool = _pool(rng)
    pool_emb = np.asarray([e for _, e in pool], dtype=np.float32)
    pool_gb = np.asarray([w["data_volume_gb"] for w, _ in pool])
    pool_wl = [json.dumps(w) for w, _ in pool]
    speed = {"local": 6.0, "glue": 2.0, "emr_serverless": 1.2, "lambda": 4.0}
    start = {"local": 5.0, "glue": 60.0, "emr_serverless": 120.0, "lambda": 1.0}
    rate = {"local": 0.0001, "glue": 0.0012, "emr_serverless": 0.0009, "lambda": 0.0004}
    begin = end_ts - 12 * MONTH_S
    step = (end_ts - begin) / n
    for lo in range(0, n, chunk):
        m = min(chunk, n - lo)
        i = np.arange(lo, lo + m)
        ts = begin + i * step
        idx = rng.integers(0, len(pool), m)
        plat = np.asarray(PLATFORMS)[rng.integers(0, 4, m)]
        sp = np.vectorize(speed.get)(plat)
        st = np.vectorize(start.get)(plat)
        secs = (st + sp * pool_gb[idx] ** 0.8) * np.exp(rng.normal(0, 0.25, m))
        ok = rng.random(m) > 0.04
        cost = secs * np.vectorize(rate.get)(plat)
        ids = [f"bench-{k:010d}" for k in i.tolist()]
        iso = np.datetime_as_string((ts * 1e6).astype("datetime64[us]"), unit="us")
        stamps = [s.replace("-", "").replace(":", "").replace(".", "") + "Z" for s in iso.tolist()]
        keys = [f"learning/vectors/learning/{s}_{v}.json" for s, v in zip(stamps, ids, strict=True)]
        docs = [  # noqa: UP031 - printf is the fastest way to 10M documents
            '{"vector_id":"%s","timestamp":"%s+00:00","workload_characteristics":%s,'  # noqa: UP031
            '"execution_metrics":{"platform_used":"%s","execution_time_seconds":%.3f,'
            '"data_quality_score":0.97,"status":"%s","success":%s,"cost_estimate_usd":%.6f},'
            '"decision_context":{"selected_platform":"%s","decision_confidence":0.7,'
            '"decision_reasoning":"bench"},"performance_indicators":{},"learning_insights":""}'
            % (
                v,
                t,
                pool_wl[j],
                p,
                s,
                "completed" if o else "failed",
                "true" if o else "false",
                c,
                p,
            )  # noqa: UP031
            for v, t, j, p, s, o, c in zip(
                ids,
                iso.tolist(),
                idx.tolist(),
                plat.tolist(),
                secs.tolist(),
                ok.tolist(),
                cost.tolist(),
                strict=True,
            )
        ]
        yield pa.table(
            {
                "key": pa.array(keys, pa.string()),
                "vector_id": pa.array(ids, pa.string()),
                "seq": pa.array(i.astype(np.int64)),
                "timestamp": pa.array(ts, pa.float64()),
                "platform": pa.array(plat.tolist(), pa.string()),
                "execution_time_seconds": pa.array(secs, pa.float64()),
                "success": pa.array(ok, pa.bool_()),
                "cost_estimate_usd": pa.array(cost, pa.float64()),
                "embedding": pa.FixedSizeListArray.from_arrays(
                    pa.array(pool_emb[idx].reshape(-1)), EMBEDDING_DIM
                ),
                "document": pa.array(docs, pa.string()),
            }
        )


def build_new(root: Path, n: int, end_ts: float) -> str:
    """Monthly partitions + a format-2 manifest (what compactions of this branch write)."""
    import uuid

    from strands_airflow.vectors import layout
    from strands_airflow.vectors.partitions import Manifest, Partition, PartitionWriter
    from strands_airflow.vectors.store import LearningVectorStore

    url = root.as_uri()
    store = LearningVectorStore(url)
    parts: list[Partition] = []
    writer = None
    month = None
    last_key = None

    def close():
        if writer is not None:
            writer.commit()
            parts.append(
                Partition(writer.key, month, writer.rows, first, writer.min_ts, writer.max_ts)
            )

    for table in synth_chunks(n, 1, end_ts):
        keys = table.column("key").to_pylist()
        months = [k[26:32] for k in keys]
        start = 0
        for j in range(1, len(keys) + 1):
            if j == len(keys) or months[j] != months[start]:
                if months[start] != month:
                    close()
                    month = months[start]
                    first = int(table.column("seq")[start].as_py())
                    writer = PartitionWriter(
                        store.backend,
                        f"{layout.snapshot_prefix('learning')}snapshot-"
                        f"{layout.stamp(end_ts)}-{uuid.uuid4().hex[:8]}-{month}.parquet",
                    )
                writer.write(table.slice(start, j - start))
                start = j
        last_key = keys[-1]
    close()
    manifest = Manifest(
        category="learning", partitions=parts, covered_until=last_key, lineage=uuid.uuid4().hex
    )
    store.backend.put(layout.manifest_key("learning"), manifest.to_bytes())
    return url


def build_old(root: Path, n: int, end_ts: float) -> str:
    """One unpartitioned snapshot and a format-1 manifest (what today's code writes)."""
    import pyarrow.parquet as pq

    from strands_airflow.vectors import layout

    snap = f"{layout.snapshot_prefix('learning')}snapshot-{layout.stamp(end_ts)}-0bench00.parquet"
    path = root / snap
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    last_key = None
    for table in synth_chunks(n, 1, end_ts):
        table = table.drop_columns(["seq", "cost_estimate_usd"]).replace_schema_metadata(
            {
                "format": "strands-learning-vectors/1",
                "feature_schema_version": "1",
                "embedding_dim": "9",
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(str(path), table.schema, compression="zstd")
        writer.write_table(table)
        last_key = table.column("key")[-1].as_py()
    writer.close()
    (root / layout.manifest_key("learning")).write_text(
        json.dumps(
            {
                "format": "strands-learning-vectors-manifest/1",
                "category": "learning",
                "snapshot_key": snap,
                "covered_until": last_key,
                "vectors": n,
            }
        )
    )
    return root.as_uri()


def add_objects(root: Path, n: int, start_ts: float, prefix: str) -> None:
    """``n`` vector objects written after the snapshot (what runs put)."""
    from strands_airflow.vectors import layout

    d = root / layout.vector_prefix("learning")
    d.mkdir(parents=True, exist_ok=True)
    for table in synth_chunks(n, 7, start_ts + 12 * MONTH_S, chunk=n):
        for i, doc in enumerate(table.column("document").to_pylist()):
            vid = f"{prefix}-{i:08d}"
            key = layout.vector_key("learning", vid, start_ts + i * 0.01)
            (root / key).write_text(doc.replace(table.column("vector_id")[i].as_py(), vid))


# -- the measured cases (each in its own process) ---------------------------------------------


def _rss_mb() -> float:
    """Peak RSS of this process (VmHWM: reset by exec, unlike ru_maxrss after a fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def case(name: str, url: str, mode: str) -> dict:
    """One measurement; ``mode`` "new" (this branch) or "old" (today's code)."""
    from strands_airflow.vectors.store import LearningVectorStore

    # Only what the case uses is imported (RSS counts imports too).
    if name == "decide":
        from strands_airflow.agents.decision import DecisionAgent
    elif name == "recommend":
        from strands_airflow.agents.optimization import OptimizationAgent
    elif name == "dashboard":
        from strands_airflow.plugins import data
    if name != "decide":
        # "After imports": modules the call would import lazily on first use are imported
        # here (pyarrow, the pricing table, numpy.ma which pyarrow pulls in), so the
        # figure is the call's work. The decide case imports nothing extra: its figure
        # includes its lazy imports, and its RSS whatever it needs.
        import importlib

        for module in (
            "numpy.ma",
            "pyarrow.compute",
            "pyarrow.parquet",
            "strands_airflow.execution.pricing",
            "strands_airflow.vectors.partitions",
            "strands_airflow.vectors.compaction",
            "strands_airflow.vectors.snapshot",
        ):
            try:
                importlib.import_module(module)
            except ImportError:  # today's code has no partitions module
                pass
    out: dict = {"case": name, "rss_after_imports_mb": _rss_mb()}
    t0 = time.perf_counter()
    if name == "decide":
        agent = DecisionAgent(store=LearningVectorStore(url), random_state=1)
        d = agent.decide(WORKLOAD)
        out["first_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        agent.decide(WORKLOAD)
        out["next_ms"] = (time.perf_counter() - t1) * 1e3
        out["pick"] = d.selected_platform
        out["runs_learned"] = int(agent.learner.n_observed)
    elif name == "recommend":
        agent = OptimizationAgent(store=LearningVectorStore(url))
        recs = agent.recommend(RUN)
        out["first_ms"] = (time.perf_counter() - t0) * 1e3
        t1 = time.perf_counter()
        agent.recommend(RUN)
        out["next_ms"] = (time.perf_counter() - t1) * 1e3
        out["recommendations"] = len(recs)
    elif name == "dashboard":
        store = LearningVectorStore(url)
        figures = [
            data.decisions(store, 30),
            data.runtime(store, 30),
            data.quality(store, 30),
            data.recommendations(store, 10),
            data.store_info(store),
        ]
        out["first_s"] = time.perf_counter() - t0
        out["runs_in_window"] = sum(p.total for p in figures[0].platforms)
        out["vectors"] = figures[4].vectors
    elif name == "compaction":
        store = LearningVectorStore(url, compaction_grace_seconds=0)
        result = store.compact()
        out["seconds"] = time.perf_counter() - t0
        out["added"] = result.get("added")
    out["peak_rss_mb"] = _rss_mb()
    return out


def run_case(name: str, url: str, mode: str, root: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root))
    proc = subprocess.run(
        [sys.executable, __file__, "--case", name, "--url", url, "--mode", mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        cwd=tempfile.gettempdir(),
    )
    if proc.returncode != 0:
        raise SystemExit(f"case {name} ({mode}) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def state_rebuild(url: str) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "strands_airflow.vectors", "--url", url, "state", "rebuild"],
        env=dict(os.environ, PYTHONPATH=str(BRANCH_ROOT)),
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if proc.returncode != 0:
        raise SystemExit(f"state rebuild failed:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


# -- regret: state path vs in-memory ----------------------------------------------------------


def regret(runs: int, seeds: int) -> dict:
    """Geomean regret of the agent in memory and of one restored from its saved state
    before every decision (runtime scenarios of decision_regret.py)."""
    import numpy as np

    sys.path.insert(0, str(HERE))
    import decision_regret as dr
    import platform_sim as sim

    from strands_airflow.agents.decision import DecisionAgent
    from strands_airflow.agents.decision.learned_state import DecisionFolder, DecisionModel
    from strands_airflow.vectors import learned_state

    folder = DecisionFolder()

    def roundtrip(agent):
        state = learned_state.empty(folder, None)
        state.model = DecisionModel(agent.learner, agent.costs)
        back = learned_state.decode(learned_state.encode(state, folder), folder)
        agent.learner = back.model.learner
        agent.costs._corr = back.model.costs._corr

    logs: dict[str, list] = {"memory": [], "state": []}
    identical = True
    per: dict[str, dict[str, float]] = {}
    for name in dr.SCENARIOS:
        row = {"memory": [], "state": []}
        for s in range(seeds):
            jobs, platforms, specs_at = dr.scenario(name, s, runs)
            truth = np.array(
                [
                    [sim.expected_penalized(specs_at(t)[p], j) for p in platforms]
                    for t, j in enumerate(jobs)
                ]
            )
            ok = np.array(
                [[sim.feasible(specs_at(t)[p], j) for p in platforms] for t, j in enumerate(jobs)]
            )
            best = np.where(ok, truth, np.inf).min(axis=1)
            picks = {}
            for variant in ("memory", "state"):
                agent = DecisionAgent(platforms=platforms, random_state=s)
                rng = np.random.default_rng(s + 1)
                ratios, chosen = [], []
                for t, job in enumerate(jobs):
                    if variant == "state":
                        roundtrip(agent)
                    pick = agent.decide(job.shown).selected_platform
                    i = platforms.index(pick)
                    ratios.append(max(truth[t, i] / best[t], 1.0))
                    chosen.append(pick)
                    secs, success = sim.run(specs_at(t)[pick], job, rng)
                    agent.observe(
                        {
                            "workload_characteristics": job.shown,
                            "execution_metrics": {
                                "platform_used": pick,
                                "execution_time_seconds": secs,
                                "success": success,
                            },
                        }
                    )
                row[variant].append(np.log(ratios))
                picks[variant] = chosen
            identical &= picks["memory"] == picks["state"]
        for v in row:
            logs[v].extend(row[v])
        per[name] = {v: float(np.exp(np.concatenate(row[v]).mean())) for v in row}
    overall = {v: float(np.exp(np.concatenate(logs[v]).mean())) for v in logs}
    return {"overall": overall, "scenarios": per, "identical_picks": identical}


# -- main -------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--baseline-root", default="/work/main")
    ap.add_argument("--regret-runs", type=int, default=400)
    ap.add_argument("--regret-seeds", type=int, default=3)
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    ap.add_argument(
        "--new-objects",
        type=int,
        default=NEW_OBJECTS,
        help="objects compacted on top of each store (default 100k)",
    )
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--mode", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.case:
        print(json.dumps(case(args.case, args.url, args.mode)))
        return 0
    sys.path.insert(0, str(BRANCH_ROOT))
    sizes = [int(x) for x in args.sizes.split(",")]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="learned-state-"))
    work.mkdir(parents=True, exist_ok=True)
    end_ts = time.time() - 3600
    results: dict = {"new": {}, "old": {}}
    t_all = time.perf_counter()

    # today's path at the smallest size, with today's code
    n0 = sizes[0]
    old_root = work / f"old-{n0}"
    shutil.rmtree(old_root, ignore_errors=True)
    t0 = time.perf_counter()
    url = build_old(old_root, n0, end_ts)
    add_objects(old_root, TAIL, end_ts + 1, "tail")
    print(f"built today's store of {n0:,} in {time.perf_counter() - t0:.0f} s", flush=True)
    base = Path(args.baseline_root)
    for name in ("decide", "recommend", "dashboard"):
        results["old"][name] = run_case(name, url, "old", base)
        print(f"  old {name}: {results['old'][name]}", flush=True)
    add_objects(old_root, args.new_objects, end_ts + 2, "new")
    results["old"]["compaction"] = run_case("compaction", url, "old", base)
    print(f"  old compaction: {results['old']['compaction']}", flush=True)
    if not args.keep:
        shutil.rmtree(old_root, ignore_errors=True)

    for n in sizes:
        root = work / f"new-{n}"
        shutil.rmtree(root, ignore_errors=True)
        t0 = time.perf_counter()
        url = build_new(root, n, end_ts)
        build_s = time.perf_counter() - t0
        rebuild_s = state_rebuild(url)
        add_objects(root, TAIL, end_ts + 1, "tail")
        print(
            f"built the {n:,} store in {build_s:.0f} s; state rebuild {rebuild_s:.0f} s", flush=True
        )
        r = {
            "state_rebuild_s": rebuild_s,
            "snapshot_bytes": sum(
                f.stat().st_size for f in (root / "learning/vectors/_snapshots").rglob("*.parquet")
            ),
        }
        for name in ("decide", "recommend", "dashboard"):
            r[name] = run_case(name, url, "new", BRANCH_ROOT)
            print(f"  new {name}: {r[name]}", flush=True)
        add_objects(root, args.new_objects, end_ts + 2, "new")
        r["compaction"] = run_case("compaction", url, "new", BRANCH_ROOT)
        print(f"  new compaction: {r['compaction']}", flush=True)
        results["new"][n] = r
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    print("\nregret: agent in memory vs restored from its saved state before every decision")
    reg = regret(args.regret_runs, args.regret_seeds)
    for name, row in reg["scenarios"].items():
        print(f"  {name:<16}{row['memory']:>8.3f}{row['state']:>8.3f}")
    print(
        f"  {'OVERALL':<16}{reg['overall']['memory']:>8.3f}{reg['overall']['state']:>8.3f}"
        f"   identical picks: {reg['identical_picks']}"
    )

    old = results["old"]
    cols = [f"today {n0 // 10**6}M"] + [f"state {n // 10**6}M" for n in sizes]
    rows = [
        ("first decide() s", "decide", "first_s", "{:.3f}"),
        ("decide peak RSS MB", "decide", "peak_rss_mb", "{:.0f}"),
        ("next decide() ms", "decide", "next_ms", "{:.1f}"),
        ("first recommend() ms", "recommend", "first_ms", "{:.1f}"),
        ("next recommend() ms", "recommend", "next_ms", "{:.1f}"),
        ("dashboard first load s", "dashboard", "first_s", "{:.3f}"),
        ("dashboard peak RSS MB", "dashboard", "peak_rss_mb", "{:.0f}"),
        ("compaction +100k s", "compaction", "seconds", "{:.1f}"),
        ("compaction peak RSS MB", "compaction", "peak_rss_mb", "{:.0f}"),
    ]
    print("\n" + f"{'':<26}" + "".join(f"{c:>14}" for c in cols))
    for label, c, k, fmt in rows:
        vals = [old[c].get(k)] + [results["new"][n][c].get(k) for n in sizes]
        print(
            f"{label:<26}"
            + "".join(f"{fmt.format(v):>14}" if v is not None else f"{'-':>14}" for v in vals)
        )
    print(
        f"{'state rebuild s':<26}{'-':>14}"
        + "".join(f"{results['new'][n]['state_rebuild_s']:>14.0f}" for n in sizes)
    )
    big = results["new"][sizes[-1]]
    tag = f"{sizes[-1] // 10**6}m"
    small = results["new"][sizes[0]]
    out = {
        "benchmark": "learned_state",
        "sizes": sizes,
        f"decide_cold_s_{tag}": big["decide"]["first_s"],
        f"peak_rss_mb_{tag}": big["decide"]["peak_rss_mb"],
        f"recommend_ms_{tag}": big["recommend"]["first_ms"],
        f"dashboard_first_load_s_{tag}": big["dashboard"]["first_s"],
        "compaction_peak_mb": big["compaction"]["peak_rss_mb"],
        "compaction_s": big["compaction"]["seconds"],
        "state_rebuild_s": big["state_rebuild_s"],
        "today_1m": {
            "decide_cold_s": old["decide"]["first_s"],
            "peak_rss_mb": old["decide"]["peak_rss_mb"],
            "recommend_ms": old["recommend"]["first_ms"],
            "dashboard_first_load_s": old["dashboard"]["first_s"],
            "compaction_peak_mb": old["compaction"]["peak_rss_mb"],
        },
        "state_1m": {
            "decide_cold_s": small["decide"]["first_s"],
            "peak_rss_mb": small["decide"]["peak_rss_mb"],
            "recommend_ms": small["recommend"]["first_ms"],
            "dashboard_first_load_s": small["dashboard"]["first_s"],
            "compaction_peak_mb": small["compaction"]["peak_rss_mb"],
        },
        "decide_speedup_1m": old["decide"]["first_s"] / small["decide"]["first_s"],
        "regret_memory": reg["overall"]["memory"],
        "regret_state": reg["overall"]["state"],
        "regret_change_pct": 100 * (reg["overall"]["state"] / reg["overall"]["memory"] - 1),
        "regret_identical_picks": reg["identical_picks"],
        "targets": {
            "decide_lt_0_5s": big["decide"]["first_s"] < 0.5,
            "rss_lt_300mb": big["decide"]["peak_rss_mb"] < 300,
            "recommend_lt_100ms": big["recommend"]["first_ms"] < 100,
            "dashboard_lt_1s": big["dashboard"]["first_s"] < 1.0,
            "compaction_lt_500mb": big["compaction"]["peak_rss_mb"] < 500,
        },
        "elapsed_s": time.perf_counter() - t_all,
    }
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
