"""Accuracy of the plain-English request parser on the request sets, honestly counted.

For each set (YAML list of ``{request, columns?, expect | error}``; ``expect`` may also be
the string ``error``) prints the share of requests whose check list is exactly right and
the number of INVERTED checks: a produced check on the same column(s) as an expected one
that admits values the expected check rejects while rejecting most of what it admits
(e.g. ``max 3`` for ``min 3``), i.e. a check that lets the bad case through.

Grading (as the blind set's README states): checks compared without regard to order; a
check listing several columns counts as one per column for not_null / range /
accepted_values / format; accepted values compared as sets; a ``custom_sql`` condition
compared by its truth value on non-NULL sample rows in DuckDB (text compare when that
cannot run),
its columns as a set.

    .venv/bin/python benchmarks/nl_accuracy.py [set.yaml ...] [--show-misses]

Default sets: tests/data/nl_requests.yaml, nl_requests_dev2.yaml, nl_blind.yaml ...
nl_blind5.yaml, nl_dev8.yaml, nl_blind6.yaml, nl_dev10.yaml, nl_blind7.yaml, nl_blind8.yaml ... nl_blind48.yaml (`DEFAULT_SETS`). A row-count check is compared as counts for
inversion; a truth table also tests the numbers a condition names (and either side of them). A miss whose checks let an expected check's bad case through
is marked ``INVERTED xN``. All of them are development sets once the parser was tuned on them; only a
set's first run (recorded in docs/quality_nl.md) is a blind figure. Prints a table, then
one JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import yaml

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.agents.quality.nl.logic import row_condition
from strands_airflow.exceptions import QualityRequestError

DATA = Path(__file__).parents[1] / "tests" / "data"
DEFAULT_SETS = [
    "nl_requests.yaml",
    "nl_requests_dev2.yaml",
    "nl_blind.yaml",
    "nl_blind2.yaml",
    "nl_blind3.yaml",
    "nl_blind4.yaml",
    "nl_blind5.yaml",
    "nl_dev8.yaml",
    "nl_blind6.yaml",
    "nl_dev10.yaml",
    "nl_blind7.yaml",
    "nl_blind8.yaml",
    "nl_blind9.yaml",
    "nl_blind10.yaml",
    "nl_blind11.yaml",
    "nl_blind12.yaml",
    "nl_blind13.yaml",
    "nl_blind14.yaml",
    "nl_blind15.yaml",
    "nl_blind16.yaml",
    "nl_blind17.yaml",
    "nl_blind18.yaml",
    "nl_blind19.yaml",
    "nl_blind20.yaml",
    "nl_blind21.yaml",
    "nl_blind22.yaml",
    "nl_blind23.yaml",
    "nl_blind24.yaml",
    "nl_blind25.yaml",
    "nl_blind26.yaml",
    "nl_blind27.yaml",
    "nl_blind28.yaml",
    "nl_blind29.yaml",
    "nl_blind30.yaml",
    "nl_blind31.yaml",
    "nl_blind32.yaml",
    "nl_blind33.yaml",
    "nl_blind34.yaml",
    "nl_blind35.yaml",
    "nl_blind36.yaml",
    "nl_blind37.yaml",
    "nl_blind38.yaml",
    "nl_blind39.yaml",
    "nl_blind40.yaml",
    "nl_blind41.yaml",
    "nl_blind42.yaml",
    "nl_blind43.yaml",
    "nl_blind44.yaml",
    "nl_blind45.yaml",
    "nl_blind46.yaml",
    "nl_blind47.yaml",
    "nl_blind48.yaml",
]
PER_COLUMN = ("not_null", "range", "accepted_values", "format")
FIELDS = ("kind", "min", "max", "format", "pattern", "max_age_seconds", "ref_table", "ref_column")
_CON = duckdb.connect()
GRIDS = {
    "DOUBLE": ["-1000", "-10", "-1", "-0.5", "0", "0.5", "1", "2", "3", "5", "10", "18", "50",
               "100", "1000", "100000", "NULL"],
    "BOOLEAN": ["TRUE", "FALSE", "NULL"],
    "VARCHAR": ["''", "'a'", "'b'", "'c'", "'x'", "'it''s'", "'abcdefghijklmnopqrstuvwxyz'", "NULL"],
    "TIMESTAMP": ["TIMESTAMP '2000-01-01'", "TIMESTAMP '2020-06-01'", "CURRENT_TIMESTAMP::TIMESTAMP",
                  "TIMESTAMP '2999-01-01'", "NULL"],
}  # fmt: skip


_SIDE = r"([A-Za-z_]\w*)\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)"
_TWO_SIDES = re.compile(rf"(?i)^\s*\(?{_SIDE}\)?\s+AND\s+\(?{_SIDE}\)?\s*$")
_ONE_SIDE = re.compile(rf"^\s*{_SIDE}\s*$")


def _sides(c: Check) -> list[Check]:
    """A numeric interval on one column in its canonical pieces: "x > 0 AND x <= 10" is the
    same requirement as "x > 0" plus "x <= 10", and an inclusive "x >= 0" is range min 0 (the
    sets' conventions: a range is inclusive, a strict side is custom_sql, and one check or
    several for the same interval are equally correct)."""
    if c.kind != "custom_sql" or len(c.columns) != 1:
        return [c]
    m = _TWO_SIDES.match(c.condition or "")
    parts = [m.groups()[:3], m.groups()[3:]] if m else []
    if not m:
        one = _ONE_SIDE.match(c.condition or "")
        parts = [one.groups()] if one else []
    if not parts or any(p[0] != c.columns[0] for p in parts):
        return [c]
    out = []
    for col, op, num in parts:
        if op in (">=", "<="):
            out.append(Check(kind="range", columns=[col], **{"min" if op == ">=" else "max": float(num)}))
        else:
            out.append(Check(kind="custom_sql", columns=[col], condition=f"{col} {op} {num}"))
    return out


def expand(checks: list[Check], sides: bool = True) -> list[Check]:
    """One check per column for the kinds where several columns mean several checks (and,
    with `sides`, one check per side of a numeric interval on one column)."""
    out = []
    for c in [p for ch in checks for p in (_sides(ch) if sides else [ch])]:
        if sides and c.kind == "range" and len(c.columns) == 1 and c.min is not None and c.max is not None:
            out += [c.model_copy(update={"max": None}), c.model_copy(update={"min": None})]
        elif c.kind in PER_COLUMN and len(c.columns) > 1:
            out += [c.model_copy(update={"columns": [col]}) for col in c.columns]
        else:
            out.append(c)
    return out


def _types(cols: list[str], sql: str) -> dict[str, str]:
    types = {}
    for c in cols:
        q = re.escape(c)
        if re.search(rf"(?i)\b{q}\s*(?:=|<>|!=|IS NOT|IS)\s*(?:TRUE|FALSE)\b|\bNOT\s+{q}\b|coalesce\({q},", sql):
            types[c] = "BOOLEAN"
        elif re.search(rf"(?i)\b{q}\s*(?:=|<>|!=|<=|>=|<|>|\bIN\b)\s*\(?'|length\({q}\)|lower\({q}\)|upper\({q}\)", sql):
            types[c] = "VARCHAR"
        elif re.search(rf"(?i)\b{q}\s*(?:<=|>=|<|>|=|<>)\s*(?:CURRENT_|now\(|today\()", sql):
            types[c] = "TIMESTAMP"
        else:
            types[c] = "DOUBLE"
    return types


def truth_table(conds: list[str], cols: list[str], nulls: bool = True) -> list[list[Any]] | None:
    """Each condition's value on every combination of sample values, None if not runnable."""
    if not cols or len(cols) > 3:
        return None
    types = _types(cols, " ".join(conds))
    # the numbers the conditions name, and either side of each: a bound between two grid
    # values ("30 <= x <= 45") is then tested inside and outside
    consts = sorted({float(n) for n in re.findall(r"(?<![\w.'])-?\d+(?:\.\d+)?(?![\w.'])", " ".join(conds))})[:6]
    near = [f"{x + d:g}" for x in consts for d in (-0.5, 0, 0.5)]
    grids = [
        [v for v in GRIDS[types[c]] + (near if types[c] == "DOUBLE" else []) if nulls or v != "NULL"]
        for c in cols
    ]
    rows = list(itertools.product(*grids))
    values = ", ".join("(" + ", ".join(f"CAST({v} AS {types[c]})" for v, c in zip(r, cols, strict=True)) + ")" for r in rows)
    names = ", ".join(f'"{c}"' for c in cols)
    sel = ", ".join(f"({c})" for c in conds)
    try:
        return [list(r) for r in _CON.execute(f"SELECT {sel} FROM (VALUES {values}) t({names})").fetchall()]
    except duckdb.Error:
        return None


