"""``strands-checks``: say back how plain-English quality requests are read.

    strands-checks explain "no negative quantities; status one of a, b" --columns qty,status

prints one ``read as: <canonical sentence>`` line per check (and ``ignored:`` / ``context:``
lines), or the parser's error on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``strands-checks`` console script."""
    ap = argparse.ArgumentParser(prog="strands-checks", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("explain", help="print what a request is read as, one line per check")
    ex.add_argument("request", help="the plain-English request")
    ex.add_argument("--columns", default="", help="the target's columns, comma-separated")
    ex.add_argument("--lenient", action="store_true", help="leave out unreadable sentences")
    ex.add_argument("--json", action="store_true", help="print the checks as JSON too")
    args = ap.parse_args(argv)

    from strands_airflow.agents.quality.nl import parse_request_detailed
    from strands_airflow.exceptions import QualityRequestError

    columns = [c.strip() for c in args.columns.split(",") if c.strip()] or None
    try:
        parsed = parse_request_detailed(args.request, columns, strict=not args.lenient, model_id="")
    except QualityRequestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in parsed.read_as():
        print(line)
    if args.json:
        print(json.dumps([c.model_dump(mode="json", exclude_defaults=True) for c in parsed.checks]))
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m` use
    sys.exit(main())
