"""Structured check specs pasted as text: dbt ``schema.yml`` blocks, SodaCL ``checks for``
blocks and Deequ method chains, read with a real parser and rewritten line by line into the
plain sentences the grammar reads.

YAML is read with ``yaml.safe_load`` (never regular expressions over its lines); each known
test / check name goes through a table (`DBT_TESTS`, `SODA_VALID`, `DEEQU_CALLS`). A name
that is not in a table raises `QualityRequestError` naming it: a pasted spec is never
partly read. Text that does not look like a spec is returned unchanged.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

import yaml

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.metrics import API_CHECKS, call_end, rewrite_metrics
from strands_airflow.agents.quality.nl.metrics import split_call_args as _args
from strands_airflow.agents.quality.nl.pycode import read_deequ, sql_rule
from strands_airflow.exceptions import QualityRequestError

#: a YAML spec: a dbt / Soda top-level key, or a list item that is a column or a test
_YAML_HINT = re.compile(
    r"(?m)^\s*(?:-\s+)?(?:name|tests|data_tests|columns|models|sources|checks\s+for\s+[\w.]+|"
    # a Soda contract of table checks only ("dataset: x/y" over "checks:")
    r"dataset\s*:[^\n]*\n\s*checks|"
    r"(?:dbt_utils|dbt_expectations)\.\w+)\s*:|"
    r"^\s*-\s+(?:(?:missing|invalid|duplicate)_(?:count|percent)\s*\(|row_count\b|freshness\s*\(|values\s+in\s*\()|^montecarlo\s*:|"
    # a column heading over its test list ("email:\n  - not_null\n  - unique")
    r"^[ \w]+:[ \t]*\n\s*-\s+(?:unique|not_null|accepted_values|relationships)\b"
)
#: keys of a dbt spec that are never a column heading
_DBT_KEYS = frozenset({"name", "description", "tests", "data_tests", "columns", "tables", "freshness",
                       "loaded_at_field", "config", "meta", "data_type", "quote", "tags", "schema",
                       "database", "identifier", "loader", "constraints", "docs", "models", "sources",
                       "seeds", "snapshots", "version", "unique", "not_null", "accepted_values",
                       "relationships"})
#: a SodaCL check line: a metric (with its column) and maybe its threshold
_SODA_METRIC = re.compile(
    r"(?i)^\s*(?:(?:missing|invalid|duplicate)_(?:count|percent)\s*\([^()]*\)|row_count\b|freshness\s*\([^()]*\)|"
    # "max(temp_c) <= 85", "min_length(code) >= 3", "values in (x) must exist in t (y)"
    r"(?:max|min|max_length|min_length)\s*\([\w.]+\)\s*(?:<=|>=|<|>|=)|values\s+in\s*\(|"
    r"failed\s+rows\s*$|schema\s*$)"
)
#: a Deequ method chain: ``.isComplete("a").isUnique("a")``, ``Check(...).hasSize(...)``
_CHAIN_CALL = re.compile(r"\.(?P<name>[a-z]\w*)\s*\(")


def _q(v: Any) -> str:
    """A literal as the grammar reads it: strings quoted (``'`` doubled), numbers bare."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return f"{v:g}" if isinstance(v, float) else str(v)
    return "'" + str(v).replace("'", "''") + "'"


def _num(v: Any) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        if isinstance(v, str) and re.fullmatch(r"-?\d+(?:\.\d+)?", v.strip()):
            return v.strip()
        raise QualityRequestError(f"expected a number in the pasted spec, got {v!r}")
    return f"{v:g}" if isinstance(v, float) else str(v)


_MOMENT = re.compile(r"(?i)^\s*(?:current_date|current_timestamp|now\(\s*\)|getdate\(\s*\)|sysdate)\s*$")
_DATE_LITERAL = re.compile(r"^\s*'?(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)'?\s*$")


def _moment(v: Any) -> str | None:
    """A date bound of a range test as SQL: a quoted ISO date or the current date."""
    if not isinstance(v, str):
        return None
    if _MOMENT.match(v):
        return v.strip().upper() if "(" not in v else "CURRENT_TIMESTAMP"
    m = _DATE_LITERAL.match(v)
    return f"'{m.group(1)}'" if m else None


def _range(col: str, lo: Any, hi: Any, inclusive: bool = True) -> str:
    if lo is None and hi is None:
        raise QualityRequestError(f"a range test on {col!r} gives neither min_value nor max_value")
    if _moment(lo) or _moment(hi):
        # dates: "min_value: \"'1900-01-01'\"", "max_value: current_date" (range bounds are numbers)
        sides = [
            f"{col} {'>=' if inclusive else '>'} {_moment(lo) or _num(lo)}" if lo is not None else "",
            f"{col} {'<=' if inclusive else '<'} {_moment(hi) or _num(hi)}" if hi is not None else "",
        ]
        return "custom sql: " + " AND ".join(x for x in sides if x)
    if not inclusive:
        sides = [f"{col} > {_num(lo)}" if lo is not None else "", f"{col} < {_num(hi)}" if hi is not None else ""]
        return "custom sql: " + " AND ".join(s for s in sides if s)
    if lo is not None and hi is not None:
        return f"{col} must be between {_num(lo)} and {_num(hi)}"
    return f"{col} must be at least {_num(lo)}" if lo is not None else f"{col} must be at most {_num(hi)}"


def _length(col: str, lo: Any = None, hi: Any = None, eq: Any = None) -> str:
    if eq is not None:
        return f"custom sql: LENGTH({col}) = {_num(eq)}"
    if lo is not None and hi is not None:
        return f"custom sql: LENGTH({col}) BETWEEN {_num(lo)} AND {_num(hi)}"
    if lo is not None:
        return f"custom sql: LENGTH({col}) >= {_num(lo)}"
    if hi is not None:
        return f"custom sql: LENGTH({col}) <= {_num(hi)}"
    raise QualityRequestError(f"a length test on {col!r} gives no length")


#: a filter in SQL that only SQL says: LIKE, IN (...), BETWEEN, a function call, AND / OR
_SQL_ONLY_FILTER = re.compile(r"(?i)\b(?:i?like|between|and|or)\b|\bin\s*\(|\w\(")


def _filtered(where: str, sentence: str) -> str:
    """A check limited to the rows a filter keeps (dbt ``where``, Soda ``filter``, Deequ
    ``.where``): "when <filter>, <check>", compiled to ``NOT (filter) OR requirement``; a
    uniqueness or a row count over a subset raises (no check kind says it)."""
    where = where.strip()
    if re.search(r"\bmust be unique\b|\brows\b", sentence):
        raise QualityRequestError(
            f"{sentence!r} limited to the rows where {where!r}: a uniqueness or row count over a "
            "subset of rows is no check kind"
        )
    if sentence.startswith("custom sql:"):
        return f"custom sql: NOT ({where}) OR ({sentence[len('custom sql:'):].strip()})"
    # (a SodaCL metric line, "missing_count(x) = 0", as the sentence it stands for first)
    kept = _mc_sql(rewrite_metrics(sentence).strip()) if _SQL_ONLY_FILTER.search(where) else None
    if kept:
        # "procedure_code LIKE 'D7%'", "a IN (1, 2)", "a > 1 AND b = 'x'": SQL the prose
        # condition reader does not read, so the guarded rule is written as SQL (a NULL
        # filter passes the row, as an unknown "when" guard does)
        return f"custom sql: NOT ({where}) OR {_grouped(kept)}"
    return f"when {where}, {sentence}"


def _values(col: str, vals: Any) -> str:
    if not isinstance(vals, list) or not vals:
        raise QualityRequestError(f"accepted values for {col!r} must be a list, got {vals!r}")
    return f"{col} must be one of {', '.join(_q(v) for v in vals)}"


def _ge_call(name: str, col: str | None, args: dict[str, Any]) -> str:
    """A dbt_expectations test as the Great Expectations call it mirrors (read by
    `metrics.rewrite_metrics`)."""
    kw = ([f"column={_q(col)}"] if col else []) + [
        f"{k}={_q(v) if not isinstance(v, list) else '[' + ', '.join(_q(x) for x in v) + ']'}"
        for k, v in args.items()
    ]
    return f"{name}({', '.join(kw)})"


def _need_col(col: str | None, test: str) -> str:
    if not col:
        raise QualityRequestError(f"the test {test!r} in the pasted spec is not under a column (- name: ...)")
    return col


def _dbt_test(test: Any, col: str | None) -> list[str]:
    """One dbt test (a name, or a one-key mapping of name -> arguments) as sentences."""
    args: dict[str, Any] = {}
    if isinstance(test, str):
        name = test
    elif isinstance(test, dict) and len(test) == 1:
        name, raw = next(iter(test.items()))
        if not isinstance(raw or {}, dict):
            raise QualityRequestError(f"the arguments of dbt test {name!r} are not a mapping")
        args = dict((raw or {}).get("arguments") or {})
        args.update({k: v for k, v in (raw or {}).items() if k != "arguments"})
        config = args.pop("config", None) or {}
        where = args.pop("where", None) or (config.get("where") if isinstance(config, dict) else None)
        if where:
            # "config: where: status = 'x'": the test holds on the rows the filter keeps
            return [_filtered(str(where), s) for s in _dbt_test(name if not args else {name: args}, col)]
    else:
        raise QualityRequestError(f"could not read the dbt test {test!r}")
    short = str(name).split(".")[-1].lower()
    package = str(name).split(".")[0].lower() if "." in str(name) else ""
    if short == "expect_row_values_to_have_recent_data":
        # dbt_expectations' recency: column, datepart, interval
        return [
            f"data must be no older than {_num(args.get('interval'))} {args.get('datepart')}s based on "
            f"{args.get('column') or args.get('column_name') or _need_col(col, name)}"
        ]
    if package == "dbt_expectations" or (short.startswith("expect_") and short not in DBT_TESTS):
        cond = args.pop("row_condition", None)
        if cond is not None and short.startswith("expect_column_value_lengths"):
            # "row_condition: country = 'X'": the test holds on the rows the condition keeps
            return [_filtered(str(cond), x) for x in _dbt_test({name: args}, col)]
        if cond is not None:
            args["row_condition"] = cond
        if short == "expect_column_value_lengths_to_equal":
            return [_length(_need_col(col, name), eq=args.get("value"))]
        if short == "expect_column_value_lengths_to_be_between":
            return [_length(_need_col(col, name), args.get("min_value"), args.get("max_value"))]
        return [_ge_call(short, col, args)]
    build = DBT_TESTS.get(short)
    if build is None:
        raise QualityRequestError(f"the dbt test {name!r} is not one the parser knows; state it in words")
    return build(col, args, str(name))


DBT_TESTS: dict[str, Callable[[str | None, dict[str, Any], str], list[str]]] = {
    "not_null": lambda c, a, n: [f"{_need_col(c, n)} must not be null"],
    "unique": lambda c, a, n: [f"{_need_col(c, n)} must be unique"],
    "accepted_values": lambda c, a, n: [_values(_need_col(c, n), a.get("values"))],
    "relationships": lambda c, a, n: [
        f"{_need_col(c, n)} must exist in {_ref(a.get('to'))}.{a.get('field') or _need_col(c, n)}"
    ],
    "accepted_range": lambda c, a, n: [
        _accepted_range(_need_col(c, n), a.get("min_value"), a.get("max_value"), a.get("inclusive", True) is not False)
    ],
    "unique_combination_of_columns": lambda c, a, n: [
        f"the combination of {' and '.join(map(str, a.get('combination_of_columns') or []))} must be unique"
    ],
    "expression_is_true": lambda c, a, n: [_expression_is_true(c, str(a.get("expression") or ""))],
    "recency": lambda c, a, n: [
        f"data must be no older than {_num(a.get('interval'))} {a.get('datepart')}s based on {a.get('field') or _need_col(c, n)}"
    ],
    # dbt_utils trims whitespace first unless told not to (trim_whitespace: false)
    "not_empty_string": lambda c, a, n: [
        f"custom sql: {_need_col(c, n)} <> ''" if a.get("trim_whitespace") is False
        else f"custom sql: TRIM({_need_col(c, n)}) <> ''"
    ],
    "at_least_one": lambda c, a, n: _aggregate(n),
}


#: an expression_is_true expression that continues its column ("'>= 1'", "is not null"): the
#: column-level form of dbt_utils, which puts the column before it
_CONTINUES_COLUMN = re.compile(r"(?i)^\s*(?:<=|>=|<>|!=|==|=|<|>|(?:is|not|in|between|like|ilike)\b)")


def _expression_is_true(col: str | None, expr: str) -> str:
    """dbt_utils' expression_is_true: on a column the expression continues the column ("'>=
    1'"); a whole condition ("released <= produced") stands alone, and the ``- name:`` above
    it is the model, never a column of the condition."""
    if col and _CONTINUES_COLUMN.match(expr):
        expr = f"{col} {expr.strip()}"
    if not expr.strip():
        raise QualityRequestError("the dbt test expression_is_true gives no expression")
    return sql_rule(expr)


def _accepted_range(col: str, lo: Any, hi: Any, inclusive: bool) -> str:
    """dbt_utils' accepted_range: its bounds are written into the test's SQL, so a bound that
    is a name ("max_value: order_total") is the row's own column."""
    names = [isinstance(v, str) and re.fullmatch(r"\s*[A-Za-z_]\w*\s*", v) and not _moment(v) for v in (lo, hi)]
    if not any(names):
        return _range(col, lo, hi, inclusive)
    sides = [
        f"{col} {op} {str(v).strip() if named else _num(v)}"
        for v, op, named in ((lo, ">=" if inclusive else ">", names[0]), (hi, "<=" if inclusive else "<", names[1]))
        if v is not None
    ]
    return "custom sql: " + " AND ".join(sides)


def _aggregate(name: str) -> list[str]:
    """dbt_utils' at_least_one (some row has a value) is a test over the whole column, not a
    rule each row keeps (reading it as "not null" would fail good data)."""
    raise QualityRequestError(f"the dbt test {name!r} holds over the whole column, not on every row; state a row rule")


def _constraint(con: Any, col: str | None) -> list[str]:
    """A dbt model contract constraint (``- type: primary_key``), on a column or on the
    model's ``columns: [a, b]``."""
    if not isinstance(con, dict) or "type" not in con:
        raise QualityRequestError(f"could not read the dbt constraint {con!r}")
    kind = str(con["type"]).lower()
    cols = [str(c) for c in con.get("columns") or ([col] if col else [])]
    if not cols and kind != "check":
        raise QualityRequestError(f"the dbt constraint {kind!r} names no column")
    key = f"the combination of {' and '.join(cols)} must be unique" if len(cols) > 1 else f"{cols[0]} must be unique" if cols else ""
    if kind == "not_null":
        return [f"{c} must not be null" for c in cols]
    if kind == "unique":
        return [key]
    if kind == "primary_key":
        return [*(f"{c} must not be null" for c in cols), key]
    if kind == "check" and con.get("expression"):
        return [sql_rule(str(con["expression"]))]
    raise QualityRequestError(f"the dbt constraint {kind!r} is not one the parser knows")


def _ref(to: Any) -> str:
    m = re.fullmatch(r"\s*(?:ref|source)\(\s*(?:['\"][^'\"]+['\"]\s*,\s*)?['\"]([^'\"]+)['\"]\s*\)\s*", str(to or ""))
    if not m:
        raise QualityRequestError(f"relationships 'to: {to}' is not a ref('table')")
    return m.group(1)


_PERIOD_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def _freshness(node: dict[str, Any], field: Any, out: list[str]) -> None:
    config: dict[str, Any] = node["config"] if isinstance(node.get("config"), dict) else {}
    # dbt 1.9+ puts a source's freshness (and its loaded_at_field) under "config:"
    fresh = node.get("freshness", config.get("freshness"))
    if not isinstance(fresh, dict):
        return
    after = fresh.get("error_after") or fresh.get("warn_after")
    if not isinstance(after, dict) or "count" not in after or "period" not in after:
        raise QualityRequestError(f"freshness {fresh!r} gives no error_after {{count, period}}")
    if not field:
        raise QualityRequestError("source freshness without loaded_at_field: which column says when a row loaded?")
    out.append(f"data must be no older than {_num(after['count'])} {after['period']}s based on {field}")


def _dbt(
    doc: Any, out: list[str], col: str | None = None, field: Any = None, model: bool = False
) -> None:
    """Walk a dbt schema.yml fragment: models / sources / columns / tests at any depth."""
    if isinstance(doc, list):
        for item in doc:
            if isinstance(item, dict) and ("tests" in item or "data_tests" in item or "columns" in item
                                           or "name" in item or "freshness" in item or "tables" in item):
                _dbt(item, out, col, field, model)
            else:  # a bare test list ("- unique", "- dbt_utils.x: {...}")
                out.extend(_dbt_test(item, col))
        return
    if not isinstance(doc, dict):
        raise QualityRequestError(f"could not read {doc!r} in the pasted spec")
    if len(doc) == 1 and col is None:
        # a column heading over its tests: "created_at:\n  - not_null", "on country_code:\n  -
        # dbt_expectations.expect_...:", "email:\n  tests: [unique]" (a fragment of a column)
        ((key, val),) = doc.items()
        name = re.sub(r"(?i)^(?:on|for|column|col)\s+(?:the\s+)?(?:column\s+)?", "", str(key)).strip()
        tests = val.get("tests", val.get("data_tests")) if isinstance(val, dict) and len(val) == 1 else val
        if (
            re.fullmatch(r"[A-Za-z_]\w*", name)
            and name.lower() not in _DBT_KEYS
            and isinstance(tests, list)
            and tests
            and all(isinstance(t, str) or (isinstance(t, dict) and len(t) == 1) for t in tests)
        ):
            for t in tests:
                out.extend(_dbt_test(t, name))
            return
    keys = set(doc)
    if keys & {"models", "sources", "seeds", "snapshots", "version"}:
        for k in ("models", "sources", "seeds", "snapshots"):
            _dbt(doc.get(k) or [], out, None, field, model=True)
        return
    config: dict[str, Any] = doc["config"] if isinstance(doc.get("config"), dict) else {}
    field = doc.get("loaded_at_field", config.get("loaded_at_field", field))
    _freshness(doc, field, out)
    # "- name: x\n  tests: [...]" is a column unless it is a model / source / table (under
    # models: / sources: / tables:) or has columns of its own
    is_column = not model and "name" in doc and "columns" not in doc and "tables" not in doc
    here = str(doc["name"]) if is_column and col is None and "freshness" not in doc else col
    for k in ("tests", "data_tests"):
        if k in doc:
            for t in doc[k] or []:
                out.extend(_dbt_test(t, here))
    # dbt model contracts: "constraints: [{type: primary_key}]" on a column or on the model
    for con in doc.get("constraints") or []:
        out.extend(_constraint(con, here if is_column else None))
    if "columns" in doc:
        for c in doc["columns"] or []:
            if isinstance(c, dict) and "name" in c:
                for con in c.get("constraints") or []:
                    out.extend(_constraint(con, str(c["name"])))
                for k in ("tests", "data_tests"):
                    for t in c.get(k) or []:
                        out.extend(_dbt_test(t, str(c["name"])))
    if "tables" in doc:
        for t in doc["tables"] or []:
            if isinstance(t, dict):
                _dbt(t, out, None, field, model=True)
    unknown = keys - {"name", "description", "tests", "data_tests", "columns", "tables", "freshness",
                      "loaded_at_field", "config", "meta", "data_type", "quote", "tags", "schema",
                      "database", "identifier", "loader", "constraints", "docs"}
    if unknown and not out:
        tests = [{k: doc[k]} for k in unknown]
        for t in tests:
            out.extend(_dbt_test(t, col))


#: SodaCL validity configuration -> the sentence for one column
SODA_VALID: dict[str, Callable[[str, Any], str]] = {
    "valid values": _values,
    "valid length": lambda c, v: _length(c, eq=v),
    "valid min length": lambda c, v: _length(c, lo=v),
    "valid max length": lambda c, v: _length(c, hi=v),
    "valid min": lambda c, v: _range(c, v, None),
    "valid max": lambda c, v: _range(c, None, v),
    "valid regex": lambda c, v: f"{c} must match regex {_q(v)}",
    "valid format": lambda c, v: f"{c} must be a valid {str(v).split()[0]}",
}


_NEGATED_OP = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "!=", "!=": "=", "<>": "="}