def same_condition(a: str, b: str, cols: list[str]) -> bool:
    # "now" is one moment in the sets' convention: NOW() / CURRENT_DATE / CURRENT_TIMESTAMP
    a, b = (re.sub(r"(?i)\bnow\(\s*\)|\bcurrent_date\b", "CURRENT_TIMESTAMP", x) for x in (a, b))
    norm = [re.sub(r"\s+", " ", x.strip().lower()) for x in (a, b)]
    if norm[0] == norm[1]:
        return True
    # on non-NULL rows: whether a NULL in a condition's column exempts the row ("B = TRUE OR
    # A = 0" with B NULL) is a convention the sets do not fix
    table = truth_table([a, b], cols, nulls=False)
    # a row passes a check unless its condition is FALSE (NULL passes, as in the runner)
    return table is not None and all((x is not False) == (y is not False) for x, y in table)


def _regex(p: str | None) -> str | None:
    """A pattern in one spelling: ``\\d`` and ``[0-9]`` are the same class (the sets use both;
    in DuckDB's RE2 ``\\d`` is the ASCII digits)."""
    return None if p is None else p.replace("\\d", "[0-9]")


def same(e: Check, g: Check) -> bool:
    if e.kind != g.kind:
        return False
    if e.kind == "custom_sql":
        return set(e.columns) == set(g.columns) and same_condition(e.condition or "", g.condition or "", sorted(set(e.columns) | set(g.columns)))
    cols_same = set(e.columns) == set(g.columns) if e.kind == "unique" else e.columns == g.columns
    if not cols_same or any(getattr(e, f) != getattr(g, f) for f in FIELDS if f != "pattern"):
        return False
    if _regex(e.pattern) != _regex(g.pattern):
        return False
    if e.kind == "accepted_values":
        return {json.dumps(v) for v in e.values or []} == {json.dumps(v) for v in g.values or []}
    return True


