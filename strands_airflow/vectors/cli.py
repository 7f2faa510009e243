"""Command line for operators of a learning-vector store.

``strands-vectors --url s3://bucket/prefix count`` or
``python -m strands_airflow.vectors --url file:///data/strands list --limit 5``;
``strands-vectors state rebuild`` recomputes the learned state decisions start from.
Without ``--url`` the configured store is used (``[strands] store_url``, the S3 bucket
setting, or ``$AIRFLOW_HOME/strands/store``). ``<command> --help`` explains each command.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from strands_airflow.exceptions import StrandsError
from strands_airflow.redact import redact


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="strands-vectors",
        description="Inspect and maintain a strands-airflow learning-vector store.",
    )
    p.add_argument(
        "--url",
        help="store URL: memory://name, file:///abs/path or s3://bucket/prefix "
        "(default: the configured store)",
    )
    p.add_argument(
        "--category",
        default="learning",
        choices=["decision", "quality", "optimization", "learning"],
        help="which vectors (learning/vectors/<category>/); default: learning",
    )
    p.add_argument(
        "--aws-conn-id", default="aws_default", help="Airflow connection for s3:// stores"
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="command")

    def filters(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument("--platform", help="only runs on this platform (e.g. glue, local)")
        cmd.add_argument("--since", help="only runs at or after this ISO time, e.g. 2026-01-01")

    ls = sub.add_parser(
        "list", help="newest vectors, one line each", description="List vectors, newest first."
    )
    filters(ls)
    ls.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")

    sub.add_parser("count", help="how many vectors", description="Print how many vectors.")

    show = sub.add_parser(
        "show", help="one vector as JSON", description="Print one vector as indented JSON."
    )
    show.add_argument("vector_id", help="the vector's id (see list)")

    compact = sub.add_parser(
        "compact",
        help="fold new vectors into the snapshot",
        description="Write a new snapshot covering vectors older than the grace period, "
        "then switch the manifest. Safe to interrupt; safe to run next to writers.",
    )
    compact.add_argument(
        "--rebuild", action="store_true", help="re-read every vector object (repairs the snapshot)"
    )
    compact.add_argument(
        "--grace-seconds",
        type=float,
        default=None,
        help="leave vectors younger than this in the tail (default 300)",
    )

    export = sub.add_parser(
        "export",
        help="vectors as JSON lines",
        description="Write vectors as JSON lines (newest first), to a file or stdout.",
    )
    filters(export)
    export.add_argument("--limit", type=int, default=None, help="at most this many")
    export.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")

    sub.add_parser(
        "stats",
        help="store statistics as JSON",
        description="Print counts: vectors, snapshot/tail, corrupt objects skipped, I/O.",
    )

    state = sub.add_parser(
        "state",
        help="learned state kept next to the snapshot",
        description="Show, update or rebuild the learned state (learning/state/<category>/"
        "<kind>.npz) that decisions start from. Safe next to running compactions and "
        "decisions: every write is conditional and retried.",
    )
    state_sub = state.add_subparsers(dest="state_command", required=True, metavar="action")
    for name, text in (
        ("show", "print each kind's position, generation and size"),
        ("update", "fold snapshot rows newer than the state (rebuild when unusable)"),
        ("rebuild", "recompute the state from every row of the snapshot"),
    ):
        action = state_sub.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        action.add_argument(
            "--kind", action="append", help="only this kind (repeatable; default: all)"
        )
    return p


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the process exit code."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    from strands_airflow.vectors.store import LearningVectorStore

    try:
        store = LearningVectorStore(args.url, aws_conn_id=args.aws_conn_id, category=args.category)
        return _COMMANDS[args.command](store, args, out)
    except StrandsError as exc:
        print(f"strands-vectors: error: {redact(exc)}", file=sys.stderr)
        return 1


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"since": args.since, "platform": args.platform, "limit": args.limit}


def _list(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    for v in store.query(**_filters(args)):
        m = v.execution_metrics
        runtime = "-" if m.execution_time_seconds is None else f"{m.execution_time_seconds:.1f}s"
        status = "ok" if m.success else m.status
        print(
            f"{v.timestamp.isoformat(timespec='seconds')}  {v.vector_id}  "
            f"{m.platform_used:<15} {runtime:>10}  {status}",
            file=out,
        )
    return 0


def _count(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    print(store.count(), file=out)
    return 0


def _show(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    vector = store.get(args.vector_id)
    if vector is None:
        print(
            f"strands-vectors: no vector {args.vector_id!r} in {redact(store.url)}", file=sys.stderr
        )
        return 1
    print(json.dumps(vector.model_dump(mode="json"), indent=2), file=out)
    return 0


def _compact(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    result = store.compact(grace_seconds=args.grace_seconds, rebuild=args.rebuild)
    print(json.dumps(result, indent=2), file=out)
    return 0


def _export(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    vectors = store.query(**_filters(args))
    if args.output == "-":
        for v in vectors:
            out.write(v.model_dump_json() + "\n")
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            for v in vectors:
                f.write(v.model_dump_json() + "\n")
        print(f"wrote {len(vectors)} vectors to {args.output}", file=sys.stderr)
    return 0


def _state(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    import time

    from strands_airflow.vectors import learned_state

    kinds = args.kind or learned_state.kinds()
    result: dict[str, Any] = {}
    for kind in kinds:
        folder = learned_state.folder(kind)
        if args.state_command == "show":
            state, why, _ = learned_state.read(store, folder)
            manifest = store.manifest()
            result[kind] = {
                "usable": state is not None,
                "problem": why,
                "rows": state.seq if state else None,
                "pending_rows": state.pending_rows if state else None,
                "generation": state.generation if state else None,
                "snapshot_rows": manifest.next_seq if manifest else 0,
                "key": learned_state.state_key(store.category, kind),
            }
            continue
        started = time.perf_counter()
        state, done = learned_state.update(
            store, folder, force_rebuild=args.state_command == "rebuild"
        )
        result[kind] = {
            **done,
            "rows": state.seq,
            "pending_rows": state.pending_rows,
            "generation": state.generation,
            "seconds": round(time.perf_counter() - started, 3),
        }
    print(json.dumps(result, indent=2), file=out)
    return 0


def _stats(store: Any, args: argparse.Namespace, out: TextIO) -> int:
    print(json.dumps(store.stats(), indent=2), file=out)
    return 0


_COMMANDS = {
    "list": _list,
    "count": _count,
    "show": _show,
    "compact": _compact,
    "export": _export,
    "stats": _stats,
    "state": _state,
}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