def _soda_threshold(metric: str, when: str) -> str:
    """A SodaCL metric with the threshold of its bad case ("when > 0") as the inline check
    of its good case ("missing_count(x) = 0", "row_count >= 100", "freshness(c) <= 30m")."""
    m = re.fullmatch(r"(?i)\s*when\s+(?P<neg>not\s+)?(?:(?P<op><=|>=|<>|!=|<|>|=)\s*(?P<n>\S+)|between\s+(?P<a>\S+)\s+and\s+(?P<b>\S+))\s*", when)
    if not m:
        raise QualityRequestError(f"the SodaCL threshold {when!r} of {metric!r} is not 'when <op> <n>'")
    if m.group("a") is not None:
        if not m.group("neg"):
            # the bad case is a band: the good case is a disjunction no check kind says
            raise QualityRequestError(f"the SodaCL threshold {when!r} of {metric!r} asks for values outside a band")
        return f"{metric} between {m.group('a')} and {m.group('b')}"
    op = m.group("op") if m.group("neg") else _NEGATED_OP[m.group("op")]
    if re.match(r"(?i)\w+_(?:count|percent)\b", metric) and not metric.lower().startswith("row_count") and (
        (op == "<=" and m.group("n") == "0") or (op == "<" and m.group("n") == "1")
    ):
        op, n = "=", "0"
    else:
        n = m.group("n")
    return f"{metric} {op} {n}"


_SIMPLE_CMP = re.compile(
    r"^\s*(?P<l>[A-Za-z_]\w*)\s*(?P<op><=|>=|<>|!=|<|>|=)\s*(?P<r>-?\d+(?:\.\d+)?|[A-Za-z_]\w*|'[^']*')\s*$"
)


def _kept_rows(cond: str) -> str | None:
    """The rows a bad-row condition keeps when it is an OR of plain comparisons ("a > b OR
    c <= 0" keeps "a <= b AND c > 0"); None for anything else (read as before)."""
    parts = re.split(r"(?i)\s+or\s+", cond.strip())
    if len(parts) < 2 or re.search(r"(?i)\b(?:and|not|null|between|in|like)\b|[()]", cond):
        return None
    kept = []
    for p in parts:
        m = _SIMPLE_CMP.match(p)
        if not m or m.group("r").lower() in ("and", "or"):
            return None
        kept.append(f"{m.group('l')} {_NEGATED_OP[m.group('op')]} {m.group('r')}")
    return " AND ".join(kept)


