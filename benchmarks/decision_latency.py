"""decide() latency of the Decision agent against a brute-force top-k cosine scan.

Used by ``decision_regret.py`` (its last table): a memory:// store of 10k, 100k and 1M
runs written as one snapshot, the agent's first decision (loading and learning every
run), then p50 / p99 of ``decide()`` and of a numpy top-10 scan of the same matrix.
"""

from __future__ import annotations

import time

import numpy as np
import platform_sim as sim

from strands_airflow.agents.decision import DecisionAgent
from strands_airflow.vectors.features import feature_values

ALL = ["local", "glue", "emr_serverless", "lambda"]


def _filled_store(n: int, rng: np.random.Generator):
    """A memory:// store holding ``n`` runs, written as one snapshot (as compaction does)."""
    import uuid

    from strands_airflow.vectors import layout
    from strands_airflow.vectors.snapshot import Rows, encode_snapshot
    from strands_airflow.vectors.store import LearningVectorStore

    specs = sim.draw_specs(rng)
    pool = [sim.numbers_job(rng) for _ in range(2000)]
    pool_emb = np.asarray([feature_values(j.shown) for j in pool], dtype=np.float32)
    idx = rng.integers(0, len(pool), n)
    plat = np.asarray(ALL)[rng.integers(0, 4, n)]
    med = np.array([[sim._median_runtime(specs[p], j) for p in ALL] for j in pool])
    secs = med[idx, rng.integers(0, 4, n)] * np.exp(rng.normal(0, 0.2, n))
    t0 = 1.7e9
    ids = [uuid.UUID(int=int(i)).hex for i in rng.integers(0, 2**63, n)]
    keys = [layout.vector_key("learning", v, t0 + i) for i, v in enumerate(ids)]
    rows = Rows(
        keys=np.array(keys, dtype=object),
        vector_ids=np.array(ids, dtype=object),
        timestamp=t0 + np.arange(n, dtype=np.float64),
        platform=plat.astype(object),
        execution_time_seconds=secs,
        success=rng.random(n) > 0.05,
        embedding=pool_emb[idx],
        documents=["{}"] * n,
    )
    import json

    url = f"memory://decision-bench-{uuid.uuid4().hex}"
    writer = LearningVectorStore(url)
    snap = f"{layout.snapshot_prefix('learning')}snapshot-bench.parquet"
    writer.backend.put(snap, encode_snapshot(rows))
    manifest = {  # one unpartitioned snapshot (format 1: still read as it is)
        "format": "strands-learning-vectors-manifest/1",
        "category": "learning",
        "snapshot_key": snap,
        "covered_until": keys[-1],
        "vectors": n,
    }
    writer.backend.put(layout.manifest_key("learning"), json.dumps(manifest).encode())
    return LearningVectorStore(url), pool


def latency(sizes, n_queries=300):
    """decide() p50/p99 with the agent on a store of each size, and a brute-force scan."""
    from strands_airflow.vectors.model import LearningVector

    rng = np.random.default_rng(0)
    rows = []
    for size in sizes:
        store, pool = _filled_store(size, rng)
        queries = [sim.numbers_job(rng).shown for _ in range(n_queries)]
        agent = DecisionAgent(store=store, random_state=0)
        t0 = time.perf_counter()
        agent.decide(queries[0])  # loads the store and learns every run in it
        load_s = time.perf_counter() - t0
        for q in queries[:20]:
            agent.decide(q)  # warm-up
        ts = []
        for q in queries:
            t0 = time.perf_counter()
            agent.decide(q)
            ts.append(time.perf_counter() - t0)
        after_put = []
        for i in range(5):  # a new run arrives, then the next decision learns it
            store.put(
                LearningVector.from_run(
                    workload=pool[i].shown,
                    platform="glue",
                    metrics={"execution_time_seconds": 60.0, "success": True},
                )
            )
            t0 = time.perf_counter()
            agent.decide(queries[i])
            after_put.append(time.perf_counter() - t0)
        emb = store.matrix()
        plat, secs = store.history().platform, store.history().execution_time_seconds
        norms = np.linalg.norm(emb, axis=1)
        bs = []
        for q in queries[:60]:
            e = np.asarray(feature_values(q), dtype=np.float32)
            t0 = time.perf_counter()
            sims = (emb @ e) / (norms * np.linalg.norm(e))
            top = np.argpartition(-sims, 10)[:10]
            _ = plat[top], secs[top]
            bs.append(time.perf_counter() - t0)
        rows.append(
            {
                "vectors": size,
                "load_s": load_s,
                "decide_p50_ms": 1e3 * float(np.percentile(ts, 50)),
                "decide_p99_ms": 1e3 * float(np.percentile(ts, 99)),
                "decide_after_new_run_ms": 1e3 * float(np.median(after_put)),
                "knn_scan_p50_ms": 1e3 * float(np.percentile(bs, 50)),
                "knn_scan_p99_ms": 1e3 * float(np.percentile(bs, 99)),
            }
        )
        del store, agent, emb
    return rows
