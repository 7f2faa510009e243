"""Final tidy-up of parsed checks: no duplicates, one range per column where bounds pair up."""

from __future__ import annotations

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.exceptions import QualityRequestError

#: a one-sided bound on a column or on its length ("LENGTH(code) >= 3")
_BOUND = re.compile(r"(?i)^\s*((?:length\(\s*)?[A-Za-z_]\w*(?:\s*\))?)\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)\s*$")


def _bound(c: Check) -> tuple[str, str, str, str] | None:
    """(column, side, operator, number) for a one-sided numeric bound on one column."""
    if c.kind == "custom_sql" and len(c.columns) == 1:
        m = _BOUND.match(c.condition or "")
        term = re.sub(r"\s+", "", m.group(1)) if m else ""
        if m and term in (c.columns[0], f"length({c.columns[0]})", f"LENGTH({c.columns[0]})"):
            return term, "lo" if m.group(2).startswith(">") else "hi", m.group(2), m.group(3)
    if c.kind == "range" and len(c.columns) == 1 and (c.min is None) != (c.max is None):
        v = c.min if c.min is not None else c.max
        num = str(int(v)) if float(v).is_integer() else repr(float(v))  # type: ignore[arg-type]
        return (
            c.columns[0],
            "lo" if c.min is not None else "hi",
            ">=" if c.min is not None else "<=",
            num,
        )
    return None


def _sides_of(c: Check) -> list[tuple[str, str, str, float]]:
    """Every numeric bound a check puts on one column: (column, side, operator, number)."""
    if c.kind == "range" and len(c.columns) == 1:
        out = []
        if c.min is not None:
            out.append((c.columns[0], "lo", ">=", float(c.min)))
        if c.max is not None:
            out.append((c.columns[0], "hi", "<=", float(c.max)))
        return out
    b = _bound(c)
    return [(b[0], b[1], b[2], float(b[3]))] if b else []


def _at_least_as_strict(s: tuple[str, str, str, float], w: tuple[str, str, str, float]) -> bool:
    if s[0] != w[0] or s[1] != w[1]:
        return False
    if s[3] != w[3]:
        return s[3] > w[3] if s[1] == "lo" else s[3] < w[3]
    return s[2] in (">", "<") or w[2] in (">=", "<=")


def _drop_implied(checks: list[Check]) -> list[Check]:
    """Drop a bound another check already implies ("> 0" with ">= 0", "at most 100" with
    "between 0 and 100", "between 0 and 100" with "between 70 and 100": "spo2 is a percentage,
    should be 70-100"): it can never fail on its own, so the checks mean the same without it."""
    out = list(checks)
    for c in checks:
        mine = _sides_of(c)
        if not mine or len(mine) > 2 or c not in out:
            continue
        if any(
            o is not c and all(any(_at_least_as_strict(x, s) for x in _sides_of(o)) for s in mine)
            for o in out
        ):
            out.remove(c)
    return out


def _join_mixed_bounds(checks: list[Check]) -> list[Check]:
    """A strict bound and the other side on the same column ("> 0 and <= 1000", "(0, 1000]")
    become ONE custom_sql holding both sides: one check for one stated interval."""
    out = list(checks)
    for c in checks:
        b = _bound(c)
        if b is None or c not in out:
            continue
        for o in out:
            ob = _bound(o) if o is not c else None
            if ob is None or ob[0] != b[0] or ob[1] == b[1]:
                continue
            if c.kind == "range" and o.kind == "range":
                continue  # both inclusive: the range merge above joins them
            if c.columns != o.columns:
                continue
            lo, hi = (b, ob) if b[1] == "lo" else (ob, b)
            _nonempty(b[0], float(lo[3]), float(hi[3]), lo[2] == ">=" and hi[2] == "<=")
            joined = c.model_copy(
                update={"kind": "custom_sql", "min": None, "max": None, "columns": list(c.columns),
                        "condition": f"{b[0]} {lo[2]} {lo[3]} AND {b[0]} {hi[2]} {hi[3]}"}
            )  # fmt: skip
            out[out.index(c)] = joined
            out.remove(o)
            break
    return out


def _nonempty(col: str, lo: float, hi: float, inclusive: bool) -> None:
    """Two bounds on one column that no value meets ("over 30 ... and under 0.1" joined the
    wrong way) are a misreading, never a check that fails every row."""
    if lo > hi or (lo == hi and not inclusive):
        raise QualityRequestError(
            f"the bounds read for {col} ({lo:g} .. {hi:g}) admit no value at all; state the "
            "range as '<col> between <low> and <high>'"
        )


