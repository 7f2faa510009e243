"""Helpers of the plain-English parser's tests (importable by name: pytest puts this folder on
sys.path): a request's checks in short form, and a check or condition evaluated in DuckDB."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.agents.quality.nl.logic import row_condition


def checks(
    text: str, columns: list[str] | None = None, strict: bool = False
) -> list[tuple[str, list[str], object]]:
    """(kind, columns, pattern / condition / values / (min, max)) of each check of `text`."""
    return [
        (c.kind, c.columns, c.pattern or c.condition or c.values or (c.min, c.max))
        for c in parse_request(text, columns, model_id="", strict=strict)
    ]


_CON: duckdb.DuckDBPyConnection | None = None


def connection() -> duckdb.DuckDBPyConnection:
    """One private in-memory DuckDB connection for every truth table of these tests (opening
    one costs ~17 ms, a query on it ~0.4 ms: a connection per row made the property tests
    spend nearly all their time opening connections). Nothing goes on duckdb's shared default
    connection, and the queries create nothing on it."""
    global _CON
    if _CON is None:
        _CON = duckdb.connect()
    return _CON


@contextmanager
def duck() -> Iterator[duckdb.DuckDBPyConnection]:
    """``with duck() as con:`` over the shared connection (never closed by the block)."""
    yield connection()


def truth(condition: str, cols: dict[str, list[str]]) -> dict[tuple[str, ...], bool]:
    """The condition's value on every combination of the given sample values (NULL as fail)."""
    names = list(cols)
    out = {}
    with duck() as con:
        for row in itertools.product(*cols.values()):
            sel = ", ".join(f"{v} AS {n}" for n, v in zip(names, row, strict=True))
            got = con.execute(
                f"SELECT coalesce(({condition}), FALSE) FROM (SELECT {sel})"
            ).fetchall()
            out[row] = bool(got and got[0][0])
    return out


def passes(check, column: str, value: float) -> bool:
    """Whether a row whose `column` is `value` passes the row-level `check`."""
    cond = row_condition(check)
    assert cond is not None, check
    with duck() as con:
        rows = con.execute(f"SELECT ({cond}) FROM (SELECT {value}::DOUBLE AS {column})").fetchall()
    return bool(rows[0][0])


def admits(text: str, columns: list[str] | None, row: dict[str, object]) -> bool:
    """Whether a row passes every row check the sentence compiles to (NULL passes, as the
    failure count reads it)."""

    def sql(v: object) -> str:
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        return repr(v) if isinstance(v, str) else str(v)

    sel = ", ".join(f"{sql(v)} AS {c}" for c, v in row.items())
    with duck() as con:
        for c in parse_request(text, columns, model_id=""):
            cond = row_condition(c)
            assert cond is not None, c
            got = con.execute(f"SELECT coalesce(({cond}), TRUE) FROM (SELECT {sel})").fetchall()
            if not got[0][0]:
                return False
    return True


def all_pass(checks, row: dict[str, object]) -> bool:
    """Whether a row of numbers (or NULLs) passes every row-level check (a NULL condition
    passes, as a WHERE NOT (cond) count of failures reads it)."""
    sel = ", ".join(f"{'NULL' if v is None else v}::DOUBLE AS {c}" for c, v in row.items())
    with duck() as con:
        for c in checks:
            cond = row_condition(c)
            assert cond is not None, c
            got = con.execute(f"SELECT coalesce(({cond}), TRUE) FROM (SELECT {sel})").fetchall()
            if not got[0][0]:
                return False
    return True
