"""The PySpark API by receiver kind: what each method of a DataFrame, reader, writer,
session, RDD, Glue context or DynamicFrame returns, and the facts it records.

`HANDLERS` maps a receiver kind to its handler, a `MethodHandler` (tracker, call node,
receiver, method name, evaluated arguments); mypy checks each entry's signature.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Args, Join, Kwargs, SqlText, Val
from strands_airflow.agents.quality.pyspark.glue import (
    context_method,
    dyf_method,
    factory_method,
    is_one,
)
from strands_airflow.agents.quality.pyspark.sqltext import (
    has_join,
    is_bounded,
    joined_tables,
    render_template,
)

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_OTHER = Val(K.OTHER)

# A method call's handler: (tracker, call node, receiver, method name, positional and
# keyword argument values) -> the value the call produces, None when unknown.
MethodHandler = Callable[["Tracker", ast.Call, Val, str, Args, Kwargs], "Val | None"]
_UNION_LIKE = {"join", "crossJoin", "union", "unionAll", "unionByName", "exceptAll", "subtract"}
_RESETS_PARTITIONS = {
    "repartition",
    "repartitionByRange",
    "join",
    "crossJoin",
    "distinct",
    "dropDuplicates",
    "drop_duplicates",
    "orderBy",
    "sort",
    "agg",
}
_CACHE_TABLE = re.compile(r"^\s*cache\s+(?:lazy\s+)?table\s+`?([\w.]+)`?", re.IGNORECASE)
_TRUE_CONDITION = re.compile(r"^\s*(?:true|1\s*=\s*1)\s*$", re.IGNORECASE)


def _df_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name in K.DF_ACTIONS:
        t.action(node, name, recv)
        if name == "toPandas":
            return t.new(K.PANDAS, node)
        return _OTHER
    if name in K.DF_TO_GROUPED:
        return t.new(
            K.GROUPED,
            node,
            parent=recv,
            via=name,
            bounded=recv.bounded or not (node.args or node.keywords),
        )
    if name in ("join", "crossJoin"):
        return _join(t, node, recv, name, args, kwargs)
    if name in ("cache", "persist", "checkpoint", "localCheckpoint"):
        t.mark_cached(recv)
        return recv
    if name == "unpersist":
        if not t.silent:
            recv.target().cached = False
        return recv
    if name in (
        "createOrReplaceTempView",
        "createTempView",
        "registerTempTable",
        "createGlobalTempView",
        "createOrReplaceGlobalTempView",
    ):
        if args and args[0] is not None and args[0].text and not t.silent:
            t.facts.views[args[0].text.lower()] = recv
        return _OTHER
    if name == "writeTo":
        return t.new(K.WRITER, node, parent=recv, via=name)
    if name == "display":  # Databricks' DataFrame.display()
        t.action(node, "show", recv)
        return _OTHER
    if name == "toJSON":
        return t.new(K.RDD, node, parent=recv, via="rdd", bounded=recv.bounded)
    if name == "randomSplit":
        return Val(
            K.LIST,
            node=node,
            items=(
                t.new(K.DF, node, recv, "sample"),
                t.new(K.DF, node, recv, "sample"),
            ),
        )
    if name not in K.DF_TRANSFORMS:
        return _OTHER if name in K.DF_PROPERTIES else None
    if name == "alias" and args and args[0] is not None and args[0].text:
        if not t.silent:
            t.facts.aliases.add(args[0].text)
    broadcast = (
        name == "hint"
        and bool(args)
        and args[0] is not None
        and (args[0].text or "").lower() in K.BROADCAST_HINTS
    )
    bounded = recv.bounded
    if name == "limit" or name in ("describe", "summary") or name == "agg":
        bounded = True
    elif name == "select" and node.args and all(_is_aggregate(t, a) for a in node.args):
        bounded = True
    elif name in _UNION_LIKE:
        other = args[0] if args else None
        bounded = bounded and other is not None and other.bounded
    single = None if name in _RESETS_PARTITIONS else recv.target().single_partition
    if name in ("coalesce", "repartition") and is_one(node, t.facts.int_constants):
        single = node
    return t.new(
        K.DF,
        node,
        parent=recv,
        via=name,
        bounded=bounded,
        single_partition=single,
        broadcast=broadcast,
    )


def _is_aggregate(t: Tracker, arg: ast.AST) -> bool:
    # F.max("x").alias("m") -> look through alias/cast.
    while (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr in ("alias", "cast", "name")
    ):
        arg = arg.func.value
    if isinstance(arg, ast.Call):
        fname = K.pyspark_function(arg.func, t.facts.imports)
        return fname in K.AGG_FUNCS
    return False


def _join(t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs) -> Val:
    right = args[0] if args else kwargs.get("other")
    if right is not None and right.via == "unknown":
        right.kind, right.via = K.DF, ""  # joined with a DataFrame: it is one
    if (
        (right is None or right.kind == K.OTHER)
        and node.args
        and isinstance(node.args[0], ast.Name)
    ):
        right = Val(K.DF, node=node.args[0], name=node.args[0].id)
    how = ""
    how_node = (
        node.args[2]
        if len(node.args) > 2
        else next((k.value for k in node.keywords if k.arg == "how"), None)
    )
    if isinstance(how_node, ast.Constant) and isinstance(how_node.value, str):
        how = how_node.value.lower()
    cond = (
        node.args[1]
        if len(node.args) > 1
        else next((k.value for k in node.keywords if k.arg == "on"), None)
    )
    has_cond = (
        name == "join" and cond is not None and not _is_trivial_condition(cond) and how != "cross"
    )
    t.record(
        Join(node, recv, right, has_cond, how or ("cross" if name == "crossJoin" else "inner"))
    )
    bounded = recv.bounded and right is not None and right.bounded
    return t.new(K.DF, node, parent=recv, via=name, bounded=bounded)


def _grouped_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name in ("pivot",):
        return recv
    if name in K.GROUPED_TO_DF:
        return t.new(K.DF, node, parent=recv, via="agg", bounded=recv.bounded)
    return None


def _writer_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name in K.WRITER_CONFIG:
        return recv
    if name in K.WRITER_TERMINAL and recv.parent is not None:
        t.write(node, recv.parent)
        return _OTHER
    return None


def _reader_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    texts = tuple(
        v.text for v in [*args, *kwargs.values()] if v is not None and v.kind == K.STR and v.text
    )
    if name in K.READER_CONFIG:
        return Val(K.READER, node=node, via=recv.via, sources=recv.sources + texts)
    if name in K.READER_TERMINAL:
        via = "readStream" if recv.via == "readStream" else ""
        return t.new(K.DF, node, via=via, sources=recv.sources + texts)
    return None


def spark_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    """A SparkSession method: `sql` (its text recorded), `table`, `createDataFrame`, `range`..."""
    first = args[0] if args else None
    if name == "sql":
        if first is None or first.kind != K.STR or first.text is None:
            return t.new(K.DF, node)
        text = first.text
        # A helper running the SQL it is given carries one text per call site.
        for variant in first.items or (first,):
            if variant is not None and variant.text is not None:
                tnode = variant.text_node or node
                line, col = getattr(tnode, "lineno", 1), getattr(tnode, "col_offset", 0)
                t.record(SqlText(node, variant.text, line, col))
        cache = _CACHE_TABLE.match(text)
        if cache:
            cache_table(t, cache.group(1))
        tables, _ = joined_tables(text)
        sources = (tables[0][0],) if tables and not has_join(text) else ()
        view = t.facts.views.get(sources[0].lower()) if sources else None
        return t.new(
            K.DF,
            node,
            sources=sources,
            bounded=is_bounded(text),
            alias_of=None,
            parent=view,
            via="sql" if view is None else "select",
        )
    if name in ("table", "read_table"):
        text = first.text if first is not None and first.text else ""
        view = t.facts.views.get(text.lower())
        cached = text.lower() in t.facts.cached_tables
        return t.new(
            K.DF,
            node,
            parent=view,
            via="select" if view else "",
            sources=(text,),
            cached=cached,
        )
    if name == "createDataFrame":
        data = (
            node.args[0]
            if node.args
            else next((k.value for k in node.keywords if k.arg == "data"), None)
        )
        if first is None and data is not None:
            first = kwargs.get("data")
        small = (
            first is not None
            and (first.kind in (K.LIST, K.PANDAS))
            or isinstance(data, (ast.List, ast.Tuple, ast.ListComp))
        )
        return t.new(K.DF, node, small_literal=small, bounded=small)
    if name == "range":
        small = all(isinstance(a, ast.Constant) for a in node.args)
        return t.new(K.DF, node, bounded=small)
    if name in ("catalog", "conf", "udf", "streams", "stop", "version"):
        return None
    return recv


def cache_table(t: Tracker, name: str) -> None:
    """`spark.catalog.cacheTable(t)` / `CACHE TABLE t`: reads of `t` (or its view) are cached."""
    if t.silent:
        return
    t.facts.cached_tables.add(name.lower())
    view = t.facts.views.get(name.lower())
    if view is not None:
        view.target().cached = True


def _sc_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name in K.SC_TO_RDD:
        texts = tuple(a.text for a in args if a is not None and a.text)
        data = node.args[0] if node.args else None
        literal = isinstance(data, (ast.List, ast.Tuple, ast.ListComp)) or (
            name == "parallelize" and bool(args) and args[0] is not None and args[0].kind == K.LIST
        )
        return t.new(K.RDD, node, sources=texts, bounded=literal, small_literal=literal)
    if name == "getOrCreate":
        return recv
    return None


def _rdd_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name in K.RDD_ACTIONS:
        t.action(node, name, recv)
        return _OTHER
    if name in K.RDD_WRITES:
        t.write(node, recv)
        return _OTHER
    if name == "toDF":
        return t.new(K.DF, node, parent=recv, via="toDF", bounded=recv.bounded)
    if name == "cartesian":
        t.record(Join(node, recv, args[0] if args else None, False, "cartesian"))
    if name in ("cache", "persist", "checkpoint", "localCheckpoint"):
        if not t.silent:
            recv.target().cached = True
        return recv
    if name in ("getNumPartitions", "id", "name", "toDebugString", "unpersist"):
        return _OTHER
    single = (
        node
        if name in ("coalesce", "repartition") and is_one(node, t.facts.int_constants)
        else None
    )
    return t.new(K.RDD, node, parent=recv, via=name, bounded=recv.bounded, single_partition=single)


def _na_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if recv.parent is None:
        return None
    return t.new(K.DF, node, parent=recv.parent, via="fillna", bounded=recv.parent.bounded)


def _str_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if recv.text is None:
        return None
    if name == "format":
        return Val(K.STR, text=render_template(recv.text), text_node=recv.text_node)
    if name in ("strip", "lstrip", "rstrip", "upper", "lower"):
        return recv
    seq = args[0] if args else None
    if name == "join" and seq is not None and seq.kind == K.LIST and seq.items:
        # "\n".join(["SELECT *", "FROM t"]): SQL assembled from pieces.
        strs = [i for i in seq.items if i is not None and i.kind == K.STR]
        if len(strs) == len(seq.items):
            return Val(
                K.STR,
                text=recv.text.join(i.text or "" for i in strs),
                text_node=strs[0].text_node,
            )
    return _OTHER


def _list_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name in ("values", "items", "copy"):
        return recv
    if name == "get" and node.args and isinstance(node.args[0], ast.Constant):
        key = node.args[0].value
        if isinstance(key, str) and key in recv.sources:
            return recv.items[recv.sources.index(key)]
    return None


def _column_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    return recv


def _pandas_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    return recv


def _is_trivial_condition(cond: ast.AST) -> bool:
    if isinstance(cond, ast.Constant):
        return cond.value is None or cond.value is True
    if isinstance(cond, (ast.List, ast.Tuple)):
        return not cond.elts
    if isinstance(cond, ast.Call) and cond.args and isinstance(cond.args[0], ast.Constant):
        fname = (
            cond.func.attr if isinstance(cond.func, ast.Attribute) else getattr(cond.func, "id", "")
        )
        val = cond.args[0].value
        if fname == "lit":
            return val is True
        if fname == "expr" and isinstance(val, str):
            return bool(_TRUE_CONDITION.match(val))
    return False


HANDLERS: dict[str, MethodHandler] = {
    K.DF: _df_method,
    K.GROUPED: _grouped_method,
    K.WRITER: _writer_method,
    K.READER: _reader_method,
    K.SPARK: spark_method,
    K.SC: _sc_method,
    K.RDD: _rdd_method,
    K.GLUE: context_method,
    K.GLUE_FACTORY: factory_method,
    K.DYF: dyf_method,
    K.NA: _na_method,
    K.STR: _str_method,
    K.COLUMN: _column_method,
    K.LIST: _list_method,
    K.PANDAS: _pandas_method,
}