def _restated_count(c: Check, out: list[Check]) -> int | None:
    """The index of a row count in `out` that one of the two says again: a one-sided bound equal
    to the same side of a two-sided one."""
    for i, o in enumerate(out):
        if o.kind != "row_count":
            continue
        one, two = (c, o) if o.min is not None and o.max is not None else (o, c)
        if two.min is None or two.max is None or (one.min is None) == (one.max is None):
            continue
        if (one.min is not None and one.min == two.min) or (one.max is not None and one.max == two.max):
            return i
    return None


def merge_checks(checks: list[Check]) -> list[Check]:
    """Drop duplicates; join a lower and an upper bound on the same column (or on the row
    count) into one check."""
    out: list[Check] = []
    for c in checks:
        if c in out:
            continue
        if c.kind == "row_count" and (same := _restated_count(c, out)) is not None:
            # "between 20 and 400 rows; fewer than 20 means the sync failed": the bad case
            # restates one bound of the range (kept once, the wider statement)
            out[same] = c if c.min is not None and c.max is not None else out[same]
            continue
        if c.kind in ("range", "row_count"):
            other = next(
                (
                    o
                    for o in out
                    if o.kind == c.kind
                    and o.columns == c.columns
                    and ((o.min is None) != (c.min is None))
                    and ((o.max is None) != (c.max is None))
                ),
                None,
            )
            if other is not None:
                lo = other.min if other.min is not None else c.min
                hi = other.max if other.max is not None else c.max
                # (a row count too: "fewer than 1000 rows or more than 50000" read as the rule
                # was 50001 .. 999, a check no table passes)
                _nonempty(c.columns[0] if c.columns else "the row count", float(lo), float(hi), True)  # type: ignore[arg-type]
                i = out.index(other)
                out[i] = other.model_copy(
                    update={
                        "min": other.min if other.min is not None else c.min,
                        "max": other.max if other.max is not None else c.max,
                    }
                )
                continue
        out.append(c)
    return _join_mixed_bounds(_drop_implied(out))


def _guarded(cond: str) -> tuple[bool, str, str] | None:
    """(negated, guard, body) of a compiled "NOT coalesce(g, FALSE) OR body" /
    "coalesce(g, FALSE) OR body" (None for any other condition)."""
    neg = cond.startswith("NOT coalesce(")
    if not (neg or cond.startswith("coalesce(")):
        return None
    start = cond.index("(")
    depth, quoted = 0, False
    for i in range(start, len(cond)):
        ch = cond[i]
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
            if depth == 0:
                guard, rest = cond[start - len("coalesce") : i + 1], cond[i + 1 :]
                if not rest.startswith(" OR "):
                    return None
                return neg, guard, rest[len(" OR ") :]
    return None


_SUBJECT = re.compile(r"(?i)\(*\s*(?:(?:LENGTH|LOWER|UPPER|TRIM)\(\s*)?([A-Za-z_][\w.]*)")


def _subject(body: str) -> str:
    """The column a condition's body is about: its first name ("x IS NOT NULL AND x >= y": x)."""
    m = _SUBJECT.match(body)
    return m.group(1) if m else ""


def one_guard(got: list[Check]) -> list[Check]:
    """The checks of ONE sentence on ONE column under ONE condition are one check: "if s = 'C', x must be
    filled in and be on or after y" -> "NOT g OR (x IS NOT NULL AND x >= y)"; "x filled in when
    g, and otherwise it should be empty" -> "(g AND a) OR (NOT g AND b)" (the two halves of
    one rule, read apart, were two checks)."""
    if len(got) < 2 or any(c.kind != "custom_sql" or not c.condition for c in got):
        return got
    parts = [_guarded(c.condition or "") for c in got]
    if any(p is None for p in parts):
        return got
    guards = {p[1] for p in parts if p}
    if len(guards) != 1:
        return got
    subjects = {_subject(p[2]) for p in parts if p}
    if len(subjects) != 1:
        # requirements on two columns stay two checks ("then closed_on must be set and
        # balance must be 0"): only one column's presence-and-shape is one rule
        return got
    g = guards.pop()
    cols = list(dict.fromkeys(col for c in got for col in c.columns))
    when = [p[2] for p in parts if p and p[0]]
    other = [p[2] for p in parts if p and not p[0]]
    if not other:
        body = " AND ".join(when)
        return [Check(kind="custom_sql", columns=cols, condition=f"NOT {g} OR ({body})")]
    if len(when) == 1 and len(other) == 1:
        return [Check(kind="custom_sql", columns=cols, condition=f"({g} AND {when[0]}) OR (NOT {g} AND {other[0]})")]
    return got