def exact(want: list[Check], got: list[Check]) -> bool:
    want, got = expand(want), expand(got)
    if len(want) != len(got):
        return False
    left = list(got)
    for e in want:
        hit = next((g for g in left if same(e, g)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _row_count_inverted(e: Check, g: Check) -> bool:
    """A row-count bound that admits counts the expected one rejects while rejecting most
    of those it admits ("at most 999 rows" for "at least 1000"): checked on a grid of counts
    around every bound either side names."""
    bounds = [b for c in (e, g) for b in (c.min, c.max) if b is not None]
    grid = sorted({max(0, int(b) + d) for b in bounds for d in (-1, 0, 1)} | {0})

    def admits(c: Check, n: int) -> bool:
        return (c.min is None or n >= c.min) and (c.max is None or n <= c.max)

    good = [n for n in grid if admits(e, n)]
    bad_in = any(admits(g, n) and not admits(e, n) for n in grid)
    return bad_in and bool(good) and sum(1 for n in good if not admits(g, n)) > len(good) / 2


def inverted(want: list[Check], got: list[Check]) -> int:
    """Produced checks that admit the bad case of an expected check on the same columns, or on
    columns that include the check's own (a check that dropped a column: "alert when a > 100,
    or when b and a < 60" read as `a < 60`); row-count bounds are compared as counts. A check
    equal to one of the expected ones is never counted."""
    n = 0
    for g in expand(got, sides=False):
        if g.kind == "row_count":
            n += any(
                e.kind == "row_count" and not same(e, g) and _row_count_inverted(e, g)
                for e in expand(want, sides=False)
            )
            continue
        gc = row_condition(g)
        if gc is None or any(same(e, g) for e in expand(want, sides=False)):
            continue  # a check that is one of the expected ones is never another's opposite
        for e in expand(want, sides=False):
            ec = row_condition(e)
            if ec is None or not set(g.columns) <= set(e.columns) or same(e, g):
                continue
            table = truth_table([ec, gc], sorted(set(e.columns)))
            if not table:
                continue
            rows = [(x, y) for x, y in table if x is not None and y is not None]
            admits_bad = any(x is False and y is True for x, y in rows)
            good = [y for x, y in rows if x is True]
            if admits_bad and good and sum(1 for y in good if y is False) > len(good) / 2:
                n += 1
                break
    return n


def score(cases: list[dict]) -> dict[str, Any]:
    ok = inv = 0
    misses, neg_total, neg_ok = [], 0, 0
    for case in cases:
        want_error = case.get("error") or case.get("expect") == "error"
        try:
            got = parse_request(case["request"], case.get("columns"), model_id="")
            said = [c.describe() for c in got]
        except QualityRequestError as exc:
            got, said = None, f"error: {exc}"[:160]
        if want_error:
            right = got is None
        else:
            want = [Check(**d) for d in case["expect"]]
            right = got is not None and exact(want, got)
            case_inv = inverted(want, got) if got else 0
            inv += case_inv
            if case_inv:
                said = [f"INVERTED x{case_inv}", *said]
        ok += right
        if case.get("negation"):
            neg_total += 1
            neg_ok += right
        if not right:
            misses.append((case.get("id", ""), case["request"], said))
    n = len(cases)
    out: dict[str, Any] = {"n": n, "exact": ok, "exact_share": round(ok / n, 4) if n else 0.0, "inverted": inv}
    if neg_total:
        out["negation_forms_exact_share"] = round(neg_ok / neg_total, 4)
    out["misses"] = misses
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help="YAML request sets (default: the four in tests/data)")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # the parser logs every ignored fragment
    paths = [Path(p) for p in args.sets] or [DATA / s for s in DEFAULT_SETS if (DATA / s).exists()]
    results = {}
    print(f"{'set':<28}{'n':>5}{'exact':>8}{'share':>9}{'inverted':>10}{'neg-forms':>11}{'s':>7}")
    for path in paths:
        start = time.perf_counter()
        r = score(yaml.safe_load(path.read_text()))
        secs = time.perf_counter() - start
        neg = r.get("negation_forms_exact_share")
        print(f"{path.name:<28}{r['n']:>5}{r['exact']:>8}{r['exact_share']:>9.1%}{r['inverted']:>10}"
              f"{(f'{neg:.1%}' if neg is not None else '-'):>11}{secs:>7.1f}")  # fmt: skip
        if args.show_misses:
            for cid, req, said in r["misses"]:
                print(f"   MISS {cid} {req!r}\n        -> {said}")
        results[path.stem] = {k: v for k, v in r.items() if k != "misses"}
    print(json.dumps({"benchmark": "nl_accuracy", "sets": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
