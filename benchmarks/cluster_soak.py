"""Soak of the reference DAG on the multi-process cluster (`scripts/cluster.sh`), with faults.

    python benchmarks/cluster_soak.py --runs 20            # the three faults
    python benchmarks/cluster_soak.py --runs 4 --faults worker   # CI's short form

Starts the cluster when it is not running (and stops it afterwards; `--keep` leaves it
up). Triggers the runs through the REST API (simple auth manager, JWT), `--concurrency`
at a time, while a Decision agent in this process consumes LEARNING_UPDATE as a consumer-group member
of the cluster's bus. Faults, one after the other:

- ``worker``: SIGKILL of the Celery worker running a reference task (its process group
  and every task process below it, like a machine that dies); once the task's retry has
  started on the other worker, the killed worker is started again;
- ``redis``: the cluster's Redis (broker and bus, port 6390: nobody else's) stopped and
  started again 5 s later; messages published meanwhile wait in the outbox;
- ``s3``: the S3 endpoint down for 10 s (moto keeps the bucket).

When every run has ended it reports runs succeeded / failed (with reasons), vectors in
the store (one per run that reached learning, duplicates, lost), LEARNING_UPDATE
messages per run and what is pending, dead letters with reasons, whether each decision's
history held every run finished before it started, runs per minute, and the p50/p95
duration of a Strands task against an empty task on the same cluster: after the soak,
`--overhead-runs` runs of the `strands_cluster_empty` DAG one after the other, whose
``empty`` and ``strands_decision`` tasks each run alone on the settled cluster (and
``strands_decision_local``, the same task deciding without the decision service, for
comparison; the decision service's counters are reported too). Prints a
table and one JSON line; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "scripts" / "cluster.sh"
REF = "strands_reference_pipeline"
EMPTY = "strands_cluster_empty"
TERMINAL = {"success", "failed"}


# -- the cluster ---------------------------------------------------------------------------
def cluster(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(CLUSTER), *args], check=check, capture_output=True, text=True
    )


def load_cluster_env() -> None:
    """The exports of `cluster.sh env`, into this process (before Airflow is imported)."""
    out = cluster("env").stdout
    for line in out.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export ") :].partition("=")
            os.environ[key] = " ".join(shlex.split(value.replace('"$PATH"', os.environ["PATH"])))


def ts(value: str | None) -> float | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() if value else None


class Api:
    """The cluster's REST API with a JWT from the simple auth manager."""

    def __init__(self, base: str, password: str) -> None:
        self.base = base
        body = json.dumps({"username": "admin", "password": password}).encode()
        req = urllib.request.Request(
            f"{base}/auth/token", data=body, headers={"Content-Type": "application/json"}
        )
        self.token = json.load(urllib.request.urlopen(req, timeout=30))["access_token"]

    def call(self, method: str, path: str, body: Any = None, attempts: int = 5) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for attempt in range(attempts):
            req = urllib.request.Request(
                self.base + path, data=data, headers=headers, method=method
            )
            try:
                return json.load(urllib.request.urlopen(req, timeout=30))
            except urllib.error.HTTPError as exc:
                if exc.code < 500 or attempt == attempts - 1:
                    raise RuntimeError(f"{method} {path}: {exc.code} {exc.read()[:300]!r}") from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == attempts - 1:
                    raise
            time.sleep(1 + attempt)

    def trigger(self, dag_id: str, run_id: str) -> None:
        self.call(
            "POST",
            f"/api/v2/dags/{dag_id}/dagRuns",
            {"dag_run_id": run_id, "logical_date": None, "conf": {}},
        )

    def run_state(self, dag_id: str, run_id: str) -> str:
        return self.call("GET", f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")["state"]

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances"
        return self.call("GET", path)["task_instances"]

    def tries(self, dag_id: str, run_id: str, task_id: str) -> list[dict[str, Any]]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/tries"
        return self.call("GET", path)["task_instances"]

    def running(self, dag_id: str) -> list[dict[str, Any]]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/~/taskInstances?state=running"
        return self.call("GET", path)["task_instances"]

    def log_tail(self, dag_id: str, run_id: str, task_id: str, try_number: int) -> str:
        path = (
            f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/logs/{try_number}"
            "?full_content=true"
        )
        try:
            content = self.call("GET", path, attempts=2).get("content") or []
        except Exception as exc:  # noqa: BLE001 - a reason without its log is still a reason
            return f"(log unavailable: {exc})"
        lines = [
            c.get("event", "") if isinstance(c, dict) else str(c)
            for c in (content if isinstance(content, list) else [content])
        ]
        errors = [ln for ln in lines if "Error" in ln or "error" in ln or "Exception" in ln]
        return (errors or lines or [""])[-1][:300]


# -- faults --------------------------------------------------------------------------------
class Faults(threading.Thread):
    """Injects the chosen faults one after the other while the runs go on."""

    def __init__(self, api: Api, soak: Soak, kinds: list[str]) -> None:
        super().__init__(name="soak-faults", daemon=True)
        self.api, self.soak, self.kinds = api, soak, kinds
        self.events: list[dict[str, Any]] = []
        self.killed: dict[str, Any] | None = None
        self.error: str | None = None

    def run(self) -> None:
        try:
            n = self.soak.runs
            if "worker" in self.kinds:
                self.kill_worker()
            if "redis" in self.kinds:
                self.wait(lambda: self.soak.finished() >= n * 0.3)
                self.down_for("redis", 5.0)
            if "s3" in self.kinds:
                self.wait(lambda: self.soak.finished() >= n * 0.55)
                self.down_for("s3", 10.0)
        except Exception as exc:  # noqa: BLE001 - reported in the results
            self.error = f"{type(exc).__name__}: {exc}"

    def wait(self, cond: Any, timeout: float = 1800.0) -> None:
        end = time.time() + timeout
        while not cond() and not self.soak.done.is_set() and time.time() < end:
            time.sleep(0.5)

    def down_for(self, service: str, seconds: float) -> None:
        """Stop `service` while a reference task runs (its messages or S3 calls then meet
        the outage), start it again after `seconds`."""
        end = time.time() + 120
        while time.time() < end and not any(
            t["task_id"] in ("execution", "quality", "learning") for t in self.api.running(REF)
        ):
            time.sleep(0.2)
        t0 = time.time()
        cluster("stop-service", service)
        time.sleep(seconds)
        cluster("start-service", service)
        self.events.append({"fault": f"{service} down", "at": t0, "seconds": time.time() - t0})

    def kill_worker(self) -> None:
        """SIGKILL the worker running a reference task, mid-task; restart it once the task's
        retry has started on the other worker."""
        end = time.time() + 600
        while time.time() < end and not self.soak.done.is_set():
            for ti in self.api.running(REF):
                host = ti.get("hostname") or ""
                worker = next((w for w in ("worker1", "worker2") if host.endswith(w)), None)
                if worker is None:
                    continue
                t0 = time.time()
                cluster("stop-service", worker, "KILL")
                self.killed = {
                    "worker": worker,
                    "run_id": ti["dag_run_id"],
                    "task_id": ti["task_id"],
                    "try_number": ti["try_number"],
                    "at": t0,
                }
                self.events.append({"fault": f"SIGKILL {worker}", "at": t0, **self.killed})
                self.wait_for_retry(ti, t0)
                cluster("start-service", worker)
                return
            time.sleep(0.2)
        raise RuntimeError("no running reference task to kill a worker under")

    def wait_for_retry(self, ti: dict[str, Any], killed_at: float) -> None:
        """Until the killed task's next try is running (or done) on a live worker: a try
        number alone is not enough, Airflow raises it before the retry starts."""
        end = time.time() + 300
        while time.time() < end:
            for t in self.api.tries(REF, ti["dag_run_id"], ti["task_id"]):
                started = ts(t.get("start_date"))
                if (
                    t["try_number"] > ti["try_number"]
                    and t["state"] in ("running", "success", "failed")
                    and started is not None
                    and started > killed_at
                ):
                    return
            time.sleep(1)


# -- the soak ------------------------------------------------------------------------------
class Soak:
    def __init__(self, api: Api, runs: int, concurrency: int, tag: str) -> None:
        self.api, self.runs, self.concurrency, self.tag = api, runs, concurrency, tag
        self.states: dict[str, str] = {}
        self.empty_states: dict[str, str] = {}
        self.done = threading.Event()
        self.t_first = self.t_last = 0.0
        self.baseline_vectors = 0  # vectors in the store before the first run
        self.moto_log = Path(os.environ["STRANDS_CLUSTER_DIR"]) / "logs" / "moto.log"
        self.s3_log_span = (0, 0)  # moto's request log, from the first trigger to the last end

    def finished(self) -> int:
        return sum(1 for s in self.states.values() if s in TERMINAL)

    def go(self, timeout: float) -> None:
        todo = [f"soak-{self.tag}-{i:03d}" for i in range(self.runs)]
        start_offset = self.moto_log.stat().st_size
        self.t_first = time.time()
        end = self.t_first + timeout
        while (todo or self._active()) and time.time() < end:
            while todo and len(self._active()) < self.concurrency:
                run_id = todo.pop(0)
                self.api.trigger(REF, run_id)
                self.states[run_id] = "queued"
            for run_id in self._active():
                self.states[run_id] = self.api.run_state(REF, run_id)
            time.sleep(1.0)
        self.t_last = time.time()
        self.s3_log_span = (start_offset, self.moto_log.stat().st_size)
        self.done.set()

    def baseline(self, n: int) -> None:
        """`n` runs of the empty-task DAG one after the other on the settled cluster: its two
        tasks (empty, then a Strands decision) each run alone, under the same conditions."""
        for i in range(n):
            run_id = f"overhead-{self.tag}-{i:03d}"
            self.api.trigger(EMPTY, run_id)
            self.empty_states[run_id] = self._wait_state(EMPTY, run_id, time.time() + 300)

    def _active(self) -> list[str]:
        return [r for r, s in self.states.items() if s not in TERMINAL]

    def _wait_state(self, dag_id: str, run_id: str, end: float) -> str:
        while True:
            state = self.api.run_state(dag_id, run_id)
            if state in TERMINAL or time.time() > end:
                return state
            time.sleep(1)


class Consumer:
    """A Decision agent on the cluster's bus, in a thread of its own: a consumer-group member
    reading LEARNING_UPDATE (and refreshing its history from the store on each)."""

    def __init__(self, bus_url: str, store_url: str) -> None:
        from strands_airflow.agents.decision import DecisionAgent
        from strands_airflow.bus import build_bus
        from strands_airflow.vectors.store import LearningVectorStore

        self.agent = DecisionAgent(
            store=LearningVectorStore(store_url),
            bus=build_bus(bus_url),
            agent_name="soak_decision_agent",
        )
        self.loop = asyncio.new_event_loop()
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.agent.start())
            started.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, name="soak-agent", daemon=True)
        self.thread.start()
        if not started.wait(60):
            raise RuntimeError("the soak's Decision agent did not start on the cluster's bus")

    def health(self) -> dict[str, Any]:
        """This agent's entry of the bus health: pending, waiting_retry, dead_lettered."""
        fut = asyncio.run_coroutine_threadsafe(self.agent.bus.health(), self.loop)
        return fut.result(30)["agents"].get(self.agent.agent_name, {})

    def stop(self) -> None:
        async def stop_agent_then_bus() -> None:
            await self.agent.stop()
            await self.agent.bus.stop()  # the soak built the bus: it closes it

        asyncio.run_coroutine_threadsafe(stop_agent_then_bus(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def service_stats(bus_url: str, store_url: str) -> dict[str, Any]:
    """The decision service's counters (answered / error / dropped, over every replica):
    the decisions the tasks did not make themselves. Empty without a service."""
    import redis

    from strands_airflow.agents.decision.service import Keys
    from strands_airflow.settings import get_settings

    r = redis.Redis.from_url(bus_url)
    try:
        raw = r.hgetall(Keys(get_settings().stream_prefix, store_url).stats)
    finally:
        r.close()
    return {k.decode(): int(v) for k, v in raw.items()}


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    vs = sorted(values)
    return vs[min(len(vs) - 1, max(0, round(q * (len(vs) - 1))))]


def analyse(
    api: Api, soak: Soak, faults: Faults, store_url: str, bus_url: str, consumer: Consumer
) -> dict[str, Any]:
    import redis

    from strands_airflow.bus.message import Message
    from strands_airflow.vectors import layout
    from strands_airflow.vectors.model import LearningVector
    from strands_airflow.vectors.store import LearningVectorStore

    out: dict[str, Any] = {"runs": soak.runs, "concurrency": soak.concurrency}
    tis = {run_id: api.task_instances(REF, run_id) for run_id in soak.states}
    ok = [r for r, s in soak.states.items() if s == "success"]
    failed = {}
    for run_id, state in soak.states.items():
        if state == "success":
            continue
        bad = [t for t in tis[run_id] if t["state"] not in ("success", "skipped")]
        reasons = [
            f"{t['task_id']} {t['state']}: "
            + api.log_tail(REF, run_id, t["task_id"], max(1, t["try_number"]))
            for t in bad
        ]
        failed[run_id] = {"state": state, "reasons": reasons}
    out["succeeded"] = len(ok)
    out["failed"] = failed
    out["retried_tasks"] = [
        f"{r}/{t['task_id']} try {t['try_number']}"
        for r, ts_ in tis.items()
        for t in ts_
        if t["try_number"] > 1
    ]

    # -- the worker kill: the task's tries and where they ran
    if faults.killed:
        k = faults.killed
        tries = api.tries(REF, k["run_id"], k["task_id"])
        out["worker_kill"] = {
            **{key: k[key] for key in ("worker", "run_id", "task_id", "try_number")},
            "tries": [
                {"try": t["try_number"], "host": t.get("hostname"), "state": t["state"]}
                for t in tries
            ],
            "retried_elsewhere": any(
                t["try_number"] > k["try_number"]
                and t["state"] == "success"
                and not (t.get("hostname") or "").endswith(k["worker"])
                for t in tries
            ),
        }

    # -- vectors: exactly one per run that reached learning
    store = LearningVectorStore(store_url)
    keys = store.backend.list(layout.vector_prefix("learning"))
    per_id = Counter(layout.key_vector_id(k) for k in keys)
    learned = {}
    for run_id in soak.states:
        learning = next((t for t in tis[run_id] if t["task_id"] == "learning"), None)
        if learning and learning["state"] in ("success", "failed") and learning.get("start_date"):
            learned[run_id] = LearningVector.id_for_run((REF, run_id, "learning"))
    out["vectors"] = {
        "expected": len(learned),
        "stored": sum(1 for vid in learned.values() if per_id.get(vid)),
        "lost": sorted(r for r, vid in learned.items() if not per_id.get(vid)),
        "duplicate_objects": sum(per_id[vid] - 1 for vid in learned.values() if per_id.get(vid)),
        "objects_in_store": len(keys),
    }

    # -- LEARNING_UPDATE: one per run; nothing pending
    r = redis.Redis.from_url(bus_url)
    prefix = os.environ.get("AIRFLOW__STRANDS__STREAM_PREFIX", "strands")
    per_run: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    for p in range(10):
        for _, fields in r.xrange(f"{prefix}:s:learning_update:{p}"):
            msg = Message.model_validate_json(fields[b"m"])
            ids[msg.id] += 1
            if msg.correlation_id and msg.correlation_id.startswith(f"{REF}/soak-{soak.tag}-"):
                per_run[msg.correlation_id.split("/", 1)[1]] += 1
    outbox = Path(os.environ["AIRFLOW__STRANDS__HOME"]) / "outbox"
    me = consumer.health()
    out["learning_updates"] = {
        "runs_with_one": sum(1 for run_id in learned if per_run.get(run_id) == 1),
        "missing": sorted(run_id for run_id in learned if not per_run.get(run_id)),
        "extra": {k: v for k, v in per_run.items() if v > 1},
        "redelivered_ids": sum(v - 1 for v in ids.values() if v > 1),
        "pending": int(me.get("pending") or 0),
        "waiting_retry": int(me.get("waiting_retry") or 0),
        "outbox_left": len(list(outbox.glob("*"))) if outbox.exists() else 0,
        "agent_processed": consumer.agent._processed,
    }

    # -- dead letters, with their reasons
    dead = []
    for key in r.scan_iter(match=f"{prefix}:dlq:*"):
        for eid, fields in r.xrange(key):
            f = {k.decode(): v.decode(errors="replace") for k, v in fields.items()}
            dead.append(
                {"stream": key.decode(), "id": eid.decode(), "reason": f.get("error", "")[:300]}
            )
    out["dead_letters"] = dead

    # -- decisions: each saw every run finished before it started
    baseline = soak.baseline_vectors
    learned_at = {}
    for run_id in soak.states:
        lt = next((t for t in tis[run_id] if t["task_id"] == "learning"), None)
        if lt and lt["state"] == "success":
            learned_at[run_id] = ts(lt["end_date"])
    checks = []
    for run_id in soak.states:
        dt = next((t for t in tis[run_id] if t["task_id"] == "decision"), None)
        rep = store.get_report("decision", f"{REF}/{run_id}")
        if not dt or not rep or not dt.get("start_date"):
            continue
        started = ts(dt["start_date"])
        before = sum(1 for t in learned_at.values() if t is not None and t < started)
        checks.append(
            {
                "run": run_id,
                "n_history": rep.get("n_history", 0),
                "finished_before": baseline + before,
                "ok": rep.get("n_history", 0) >= baseline + before,
            }
        )
    out["decisions"] = {
        "checked": len(checks),
        "all_saw_history": all(c["ok"] for c in checks),
        "misses": [c for c in checks if not c["ok"]],
        "concurrent_pairs": _concurrent_decisions(tis),
    }
    out["decision_service"] = service_stats(bus_url, store_url)
    # every decision task's try (the soak's, retries included, and the overhead DAG's)
    out["decision_service"]["decision_tries"] = sum(
        max(1, t["try_number"]) for ts_ in tis.values() for t in ts_ if t["task_id"] == "decision"
    ) + sum(
        1
        for run_id in soak.empty_states
        for t in api.task_instances(EMPTY, run_id)
        if t["task_id"] == "strands_decision"
    )

    # -- what one run costs: bus messages, S3 requests, vector bytes (docs/deploy.md's table)
    n = max(1, len(soak.states))
    per_type: Counter[str] = Counter()
    for key in r.scan_iter(match=f"{prefix}:s:*"):
        for _, fields in r.xrange(key):
            msg = Message.model_validate_json(fields[b"m"])
            if (msg.correlation_id or "").startswith(f"{REF}/soak-{soak.tag}-"):
                per_type[msg.message_type.value] += 1
    out["per_run"] = {
        "messages": round(sum(per_type.values()) / n, 2),
        "messages_by_type": {k: round(v / n, 2) for k, v in sorted(per_type.items())},
        "s3_requests": s3_requests(soak, n),
        "vector_bytes": vector_bytes(),
        "store_vectors_at_end": store.count(),
    }

    # -- throughput and overhead
    minutes = (soak.t_last - soak.t_first) / 60
    out["wall_seconds"] = round(soak.t_last - soak.t_first, 1)
    out["runs_per_minute"] = round(len(soak.states) / minutes, 2) if minutes else None
    durations: dict[str, list[float]] = {
        "empty": [],
        "strands_decision": [],
        "strands_decision_local": [],
    }
    queued: dict[str, list[float]] = {k: [] for k in durations}
    for run_id in soak.empty_states:
        for t in api.task_instances(EMPTY, run_id):
            if t["state"] == "success" and t["task_id"] in durations:
                durations[t["task_id"]].append(float(t["duration"]))
                queued[t["task_id"]].append(ts(t["start_date"]) - ts(t["queued_when"]))
    ref_durations: dict[str, list[float]] = {}
    for ts_ in tis.values():
        for t in ts_:
            if t["state"] == "success" and t.get("duration") is not None:
                ref_durations.setdefault(t["task_id"], []).append(float(t["duration"]))
    e95, s95 = pct(durations["empty"], 0.95), pct(durations["strands_decision"], 0.95)
    e50, s50 = pct(durations["empty"], 0.5), pct(durations["strands_decision"], 0.5)
    out["overhead"] = {
        "empty_p50_s": pct(durations["empty"], 0.5),
        "empty_p95_s": e95,
        "strands_p50_s": pct(durations["strands_decision"], 0.5),
        "strands_p95_s": s95,
        "p95_ratio": round(s95 / e95, 2) if e95 and s95 else None,
        "p50_ratio": round(s50 / e50, 2) if e50 and s50 else None,
        "local_decision_p50_s": pct(durations["strands_decision_local"], 0.5),
        "local_decision_p95_s": (l95 := pct(durations["strands_decision_local"], 0.95)),
        "local_p95_ratio": round(l95 / e95, 2) if e95 and l95 else None,
        "queue_p50_s": pct(queued["empty"] + queued["strands_decision"], 0.5),
        "queue_p95_s": pct(queued["empty"] + queued["strands_decision"], 0.95),
        "samples": len(durations["empty"]),
        "reference_task_p50_s": {k: pct(v, 0.5) for k, v in ref_durations.items()},
    }
    out["faults"] = [
        {k: v for k, v in e.items() if k != "at"} | {"t_s": round(e["at"] - soak.t_first, 1)}
        for e in faults.events
    ]
    out["fault_error"] = faults.error
    return out


def s3_requests(soak: Soak, runs: int) -> dict[str, float]:
    """S3 requests per run, by kind, from moto's request log over the soak (every process:
    tasks, the Decision agent of this soak; the soak's own analysis comes after)."""
    start, end = soak.s3_log_span
    with open(soak.moto_log, "rb") as fh:
        fh.seek(start)
        text = fh.read(end - start).decode(errors="replace")
    kinds: Counter[str] = Counter()
    for line in text.splitlines():
        if '"' not in line:
            continue
        request = line.split('"')[1].split(" ")
        if len(request) < 2:
            continue
        method, path = request[0], request[1]
        if method == "GET" and "list-type=2" in path:
            kinds["LIST"] += 1
        elif method in ("GET", "PUT", "HEAD", "DELETE", "POST"):
            kinds[method] += 1
    out = {k: round(v / runs, 2) for k, v in sorted(kinds.items())}
    out["total"] = round(sum(kinds.values()) / runs, 2)
    return out


def vector_bytes() -> float | None:
    """Mean size of one stored learning vector object."""
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["STRANDS_CLUSTER_S3_ENDPOINT"],
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    sizes = [
        o["Size"]
        for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=os.environ["STRANDS_CLUSTER_BUCKET"]
        )
        for o in page.get("Contents", ())
        if "/vectors/learning/" in f"/{o['Key']}" and o["Key"].endswith(".json")
    ]
    return round(sum(sizes) / len(sizes), 1) if sizes else None


def _concurrent_decisions(tis: dict[str, list[dict[str, Any]]]) -> int:
    """Pairs of decision tasks whose runs overlapped in time (decided at the same moment)."""
    spans = []
    for ts_ in tis.values():
        t = next((t for t in ts_ if t["task_id"] == "decision"), None)
        if t and t.get("start_date") and t.get("end_date"):
            spans.append((ts(t["start_date"]), ts(t["end_date"])))
    return sum(
        1 for i, a in enumerate(spans) for b in spans[i + 1 :] if a[0] < b[1] and b[0] < a[1]
    )


def verdict(res: dict[str, Any], kinds: list[str]) -> list[str]:
    """The targets this soak missed (empty when all were met)."""
    miss = []
    if res["succeeded"] != res["runs"]:
        miss.append(f"{res['runs'] - res['succeeded']} run(s) failed")
    v = res["vectors"]
    if v["lost"] or v["duplicate_objects"] or v["expected"] != res["runs"]:
        miss.append(f"vectors: {v}")
    lu = res["learning_updates"]
    if lu["missing"] or lu["extra"] or lu["pending"] or lu["outbox_left"]:
        miss.append(f"LEARNING_UPDATE: {lu}")
    if lu["waiting_retry"]:
        miss.append(f"{lu['waiting_retry']} LEARNING_UPDATE(s) still waiting for redelivery")
    if res["dead_letters"]:
        miss.append(f"{len(res['dead_letters'])} dead letter(s)")
    if not res["decisions"]["all_saw_history"]:
        miss.append("a decision missed finished runs")
    if "worker" in kinds and not (res.get("worker_kill") or {}).get("retried_elsewhere"):
        miss.append("the killed worker's task was not retried on the other worker")
    if res["fault_error"]:
        miss.append(f"fault injection: {res['fault_error']}")
    ratio = res["overhead"]["p95_ratio"]
    if ratio is None or ratio > 1.5:
        miss.append(f"Strands task p95 {ratio}x an empty task's (target <= 1.5x)")
    return miss


def table(res: dict[str, Any], miss: list[str]) -> str:
    v, lu, o, d = res["vectors"], res["learning_updates"], res["overhead"], res["decisions"]
    rows = [
        ("runs succeeded", f"{res['succeeded']}/{res['runs']}", f"{res['runs']}/{res['runs']}"),
        ("runs failed", str(len(res["failed"])), "0"),
        ("vectors stored / expected", f"{v['stored']}/{v['expected']}", "one per run"),
        ("vectors lost / duplicated", f"{len(v['lost'])} / {v['duplicate_objects']}", "0 / 0"),
        ("LEARNING_UPDATE runs with exactly one", f"{lu['runs_with_one']}/{v['expected']}", "all"),
        ("LEARNING_UPDATE missing / extra", f"{len(lu['missing'])} / {len(lu['extra'])}", "0 / 0"),
        ("pending / outbox left", f"{lu['pending']} / {lu['outbox_left']}", "0 / 0"),
        ("dead letters", str(len(res["dead_letters"])), "0"),
        (
            "decisions saw every finished run",
            f"{d['checked'] - len(d['misses'])}/{d['checked']} ({d['concurrent_pairs']} overlapping pairs)",
            "all",
        ),
        (
            "decisions by the decision service",
            ", ".join(f"{k} {v}" for k, v in sorted(res["decision_service"].items())),
            "measured",
        ),
        ("runs per minute", str(res["runs_per_minute"]), "measured"),
        ("empty task p50 / p95 (s)", f"{_f(o['empty_p50_s'])} / {_f(o['empty_p95_s'])}", ""),
        ("Strands task p50 / p95 (s)", f"{_f(o['strands_p50_s'])} / {_f(o['strands_p95_s'])}", ""),
        ("Strands / empty p95 (p50)", f"{o['p95_ratio']}x ({o['p50_ratio']}x)", "<= 1.5x"),
        (
            "deciding itself p50 / p95 (s), p95 x",
            f"{_f(o['local_decision_p50_s'])} / {_f(o['local_decision_p95_s'])}, "
            f"{o['local_p95_ratio']}x",
            "comparison",
        ),
        ("queued -> running p50 / p95 (s)", f"{_f(o['queue_p50_s'])} / {_f(o['queue_p95_s'])}", ""),
        ("wall time (s)", str(res["wall_seconds"]), ""),
    ]
    w = max(len(r[0]) for r in rows)
    lines = [f"{'metric':<{w}}  {'measured':<28}  target", "-" * (w + 45)]
    lines += [f"{a:<{w}}  {b:<28}  {c}" for a, b, c in rows]
    for e in res["faults"]:
        lines.append(f"fault at {e['t_s']:>6} s: {e['fault']}")
    if res.get("worker_kill"):
        k = res["worker_kill"]
        tries = ", ".join(f"try {t['try']} on {t['host']}: {t['state']}" for t in k["tries"])
        lines.append(f"killed task {k['run_id']}/{k['task_id']}: {tries}")
    for run_id, f in res["failed"].items():
        lines.append(f"failed {run_id}: {'; '.join(f['reasons'])}")
    for dl in res["dead_letters"]:
        lines.append(f"dead letter {dl['stream']} {dl['id']}: {dl['reason']}")
    lines.append("targets: all met" if not miss else "targets missed: " + "; ".join(miss))
    return "\n".join(lines)


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--concurrency", type=int, default=5)
    ap.add_argument(
        "--faults", default="worker,redis,s3", help="comma list: worker,redis,s3 or none"
    )
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds for all runs")
    ap.add_argument(
        "--overhead-runs",
        type=int,
        default=None,
        help="runs of the empty-task DAG after the soak (default: twice --runs, at most 40: "
        "a p95 of 20 samples is their 19th value, one slow task moves it)",
    )
    ap.add_argument("--keep", action="store_true", help="leave a cluster started here running")
    ap.add_argument("--fresh", action="store_true", help="restart the cluster first (empty store)")
    args = ap.parse_args(argv)
    kinds = [k for k in args.faults.split(",") if k and k != "none"]

    t_start = time.time()
    running = cluster("status", check=False).returncode == 0
    if running and args.fresh:
        cluster("down")
        running = False
    started_here = not running
    if started_here:
        up = cluster("up", check=False)
        print(up.stdout, end="", file=sys.stderr)
        if up.returncode != 0:
            print(up.stderr, file=sys.stderr)
            return 2
    t_up = time.time() - t_start
    try:
        return soak(args, kinds, t_up)
    finally:
        if started_here and not args.keep:
            cluster("down", check=False)


def soak(args: argparse.Namespace, kinds: list[str], t_up: float) -> int:
    load_cluster_env()
    sys.path.insert(0, str(ROOT))
    from strands_airflow.settings import get_settings
    from strands_airflow.vectors.store import LearningVectorStore

    password = json.loads(Path(os.environ["STRANDS_CLUSTER_ADMIN_PASSWORD_FILE"]).read_text())
    api = Api(os.environ["STRANDS_CLUSTER_API_URL"], password["admin"])
    for dag_id in (REF, EMPTY):
        api.call("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})
    store_url = get_settings().vector_store_url
    bus_url = f"{os.environ['STRANDS_CLUSTER_REDIS_URL']}/{os.environ['STRANDS_CLUSTER_BUS_DB']}"
    consumer = Consumer(bus_url, store_url)

    tag = time.strftime("%H%M%S")
    soak_ = Soak(api, args.runs, args.concurrency, tag)
    soak_.baseline_vectors = LearningVectorStore(store_url).count()
    faults = Faults(api, soak_, kinds)
    faults.start()
    soak_.go(args.timeout)
    faults.join(timeout=600)
    settle(consumer)
    soak_.baseline(args.overhead_runs if args.overhead_runs is not None else min(2 * args.runs, 40))
    res = analyse(api, soak_, faults, store_url, bus_url, consumer)
    consumer.stop()
    res["cluster_up_seconds"] = round(t_up, 1)
    res["faults_injected"] = kinds
    miss = verdict(res, kinds)
    res["targets_met"] = not miss
    print(table(res, miss))
    print(json.dumps({"benchmark": "cluster_soak", **res}, default=str))
    return 0 if not miss else 1


def settle(consumer: Consumer, timeout: float = 120.0) -> None:
    """Wait until the outbox is empty and the agent has nothing pending (or `timeout`)."""
    outbox = Path(os.environ["AIRFLOW__STRANDS__HOME"]) / "outbox"
    end = time.time() + timeout
    while time.time() < end:
        left = len(list(outbox.glob("*"))) if outbox.exists() else 0
        me = consumer.health()
        if not left and not me.get("pending") and not me.get("waiting_retry"):
            return
        time.sleep(2)


if __name__ == "__main__":
    sys.exit(main())
