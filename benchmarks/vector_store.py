"""Learning-vector store: put/get rates against raw boto3, cold loads, matrix memory.

What is measured, all in one run and against one moto S3 server (its own process):
- put/s and get/s of ``LearningVectorStore`` on file:// and s3:// against a raw loop
  doing the same I/O (boto3 ``put_object``/``get_object`` + ``json``; on the file
  system a temp-file + rename write, the store's atomicity, and ``read_bytes``). Target: store/raw >= 0.8 on s3://.
  "get" reads one stored object and parses it into a ``LearningVector``; the warm
  in-process ``store.get(id)`` rate is printed too.
- cold load "for a decision": a new store object, then ``history()`` (what the Decision
  agent fits on), with and without a snapshot, for 10k and 100k vectors. Target: 100k
  from s3:// in under 2 s. 100k objects cannot be written into moto in reasonable time
  (~100/s), so the 100k s3:// case holds the manifest, the snapshot (built by compact()
  on a file store of the same objects) and 100 tail objects; the no-snapshot s3:// figure
  is given for 10k only.
- bytes per 1M vectors of ``matrix()`` and of the whole ``history()`` view.

    python benchmarks/vector_store.py [--ops 600] [--sizes 10000,100000] [--s3-objects 10000]
                                      [--workdir DIR]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

TAIL = 100  # vectors written after the last compaction, present in every cold load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("moto server did not start")


def vector_doc(i: int, when: datetime) -> dict:
    """A realistic vector document (what LearningVector.to_json() writes)."""
    from strands_airflow.core.features import FEATURE_SCHEMA_VERSION, feature_values

    platform = ("glue", "local", "lambda", "emr_serverless")[i % 4]
    workload = {"data_volume_gb": float(i % 500), "num_joins": i % 7, "transform": "sql"}
    return {
        "vector_id": f"bench-{i:09d}",
        "timestamp": when.isoformat(),
        "workload_characteristics": workload,
        "execution_metrics": {
            "platform_used": platform,
            "execution_time_seconds": 10.0 + i % 300,
            "data_quality_score": 0.97,
            "status": "completed" if i % 9 else "failed",
            "success": bool(i % 9),
        },
        "decision_context": {
            "selected_platform": platform,
            "decision_confidence": 0.8,
            "decision_reasoning": f"{workload['data_volume_gb']} GB with {i % 7} joins",
        },
        "performance_indicators": {"optimization_opportunities": 1, "recommendations_count": 1},
        "learning_insights": f"Run {i} on {platform} took {10 + i % 300}s.",
        "embedding": feature_values(workload),
        "feature_schema_version": FEATURE_SCHEMA_VERSION,
    }


def seeded_objects(n: int, *, tail_now: bool) -> list[tuple[str, bytes]]:
    """n objects: all but the last TAIL written "last year", the rest just now."""
    from strands_airflow.vectors import layout

    base = datetime(2025, 1, 1, tzinfo=timezone.utc)
    now = time.time()
    out = []
    for i in range(n):
        old = i < n - TAIL or not tail_now
        written = (base + timedelta(seconds=i)).timestamp() if old else now + i * 1e-3
        doc = vector_doc(i, base + timedelta(seconds=i))
        out.append(
            (layout.vector_key("learning", doc["vector_id"], written), json.dumps(doc).encode())
        )
    return out


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def put_get_rates(store, raw_put, raw_get, docs: list[dict], prefix: str) -> dict:
    """Raw and store operations alternate one by one (raw, store, raw, store, ...), each
    timed on its own, so drift in machine load hits both sides alike."""
    from strands_airflow.vectors.model import LearningVector

    vectors = [LearningVector.model_validate(d) for d in docs]
    bodies = [json.dumps(d).encode() for d in docs]
    raw_keys = [f"{prefix}raw-{i}.json" for i in range(len(docs))]
    spent = {"raw_put": 0.0, "store_put": 0.0, "raw_get": 0.0, "store_get": 0.0}
    keys: list[str] = []
    clock = time.perf_counter
    for raw_key, body, vector in zip(raw_keys, bodies, vectors, strict=True):
        t0 = clock()
        raw_put(raw_key, body)
        t1 = clock()
        keys.append(store.put(vector))
        t2 = clock()
        spent["raw_put"] += t1 - t0
        spent["store_put"] += t2 - t1
    read = store.backend.get
    for raw_key, key in zip(raw_keys, keys, strict=True):
        t0 = clock()
        json.loads(raw_get(raw_key))
        t1 = clock()
        LearningVector.model_validate_json(read(key))
        t2 = clock()
        spent["raw_get"] += t1 - t0
        spent["store_get"] += t2 - t1
    out = {k: rate(len(docs), v) for k, v in spent.items()}
    out["put_ratio"] = out["store_put"] / out["raw_put"]
    out["get_ratio"] = out["store_get"] / out["raw_get"]
    ids = [v.vector_id for v in vectors]
    out["store_get_cached"] = rate(len(ids), timed(lambda: [store.get(i) for i in ids]))
    return out


def atomic_write(path: Path, data: bytes) -> None:
    """The raw file baseline with the store's durability contract: temp file + rename."""
    tmp = path.with_name(".tmp-" + path.name)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def cold_load(url: str, **kw) -> tuple[float, int]:
    """Seconds for a new store to produce history() (client built outside the timer)."""
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore(url, **kw)
    if hasattr(store.backend, "client"):
        store.backend.client  # noqa: B018 - connection setup is not part of the load
    t = time.perf_counter()
    n = len(store.history())
    return time.perf_counter() - t, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=600, help="puts and gets per side")
    ap.add_argument("--sizes", default="10000,100000", help="cold-load sizes")
    ap.add_argument("--s3-objects", type=int, default=10000, help="objects written to moto")
    ap.add_argument(
        "--workdir", default=None, help="parent of the scratch directory (default: system temp)"
    )
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]

    work = Path(tempfile.mkdtemp(prefix="strands-vector-bench-", dir=args.workdir))
    os.environ.setdefault("AIRFLOW_HOME", str(work / "airflow"))
    moto, endpoint = start_moto()
    conn = {"conn_type": "aws", "login": "bench", "password": "bench-secret"}
    conn["extra"] = {"endpoint_url": endpoint, "region_name": "us-east-1"}
    os.environ["AIRFLOW_CONN_AWS_DEFAULT"] = json.dumps(conn)
    results: dict = {"ops": args.ops}
    try:
        import boto3

        from strands_airflow.vectors import layout
        from strands_airflow.vectors.store import LearningVectorStore

        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="bench",
            aws_secret_access_key="bench-secret",
            region_name="us-east-1",
        )
        s3.create_bucket(Bucket="strands-bench")
        now = datetime.now(timezone.utc)
        docs = [vector_doc(10**8 + i, now) for i in range(args.ops)]

        # -- put / get --------------------------------------------------------------
        store = LearningVectorStore("s3://strands-bench/rates", compact_threshold=10**9)
        store.count()

        def raw_s3_put(k: str, b: bytes) -> None:
            s3.put_object(Bucket="strands-bench", Key=k, Body=b)

        def raw_s3_get(k: str) -> bytes:
            return s3.get_object(Bucket="strands-bench", Key=k)["Body"].read()

        results["s3"] = put_get_rates(store, raw_s3_put, raw_s3_get, docs, "rawbench/")
        raw_dir = work / "raw"
        raw_dir.mkdir()
        fstore = LearningVectorStore((work / "rates").as_uri(), compact_threshold=10**9)
        results["file"] = put_get_rates(
            fstore,
            lambda k, b: atomic_write(raw_dir / k, b),
            lambda k: (raw_dir / k).read_bytes(),
            docs,
            "",
        )

        # -- cold loads ---------------------------------------------------------------
        loads: dict = {}
        for n in sizes:
            objs = seeded_objects(n, tail_now=True)
            url = (work / f"cold-{n}").as_uri()
            fs = LearningVectorStore(url)
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda kv, fs=fs: fs.backend.put(*kv), objs))
            loads[f"file_{n}_no_snapshot"], got = cold_load(url)
            assert got == n, got
            t = time.perf_counter()
            LearningVectorStore(url, compaction_grace_seconds=60).compact(rebuild=True)
            loads[f"file_{n}_compact_rebuild"] = time.perf_counter() - t
            loads[f"file_{n}_snapshot"], got = cold_load(url)
            assert got == n, got

            # One bucket per size: moto scans a whole bucket on every listing (S3 does not).
            cold_bucket = f"strands-bench-cold-{n}"
            s3.create_bucket(Bucket=cold_bucket)
            s3url = f"s3://{cold_bucket}/cold"
            prefix = "cold/"
            snap_keys = fs.backend.list("learning/vectors/_snapshots/")
            for key in snap_keys:  # manifest + snapshot, as compact() wrote them
                s3.put_object(Bucket=cold_bucket, Key=prefix + key, Body=fs.backend.get(key))
            put_objs = objs if n <= args.s3_objects else objs[-TAIL:]
            with ThreadPoolExecutor(16) as pool:
                list(
                    pool.map(
                        lambda kv, b=cold_bucket: s3.put_object(
                            Bucket=b, Key="cold/" + kv[0], Body=kv[1]
                        ),
                        put_objs,
                    )
                )
            loads[f"s3_{n}_snapshot"], got = cold_load(s3url)
            assert got == n, got
            if n <= args.s3_objects:
                manifest = prefix + layout.manifest_key("learning")
                s3.delete_object(Bucket=cold_bucket, Key=manifest)
                loads[f"s3_{n}_no_snapshot"], got = cold_load(s3url)
                assert got == n, got
        results["cold_load_seconds"] = loads

        # -- memory -------------------------------------------------------------------
        hist = LearningVectorStore((work / f"cold-{sizes[-1]}").as_uri()).history()
        per = 1_000_000 / len(hist)
        results["matrix_mb_per_1m"] = hist.embedding.nbytes * per / 1e6
        total = (
            sum(
                a.nbytes
                for a in (hist.embedding, hist.platform, hist.execution_time_seconds, hist.success)
            )
            + hist.timestamp.nbytes
        )
        total += sum(sys.getsizeof(x) for x in hist.vector_ids) + sys.getsizeof(hist.vector_ids)
        results["history_mb_per_1m"] = total * per / 1e6
    finally:
        moto.terminate()
        moto.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'':24}{'raw/s':>10}{'store/s':>10}{'ratio':>8}")
    for backend in ("s3", "file"):
        r = results[backend]
        for op in ("put", "get"):
            print(
                f"{backend + ' ' + op:24}{r['raw_' + op]:>10.0f}{r['store_' + op]:>10.0f}"
                f"{r[op + '_ratio']:>8.2f}"
            )
        print(f"{backend + ' get (warm cache)':24}{'':>10}{r['store_get_cached']:>10.0f}")
    print("\ncold load (new store -> history()), seconds")
    for k, v in results["cold_load_seconds"].items():
        print(f"  {k:32}{v:>8.3f}")
    print(f"\nmatrix() per 1M vectors: {results['matrix_mb_per_1m']:.0f} MB")
    print(f"history() per 1M vectors: {results['history_mb_per_1m']:.0f} MB")
    loads = results["cold_load_seconds"]
    big = max(sizes)
    summary = {
        "benchmark": "vector_store",
        "s3_put_per_s": round(results["s3"]["store_put"], 1),
        "s3_raw_put_per_s": round(results["s3"]["raw_put"], 1),
        "s3_put_ratio": round(results["s3"]["put_ratio"], 3),
        "s3_get_per_s": round(results["s3"]["store_get"], 1),
        "s3_raw_get_per_s": round(results["s3"]["raw_get"], 1),
        "s3_get_ratio": round(results["s3"]["get_ratio"], 3),
        "file_put_per_s": round(results["file"]["store_put"], 1),
        "file_get_per_s": round(results["file"]["store_get"], 1),
        "cold_load_seconds": {k: round(v, 3) for k, v in loads.items()},
        f"s3_{big}_snapshot_load_s": round(loads.get(f"s3_{big}_snapshot", -1), 3),
        "target_s3_load_under_2s": loads.get(f"s3_{big}_snapshot", 99) < 2.0,
        "target_put_ratio_0_8": results["s3"]["put_ratio"] >= 0.8,
        "matrix_mb_per_1m": round(results["matrix_mb_per_1m"], 1),
        "history_mb_per_1m": round(results["history_mb_per_1m"], 1),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
