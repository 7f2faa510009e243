"""`run_checks`: all checks on one target in as few scans as possible, then a report.

Query plan: (1) the target's columns (``WHERE 1 = 0``, reads no rows); (2) one aggregate
scan for row counts, every row-level check, single-column uniqueness and freshness;
(3) only for checks that failed, one ``LIMIT 10`` query for sample rows (and for unique, the
duplicated keys); (4) one anti-join per referential check and one GROUP BY per
multi-column unique check. Nothing is written: files are read through views, databases
read-only or in a transaction that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import math
import time
import uuid
from collections.abc import Sequence
from typing import Any

from strands_airflow.agents.quality.checks.compile import (
    ROW_LEVEL,
    Fragment,
    aggregate_query,
    count_if,
    failure_condition,
)
from strands_airflow.agents.quality.checks.condition import validate_condition
from strands_airflow.agents.quality.checks.targets import (
    Engine,
    normalize_target,
    open_target,
    quote_ident,
    ref_relation,
)
from strands_airflow.agents.quality.models import Check, CheckResult, QualityReport
from strands_airflow.exceptions import QualityCheckError

log = logging.getLogger(__name__)

SAMPLE_LIMIT = 10


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)[:64].hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return str(v)


def _rows(names: list[str], rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{n: _jsonable(v) for n, v in zip(names, r, strict=False)} for r in rows]


def _as_utc(value: Any) -> dt.datetime | None:
    """A MAX(timestamp) value as an aware UTC datetime (naive values are taken as UTC)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return (
            value.replace(tzinfo=dt.timezone.utc)
            if value.tzinfo is None
            else value.astimezone(dt.timezone.utc)
        )
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc)
    try:
        return _as_utc(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError:
        # the value itself stays out of the message: it may be any column's content
        raise QualityCheckError(
            f"freshness column holds {type(value).__name__} values that are not timestamps"
        ) from None


def _resolve_columns(checks: list[Check], actual: list[str], target: str) -> list[list[str]]:
    by_lower = {c.lower(): c for c in actual}
    out = []
    for check in checks:
        cols = []
        for c in check.columns:
            real = c if c in actual else by_lower.get(c.lower())
            if real is None:
                raise QualityCheckError(
                    f"column {c!r} of the {check.kind} check does not exist in {target!r}; columns are: {', '.join(actual)}"
                )
            cols.append(real)
        if check.kind == "custom_sql":
            validate_condition(check.condition or "", actual)
        out.append(cols)
    return out


def run_checks(
    checks: Sequence[Check | dict[str, Any]],
    target: Any,
    conn_id: str | None = None,
    *,
    expose_data: bool = True,
) -> QualityReport:
    """Run `checks` on `target` and report each one and the weighted overall score.

    :param checks: `Check` models or dicts of the same shape
    :param target: a file (parquet/csv/json; local or s3://), ``duckdb:///file.duckdb::table``,
        or a table of the Airflow SQL connection `conn_id` (see `targets` for the syntax);
        also a dict with ``uri`` / ``format`` / ``table`` (the pipeline config's target)
    :param conn_id: the Airflow connection for a SQL table, or for remote files
    :param expose_data: False for answers to bus requests: no sample rows are read or
        reported, and database error texts (which can quote a value) are logged, not
        returned -- only counts and pass/fail leave
    :raises QualityCheckError: naming the missing target, file, table or column
    """
    started = time.perf_counter()
    parsed = [c if isinstance(c, Check) else Check.model_validate(c) for c in checks]
    engine = open_target(target, conn_id)
    target = normalize_target(target)[0]
    try:
        results = _run(engine, parsed, target, conn_id, SAMPLE_LIMIT if expose_data else 0)
        queries = engine.queries
    finally:
        engine.close()
    total_w = sum(c.weight for c in parsed)
    score = sum(r.check.weight for r in results if r.passed) / total_w if total_w else 1.0
    return QualityReport(
        target=target,
        overall_score=round(score, 6),
        results=results,
        elapsed_seconds=round(time.perf_counter() - started, 6),
        queries=queries,
    )


def _run(
    engine: Engine, checks: list[Check], target: str, conn_id: str | None, samples: int
) -> list[CheckResult]:
    actual = engine.columns()
    cols = _resolve_columns(checks, actual, target)
    refs = {
        i: ref_relation(engine, c.ref_table or "", conn_id)
        for i, c in enumerate(checks)
        if c.kind == "referential"
    }
    for i, rel in refs.items():
        ref_cols = {c.lower(): c for c in engine.columns(rel)}
        if (checks[i].ref_column or "").lower() not in ref_cols:
            raise QualityCheckError(
                f"ref_column {checks[i].ref_column!r} does not exist in {checks[i].ref_table!r}; "
                f"columns are: {', '.join(ref_cols.values())}"
            )
        checks[i] = checks[i].model_copy(
            update={"ref_column": ref_cols[(checks[i].ref_column or "").lower()]}
        )

    # ---- the one shared scan
    items: list[tuple[str, Fragment]] = [("n", Fragment("COUNT(*)"))]
    slot: dict[int, int] = {}
    conds: dict[int, Fragment] = {}
    for i, (c, cs) in enumerate(zip(checks, cols, strict=True)):
        if c.kind in ROW_LEVEL:
            conds[i] = failure_condition(c, cs, engine.dialect)
            frag = count_if(conds[i], engine.dialect)
        elif c.kind == "unique" and len(cs) == 1:
            q = quote_ident(cs[0])
            frag = Fragment(f"COUNT({q}) - COUNT(DISTINCT {q})")
        elif c.kind == "freshness":
            frag = Fragment(f"MAX({quote_ident(cs[0])})")
        else:
            continue
        slot[i] = len(items)
        items.append((f"c{i}", frag))
    t0 = time.perf_counter()
    agg = aggregate_query(engine.relation, items)
    try:
        _, rows = engine.run(agg.sql, agg.params)
    except QualityCheckError:
        raise
    except Exception as exc:
        if not samples:
            # a database message can quote a value ('invalid input syntax: "hunter2"')
            log.warning("checks on %r failed: %s", target, str(exc).splitlines()[0])
            raise QualityCheckError(
                f"the checks could not run on {target!r} ({type(exc).__name__}; the "
                "database's message is in the Quality agent's log)"
            ) from None
        raise QualityCheckError(
            f"the checks could not run on {target!r}: {str(exc).splitlines()[0]}"
        ) from exc
    scan_ms = (time.perf_counter() - t0) * 1000
    row = rows[0]
    n_rows = int(row[0] or 0)
    share = scan_ms / max(1, len(slot))

    results: list[CheckResult] = []
    now = dt.datetime.now(dt.timezone.utc)
    for i, (c, cs) in enumerate(zip(checks, cols, strict=True)):
        t1 = time.perf_counter()
        res = _one(
            engine,
            c,
            cs,
            n_rows,
            row[slot[i]] if i in slot else None,
            conds.get(i),
            refs.get(i),
            now,
            samples,
        )
        res.elapsed_ms = round((time.perf_counter() - t1) * 1000 + (share if i in slot else 0.0), 3)
        results.append(res)
    return results


def _sample(engine: Engine, where: Fragment, limit: int) -> list[dict[str, Any]]:
    if limit <= 0:
        return []
    names, rows = engine.run(
        f"SELECT * FROM {engine.relation} WHERE {where.sql} LIMIT {int(limit)}", where.params
    )
    return _rows(names, rows)


def _one(
    engine: Engine,
    c: Check,
    cs: list[str],
    n_rows: int,
    value: Any,
    cond: Fragment | None,
    ref: str | None,
    now: dt.datetime,
    samples: int = SAMPLE_LIMIT,
) -> CheckResult:
    if c.kind == "row_count":
        ok = (c.min is None or n_rows >= c.min) and (c.max is None or n_rows <= c.max)
        msg = f"{n_rows} rows" + ("" if ok else f", expected {_bounds(c)}")
        return CheckResult(check=c, passed=ok, total_rows=n_rows, observed=n_rows, message=msg)
    if cond is not None:
        failing = int(value or 0)
        sample = _sample(engine, cond, samples) if failing else []
        return CheckResult(
            check=c,
            passed=failing == 0,
            failing_rows=failing,
            total_rows=n_rows,
            sample_failures=sample,
            message=f"{failing} of {n_rows} rows fail {_describe(c, cs)}",
        )
    if c.kind == "freshness":
        latest = _as_utc(value)
        age = (now - latest).total_seconds() if latest else None
        ok = age is not None and age <= (c.max_age_seconds or 0)
        msg = (
            f"no {cs[0]} values: cannot tell freshness"
            if latest is None
            else f"newest {cs[0]} is {latest.isoformat()} ({age:.0f} s old, limit {c.max_age_seconds:.0f} s)"
        )
        return CheckResult(
            check=c,
            passed=ok,
            failing_rows=0 if ok else n_rows,
            total_rows=n_rows,
            observed=latest.isoformat() if latest else None,
            message=msg,
        )
    if c.kind == "unique":
        return _unique(engine, c, cs, n_rows, value, samples)
    if c.kind == "referential":
        return _referential(engine, c, cs, n_rows, ref or "", samples)
    raise QualityCheckError(f"unknown check kind {c.kind!r}")


def _unique(
    engine: Engine, c: Check, cs: list[str], n_rows: int, extra: Any, samples: int
) -> CheckResult:
    keys = ", ".join(quote_ident(x) for x in cs)
    not_null = " AND ".join(f"{quote_ident(x)} IS NOT NULL" for x in cs)
    groups = f"SELECT {keys}, COUNT(*) AS duplicate_count FROM {engine.relation} WHERE {not_null} GROUP BY {keys} HAVING COUNT(*) > 1"
    if extra is not None and int(extra) == 0:
        return CheckResult(
            check=c,
            passed=True,
            total_rows=n_rows,
            message=f"{', '.join(cs)} unique in {n_rows} rows",
        )
    _, rows = engine.run(f"SELECT COUNT(*), SUM(duplicate_count) FROM ({groups}) d")
    n_groups, failing = int(rows[0][0] or 0), int(rows[0][1] or 0)
    sample: list[dict[str, Any]] = []
    if failing and samples > 0:
        names, srows = engine.run(f"{groups} ORDER BY duplicate_count DESC LIMIT {int(samples)}")
        sample = _rows(names, srows)
    return CheckResult(
        check=c,
        passed=failing == 0,
        failing_rows=failing,
        total_rows=n_rows,
        sample_failures=sample,
        observed=n_groups,
        message=f"{n_groups} duplicated {', '.join(cs)} value(s) over {failing} rows",
    )


def _referential(
    engine: Engine, c: Check, cs: list[str], n_rows: int, ref: str, samples: int
) -> CheckResult:
    col = quote_ident(cs[0])
    rcol = quote_ident(c.ref_column or "")
    where = Fragment(
        f"t.{col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {ref} r WHERE r.{rcol} = t.{col})"
    )
    _, rows = engine.run(f"SELECT COUNT(*) FROM {engine.relation} t WHERE {where.sql}")
    failing = int(rows[0][0] or 0)
    sample: list[dict[str, Any]] = []
    if failing and samples > 0:
        names, srows = engine.run(
            f"SELECT t.* FROM {engine.relation} t WHERE {where.sql} LIMIT {int(samples)}"
        )
        sample = _rows(names, srows)
    return CheckResult(
        check=c,
        passed=failing == 0,
        failing_rows=failing,
        total_rows=n_rows,
        sample_failures=sample,
        message=f"{failing} of {n_rows} rows have a {cs[0]} missing from {c.ref_table}.{c.ref_column}",
    )


def _bounds(c: Check) -> str:
    if c.min is not None and c.max is not None:
        return f"between {c.min:g} and {c.max:g}"
    return f">= {c.min:g}" if c.min is not None else f"<= {c.max:g}"


def _describe(c: Check, cs: list[str]) -> str:
    col = ", ".join(cs)
    if c.kind == "not_null":
        return f"not_null({col})"
    if c.kind == "range":
        return f"range({col} {_bounds(c)})"
    if c.kind == "accepted_values":
        return f"accepted_values({col} in {c.values})"
    if c.kind == "format":
        return f"format({col} is {c.format}{'' if c.format != 'regex' else ' ' + repr(c.pattern)})"
    return f"custom_sql({c.condition})"
