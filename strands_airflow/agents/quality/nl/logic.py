"""The logical form between the words of a request and its `Check`s.

A request sentence is read into `Statement`s: which columns (subjects), what must hold
(the predicate, a comparator and its values), whether it must hold or must NOT hold
(`polarity`, flipped exactly once by each negation the sentence wraps it in: "it is not
acceptable for ...", "no row may ...", "neither ... nor ..."), and under which condition
("... unless B is true", "when present"). Only then is a statement compiled into checks,
so a negation can never be lost or applied twice on the way, and a condition is never
dropped: it is compiled into the check's SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from strands_airflow.agents.quality.models import Check
from strands_airflow.exceptions import QualityRequestError

#: the comparator a negation turns a comparator into (the range check's bounds are inclusive)
NEGATE_OP = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "=": "<>", "<>": "="}


def sql_literal(value: Any) -> str:
    """A value as an SQL literal: numbers as written, text single-quoted with '' escapes."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _num(value)
    return "'" + str(value).replace("'", "''") + "'"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def condition_columns_in_order(condition: str, columns: list[str] | None) -> list[str]:
    """The columns a condition reads, in the order they first appear, as the schema spells them."""
    from strands_airflow.agents.quality.checks.condition import condition_columns

    refs = condition_columns(condition)
    known = {c.lower(): c for c in columns or []}
    bare = re.sub(r"'(?:[^']|'')*'", " ", condition)  # a column name inside a literal is no use

    def first(ref: str) -> int:
        m = re.search(rf"(?i)(?<![\w.]){re.escape(ref)}(?![\w])", bare)
        return m.start() if m else len(bare)

    return [known.get(r.lower(), r) for r in sorted(refs, key=lambda r: (first(r), r))]


def custom_check(condition: str, columns: list[str] | None) -> Check:
    """A validated ``custom_sql`` check that lists the columns its condition reads."""
    from strands_airflow.agents.quality.checks.condition import validate_condition

    cond = validate_condition(condition, columns, error=QualityRequestError)
    return Check(
        kind="custom_sql", condition=cond, columns=condition_columns_in_order(cond, columns)
    )


def compare_check(col: str, op: str, rhs: str, columns: list[str] | None) -> Check:
    """`col op rhs` as a check: an inclusive bound on a number is a range, the rest SQL."""
    if re.fullmatch(r"-?\d+(?:\.\d+)?", rhs) and op in (">=", "<="):
        bound = float(rhs)
        if op == ">=":
            return Check(kind="range", columns=[col], min=bound)
        return Check(kind="range", columns=[col], max=bound)
    return custom_check(f"{col} {op} {rhs}", columns)


@dataclass(frozen=True)
class Statement:
    """One understood requirement (see the module docstring).

    `predicate` is one of ``not_null``, ``unique``, ``range``, ``accepted_values``,
    ``format``, ``freshness``, ``row_count``, ``referential``, ``sql``; `check` holds the
    affirmative check the predicate compiles to; `polarity` False means the requirement is
    that it does NOT hold; `guard` is an SQL condition under which it applies, and
    `guard_unless` says the guard names the exception instead ("... unless B").
    """

    check: Check
    polarity: bool = True
    guard: str | None = None
    guard_unless: bool = False
    text: str = ""

    @property
    def predicate(self) -> str:
        return "sql" if self.check.kind == "custom_sql" else self.check.kind

    @property
    def subjects(self) -> list[str]:
        return list(self.check.columns)

    def negated(self) -> Statement:
        """The same statement with its polarity flipped once."""
        return replace(self, polarity=not self.polarity)


def row_condition(check: Check) -> str | None:
    """The SQL condition a row must satisfy to pass a row-level check, None if not row-level."""
    cols = check.columns
    k = check.kind
    if k == "custom_sql":
        return check.condition
    if not cols:
        return None
    q = cols[0]
    if k == "not_null":
        return " AND ".join(f"{c} IS NOT NULL" for c in cols)
    if k == "range" and check.min is not None and check.min == check.max:
        return f"{q} = {_num(check.min)}"
    if k == "range":
        parts = []
        if check.min is not None:
            parts.append(f"{q} >= {_num(check.min)}")
        if check.max is not None:
            parts.append(f"{q} <= {_num(check.max)}")
        return " AND ".join(parts)
    if k == "accepted_values":
        return f"{q} IN ({', '.join(sql_literal(v) for v in check.values or [])})"
    return None


def compile_statement(st: Statement, columns: list[str] | None) -> list[Check]:
    """The checks that admit exactly the rows `st` allows (raises when no check can say it)."""
    check = st.check
    if not st.polarity:
        check = _negate(check, st.text, columns)
    if st.guard is None:
        return [check]
    body = row_condition(check)
    if body is None:
        raise QualityRequestError(
            f"{st.text!r}: a {check.kind} check cannot be limited to some rows; "
            "state the condition as 'custom sql: <boolean expression>'"
        )
    # an unknown guard (NULL) counts as not holding: "unless B is true" with B NULL applies
    guard = f"coalesce({st.guard}, FALSE)"
    cond = f"{guard} OR {_paren(body)}" if st.guard_unless else f"NOT {guard} OR {_paren(body)}"
    return [custom_check(cond, columns)]


def _paren(sql: str) -> str:
    simple = r"[\w.]+ (?:IS NOT NULL|IS NULL|(?:>=|<=|<>|=|<|>) (?:[\w.]+|'(?:[^']|'')*'))"
    return sql if re.fullmatch(simple, sql) else f"({sql})"


def _negate(check: Check, text: str, columns: list[str] | None) -> Check:
    k = check.kind
    if k == "range":
        if check.min is not None and check.max is not None:
            q = check.columns[0]
            return custom_check(f"{q} < {_num(check.min)} OR {q} > {_num(check.max)}", columns)
        q = check.columns[0]  # not (x >= a) is x < a: strict, so a comparison
        if check.min is not None:
            return custom_check(f"{q} < {_num(check.min)}", columns)
        return custom_check(f"{q} > {_num(check.max or 0.0)}", columns)
    if k == "row_count":
        if check.min is not None and check.max is None:
            return Check(kind="row_count", max=check.min - 1)
        if check.max is not None and check.min is None:
            return Check(kind="row_count", min=check.max + 1)
    if k == "custom_sql" and check.condition:
        m = re.fullmatch(r"(\w+) (>=|>|<=|<|=|<>) (-?\d+(?:\.\d+)?|\w+)", check.condition)
        if m:  # one comparison: flip its operator ("not above 50" is "at most 50")
            return compare_check(m.group(1), NEGATE_OP[m.group(2)], m.group(3), columns)
        return custom_check(f"NOT ({check.condition})", columns)
    what = {"accepted_values": "values a column must not take"}.get(
        k, f"the opposite of a {k} check"
    )
    raise QualityRequestError(
        f"{text!r} asks for {what}; no check kind says that. Write it as "
        "'custom sql: <boolean expression>' or state what is allowed instead"
    )