def _bounds_per_column(cond: str) -> list[str] | None:
    """ "a > 115 OR b < 0" (an OR of bounds, each on one column, on two or more columns): one
    check per column ("a <= 115", "b >= 0"); None when a part compares two columns or when
    every part is on the same column (read as before)."""
    parts = re.split(r"(?i)\s+or\s+", cond.strip())
    by_col: dict[str, list[str]] = {}
    for p in parts:
        m = _SIMPLE_CMP.match(p)
        if not m or not re.fullmatch(r"-?\d+(?:\.\d+)?", m.group("r")) or m.group("op") in ("=", "<>", "!="):
            return None
        by_col.setdefault(m.group("l"), []).append(f"{m.group('l')} {_NEGATED_OP[m.group('op')]} {m.group('r')}")
    if len(by_col) < 2:
        return None
    return [f"custom sql: {' AND '.join(kept)}" if len(kept) > 1 else _bound_sentence(kept[0]) for kept in by_col.values()]


def _bound_sentence(kept: str) -> str:
    """ "a <= 115" as the sentence "a must be at most 115" (a strict bound stays SQL)."""
    m = re.fullmatch(r"([A-Za-z_]\w*) (>=|<=) (-?\d+(?:\.\d+)?)", kept)
    if m:
        return f"{m.group(1)} must be {'at least' if m.group(2) == '>=' else 'at most'} {m.group(3)}"
    return f"custom sql: {kept}"


def _top_split(cond: str, word: str) -> list[str]:
    """`cond` split at each top-level ``AND`` / ``OR`` (outside brackets and quotes; the
    ``AND`` of a ``BETWEEN a AND b`` is not a connective)."""
    parts, depth, quote, start, between = [], 0, False, 0, False
    i, low = 0, cond.lower()
    while i < len(cond):
        ch = cond[i]
        if ch == "'":
            quote = not quote
        elif not quote and ch in "([":
            depth += 1
        elif not quote and ch in ")]":
            depth -= 1
        elif not quote and depth == 0 and (i == 0 or not (cond[i - 1].isalnum() or cond[i - 1] == "_")):
            if low.startswith("between", i) and not low[i + 7 : i + 8].isalnum():
                between = True
            elif low.startswith(word, i) and not (low[i + len(word) : i + len(word) + 1].isalnum() or low[i + len(word) : i + len(word) + 1] == "_"):
                if word == "and" and between:
                    between = False
                else:
                    parts.append(cond[start:i].strip())
                    start = i + len(word)
                    i = start
                    continue
        i += 1
    if depth or quote:
        return [cond.strip()]
    parts.append(cond[start:].strip())
    return parts if all(parts) else [cond.strip()]


def _unwrap_parens(cond: str) -> str:
    cond = cond.strip()
    while cond.startswith("(") and cond.endswith(")"):
        depth = 0
        for i, ch in enumerate(cond):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(cond) - 1:
                return cond
        cond = cond[1:-1].strip()
    return cond


_SQL_OPERAND = r"(?:[A-Za-z_][\w.]*(?:\(\s*\))?|-?\d+(?:\.\d+)?|'(?:[^']|'')*')"
_SQL_ATOM_CMP = re.compile(rf"(?is)^\s*(?P<l>{_SQL_OPERAND})\s*(?P<op><=|>=|<>|!=|==|<|>|=)\s*(?P<r>{_SQL_OPERAND})\s*$")
_SQL_ATOM_NULL = re.compile(r"(?is)^\s*(?P<l>[A-Za-z_][\w.]*)\s+is\s+(?P<n>not\s+)?null\s*$")
_SQL_ATOM_SET = re.compile(
    rf"(?is)^\s*(?P<l>[A-Za-z_][\w.]*)\s+(?P<n>not\s+)?(?P<k>in|like|ilike|between)\s+(?P<r>\(.*\)|{_SQL_OPERAND}(?:\s+and\s+{_SQL_OPERAND})?)\s*$"
)
_SQL_NOT = re.compile(r"(?is)^\s*not\s+(?P<e>\(.*\))\s*$")


def negate_sql(cond: str) -> str:
    """The SQL condition true exactly where `cond` is false, NULL where it is NULL (De Morgan
    over top-level ``AND`` / ``OR``, each comparison's operator flipped, anything else
    ``NOT (...)``): the rule that keeps out the rows a bad-case condition selects."""
    cond = _unwrap_parens(cond)
    ors = _top_split(cond, "or")
    if len(ors) > 1:
        return " AND ".join(_grouped(negate_sql(p)) for p in ors)
    ands = _top_split(cond, "and")
    if len(ands) > 1:
        return " OR ".join(_grouped(negate_sql(p)) for p in ands)
    m = _SQL_NOT.match(cond)
    if m:
        return _unwrap_parens(m.group("e"))
    m = _SQL_ATOM_CMP.match(cond)
    if m and m.group("l").lower() not in ("not", "and", "or"):
        op = {"!=": "<>", "==": "="}.get(m.group("op"), m.group("op"))
        return f"{m.group('l')} {_MC_NEGATED[op]} {m.group('r')}"
    m = _SQL_ATOM_NULL.match(cond)
    if m:
        return f"{m.group('l')} IS {'' if m.group('n') else 'NOT '}NULL"
    m = _SQL_ATOM_SET.match(cond)
    if m:
        return f"{m.group('l')} {'' if m.group('n') else 'NOT '}{m.group('k').upper()} {m.group('r')}"
    return f"NOT ({cond})"


def _grouped(cond: str) -> str:
    return f"({cond})" if len(_top_split(cond, "or")) > 1 or len(_top_split(cond, "and")) > 1 else cond


def _soda(doc: dict[str, Any], out: list[str]) -> None:
    for key, items in doc.items():
        if not re.match(r"(?i)checks\s+for\s+", str(key)):
            raise QualityRequestError(f"{key!r} is not a SodaCL 'checks for <table>' block")
        for item in items or []:
            if isinstance(item, str):
                out.append(item)
                continue
            if not isinstance(item, dict) or len(item) != 1:
                raise QualityRequestError(f"could not read the SodaCL check {item!r}")
            check, conf = next(iter(item.items()))
            m = re.fullmatch(r"\s*invalid_(?:count|percent)\((?P<c>[\w.]+)\)\s*=\s*0\s*", str(check))
            conf = {k: v for k, v in (conf or {}).items() if k not in ("name", "attributes", "identity")}
            if "fail" in conf and "warn" in conf:  # only the fail threshold is a check
                conf.pop("warn")
            if len(conf) == 1 and set(conf) <= {"fail", "warn"} and re.fullmatch(r"\s*\w+(?:\([^()]*\))?\s*", str(check)):
                # "row_count:\n  fail: when < 1000", "missing_count(x):\n  warn: when > 0": the
                # metric, then the threshold of its bad case (a warning alone is still the check)
                out.append(_soda_threshold(str(check).strip(), str(next(iter(conf.values())))))
                continue
            flt = conf.pop("filter", None)
            if flt is not None:
                inner: list[str] = []
                _soda({key: [{check: conf} if conf else check]}, inner)
                out.extend(_filtered(str(flt), x) for x in inner)
                continue
            if m and conf:
                low = {str(k).lower(): k for k in conf}
                if "valid min" in low and "valid max" in low:
                    # "valid min: 400" + "valid max: 1200": one range (two checks under a filter
                    # were two guarded halves)
                    lo, hi = conf.pop(low["valid min"]), conf.pop(low["valid max"])
                    out.append(_range(m.group("c"), lo, hi))
                for k, v in conf.items():
                    build = SODA_VALID.get(str(k).lower())
                    if build is None:
                        raise QualityRequestError(f"the SodaCL setting {k!r} is not one the parser knows")
                    sentence = build(m.group("c"), v)
                    # "valid min: 0" + "valid max: 100": one range
                    out.append(sentence)
                continue
            if not conf:
                out.append(str(check))
                continue
            metric = re.fullmatch(r"\s*(?P<m>[A-Za-z_]\w*)\s*=\s*0\s*", str(check))
            if metric and set(conf) == {f"{metric.group('m')} query"}:
                # a user-defined metric "bad = 0" with "bad query: SELECT COUNT(*) ... WHERE X":
                # the query counts the bad rows
                read = _bad_rows_query(f"failed rows: {conf[f'{metric.group(1)} query']}")
                if read:
                    out.extend(read)
                    continue
            if str(check).strip().lower() == "failed rows" and set(conf) == {"fail condition"}:
                bad = str(conf["fail condition"])
                kept = _kept_rows(bad)
                # "a > b OR c <= 0": one condition, so one check (the rows neither side fails);
                # "a <> 'PASS' and b = true", "kind = 'X'": its negation, never the prose
                # reader's "fail if ..." (which refused a value and read "x != 3" as x <> 3)
                per_column = _bounds_per_column(bad) if kept else None
                if per_column:
                    # "a > 115 or b < 0": each column's own bound, as the same words in prose read
                    out.extend(per_column)
                elif kept:
                    out.append(f"custom sql: {kept}")
                elif _SIMPLE_BAD.match(bad) or _COLUMN_PAIR_BAD.match(bad):
                    out.append(_kept_sentence(bad))
                else:
                    out.append(f"custom sql: {negate_sql(bad)}")
                continue
            if str(check).strip().lower() == "failed rows" and set(conf) == {"fail query"}:
                read = _bad_rows_query(f"failed rows: {conf['fail query']}")
                if read:
                    out.extend(read)
                    continue
            raise QualityRequestError(f"the SodaCL check {check!r} with {conf!r} is not one the parser knows")


#: a Monte Carlo threshold on a bad-row count that fires on any row: "GT 0", "GTE 1"
_ANY_ROW = {("GT", 0), ("GTE", 1)}


def _montecarlo(doc: Any, out: list[str]) -> None:
    """Monte Carlo monitors as code: ``custom_sql`` rules whose query counts / selects the bad
    rows with an alert on any (``operator: GT, threshold_value: 0``), and ``freshness``
    monitors (``freshness_threshold`` in minutes). Any other monitor or threshold raises."""
    if not isinstance(doc, dict):
        raise QualityRequestError("the Monte Carlo spec is not a mapping of monitor kinds")
    for kind, monitors in doc.items():
        for mon in monitors or []:
            if not isinstance(mon, dict):
                raise QualityRequestError(f"could not read the Monte Carlo monitor {mon!r}")
            if kind == "custom_sql" and "sql" in mon:
                conds = mon.get("alert_conditions") or mon.get("comparisons") or []
                if not conds or not all(
                    isinstance(c, dict) and (str(c.get("operator", "")).upper(), c.get("threshold_value")) in _ANY_ROW
                    for c in conds
                ):
                    raise QualityRequestError(
                        f"the Monte Carlo rule {mon.get('name', '')!r} alerts on {conds!r}: only an alert on any "
                        "returned row (operator GT, threshold_value 0) is a row check"
                    )
                read = _bad_rows_query(f"failed rows: {mon['sql']}")
                if not read:
                    raise QualityRequestError(f"could not read the Monte Carlo rule's query {mon['sql']!r}")
                out.extend(read)
            elif kind == "freshness" and "freshness_threshold" in mon:
                field = mon.get("timestamp_field") or mon.get("field")
                out.append(
                    f"data must be no older than {_num(mon['freshness_threshold'])} minutes"
                    + (f" based on {field}" if field else "")
                )
            elif not _mc_walk(mon, out):
                raise QualityRequestError(f"the Monte Carlo monitor kind {kind!r} is not one the parser knows")


