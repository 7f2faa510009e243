"""Helpers shared by the vector tests (importable by name: pytest puts this folder on sys.path)."""

from __future__ import annotations


def make_vector(i: int, *, platform: str | None = None, run: str = "run", **metrics):
    """The i-th vector of a synthetic history (deterministic id from its run key)."""
    from datetime import datetime, timedelta, timezone

    from strands_airflow.vectors.model import LearningVector

    platform = platform or ("glue", "local", "lambda")[i % 3]
    base = {"execution_time_seconds": 10.0 + i, "success": i % 4 != 0}
    return LearningVector.from_run(
        workload={"data_volume_gb": float(i % 50), "num_joins": i % 5, "transform": "sql"},
        platform=platform,
        metrics={**base, **metrics},
        decision={"selected_platform": platform, "confidence": 0.7, "reasoning": "test"},
        run_key=("etl_dag", f"{run}_{i}", "learning"),
        timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=i),
    )


class FlakyProxy:
    """A real HTTP proxy in front of the moto server that answers the next
    ``fail_next`` requests with an S3 error (503 SlowDown by default).

    botocore sees genuine throttling responses over the wire, so the store's
    retry policy is exercised end to end, without patching any library.
    """

    def __init__(self, upstream: str) -> None:
        import http.client
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlparse

        self.fail_next = 0
        self.status, self.code = 503, "SlowDown"
        self.failed = 0
        self.forwarded = 0
        self._lock = threading.Lock()
        up = urlparse(upstream)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.1 answers botocore's "Expect: 100-continue" at once (1.0 makes it wait 1 s).
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with proxy._lock:
                    fail = proxy.fail_next > 0
                    if fail:
                        proxy.fail_next -= 1
                        proxy.failed += 1
                    else:
                        proxy.forwarded += 1
                if fail:
                    payload = (
                        f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>{proxy.code}</Code>"
                        "<Message>injected by the test proxy</Message></Error>"
                    ).encode()
                    self.send_response(proxy.status)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                conn = http.client.HTTPConnection(up.hostname, up.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                headers["Host"] = up.netloc
                conn.request(self.command, self.path, body=body or None, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in {"content-length", "transfer-encoding", "connection"}:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                conn.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def assert_snapshot_consistent(url: str, **store_kwargs) -> int:
    """The manifest's partitions decode, and together they hold exactly the distinct, readable
    vector objects whose keys sort at or before its ``covered_until``. Returns its size."""
    import json

    from strands_airflow.vectors import layout
    from strands_airflow.vectors.snapshot import Rows, decode_snapshot
    from strands_airflow.vectors.store import LearningVectorStore

    store = LearningVectorStore(url, **store_kwargs)
    manifest = json.loads(store.backend.get(layout.manifest_key("learning")))
    rows = Rows.concat(
        [decode_snapshot(store.backend.get(p["key"])) for p in manifest["partitions"]]
    )
    seqs = [
        (p["seq_start"], p["vectors"])
        for p in sorted(manifest["partitions"], key=lambda p: p["seq_start"])
    ]
    # partitions hold consecutive, non-overlapping ranges of the compaction order
    assert all(a + n == b for (a, n), (b, _) in zip(seqs, seqs[1:], strict=False))
    keys = store.backend.list(layout.vector_prefix("learning"))
    covered = [k for k in keys if k <= manifest["covered_until"]]
    assert sorted(rows.keys.tolist()) == covered
    assert len(set(rows.vector_ids.tolist())) == len(rows) == manifest["vectors"]
    return len(rows)


class LogRecorder:
    """Records one logger's messages with a handler of its own: Airflow's logging setup
    (once airflow is imported) may stop records from reaching pytest's caplog."""

    def __init__(self, name: str) -> None:
        import logging

        self.logger = logging.getLogger(name)
        self.messages: list[str] = []
        recorder = self

        class _Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                recorder.messages.append(record.getMessage())

        self.handler = _Handler(level=logging.DEBUG)

    def __enter__(self) -> LogRecorder:
        import logging

        self._level = self.logger.level
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self._level)

    @property
    def text(self) -> str:
        return "\n".join(self.messages)


#: appended to a subprocess script that used the parquet store, after its last output: the
#: process ends without the interpreter's teardown. pyarrow's native threads (its jemalloc
#: background thread and pool threads, alive even with use_threads=False) can abort the
#: process there with "terminate called without an active exception" after all the work is
#: done (apache/arrow#34314; seen twice in these tests, in two sessions, never reproduced alone),
#: which is not what these tests check. An error in the script still exits non-zero before it.
EXIT_AFTER_WORK = """
import os as _os, sys as _sys
_sys.stdout.flush()
_sys.stderr.flush()
_os._exit(0)
"""
