"""Python UDFs and whether their body only re-implements Spark built-in functions.

`check_decorator` / `register_call` (called by the tracker's walk) record UDF definitions: `@udf`/`@pandas_udf` defs,
`udf(f, T)` / `F.udf(lambda ...)` / `pandas_udf(...)` calls and `spark.udf.register`.
`builtin_equivalents(func, facts)` reads a UDF body and returns the built-ins it maps to
when every operation in it has one (string methods, len, abs, round, regex, casts,
conditionals, date parsing, hashing, a dict lookup...); a call to anything else (a
library, a model, a broadcast variable) or a loop makes it a genuine UDF.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import ScriptFacts, UdfDef

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_FACTORIES = {"udf", "pandas_udf", "vectorized_udf", "UserDefinedFunction"}

# Python / pandas method names with a Spark built-in, and the built-in they map to.
_METHODS = {
    **dict.fromkeys(["upper", "isupper"], "upper"),
    **dict.fromkeys(["lower", "casefold", "islower"], "lower"),
    **dict.fromkeys(["strip", "lstrip", "rstrip"], "trim"),
    **dict.fromkeys(["title", "capitalize"], "initcap"),
    **dict.fromkeys(["replace", "translate"], "regexp_replace"),
    **dict.fromkeys(["split", "rsplit", "partition"], "split"),
    **dict.fromkeys(["join", "cat", "format"], "concat_ws"),
    **dict.fromkeys(["startswith", "endswith", "contains", "find", "rfind", "index"], "instr"),
    **dict.fromkeys(["zfill", "ljust", "rjust", "center", "pad"], "lpad"),
    **dict.fromkeys(["isdigit", "isnumeric", "isalpha", "isalnum", "isspace"], "rlike"),
    **dict.fromkeys(
        ["sub", "match", "search", "findall", "fullmatch", "group", "groups", "extract"],
        "regexp_extract",
    ),
    **dict.fromkeys(["strftime"], "date_format"),
    **dict.fromkeys(
        ["strptime", "fromisoformat", "date", "time", "isoformat", "timestamp"], "to_date"
    ),
    **dict.fromkeys(["weekday", "isoweekday", "total_seconds"], "dayofweek"),
    **dict.fromkeys(["get", "map", "keys", "values", "items"], "element_at"),
    **dict.fromkeys(["hexdigest", "digest", "encode", "decode"], "sha2"),
    **dict.fromkeys(["fillna", "isna", "isnull", "notna", "notnull"], "coalesce"),
    **dict.fromkeys(["astype", "is_integer", "to_list", "tolist"], "cast"),
    **dict.fromkeys(["abs"], "abs"),
    **dict.fromkeys(["round", "floor", "ceil", "clip"], "round"),
    **dict.fromkeys(["where", "mask", "isin"], "when"),
    **dict.fromkeys(["len", "slice", "get_dummies"], "substring"),
    **dict.fromkeys(["apply", "sum", "mean", "min", "max"], "aggregate"),
}
_BUILTINS = {
    "len": "length",
    "abs": "abs",
    "round": "round",
    "int": "cast",
    "float": "cast",
    "str": "cast",
    "bool": "cast",
    "min": "least",
    "max": "greatest",
    "ord": "ascii",
    "chr": "char",
    "isinstance": "when",
    "sum": "aggregate",
    "sorted": "array_sort",
    "pow": "pow",
    "list": "array",
    "tuple": "array",
    "set": "array_distinct",
    "any": "exists",
    "all": "forall",
    "reversed": "reverse",
    "hex": "hex",
    "divmod": "pmod",
    "Decimal": "cast",
}
# Modules whose functions all have Spark built-ins (by their dotted origin).
_MODULES = {
    "re": "regexp_replace",
    "math": "math functions",
    "numpy": "math functions",
    "hashlib": "md5/sha2",
    "base64": "base64",
    "json": "from_json/to_json",
    "datetime": "to_date/to_timestamp",
    "dateutil": "to_timestamp",
    "decimal": "cast",
    "string": "string functions",
    "uuid": "uuid",
    "time": "unix_timestamp",
    "calendar": "date functions",
    "zlib": "crc32",
    "binascii": "crc32",
}
_PANDAS_FUNCS = {
    "to_datetime": "to_timestamp",
    "to_numeric": "cast",
    "isna": "isnull",
    "isnull": "isnull",
    "notna": "isnotnull",
    "notnull": "isnotnull",
    "Series": "column",
    "Timestamp": "to_timestamp",
    "to_timedelta": "make_interval",
}
_MAX_STATEMENTS = 25
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def check_decorator(t: Tracker, dec: ast.AST, fn: ast.AST) -> None:
    """`@udf`, `@F.udf(...)`, `@pandas_udf("double")` on a def."""
    target = dec.func if isinstance(dec, ast.Call) else dec
    name = K.pyspark_function(target, t.facts.imports)
    if name is not None and name in _FACTORIES and not t.silent:
        t.facts.udfs.append(UdfDef(fn, fn, name))


def register_call(t: Tracker, node: ast.Call, kind: str) -> None:
    """`udf(f, T)`, `F.udf(lambda x: ..., T)`, `spark.udf.register("n", f, T)`."""
    facts = t.facts
    if t.silent:
        return
    idx = 1 if kind == "register" else 0
    arg = node.args[idx] if len(node.args) > idx else None
    if arg is None:
        kw = next((k.value for k in node.keywords if k.arg in ("f", "func")), None)
        arg = kw
    func: ast.AST | None = None
    if isinstance(arg, ast.Lambda):
        func = arg
    elif isinstance(arg, ast.Name):
        func = facts.functions.get(arg.id)
    if func is None:
        return  # udf(StringType()) used as a decorator factory, or an unknown callable
    if any(u.func is func for u in facts.udfs):
        return
    label = ""
    if kind == "register" and node.args and isinstance(node.args[0], ast.Constant):
        label = str(node.args[0].value)
    facts.udfs.append(UdfDef(node, func, kind, label))


def builtin_equivalents(func: ast.AST, facts: ScriptFacts, name: str = "") -> list[str] | None:
    """The Spark built-ins a UDF body maps to, or None when it does something genuinely custom.

    A body made only of built-in equivalents qualifies; so does a hand-written version of
    a named built-in (`def levenshtein(a, b)` with loops) that calls no outside library.
    """
    found: list[str] = []
    if _reads_builtin_only(func, facts, found, depth=0):
        return sorted(set(found)) or ["column expressions"]
    hinted = _named_builtin(name or getattr(func, "name", ""))
    if hinted and not _calls_library(func, facts):
        return [hinted]
    return None


# UDF names that say which built-in they re-implement (word, or pair of words).
_NAME_WORDS = {
    "upper": "upper",
    "uppercase": "upper",
    "lower": "lower",
    "lowercase": "lower",
    "trim": "trim",
    "strip": "trim",
    "length": "length",
    "len": "length",
    "concat": "concat",
    "substring": "substring",
    "substr": "substring",
    "abs": "abs",
    "absolute": "abs",
    "round": "round",
    "coalesce": "coalesce",
    "nvl": "coalesce",
    "ifnull": "coalesce",
    "levenshtein": "levenshtein",
    "soundex": "soundex",
    "reverse": "reverse",
    "initcap": "initcap",
    "capitalize": "initcap",
    "titlecase": "initcap",
    "md5": "md5",
    "sha1": "sha1",
    "sha2": "sha2",
    "sha256": "sha2",
    "crc32": "crc32",
    "base64": "base64",
    "lpad": "lpad",
    "rpad": "rpad",
    "regex": "regexp_extract",
    "regexp": "regexp_extract",
    "datediff": "datediff",
    "weekday": "dayofweek",
    "dayofweek": "dayofweek",
    "sqrt": "sqrt",
    "greatest": "greatest",
    "least": "least",
    "ascii": "ascii",
}
_NAME_PAIRS = {
    ("parse", "date"): "to_date",
    ("to", "date"): "to_date",
    ("to", "timestamp"): "to_timestamp",
    ("parse", "timestamp"): "to_timestamp",
    ("date", "diff"): "datediff",
    ("days", "between"): "datediff",
    ("date", "add"): "date_add",
    ("add", "days"): "date_add",
    ("extract", "year"): "year",
    ("get", "year"): "year",
    ("extract", "month"): "month",
    ("get", "month"): "month",
    ("str", "len"): "length",
    ("string", "length"): "length",
    ("word", "count"): "size(split())",
    ("split", "words"): "split",
    ("format", "date"): "date_format",
    ("full", "name"): "concat_ws",
    ("remove", "spaces"): "regexp_replace",
    ("remove", "whitespace"): "regexp_replace",
    ("to", "int"): "cast",
    ("to", "float"): "cast",
}


def _named_builtin(name: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(name.replace("_", " "))]
    for w in words:
        if w in _NAME_WORDS:
            return _NAME_WORDS[w]
    for pair in zip(words, words[1:], strict=False):
        if pair in _NAME_PAIRS:
            return _NAME_PAIRS[pair]
    return None


def _calls_library(func: ast.AST, facts: ScriptFacts) -> bool:
    """True when the body calls a module outside the built-in-equivalent ones (a real library)."""
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            dotted = _dotted(node.func)
            if dotted is None:
                continue
            origin = facts.imports.get(dotted[0])
            if (
                origin is not None
                and origin.split(".")[0] not in _MODULES
                and not origin.startswith("pyspark")
            ):
                return True
    return False


def _reads_builtin_only(func: ast.AST, facts: ScriptFacts, found: list[str], depth: int) -> bool:
    if depth > 3:
        return False
    if isinstance(func, ast.Lambda):
        return _expr_ok(func.body, facts, found, depth)
    body = getattr(func, "body", None)
    if not isinstance(body, list):
        return False
    count = 0
    inner = [n for stmt in body for n in ast.walk(stmt)]
    for node in inner:
        if isinstance(node, ast.stmt):
            count += 1
            if isinstance(
                node,
                (
                    ast.For,
                    ast.AsyncFor,
                    ast.While,
                    ast.With,
                    ast.AsyncWith,
                    ast.ClassDef,
                    ast.Global,
                    ast.Nonlocal,
                ),
            ):
                return False
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return False
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mod = (
                    node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                ) or ""
                if mod.split(".")[0] not in _MODULES:
                    return False
    if count > _MAX_STATEMENTS:
        return False
    for node in inner:
        if isinstance(node, ast.Call) and not _call_ok(node, facts, found, depth):
            return False
        if isinstance(node, ast.Attribute) and node.attr == "value":
            return False  # a broadcast variable's dict: a real lookup the UDF exists for
    return True


def _expr_ok(expr: ast.AST, facts: ScriptFacts, found: list[str], depth: int) -> bool:
    for node in ast.walk(expr):
        if isinstance(node, ast.Call) and not _call_ok(node, facts, found, depth):
            return False
        if isinstance(node, ast.Attribute) and node.attr == "value":
            return False
    return True


def _dotted(node: ast.AST) -> tuple[str, list[str]] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return node.id, parts[::-1]
    return None


def _call_ok(call: ast.Call, facts: ScriptFacts, found: list[str], depth: int) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        name = func.id
        origin = facts.imports.get(name)
        if origin is not None:
            return _module_ok(origin, found)
        if name in _BUILTINS:
            found.append(_BUILTINS[name])
            return True
        local = facts.functions.get(name)
        if local is not None:
            return _reads_builtin_only(local, facts, found, depth + 1)
        return False
    dotted = _dotted(func)
    if dotted is not None:
        root, attrs = dotted
        origin = facts.imports.get(root)
        if origin is not None and root not in facts.functions:
            return _module_ok(".".join([origin, *attrs]), found)
    if not isinstance(func, ast.Attribute):
        return False
    method = func.attr
    if method in ("apply", "map", "transform") and call.args:
        arg = call.args[0]
        if isinstance(arg, ast.Lambda):
            return _expr_ok(arg.body, facts, found, depth + 1)
        if isinstance(arg, ast.Name) and arg.id in facts.functions:
            return _reads_builtin_only(facts.functions[arg.id], facts, found, depth + 1)
        if isinstance(arg, ast.Name) and arg.id in _BUILTINS:
            return True
        return isinstance(arg, (ast.Dict, ast.Name))
    if method in _METHODS:
        found.append(_METHODS[method])
        return True
    return False


def _module_ok(dotted: str, found: list[str]) -> bool:
    root = dotted.split(".")[0]
    if root == "pandas":
        last = dotted.rsplit(".", 1)[-1]
        if last in _PANDAS_FUNCS:
            found.append(_PANDAS_FUNCS[last])
            return True
        return False
    if root in _MODULES:
        found.append(_MODULES[root])
        return True
    return False