#: Monte Carlo metric monitors: a count of bad rows per field alerting on any ("GT 0"), as the
#: rule each field's rows must keep
_MC_ANY_BAD = {
    "NULL_COUNT": "{f} must not be null",
    "NULL_RATE": "{f} must not be null",
    "NULL_PERCENTAGE": "{f} must not be null",
    "DUPLICATE_COUNT": "{f} must be unique",
    "NEGATIVE_COUNT": "{f} must be at least 0",
    "ZERO_COUNT": "custom sql: {f} <> 0",
    "FUTURE_TIMESTAMP_COUNT": "{f} must not be in the future",
    "EMPTY_STRING_COUNT": "custom sql: {f} <> ''",
}
#: a bound on every row's value, said as the column's extreme crossing it: (metric, operator)
_MC_BOUND = {
    ("NUMERIC_MAX", "GT"): "{f} must be at most {n}",
    ("NUMERIC_MAX", "GTE"): "custom sql: {f} < {n}",
    ("NUMERIC_MIN", "LT"): "{f} must be at least {n}",
    ("NUMERIC_MIN", "LTE"): "custom sql: {f} > {n}",
    ("TEXT_MAX_LENGTH", "GT"): "custom sql: LENGTH({f}) <= {n}",
    ("TEXT_MAX_LENGTH", "GTE"): "custom sql: LENGTH({f}) < {n}",
    ("TEXT_MIN_LENGTH", "LT"): "custom sql: LENGTH({f}) >= {n}",
    ("TEXT_MIN_LENGTH", "LTE"): "custom sql: LENGTH({f}) > {n}",
}
#: a Monte Carlo validation predicate on (field, literal): the rule that keeps the rows it flags
_MC_PREDICATE = {
    "less_than": ">=",
    "lt": ">=",
    "greater_than": "<=",
    "gt": "<=",
    "less_than_or_equal": ">",
    "less_than_or_equal_to": ">",
    "lte": ">",
    "greater_than_or_equal": "<",
    "greater_than_or_equal_to": "<",
    "gte": "<",
    "equal": "<>",
    "equals": "<>",
    "eq": "<>",
    "not_equal": "=",
    "not_equals": "=",
    "neq": "=",
}
_MC_NEGATED = {">=": "<", "<=": ">", ">": "<=", "<": ">=", "<>": "=", "=": "<>"}


def _mc_fields(node: dict[str, Any]) -> list[str]:
    fields = node.get("fields") or node.get("field") or []
    fields = [fields] if isinstance(fields, str) else fields
    if not isinstance(fields, list) or not fields or not all(isinstance(f, str) and f for f in fields):
        raise QualityRequestError(f"the Monte Carlo alert {node!r} names no field")
    return fields


def _mc_metric(cond: Any) -> list[str]:
    """One ``alert_conditions`` item of a metric monitor (metric, operator, threshold,
    fields): the row rule it alerts on the breach of; any other threshold raises."""
    if not isinstance(cond, dict) or "metric" not in cond:
        raise QualityRequestError(f"could not read the Monte Carlo alert condition {cond!r}")
    metric = str(cond["metric"]).upper()
    op = str(cond.get("operator", "")).upper()
    n = cond.get("threshold", cond.get("threshold_value"))
    fields = _mc_fields(cond)
    if op == "AUTO" or n is None:
        raise QualityRequestError(f"the Monte Carlo alert on {metric} has no fixed threshold (anomaly detection)")
    if metric in _MC_ANY_BAD and (op, float(_num(n))) in {("GT", 0.0), ("GTE", 1.0)}:
        if metric.endswith(("RATE", "PERCENTAGE")) and op != "GT":
            raise QualityRequestError(f"the Monte Carlo alert {metric} {op} {n} is a share, not a row check")
        return [_MC_ANY_BAD[metric].format(f=f) for f in fields]
    if (metric, op) in _MC_BOUND:
        return [_MC_BOUND[metric, op].format(f=f, n=_num(n)) for f in fields]
    raise QualityRequestError(
        f"the Monte Carlo alert {metric} {op} {n} is an aggregate over the table, not a rule every row keeps"
    )


def _mc_side(side: Any) -> tuple[str, str] | None:
    """One side of a validation predicate: ("field", name) or ("literal", value)."""
    item = side[0] if isinstance(side, list) and len(side) == 1 else side
    if isinstance(item, dict) and len(item) == 2 and str(item.get("type", "")).lower() in ("field", "literal"):
        # "{type: FIELD, field: x}": the type restates the key
        item = {k: v for k, v in item.items() if k != "type"}
    if isinstance(item, dict) and len(item) == 1:
        (k, v), = item.items()
        if k in ("field", "literal") and isinstance(v, (str, int, float)) and not isinstance(v, bool):
            return str(k), str(v)
    return None


def _mc_literals(side: Any) -> list[str] | None:
    """The literals of a set predicate's right side: one item each, or one item with a list."""
    items = side if isinstance(side, list) else [side]
    if len(items) == 1 and isinstance(items[0], dict) and isinstance(items[0].get("literal"), list):
        items = [{"literal": v} for v in items[0]["literal"]]
    out = [_mc_side(it) for it in items]
    return [x[1] for x in out if x] if out and all(x and x[0] == "literal" for x in out) else None


#: UNARY predicates (name, negated) -> the rule that keeps the flagged rows out
_MC_UNARY = {
    ("is_negative", False): "{f} must be at least 0",
    ("is_uuid", True): "{f} must be a valid uuid",
    ("is_future_date", False): "{f} must not be in the future",
}
_MC_SQL_CMP = re.compile(r"^\s*([a-z_]\w*)\s*(<=|>=|<>|!=|<|>|=)\s*([a-z_]\w*|-?\d+(?:\.\d+)?)\s*$", re.I)


