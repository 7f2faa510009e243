"""Struct paths read by a script (`col("a.b.c")`, `df.a.b.c`, `df["a"]["b"]["c"]`, "a.b.c > 1").

Functions of the tracker's walk: `path_of` recognises a column-path expression without side
effects, `record_*` store each path of depth >= 3 with the DataFrame transformation it
sits in, for the `nested_field_access` rule.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import PathUse

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_PATH = re.compile(r"^`?[A-Za-z_]\w*`?(?:\.`?[A-Za-z_]\w*`?){2,}$")
_SEGMENTS = re.compile(r"^`?[A-Za-z_]\w*`?(?:\.`?[A-Za-z_]\w*`?)*$")
_PATH_IN_EXPR = re.compile(r"(?<![\w.$'\"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*){2,})(?![\w.(])")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
# DataFrame methods whose string arguments are column names or SQL expressions.
_NAME_ARGS = {
    "select",
    "groupBy",
    "groupby",
    "orderBy",
    "sort",
    "drop",
    "dropDuplicates",
    "agg",
    "rollup",
    "cube",
    "sortWithinPartitions",
    "repartition",
}
_EXPR_ARGS = {"selectExpr", "filter", "where"}
_NO_COLUMN_ARGS = {
    "lit",
    "typedLit",
    "get_json_object",
    "json_tuple",
    "from_json",
    "schema_of_json",
    "regexp_replace",
    "regexp_extract",
    "date_format",
    "to_date",
    "to_timestamp",
    "format_string",
    "from_unixtime",
    "unix_timestamp",
    "split",
    "translate",
}


def path_of(t: Tracker, node: ast.AST, depth: int = 0) -> list[str] | None:
    """The struct path a column expression reads, or None when it is not one."""
    if depth > 24:
        return None
    if isinstance(node, ast.Call):
        func = node.func
        if len(node.args) != 1 or node.keywords:
            return None
        arg = node.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return None
        if isinstance(func, ast.Attribute) and func.attr == "getField":
            base = path_of(t, func.value, depth + 1)
            return base + [arg.value] if base else None
        fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if fname in K.COL_FUNCS and (
            isinstance(func, ast.Name)
            or (
                isinstance(func, ast.Attribute)
                and K.is_functions_module(func.value, t.facts.imports)
            )
        ):
            return _split(arg.value)
        return None
    if isinstance(node, ast.Subscript):
        sl = node.slice
        if not (isinstance(sl, ast.Constant) and isinstance(sl.value, str)):
            return None
        base = path_of(t, node.value, depth + 1)
        if base:
            return base + [sl.value]
        if isinstance(node.value, ast.Name):
            v = t.lookup(node.value.id)
            if v is not None and v.kind == K.DF:
                return _split(sl.value)
        return None
    if isinstance(node, ast.Attribute):
        if node.attr in K.COLUMN_METHODS:
            return None
        base = path_of(t, node.value, depth + 1)
        if base:
            return base + [node.attr]
        if isinstance(node.value, ast.Name):
            v = t.lookup(node.value.id)
            if (
                v is not None
                and v.kind == K.DF
                and node.attr not in K.DF_PROPERTIES
                and node.attr not in K.DF_TRANSFORMS
            ):
                return [node.attr]
        return None
    return None


def record_path(t: Tracker, path: list[str], node: ast.AST) -> None:
    """Store a path of depth >= 3 with its enclosing transformation."""
    if len(path) < 3 or t.silent:
        return
    xform = t.xform[-1] if t.xform else -t.stmt_id
    t.facts.paths.append(PathUse(tuple(path), node, xform))


def record_expr_paths(t: Tracker, const: ast.Constant, node: ast.AST) -> None:
    """Paths inside a SQL expression string (`"a.b.c > 1"`), quoted literals ignored."""
    if not isinstance(const.value, str):
        return
    text = _QUOTED.sub("''", const.value)
    for m in _PATH_IN_EXPR.finditer(text):
        record_path(t, m.group(1).split("."), const)


def record_method_paths(t: Tracker, node: ast.Call, name: str) -> None:
    """String arguments of DataFrame methods that name columns or hold expressions."""
    if name in _NAME_ARGS:
        for a in node.args:
            if isinstance(a, ast.Constant) and isinstance(a.value, str) and _is_ident_path(a.value):
                record_path(t, [p.strip("`") for p in a.value.split(".")], a)
            elif isinstance(a, (ast.List, ast.Tuple)):
                for e in a.elts:
                    if (
                        isinstance(e, ast.Constant)
                        and isinstance(e.value, str)
                        and _is_ident_path(e.value)
                    ):
                        record_path(t, [p.strip("`") for p in e.value.split(".")], e)
    elif name in _EXPR_ARGS:
        for a in node.args:
            if isinstance(a, ast.Constant) and isinstance(a.value, str):
                record_expr_paths(t, a, node)


def record_string_arg_paths(t: Tracker, node: ast.Call, name: str) -> None:
    """`F.upper("a.b.c")`: functions take column names as strings too."""
    if name in _NO_COLUMN_ARGS:
        return
    for a in node.args:
        if isinstance(a, ast.Constant) and isinstance(a.value, str) and _is_ident_path(a.value):
            record_path(t, [p.strip("`") for p in a.value.split(".")], a)


def _split(text: str) -> list[str] | None:
    """`a.b.c` -> [a, b, c]; None when the text is not a column name or path."""
    if not _SEGMENTS.match(text):
        return None
    return [p.strip("`") for p in text.split(".")]


def _is_ident_path(text: str) -> bool:
    return bool(_PATH.match(text))
