"""What the listing hint saves a decision when S3 is a network away, not a local process.

A decision reads the manifest and the learned state, then lists the tail: two round trips.
With this machine's hint of where the snapshot ends it lists in the first one
(:mod:`strands_airflow.vectors.listing_hint`). Through moto on this machine a request costs
a few ms of CPU in moto itself, so the saving is invisible there; S3 in a region costs
~10-50 ms of latency per request. This benchmark puts a TCP forwarder that delays each
response by ``--latency-ms`` between the store and a moto server (real boto3, the Airflow
connection), and times the same decision (a fresh store each time, as in a new task
process) with the hint and without it, alternating. Prints a table and the ratio.

    .venv/bin/python benchmarks/listing_hint.py [--latency-ms 25] [--decisions 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "vectors"))
sys.path.insert(0, str(Path(__file__).parents[1] / "scripts" / "cluster"))

from tcp_forward import _pipe  # noqa: E402 - the cluster's forwarder, with a delay


def _delaying_forwarder(target_port: int, delay: float) -> int:
    """A TCP forwarder on a free port that delays each chunk from the server by `delay`."""
    ready: dict[str, int] = {}
    started = threading.Event()

    async def handle(reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer, delay))

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        ready["port"] = server.sockets[0].getsockname()[1]
        started.set()
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    started.wait(10)
    return ready["port"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency-ms", type=float, default=25.0)
    ap.add_argument("--decisions", type=int, default=30)
    ap.add_argument("--tail", type=int, default=5, help="runs after the snapshot")
    args = ap.parse_args()
    logging.disable(logging.WARNING)

    home = tempfile.mkdtemp(prefix="strands-hint-bench-")
    os.environ.setdefault("AIRFLOW_HOME", home)
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    _, moto_port = moto.get_host_and_port()
    port = _delaying_forwarder(moto_port, args.latency_ms / 1000)
    os.environ["AIRFLOW_CONN_AWS_DEFAULT"] = json.dumps(
        {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1"},
        }
    )
    import boto3
    from vectors_support import make_vector

    from strands_airflow.pipeline import steps
    from strands_airflow.pipeline.context import PipelineRun, RunContext
    from strands_airflow.vectors import listing_hint
    from strands_airflow.vectors.store import LearningVectorStore

    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{moto_port}",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket="hint-bench")
    url = "s3://hint-bench/strands"
    store = LearningVectorStore(url, compaction_grace_seconds=0)
    for i in range(40):
        store.put(make_vector(i))
    store.compact()
    for i in range(40, 40 + args.tail):
        store.put(make_vector(i))
    hint_file = listing_hint._path(store._hint_id)

    def decide(i: int, mode: str) -> float:
        if mode == "no hint":
            hint_file.unlink(missing_ok=True)
        run = PipelineRun(
            config=None,
            dag_id="etl",
            run_id=f"r{i}-{mode}",
            context=RunContext(store_url=url),
            workload={"data_volume_gb": 3.0, "num_joins": 1, "transform": "sql"},
        )
        t0 = time.perf_counter()
        n = steps.decide(run, platforms=["glue", "local", "lambda"]).n_history
        took = time.perf_counter() - t0
        assert n == 40 + args.tail, n
        return took

    times: dict[str, list[float]] = {"hint": [], "no hint": []}
    decide(0, "no hint")  # imports, and the hint for the first "hint" decision
    for i in range(args.decisions):
        for mode in ("hint", "no hint") if i % 2 else ("no hint", "hint"):
            times[mode].append(decide(i, mode))
    moto.stop()

    print(
        f"S3 latency injected: {args.latency_ms:.0f} ms per response; "
        f"{40 + args.tail} runs (40 in the snapshot); {args.decisions} decisions each"
    )
    print(f"{'decision':<12}{'p50 ms':>10}{'p90 ms':>10}")
    out = {}
    for mode, v in times.items():
        v = sorted(v)
        p50, p90 = statistics.median(v) * 1000, v[int(0.9 * (len(v) - 1))] * 1000
        out[mode] = {"p50_ms": round(p50, 1), "p90_ms": round(p90, 1)}
        print(f"{mode:<12}{p50:>10.1f}{p90:>10.1f}")
    ratio = out["hint"]["p50_ms"] / out["no hint"]["p50_ms"]
    print(f"ratio hint / no hint (p50): {ratio:.3f}")
    print(
        json.dumps(
            {
                "benchmark": "listing_hint",
                "latency_ms": args.latency_ms,
                **out,
                "ratio_p50": round(ratio, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