def _mc_condition(node: Any) -> list[str]:
    """A validation monitor's ``alert_condition`` (the bad rows, a tree of GROUP / UNARY /
    BINARY predicates): the rules that keep every row it flags out. An OR is one rule per
    branch; an AND of several (bad only when all hold) raises."""
    if not isinstance(node, dict):
        raise QualityRequestError(f"could not read the Monte Carlo alert condition {node!r}")
    kind = str(node.get("type", "")).upper()
    if kind == "GROUP":
        parts = node.get("conditions") or []
        op = str(node.get("operator", "AND")).upper()
        if op == "AND" and isinstance(parts, list) and len(parts) > 1:
            # bad only when all hold: the rule is that some branch's rule holds (one condition)
            keeps = [_mc_sql(x) for p in parts for x in _mc_condition(p)]
            if len(keeps) == len(parts) and all(keeps):
                return ["custom sql: " + " OR ".join(f"({k})" for k in keeps)]
        if not isinstance(parts, list) or not parts or (op != "OR" and len(parts) > 1):
            raise QualityRequestError(
                f"the Monte Carlo alert condition {op} of {len(parts) if isinstance(parts, list) else parts} "
                "predicates is bad only when all hold: state it as one rule"
            )
        return [x for p in parts for x in _mc_condition(p)]
    pred = node.get("predicate") or {}
    # YAML reads an unquoted "name: null" as no value: the null predicate
    name = str(pred.get("name", "") if isinstance(pred, dict) else pred).lower()
    name = "null" if isinstance(pred, dict) and "name" in pred and pred["name"] is None else name
    negated = bool(pred.get("negated")) if isinstance(pred, dict) else False
    if kind == "SQL":
        # "sql: a < b": the bad rows; the rule is its negation (a simple comparison only)
        cmp = _MC_SQL_CMP.match(str(node.get("sql") or ""))
        if not cmp and str(node.get("sql") or "").strip():
            # "a <= 0 OR b <= 0", "x > 60 AND kind <> 'S'", "kind = 'S'": the rule is its
            # negation (checked by DuckDB's parser as any custom_sql condition)
            return [f"custom sql: {negate_sql(str(node['sql']))}"]
        if not cmp:
            raise QualityRequestError(f"could not read the Monte Carlo SQL predicate {node.get('sql')!r}: state it as one rule")
        return [f"custom sql: {cmp.group(1)} {_MC_NEGATED['<>' if cmp.group(2) == '!=' else cmp.group(2)]} {cmp.group(3)}"]
    if kind == "UNARY" and (name, negated) in _MC_UNARY:
        value = _mc_side(node.get("value") or node.get("left"))
        if value and value[0] == "field":
            return [_MC_UNARY[name, negated].format(f=value[1])]
    if kind in ("BINARY", "UNARY") and name in ("in_set", "between") and negated:
        # "alert when x is NOT in {a, b}" / "NOT between lo and hi": the good case is the set / range
        left, lits = _mc_side(node.get("left")), _mc_literals(node.get("right"))
        vals = node.get("value")
        if kind == "UNARY" and isinstance(vals, list) and len(vals) > 1:
            # UNARY: one "value" list, the field first, then its literals
            left, lits = _mc_side(vals[0]), _mc_literals(vals[1:])
        own = pred.get("values") if isinstance(pred, dict) else None
        own = node.get("values") if own is None and isinstance(node.get("values"), list) else own
        if kind == "UNARY" and isinstance(own, list) and own and not lits:
            # "predicate: {name: in_set, negated: true, values: [A, B]}, value: [{field: x}]":
            # the literals given with the predicate, the field as its value
            left = _mc_side(vals)
            lits = [str(v) for v in own if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
            lits = lits if len(lits) == len(own) else None
        if left and left[0] == "field" and lits:
            if name == "in_set":
                return [f"{left[1]} must be one of {', '.join(_q(v) for v in lits)}"]
            if len(lits) == 2 and all(re.fullmatch(r"-?\d+(?:\.\d+)?", v.strip()) for v in lits):
                return [f"{left[1]} must be between {lits[0].strip()} and {lits[1].strip()}"]
        raise QualityRequestError(f"could not read the Monte Carlo predicate {name!r} on {node!r}")
    regex = next((r for r in (node.get("regex"), node.get("pattern"), *((pred.get("regex"), pred.get("pattern")) if isinstance(pred, dict) else ())) if r is not None), None)
    if kind == "UNARY" and name in ("matches_regex", "regex", "matches", "rlike") and negated and isinstance(regex, str):
        # "predicate: {name: matches_regex, negated: true}, value: [{field: x}], regex: '^...$'":
        # the rows NOT matching are flagged, so every row must match
        value = _mc_side(node.get("value") or node.get("left"))
        if value and value[0] == "field":
            return [f"{value[1]} must match regex '" + regex.replace("'", "''") + "'"]
    if kind == "UNARY":
        value = _mc_side(node.get("value") or node.get("left"))
        if not value or value[0] != "field" or name not in ("null", "is_null", "isnull"):
            raise QualityRequestError(f"could not read the Monte Carlo predicate {name!r} on {node!r}")
        return [f"{value[1]} must be null" if negated else f"{value[1]} must not be null"]
    left, right = _mc_side(node.get("left")), _mc_side(node.get("right"))
    if kind != "BINARY" or not left or not right or left[0] != "field":
        raise QualityRequestError(f"could not read the Monte Carlo predicate {name!r} on {node!r}")
    col = left[1]
    if name in ("matches_regex", "regex", "matches", "rlike") and negated and right[0] == "literal":
        return [f"{col} must match regex '{right[1]}'"]
    if name not in _MC_PREDICATE or name in ("matches_regex",):
        raise QualityRequestError(f"could not read the Monte Carlo predicate {name!r} on {node!r}")
    keep = _MC_PREDICATE[name]
    keep = _MC_NEGATED[keep] if negated else keep
    if right[0] == "field":
        return [f"custom sql: {col} {keep} {right[1]}"]
    lit = right[1] if re.fullmatch(r"-?\d+(?:\.\d+)?", right[1].strip()) else _q(right[1])
    if keep == ">=" and lit[0] != "'":
        return [f"{col} must be at least {lit}"]
    if keep == "<=" and lit[0] != "'":
        return [f"{col} must be at most {lit}"]
    return [f"custom sql: {col} {keep} {lit}"]


def _mc_sql(rule: str) -> str | None:
    """A rule `_mc_condition` wrote as the SQL condition it is (None when it has none here)."""
    if rule.startswith("custom sql: "):
        return rule[len("custom sql: "):]
    m = re.fullmatch(r"(\w+) must (?:(not) )?be (null|at least|at most|between|one of) ?(.*)", rule)
    if not m:
        return None
    col, neg, verb, rest = m.groups()
    if verb == "null":
        return f"{col} IS {'NOT ' if neg else ''}NULL" if not rest else None
    if neg:
        return None
    if verb == "at least":
        return f"{col} >= {rest}"
    if verb == "at most":
        return f"{col} <= {rest}"
    if verb == "between":
        lo, _, hi = rest.partition(" and ")
        return f"{col} BETWEEN {lo} AND {hi}"
    return f"{col} IN ({rest})"


def _mc_bounds(lines: list[str]) -> list[str]:
    """"x at least a" and "x at most b" from the branches of one alert: one range."""
    lo = {m.group(1): (i, m.group(2)) for i, x in enumerate(lines) if (m := re.fullmatch(r"(\S+) must be at least (\S+)", x))}
    hi = {m.group(1): (i, m.group(2)) for i, x in enumerate(lines) if (m := re.fullmatch(r"(\S+) must be at most (\S+)", x))}
    both = {c for c in lo if c in hi and float(lo[c][1]) <= float(hi[c][1])}
    drop = {hi[c][0] for c in both}
    out = []
    for i, x in enumerate(lines):
        m = re.fullmatch(r"(\S+) must be at least \S+", x)
        if m and m.group(1) in both:
            out.append(f"{m.group(1)} must be between {lo[m.group(1)][1]} and {hi[m.group(1)][1]}")
        elif i not in drop:
            out.append(x)
    return out


def _mc_walk(doc: Any, out: list[str]) -> bool:
    """The alert conditions of Monte Carlo monitors anywhere in a pasted spec (a monitor, a
    list of them, a ``montecarlo:`` block, a bare ``alert_conditions`` list); True when any."""
    found = False
    if isinstance(doc, list):
        for it in doc:
            found = _mc_walk(it, out) or found
        return found
    if not isinstance(doc, dict):
        return False
    if "sql" in doc and ("alert_conditions" in doc or "comparisons" in doc):
        _montecarlo({"custom_sql": [doc]}, out)
        return True
    if isinstance(doc.get("alert_conditions"), list):
        for c in doc["alert_conditions"]:
            if isinstance(c, dict) and "metric" not in c and "metric" in doc:
                # the metric and its fields on the monitor, the conditions only a threshold
                # ({"metric": "ZERO_COUNT", "fields": [x], "alertConditions": [{"operator": "GT", ...}]})
                c = {**{k: doc[k] for k in ("metric", "fields", "field") if k in doc}, **c}
            # "where_condition: status = 'x'" (on the monitor or on the condition): the rules
            # hold on the rows the filter keeps
            where = c.get("where_condition", doc.get("where_condition")) if isinstance(c, dict) else None
            rules = _mc_metric({k: v for k, v in c.items() if k != "where_condition"} if isinstance(c, dict) else c)
            out.extend(_filtered(str(where), x) for x in rules) if where else out.extend(rules)
        return True
    if "metric" in doc and "operator" in doc and ("fields" in doc or "field" in doc):
        out.extend(_mc_metric(doc))  # one metric monitor's condition given on its own
        return True
    if "alert_condition" in doc:
        out.extend(_mc_bounds(_mc_condition(doc["alert_condition"])))
        return True
    for v in doc.values():
        found = _mc_walk(v, out) or found
    return found


def _mc_alerts(text: str) -> list[str] | None:
    """Monte Carlo monitors with alert conditions pasted as JSON or YAML (maybe a fragment:
    ``"alert_conditions": [...]``, or after a line of prose ending in a colon)."""
    if ("ondition" not in text and "hreshold" not in text) or not re.search(
        r"alert_?[cC]ondition|\bthreshold_?[vV]alue\b", text
    ):
        return None
    # the camelCase keys of the JSON API ("alertConditions", "thresholdValue")
    body = re.sub(r"\b(alert|threshold|where)([CV])(ondition|onditions|alue)\b",
                  lambda m: f"{m.group(1)}_{m.group(2).lower()}{m.group(3)}", text.strip())
    doc: Any = None
    for cand in (body, "{" + body + "}"):
        try:
            doc = json.loads(cand)
            break
        except ValueError:
            doc = None
    if doc is None:
        try:
            doc = yaml.safe_load(body)
        except yaml.YAMLError:
            return None
    if isinstance(doc, dict) and set(doc) == {"montecarlo"}:
        return None  # monitors as code, each kind its own reader (`_montecarlo`)
    out: list[str] = []
    if not _mc_walk(doc, out):
        return None
    return out


#: the key of a contract's regex (both orders of its words are written)
_CONTRACT_REGEX_KEYS = frozenset({"valid_regex_sql", "valid_sql_regex"})
#: the zero-count thresholds a contract check may state (anything else is a count over rows)
_ZERO = ({"must_be": 0}, {"must_be_less_than": 1}, {"must_be_less_than_or_equal": 0})


def _contract_check(col: str | None, chk: Any) -> str:
    """One check of a Soda contract (``dataset:`` YAML): ``- type: no_missing_values`` (older
    style) or ``- missing:`` / ``- duplicate:`` / ``- invalid: {valid_min: 0}`` (newer)."""
    if isinstance(chk, dict) and "type" in chk:
        kind, args = str(chk["type"]), {k: v for k, v in chk.items() if k != "type"}
    elif isinstance(chk, dict) and len(chk) == 1:
        kind, body = next(iter(chk.items()))
        args = dict(body) if isinstance(body, dict) else {}
        if body is not None and not isinstance(body, dict):
            raise QualityRequestError(f"the contract check {chk!r} is not one the parser knows")
    else:
        raise QualityRequestError(f"the contract check {chk!r} is not one the parser knows")
    where = args.pop("filter_sql", None) or args.pop("filter", None)
    args.pop("name", None)
    threshold = args.pop("threshold", None)
    if kind in ("row_count", "rows_exist"):
        bound = threshold if isinstance(threshold, dict) else args
        if kind == "rows_exist" and not bound or bound in ({"must_be_greater_than": 0}, {"must_be_greater_than_or_equal": 1}):
            return "the table must have at least 1 rows"
        raise QualityRequestError(f"the contract row count {chk!r} is not one the parser knows")
    if threshold is not None and threshold not in _ZERO:
        raise QualityRequestError(f"the contract check {chk!r} allows some bad rows: a count over rows is no row check")
    if col is None and isinstance(args.get("column"), str):
        # a dataset-level check that names its column ("- type: freshness_in_hours / column:
        # updated_at"): the column's own check
        col = args.pop("column")
    names = args.get("columns")
    if col is None and kind in ("no_duplicate_values", "duplicate") and isinstance(names, list) and len(names) > 1:
        # "- type: no_duplicate_values / columns: [a, b]": the combination is unique
        args.pop("columns")
        if args:
            raise QualityRequestError(f"the contract check {chk!r} is not one the parser knows")
        sentence = f"the combination of {', '.join(map(str, names[:-1]))} and {names[-1]} must be unique"
        return sentence if not where else _filtered(str(where), sentence)
    if col is None:
        raise QualityRequestError(f"the contract check {chk!r} names no column")
    fresh = re.fullmatch(r"freshness_in_(days|hours|minutes)", kind)
    if fresh and set(args) == {"must_be_less_than"}:
        sentence = f"data must be no older than {_num(args['must_be_less_than'])} {fresh.group(1)} based on {col}"
    elif kind in ("no_missing_values", "missing") and not args:
        sentence = f"{col} must not be null"
    elif kind in ("no_duplicate_values", "duplicate") and not args:
        sentence = f"{col} must be unique"
    elif kind in ("no_invalid_values", "invalid") and args and set(args) <= {"valid_min", "valid_max"}:
        sentence = _range(col, args.get("valid_min"), args.get("valid_max"))
    elif kind in ("no_invalid_values", "invalid") and set(args) == {"valid_length"}:
        sentence = _length(col, eq=args["valid_length"])
    elif kind in ("no_invalid_values", "invalid") and args and set(args) <= {"valid_min_length", "valid_max_length"}:
        sentence = _length(col, args.get("valid_min_length"), args.get("valid_max_length"))
    elif kind in ("no_invalid_values", "invalid") and set(args) == {"valid_values"}:
        sentence = _values(col, args["valid_values"])
    elif kind in ("no_invalid_values", "invalid") and len(args) == 1 and (rx := sorted(_CONTRACT_REGEX_KEYS & set(args))):
        # "valid_regex_sql" / "valid_sql_regex" (both spellings are in use)
        sentence = f"{col} must match regex {_q(args[rx[0]])}"
    elif kind in ("no_invalid_values", "invalid") and set(args) == {"valid_format"}:
        # "valid_format: email": the named format, as SodaCL's "valid format" reads it
        sentence = SODA_VALID["valid format"](col, args["valid_format"])
    else:
        raise QualityRequestError(f"the contract check {chk!r} on {col!r} is not one the parser knows")
    if not where:
        return sentence
    sentence = _filtered(str(where), sentence)
    # a line of its own (a lower-case "when" would continue the line before)
    return f"When {sentence[5:]}" if sentence.startswith("when ") else sentence


#: the check keys of a Soda contract (v4) column: "- missing:", "- invalid: {valid_min: 0}"
_CONTRACT_KEYS = frozenset({"missing", "invalid", "duplicate"})


def _contract_columns(doc: Any) -> dict[str, Any] | None:
    """A Soda contract's ``columns:`` list pasted without its ``dataset:`` line, each column a
    name with contract checks under ``checks:`` ("- missing:") or, shorter, as its own keys
    ("missing:", "invalid: {valid_max_length: 10}"): the contract, its checks under
    ``checks:``; None for anything else (a dbt column's tests, data_tests, constraints)."""
    if not (isinstance(doc, dict) and set(doc) <= {"columns", "checks"} and isinstance(doc.get("columns"), list)):
        return None
    columns, found = [], False
    for node in doc["columns"]:
        if not isinstance(node, dict) or "name" not in node:
            return None
        own = [k for k in node if k in _CONTRACT_KEYS]
        if own and "checks" in node:
            return None
        chks = [{k: node[k]} for k in own] if own else node.get("checks") or []
        if set(node) - {"name", "data_type", "checks", *own} or not isinstance(chks, list):
            return None
        if not all(isinstance(c, dict) and (len(c) == 1 and next(iter(c)) in _CONTRACT_KEYS or "type" in c) for c in chks):
            return None
        columns.append({"name": node["name"], "checks": chks})
        found = found or bool(chks)
    return {**doc, "columns": columns} if found else None


def _contract(doc: dict[str, Any], out: list[str]) -> None:
    """A Soda contract: the ``dataset:`` path is context; table checks, then column checks."""
    for chk in doc.get("checks") or []:
        out.append(_contract_check(None, chk))
    for node in doc.get("columns") or []:
        if not isinstance(node, dict) or "name" not in node:
            raise QualityRequestError(f"the contract column {node!r} has no name")
        for chk in node.get("checks") or []:
            out.append(_contract_check(str(node["name"]), chk))


#: one line of prose introducing a pasted spec after a blank line ("Ops asked for these on
#: trips:", "the name column:", "stg_orders.yml"): context, not a YAML key
_SPEC_LEAD = re.compile(r"[ \t]*(?P<lead>[^\n:]*\s[^\n]*:|[\w./-]+\.ya?ml:?)[ \t]*\n(?:[ \t]*\n)+(?P<body>.+)", re.S)


def _yaml(text: str) -> list[str] | None:
    if "\n" not in text.strip() and not re.match(r"\s*-\s", text):
        return None
    if not _YAML_HINT.search(text):
        return None
    lead = _SPEC_LEAD.match(text)
    if lead and not _YAML_HINT.match(lead.group("lead")) and _YAML_HINT.search(lead.group("body")):
        return _yaml(textwrap.dedent(lead.group("body")))
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(doc, (dict, list)):
        return None
    out: list[str] = []
    if isinstance(doc, list) and doc and all(
        _SODA_METRIC.match(str(next(iter(it)) if isinstance(it, dict) and len(it) == 1 else it)) for it in doc
    ):
        # SodaCL checks pasted without their "checks for <table>:" line
        doc = {"checks for the table": doc}
    if isinstance(doc, dict) and "dataset" in doc and ("columns" in doc or "checks" in doc) and set(doc) <= {"dataset", "columns", "checks"}:
        _contract(doc, out)
    elif (bare := _contract_columns(doc)) is not None:
        # a Soda contract's columns pasted without the "dataset:" line
        _contract(bare, out)
    elif isinstance(doc, dict) and set(doc) == {"montecarlo"}:
        _montecarlo(doc["montecarlo"], out)
    elif isinstance(doc, dict) and any(re.match(r"(?i)checks\s+for\s+", str(k)) for k in doc):
        _soda(doc, out)
    else:
        _dbt(doc, out)
    if not out:
        raise QualityRequestError(f"the pasted spec {text.strip()[:120]!r} holds no test the parser knows")
    return out


def _s(a: str) -> str:
    a = re.sub(r"""^[rRuU](?=["'])""", "", a.strip())  # Python r"..." / u"..."
    a = re.sub(r'^"""(.*)"""(?:\.r)?$', r"\1", a.strip(), flags=re.S)  # Scala """...""".r
    a = re.sub(r'^(".*")\.r$', r"\1", a)
    return a[1:-1] if len(a) > 1 and a[0] == a[-1] and a[0] in "'\"" else a


_ASSERT = re.compile(r"^_\s*(?P<op><=|>=|==|<|>)\s*(?P<n>-?\d+(?:\.\d+)?)$")
_FULL = re.compile(r"^(?:Check\.IsOne|_\s*==\s*1(?:\.0+)?)$")


def _assertion(a: list[str], i: int, name: str) -> tuple[str, str]:
    if len(a) <= i:
        raise QualityRequestError(f"Deequ {name} needs an assertion such as _ <= 10")
    # PyDeequ spells the assertion as a lambda: "lambda x: x >= 10000" is "_ >= 10000"
    lam = re.fullmatch(r"\s*lambda\s+(\w+)\s*:\s*(.+)", a[i])
    if lam:
        a = [*a[:i], re.sub(rf"\b{re.escape(lam.group(1))}\b", "_", lam.group(2)), *a[i + 1 :]]
    m = _ASSERT.match(a[i].strip())
    if not m:
        raise QualityRequestError(f"Deequ {name} assertion {a[i]!r} is not '_ <op> <number>'")
    return ("=" if m.group("op") == "==" else m.group("op")), m.group("n")


def _full(a: list[str], i: int, name: str) -> None:
    lam = re.fullmatch(r"\s*lambda\s+(\w+)\s*:\s*(.+)", a[i]) if len(a) > i else None
    if lam:
        a = [*a[:i], re.sub(rf"\b{re.escape(lam.group(1))}\b", "_", lam.group(2))]
    if len(a) > i and not _FULL.match(a[i].strip()):
        raise QualityRequestError(
            f"Deequ {name}({', '.join(a)}) asserts a share below 100%: an aggregate, no row check says it"
        )


def _cols(a: str) -> list[str]:
    m = re.fullmatch(r"\s*(?:Seq|Array|List)?\(\s*(?P<b>.*)\)\s*|\s*\[(?P<l>.*)\]\s*", a)
    return [_s(x) for x in _args(m.group("b") or m.group("l") or "") ] if m else [_s(a)]


def _contained(a: list[str]) -> str:
    flags = {}
    for x in a[3:]:
        kv = re.fullmatch(r"\s*(include(?:Lower|Upper)Bound)\s*=\s*(true|false|True|False)\s*", x)
        if not kv:
            raise QualityRequestError(f"Deequ isContainedIn argument {x!r} is not one the parser knows")
        flags[kv.group(1)] = kv.group(2).lower() == "true"
    if len(a) >= 3 and flags and not all(flags.values()):
        col, lo, hi = _s(a[0]), a[1].strip(), a[2].strip()
        lo_op = ">=" if flags.get("includeLowerBound", True) else ">"
        hi_op = "<=" if flags.get("includeUpperBound", True) else "<"
        return f"custom sql: {col} {lo_op} {_num(lo)} AND {col} {hi_op} {_num(hi)}"
    if len(a) >= 3:
        return f"{_s(a[0])} must be between {a[1]} and {a[2]}"
    vals = _cols(a[1]) if len(a) == 2 else []
    return _values(_s(a[0]), vals)


DEEQU_CALLS: dict[str, Callable[[list[str]], list[str]]] = {
    "iscomplete": lambda a: [f"{_s(a[0])} must not be null"],
    # areComplete(Seq("a", "b")) / (["a", "b"]): each column complete
    "arecomplete": lambda a: [f"{c} must not be null" for c in _cols(a[0])],
    "isunique": lambda a: [f"{_s(a[0])} must be unique"],
    "isprimarykey": lambda a: [f"{_s(a[0])} must be unique", f"{_s(a[0])} must not be null"],
    "isnonnegative": lambda a: [f"{_s(a[0])} must be at least 0"],
    "ispositive": lambda a: [f"custom sql: {_s(a[0])} > 0"],
    "iscontainedin": lambda a: [_contained(a)],
    "haspattern": lambda a: [f"{_s(a[0])} must match regex {_q(_s(a[1]))}"],
    "containsurl": lambda a: [f"{_s(a[0])} must be a valid url"],
    "containsemail": lambda a: [f"{_s(a[0])} must be a valid email"],
    "islessthan": lambda a: [f"custom sql: {_s(a[0])} < {_s(a[1])}"],
    "islessthanorequalto": lambda a: [f"custom sql: {_s(a[0])} <= {_s(a[1])}"],
    "isgreaterthan": lambda a: [f"custom sql: {_s(a[0])} > {_s(a[1])}"],
    "isgreaterthanorequalto": lambda a: [f"custom sql: {_s(a[0])} >= {_s(a[1])}"],
    "satisfies": lambda a: [sql_rule(_s(a[0]))],
}


#: Deequ checks with an assertion argument, read by `_deequ_assert`
_ASSERTED = frozenset(
    {"hascompleteness", "hasuniqueness", "hasmax", "hasmin", "hasmaxlength", "hasminlength", "hassize"}
)


def _deequ_assert(name: str, a: list[str]) -> list[str]:
    if name == "hascompleteness":
        _full(a, 1, name)
        return [f"{_s(a[0])} must not be null"]
    if name == "hasuniqueness":
        _full(a, 1, name)
        cols = _cols(a[0])
        return [f"the combination of {' and '.join(cols)} must be unique" if len(cols) > 1 else f"{cols[0]} must be unique"]
    if name in ("hasmax", "hasmin"):
        op, n = _assertion(a, 1, name)
        return [f"custom sql: {_s(a[0])} {op} {n}"] if op in ("<", ">", "=") else [f"{_s(a[0])} must be {'at most' if op == '<=' else 'at least'} {n}"]
    if name in ("hasmaxlength", "hasminlength"):
        op, n = _assertion(a, 1, name)
        return [f"custom sql: LENGTH({_s(a[0])}) {op} {n}"]
    if name == "hassize":
        op, n = _assertion(a, 0, name)
        words = {">=": "at least", ">": "more than", "<=": "at most", "<": "fewer than", "=": "exactly"}
        return [f"the table must have {words[op]} {n} rows"]
    raise QualityRequestError(f"the Deequ check {name!r} is not one the parser knows")


def _chain(text: str) -> list[str] | None:
    body = re.sub(r"(?m)--.*?(?:--|$)|//[^\n]*|#[^\n]*$", " ", text).strip()
    # "check = (Check(spark, CheckLevel.Error, "x") .hasSize(...) ...)", "check.isUnique(...)":
    # the variable the chain is assigned to or called on, and the brackets around it
    assigned = re.match(r"^[A-Za-z_]\w*\s*=\s*\(", body)
    if assigned and body.endswith(")"):
        body = body[assigned.end() : -1].strip()
    # "check = check.satisfies(...)": a call on the variable, assigned back to it (PyDeequ)
    body = re.sub(r"(?m)^[ \t]*([a-z_]\w*)\s*=\s*\1(?=\s*\.[a-z]\w*\s*\()", "", body).strip()
    body = re.sub(r"^[a-z_]\w*(?=\s*\.[a-z]\w*\s*\()", "", body)
    if not re.match(r"^(?:[A-Za-z_][\w.]*\([^)]*\)\s*)?\.", body) or not _CHAIN_CALL.search(body):
        return None
    out: list[str] = []
    last: list[str] = []
    pos = 0
    body = re.sub(r"^[A-Za-z_][\w.]*\((?:[^()]|\([^()]*\))*\)\s*", "", body)  # Check(CheckLevel.Error, "x")
    while pos < len(body):
        m = _CHAIN_CALL.match(body, pos) if body[pos] == "." else None
        if not m:
            if body[pos:].strip():
                return None  # not a pure chain: left to the grammar
            break
        end = call_end(body, m.end(), "(")
        if end is None:
            return None
        i = end
        name, args = m.group("name").lower(), _args(body[m.end() : i - 1])
        if name == "where":
            # ".isComplete(c).where("status = 'x'")": the constraint just read holds on the
            # rows the filter keeps
            if not last or len(args) != 1:
                raise QualityRequestError("a Deequ .where(...) filter follows no constraint")
            out[-len(last) :] = [_filtered(_s(args[0]), x) for x in last]
            last = []
            pos = i
            while pos < len(body) and body[pos].isspace():
                pos += 1
            continue
        build = DEEQU_CALLS.get(name)
        before = len(out)
        if build is None and name in API_CHECKS and name not in _ASSERTED:  # the library table's other spellings
            out.append(f"{m.group('name')}({body[m.end() : i - 1]})")
        else:
            out.extend(build(args) if build else _deequ_assert(name, args))
        last = out[before:]
        pos = i
        while pos < len(body) and body[pos].isspace():
            pos += 1
    return out or None


#: a query over the rows of one table (optionally anti-joined to another)
_SELECT = re.compile(
    r"(?is)\bselect\s+(?P<sel>.+?)\s+from\s+(?P<t>\{\{[^}]*\}\}|[\w.\"`]+)(?:\s+(?:as\s+)?(?P<ta>(?!where\b|left\b|join\b|group\b|inner\b)\w+))?"
    r"(?:\s+left\s+(?:outer\s+)?join\s+(?P<j>\{\{[^}]*\}\}|[\w.\"`]+)(?:\s+(?:as\s+)?(?P<ja>(?!on\b)\w+))?\s+on\s+(?P<on>.+?))?"
    r"(?:\s+where\s+(?P<cond>.+?))?(?:\s+group\s+by\s+(?P<gb>.+?)\s+having\s+(?P<hv>.+?))?"
    # the query ends at ";", a comment, an arrow, "returns ...", or a line that is no SQL
    r"\s*(?=;|--|\u2192|->|\s(?:returns?|yields?|finds?)\s|\n(?!\s*(?:from|where|and|or|not|left|right|inner|outer|"
    r"join|on|group|having|limit)\b)|$)"
)
#: words saying the query's rows are the failures (dbt singular tests always are)
_BAD_ROWS_WORDS = re.compile(
    r"(?i)\b(?:alert|alarm|fail\w*|error|violations?|bad\s+rows?|returns?\s+(?:any\s+)?rows?|any\s+rows?|"
    r"rows?\s+returned|returned\s+rows?|page|flag|(?:return|be|is|are)\s+(?:zero|no|0)\s+rows?|"
    r"(?:should|must)\s+(?:be\s+)?empty|any\s+results?)\b|\{\{\s*(?:ref|source)\s*\("
)
_COLUMN_PAIR_BAD = re.compile(r"(?i)^\s*(?!(?:true|false|null)\b)[a-z_]\w*\s*(?:<=|>=|<|>)\s*(?!(?:true|false|null)\b)[a-z_]\w*\s*$")
_SIMPLE_BAD = re.compile(r"(?i)^\s*[a-z_]\w*\s*(?:(?:<=|>=|<>|!=|<|>|=)\s*-?\d+(?:\.\d+)?|is\s+(?:not\s+)?null)\s*$")


def _table(t: str) -> str:
    m = re.search(r"(?:ref|source)\(\s*(?:['\"][^'\"]+['\"]\s*,\s*)?['\"]([^'\"]+)['\"]\s*\)", t)
    return m.group(1) if m else t.strip('"`')


def _bad_rows_query(text: str) -> list[str] | None:
    """A query that selects the BAD rows (a dbt singular test, a monitor's "custom SQL rule
    ... alert if it returns rows"): the check is that it returns none. An anti-join is a
    reference, a ``GROUP BY k HAVING COUNT(*) > 1`` a uniqueness, a filter its negation."""
    m = _SELECT.search(text)
    if not m:
        return None
    outside = text[: m.start()] + " " + text[m.end() :]
    if not _BAD_ROWS_WORDS.search(outside) and not re.search(r"\{\{\s*(?:ref|source)\s*\(", text):
        return None
    aliases = {a for a in (m.group("ta"), m.group("ja")) if a}

    def bare(sql: str) -> str:  # "s.user_id" -> "user_id" (the row's own column)
        return re.sub(rf"\b(?:{'|'.join(map(re.escape, aliases))})\.(?=[a-z_])", "", sql, flags=re.I) if aliases else sql

    cond, gb, hv = m.group("cond"), m.group("gb"), m.group("hv")
    if gb and hv and re.fullmatch(r"(?i)\s*count\(\s*\*\s*\)\s*(?:>\s*1|>=\s*2)\s*", hv) and not cond:
        cols = [bare(c.strip()) for c in gb.split(",")]
        if all(c.isdigit() for c in cols):
            # "GROUP BY 1": the selected columns by position
            sel = [x.strip() for x in _args(m.group("sel"))]
            if any(int(c) > len(sel) or not re.fullmatch(r"[A-Za-z_][\w.]*", sel[int(c) - 1]) for c in cols):
                return None
            cols = [bare(sel[int(c) - 1]) for c in cols]
        return [f"the combination of {' and '.join(cols)} must be unique" if len(cols) > 1 else f"{cols[0]} must be unique"]
    if gb or hv or not cond:
        return None
    if m.group("j"):
        on = re.fullmatch(r"(?i)\s*(\w+)\.(\w+)\s*=\s*(\w+)\.(\w+)\s*", m.group("on") or "")
        # "where t.id is null", also after "r.id is not null and" (a reference passes a NULL key)
        miss = re.fullmatch(
            r"(?i)\s*(?:(?P<ga>\w+)\.(?P<gc>\w+)\s+is\s+not\s+null\s+and\s+)?(\w+)\.(\w+)\s+is\s+null\s*", cond
        )
        ja = m.group("ja") or _table(m.group("j"))
        if on and miss and miss.group(3) == ja:
            mine, theirs = (on.group(2), on.group(4)) if on.group(3) == ja else (on.group(4), on.group(2))
            if miss.group("ga") and (miss.group("ga") == ja or miss.group("gc").lower() != mine.lower()):
                return None  # a guard on another column: a condition no reference says
            ref, src = _table(m.group("j")), _table(m.group("t"))
            if "." in ref and "." in src and ref.rsplit(".", 1)[0].lower() == src.rsplit(".", 1)[0].lower():
                # both tables in one schema ("from prod.readings r left join prod.turbines t"):
                # the reference is the table's name, as the check resolves it beside its own
                ref = ref.rsplit(".", 1)[1]
            return [f"every {mine} must exist in {ref}.{theirs}"]
        return None
    cond = bare(cond.strip())
    # "WHERE NOT regexp_like(c, 'p')", "WHERE c NOT IN ('a', 'b')": the bad rows miss a
    # pattern / a value list, so the check is the pattern / the list
    miss = re.fullmatch(
        r"(?is)not\s+(?:regexp_like|regexp_matches|rlike|regexp)\s*\(\s*(?P<c>[a-z_]\w*)\s*,\s*'(?P<p>(?:[^']|'')*)'\s*\)|"
        r"(?P<c2>[a-z_]\w*)\s+not\s+in\s*\((?P<l>\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)(?:\s*,\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?))*\s*)\)",
        cond,
    )
    # "WHERE c NOT BETWEEN 1 AND 90": the bad rows are outside the range, so the check is it
    out = re.fullmatch(r"(?is)\s*(?P<c>[a-z_]\w*)\s+not\s+between\s+(?P<a>-?\d+(?:\.\d+)?)\s+and\s+(?P<b>-?\d+(?:\.\d+)?)\s*", cond)
    if out and float(out.group("a")) <= float(out.group("b")):
        return [f"{out.group('c')} must be between {out.group('a')} and {out.group('b')}"]
    if miss and miss.group("c"):
        return [f"{miss.group('c')} must match regex '{miss.group('p')}'"]
    if miss:
        return [f"{miss.group('c2')} must be one of {', '.join(x.strip() for x in _args(miss.group('l')))}"]
    parts = _top_split(_unwrap_parens(cond), "or")
    if all(_SIMPLE_BAD.match(p) or _COLUMN_PAIR_BAD.match(p) for p in parts):
        # "WHERE ph < 0 OR ph > 14", "WHERE b < a OR n > 6", "WHERE x != 3": any of them is
        # bad, so each is kept out on its own (two bounds on one column a range); the rule is
        # written here, not left to the prose reader's "fail if ..."
        return _mc_bounds([_kept_sentence(p) for p in parts])
    return [f"custom sql: {negate_sql(cond)}"]


def _kept_sentence(bad: str) -> str:
    """The rule keeping out the rows one simple bad-case predicate selects."""
    kept = negate_sql(bad)
    m = re.fullmatch(r"([A-Za-z_]\w*) (>=|<=) (-?\d+(?:\.\d+)?)", kept)
    if m:
        return f"{m.group(1)} must be {'at least' if m.group(2) == '>=' else 'at most'} {m.group(3)}"
    m = re.fullmatch(r"(?i)([A-Za-z_]\w*) IS NOT NULL", kept)
    if m:
        return f"{m.group(1)} must not be null"
    return f"custom sql: {kept}"


def _camel_to_snake(name: str) -> str:
    # "ValuesAToBe": a one-letter word before a capitalised one ("A", "To") is a word too
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


_GE_WRAPPER = re.compile(r"[\w.]*\badd_expectations?\s*\(")
#: GX boilerplate around the expectations: imports, making the suite or the context
_GE_BOILERPLATE = re.compile(
    r"(?m)^[ \t]*(?:import\s+great_expectations\b[^\n]*|from\s+great_expectations\b[^\n]*|"
    r"\w+\s*=\s*(?:gx\.get_context|context\.[\w.]*(?:suites|add_expectation_suite|get_context))\b[^\n]*\)[ \t]*|"
    # "suite = gx.ExpectationSuite(name=...)" on one line (its expectations added below it)
    r"\w+\s*=\s*(?:gxe?\.|great_expectations\.)?(?:core\.)?ExpectationSuite\s*\([^\n\[]*\)[ \t]*)(?:\n|$)"
)


def _unwrap(text: str) -> str:
    """``suite.add_expectation(<call>)`` over one or several lines: the call."""
    out, pos = [], 0
    for m in _GE_WRAPPER.finditer(text):
        if m.start() < pos:
            continue
        end = call_end(text, m.end())
        if end is None:
            return text  # unbalanced: left as it is (and refused by the rest)
        i = end
        out.append(text[pos : m.start()])
        out.append(text[m.end() : i - 1].strip().rstrip(","))
        pos = i
    out.append(text[pos:])
    return "".join(out)


_GE_VALUE = r"""(?:"[^"\n]*"|'[^'\n]*'|-?\d+(?:\.\d+)?(?![\w.])|True|False|true|false)"""
#: an expectation named in prose without its Python: "expect_column_values_to_be_between on x
#: with min_value=0, max_value=9", "ExpectTableRowCountToBeBetween min_value=1, max_value=5",
#: "x -> expect_..._strftime_format, strftime_format "%Y""
_GE_BARE = re.compile(
    r"(?:(?P<pre>\b[A-Za-z_]\w*)\s*(?:->|=>|:)\s*)?(?:\bdbt_expectations\.|\b)(?P<name>expect_[a-z_]+)\b(?!\s*\()"
    r"(?:\s*,?\s*(?:(?:on|for|against|of)\s+)?(?:the\s+)?(?:column\s+)?(?P<col>(?![a-z]+_value\b)[A-Za-z_]\w*)\b(?!\s*[=(:]|\s+[\"']))?"
    rf"(?P<args>(?:\s*(?:,|\bwith\b|\band\b)?\s*[a-z_]+\s*(?:=|:|\s(?=[\"']))\s*{_GE_VALUE})+)"
)
_GE_ARG = re.compile(rf"(?P<k>[a-z_]+)\s*(?:=|:|\s(?=[\"']))\s*(?P<v>{_GE_VALUE})")


def _ge_bare(m: re.Match[str]) -> str:
    """The call a bare expectation in prose names (its column before an arrow or after it)."""
    name, col = m.group("name"), m.group("col") or m.group("pre")
    if m.group("col") and m.group("pre"):
        return m.group(0)  # two candidate columns: left as written
    if col is None and not name.startswith("expect_table_"):
        raise QualityRequestError(f"{m.group(0).strip()!r} names no column: write the column after the expectation")
    if col is not None and name.startswith("expect_table_"):
        return m.group(0)
    args = [f"{a.group('k')}={a.group('v')}" for a in _GE_ARG.finditer(m.group("args"))]
    return f"{name}({', '.join(([f'column={col!r}'] if col else []) + args)})"


def _ge_calls(items: list[Any]) -> list[str]:
    """Expectation configs (``expectation_type`` and ``kwargs``) as the calls they stand for;
    their ``meta`` (notes) is no check."""
    calls = []
    for it in items:
        # GX 1.x writes the name as "type" ({"type": "expect_...", "kwargs": {...}})
        name = it.get("expectation_type", it.get("type")) if isinstance(it, dict) else None
        if not (isinstance(name, str) and name.startswith("expect_")):
            raise QualityRequestError(f"could not read the expectation config {str(it)[:120]!r}")
        kwargs = dict(it.get("kwargs") or {})
        col = kwargs.pop("column", None)
        calls.append(_ge_call(name, str(col) if col is not None else None, kwargs))
    return calls


def _ge_name(it: dict[str, Any]) -> bool:
    """An expectation config: ``expectation_type`` (GX 0.x) or ``type: expect_...`` (GX 1.x)."""
    return "expectation_type" in it or str(it.get("type", "")).startswith("expect_")


def _ge_yaml_suite(text: str) -> str | None:
    """A suite written in YAML ("expectation_suite_name: ... / expectations: / -
    expectation_type: ... / kwargs: ..."), block or flow style, as one call a line; None when
    the text is no such suite."""
    if not re.search(r"(?m)^[ \t]*(?:-[ \t]+)?(?:expectation_type[ \t]*:|type[ \t]*:[ \t]*[\"']?expect_)", text):
        return None
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    if isinstance(doc, dict) and isinstance(doc.get("expectations"), list):
        doc = doc["expectations"]
    elif isinstance(doc, dict) and len(doc) == 1 and isinstance(next(iter(doc.values())), list):
        # "expectation_suite:" / "my_suite:" over the list: the suite's name, then its expectations
        doc = next(iter(doc.values()))
    if not (isinstance(doc, list) and doc and all(isinstance(it, dict) and _ge_name(it) for it in doc)):
        return None
    return "\n".join(_ge_calls(doc))


#: one line ending in a colon over Great Expectations calls on the lines below it
_GE_CODE_LEAD = re.compile(
    r"[ \t]*(?P<lead>[^\n]*):[ \t]*\n(?=(?:[ \t]*\n)*[ \t]*(?:[\w.]*\bexpect_\w+\s*\(|(?:gxe?\.)?(?:expectations\.)?Expect[A-Z]\w*\s*\())"
)


#: the opening line of a Python list of GX 1.x expectations ("x = [", "...expectations=[")
_GE_LIST_OPEN = re.compile(
    r"(?m)^[ \t]*(?:[\w.]+\s*=\s*)?(?:[\w.]*ExpectationSuite\s*\([^\n\[]*\bexpectations\s*=\s*)?\[[ \t]*\n"
    r"(?=[ \t]*(?:gxe?\.)?(?:expectations\.)?Expect[A-Z])"
)


#: a Python comment after the code of a line: ") # glacier walks", "], # the grades",
#: 'column="depth_m"  # crevasse depth' (after an argument, a "#" and a space: "#ops" is a channel)
_TRAILING_COMMENT = re.compile(
    r"(?m)^(?P<code>[^\n#]*[)\]},])[ \t]+#[^\n]*$|^(?P<arg>[ \t]*[\w.]+\s*=[^\n#]*?\S)[ \t]+#[ \t][^\n]*$"
)


def _drop_comment(m: re.Match[str]) -> str:
    """The line's code without its comment ("...)  # glacier walks" was glued to the last
    argument: a column `departed_at_glacier_walk`); a "#" inside a string is the string's."""
    code = m.group("code") or m.group("arg")
    if code.count('"') % 2 or code.count("'") % 2:
        return m.group(0)
    return code


def _ge_code(text: str) -> str:
    """Great Expectations code in its other spellings, as the ``expect_...(...)`` call the
    metrics table reads: a comment line in a code snippet is context ("# rate is stored as a
    fraction"); ``validator.`` / ``suite.add_expectation(...)`` wrappers; GX 1.x classes
    (``gx.expectations.ExpectColumnValuesToBeInSet(column=...)``); a JSON expectation config
    (``{"expectation_type": ..., "kwargs": {...}}``)."""
    if re.search(r"\w\s*\(|^\s*[{\[]", text) and "\n" in text.strip():
        text = re.sub(r"(?m)^\s*(?:#|//)[^\n]*(?:\n|$)", "", text)
    if "#" in text and re.search(r"\w\s*\(", text):
        text = _TRAILING_COMMENT.sub(_drop_comment, text)
    lead = _GE_CODE_LEAD.match(text) if "xpect" in text else None
    if lead and not re.search(r"\w\s*\(|\b(?:must|should|shall|needs?|has\s+to|have\s+to|only|never|not|no)\b", lead.group("lead")):
        # "Adding these to the claims suite before the Q3 audit:" over the calls: a heading of
        # the code, like a YAML spec's lead line (a heading with a rule or a call is kept)
        text = text[lead.end("lead") :].lstrip(":").lstrip()
    suite = _ge_yaml_suite(text) if "expectation_type" in text or "expect_" in text else None
    if suite is not None:
        return suite
    config = "expectation_type" in text or re.search(r"\"type\"\s*:\s*\"expect_", text)
    start = re.search(r"(?m)^\s*[{\[]|(?<=:)\s*[{\[]", text) if config else None
    if start:
        # a JSON expectation config, maybe after a lead-in ("Add this to the suite:") or as a
        # whole suite ({"expectation_suite_name": ..., "expectations": [...]}); several configs
        # pasted from the suite's list are separated by commas ("{...},\n{...}")
        begin = end = start.end() - 1
        items: list[Any] = []
        decoder = json.JSONDecoder()
        while True:
            try:
                doc, after = decoder.raw_decode(text, end)
            except ValueError:
                break
            if isinstance(doc, dict) and isinstance(doc.get("expectations"), list):
                doc = doc["expectations"]
            items += doc if isinstance(doc, list) else [doc]
            end = after
            more = re.match(r"\s*,?\s*(?=[{\[])", text[end:])
            if not more:
                break
            end += more.end()
        trail = re.match(r"\s*,?", text[end:])  # always matches (both parts optional)
        end = end + (len(trail.group(0)) if trail else 0) if items else begin
        calls = _ge_calls(items)
        if calls:
            return "\n".join(x for x in (text[:begin].strip(), *calls, text[end:].strip()) if x)
    if "Expect" in text and ("great_expectations" in text or "context." in text or "add_expectation" in text or "= gx" in text or "ExpectationSuite(" in text):
        # Python around GX 1.x calls: imports and the suite are boilerplate, "x = <call>" and
        # "suite.add_expectation(<call>)" the call (several lines each, maybe)
        text = _GE_BOILERPLATE.sub("", text)
        text = _unwrap(text) if "add_expectation" in text else text
        text = re.sub(r"(?m)^([ \t]*)\w+\s*=\s*(?=(?:gxe?\.)?(?:expectations\.)?Expect[A-Z])", r"\1", text)
    if "Expect" in text and "[" in text and _GE_LIST_OPEN.search(text):
        # "pit_suite = [ <calls>, ]", "gx.ExpectationSuite(name=..., expectations=[ <calls> ])":
        # a Python list of GX 1.x expectations, its lines without the list around them
        text = _GE_LIST_OPEN.sub("", text)
        text = re.sub(r"(?m)^[ \t]*\][ \t]*\)?[ \t]*,?[ \t]*\)?[ \t]*$\n?", "", text)
    if "Expect" in text or "expect_" in text:
        text = re.sub(r"(?<=\d)_(?=\d{3}(?!\d))", "", text)  # Python digit groups: 50_000
    text = re.sub(r"\b(?:gxe?\.)?(?:expectations\.)?Expect([A-Z]\w*)\s*\(", lambda m: f"expect_{_camel_to_snake(m.group(1))}(", text)
    if "xpect" in text and re.search(r"\b(?:expect_[a-z_]+|Expect[A-Z]\w*)\b(?!\s*\()", text):
        # the name alone, in prose: the call its column and keyword arguments make
        text = re.sub(r"\bExpect([A-Z]\w*)\b(?!\s*\()", lambda m: f"expect_{_camel_to_snake(m.group(1))}", text)
        text = _GE_BARE.sub(_ge_bare, text)
    m = re.match(r"(?s)^\s*[\w.]*\badd_expectations?\s*\(\s*(?P<inner>.*)\)\s*$", text)
    if m and not re.search(r"\n\s*[\w.]*\badd_expectations?\s*\(", m.group("inner")):
        text = m.group("inner")
    elif m:
        # one GX 1.x call a line: suite.add_expectation(gxe.Expect...(...)) each
        text = re.sub(r"(?m)^\s*[\w.]*\badd_expectations?\s*\(\s*(.*?)\)\s*;?\s*$", r"\1", text)
    text = re.sub(r"\b(?!dbt_)(?:[a-z_]\w*\.)+(?=expect_)", "", text)  # validator.expect_..., not dbt_expectations.
    if "expect_" in text and "\\\\" in text and re.search(r"\bexpect_\w+\s*\(", text):
        # a Python string that is not raw spells one backslash as two: regex="^\\d{10}$" (in
        # a call: a YAML test's double-quoted string is YAML's to read)
        text = re.sub(
            r"""(?<![\w'"])(?P<q>["'])(?P<b>(?:\\.|(?!(?P=q)).)*)(?P=q)""",
            lambda q: q.group("q") + q.group("b").replace("\\\\", "\\") + q.group("q"),
            text,
        )
    # Python string prefixes in a call's arguments: regex=r"^\d{10}$"
    return re.sub(r"(?<=[=(,\[\s])[rRuU](?=[\"'])", "", text) if "expect_" in text else text


def rewrite_structured(text: str) -> str:
    """The sentences of a pasted dbt / Soda YAML block or Deequ chain, one a line; any
    other text unchanged."""
    text = _ge_code(text)
    # "pydeequ check.isGreaterThan(...)", "scala: Check(...)": the language named before the code
    text = re.sub(
        r"(?i)^\s*(?:py)?(?:deequ|spark|scala|python)(?:\s+(?:code|check|chain|snippet))?\s*:?\s+(?=[A-Za-z_]\w*\s*[.(])",
        "",
        text,
    )
    lines = _mc_alerts(text) or _yaml(text) or read_deequ(text) or _chain(text) or _bad_rows_query(text)
    return "\n".join(lines) if lines else text
