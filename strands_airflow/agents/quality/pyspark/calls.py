"""How the tracker types calls and attribute reads: the PySpark API as a dispatch on kinds.

Functions of the tracker's walk (kept apart so each file reads in one sitting).
`eval_call` sends a method call to the handler of its receiver's kind, looked up in
`apis.HANDLERS` (`_df_method`, `spark_method`...); each handler returns the `Val` the call
produces and records actions, joins, UDFs and SQL texts on the way.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.apis import HANDLERS, cache_table, spark_method
from strands_airflow.agents.quality.pyspark.facts import Args, Kwargs, MethodCall, Val
from strands_airflow.agents.quality.pyspark.functions import (
    infer_return,
    param_actions,
    record_call_site,
)
from strands_airflow.agents.quality.pyspark.paths import (
    path_of,
    record_expr_paths,
    record_method_paths,
    record_path,
    record_string_arg_paths,
)
from strands_airflow.agents.quality.pyspark.sqltext import looks_like_sql
from strands_airflow.agents.quality.pyspark.udfs import register_call

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_OTHER = Val(K.OTHER)


def eval_call(t: Tracker, node: ast.Call) -> Val | None:
    """Type a call and record what it does."""
    path = path_of(t, node)
    if path is not None:
        record_path(t, path, node)
        return t.new(K.COLUMN, node)
    func = node.func
    pyf = K.pyspark_function(func, t.facts.imports)
    if pyf is not None:
        return _functions_call(t, node, pyf)
    if isinstance(func, ast.Attribute):
        if _is_self(func.value) and func.attr in t.facts.functions:
            args, kwargs = call_args(t, node)
            return _user_call(t, node, func.attr, args, kwargs)
        recv = t.eval(func.value)
        return method(t, node, recv, func.attr)
    if isinstance(func, ast.Name):
        return _plain_call(t, node, func.id)
    t.eval(func)
    call_args(t, node)
    return None


def call_args(t: Tracker, node: ast.Call) -> tuple[Args, Kwargs]:
    """Evaluate a call's arguments, in order."""
    args = [t.eval(a) for a in node.args]
    kwargs = {k.arg or "**": t.eval(k.value) for k in node.keywords}
    return args, kwargs


def eval_attribute(t: Tracker, node: ast.Attribute) -> Val | None:
    """Type an attribute read (`spark.read`, `df.write`, `df.amount`...)."""
    path = path_of(t, node)
    if path is not None:
        record_path(t, path, node)
        return t.new(K.COLUMN, node)
    if isinstance(node.value, ast.Name):
        key = f"{'self' if _is_self(node.value) else node.value.id}.{node.attr}"
        known = t.scopes[0].get(key)
        if known is not None:
            return known
        if _is_self(node.value):
            kind = t.conventional_kind(node.attr)
            if kind is None:
                return None
            v = Val(kind, node=node, name=node.attr if kind in (K.DF, K.RDD) else "")
            t.scopes[0][key] = v  # one object per `self.x`, so actions add up
            return v
    recv = t.eval(node.value)
    if recv is None:
        return None
    if recv.via == "unknown" and node.attr in ("write", "writeStream", "rdd", "na"):
        recv.kind, recv.via = K.DF, ""
    kind, attr = recv.kind, node.attr
    if kind == K.SPARK:
        if attr in ("read", "readStream"):
            return t.new(K.READER, node, via=attr)
        if attr == "sparkContext":
            return t.new(K.SC, node)
        return recv if attr == "builder" else None
    if kind == K.GLUE:
        if attr == "spark_session":
            return t.new(K.SPARK, node)
        if attr in ("create_dynamic_frame", "write_dynamic_frame", "create_data_frame"):
            return t.new(K.GLUE_FACTORY, node, via=attr)
        return None
    if kind in (K.DF, K.DYF):
        if attr in ("write", "writeStream"):
            return t.new(K.WRITER, node, parent=recv, via=attr)
        if attr == "rdd":
            return t.new(K.RDD, node, parent=recv, via="rdd", bounded=recv.bounded)
        if attr in ("na", "stat"):
            return t.new(K.NA, node, parent=recv, via=attr)
        if attr in K.DF_PROPERTIES:
            return _OTHER
        return t.new(K.COLUMN, node) if kind == K.DF else None
    if kind == K.COLUMN:
        return recv
    return None


def eval_subscript(t: Tracker, node: ast.Subscript) -> Val | None:
    """Type `df["col"]`, `rows[0]`, `dfs[1]`."""
    path = path_of(t, node)
    if path is not None:
        record_path(t, path, node)
        return t.new(K.COLUMN, node)
    recv = t.eval(node.value)
    sl = t.eval(node.slice)
    if recv is None:
        return None
    if recv.kind == K.DF:
        return t.new(K.COLUMN, node) if sl is not None and sl.kind == K.STR else recv
    if recv.kind == K.LIST and isinstance(node.slice, ast.Constant):
        idx = node.slice.value
        if isinstance(idx, str) and idx in recv.sources:  # a dict display's key
            return recv.items[recv.sources.index(idx)]
        if isinstance(idx, int) and -len(recv.items) <= idx < len(recv.items):
            return recv.items[idx]
    if recv.kind == K.COLUMN:
        return recv
    return None


# ---------------------------------------------------------------- plain calls
def _plain_call(t: Tracker, node: ast.Call, name: str) -> Val | None:
    if name == "reduce":
        t.in_reduce += 1
        try:
            args, _ = call_args(t, node)
        finally:
            t.in_reduce -= 1
        init = args[2] if len(args) > 2 else None
        if init is not None and init.kind == K.DF:
            return t.new(K.DF, node, parent=init, via="reduce")
        seq = args[1] if len(args) > 1 else None
        if (
            seq is not None
            and seq.kind == K.LIST
            and any(i is not None and i.kind == K.DF for i in seq.items)
        ):
            return t.new(K.DF, node, via="union")
        return None
    args, kwargs = call_args(t, node)
    if name == "display" and args and args[0] is not None and args[0].kind == K.DF:
        t.action(node, "show", args[0])
        return _OTHER
    if name in ("dedent", "str") and args and args[0] is not None and args[0].kind == K.STR:
        return args[0]
    if name == "GlueContext":
        return t.new(K.GLUE, node)
    if name in ("SQLContext", "HiveContext", "SparkSession"):
        return t.new(K.SPARK, node)
    if name == "SparkContext":
        return t.new(K.SC, node)
    fn = t.facts.functions.get(name)
    if fn is not None:
        return _user_call(t, node, name, args, kwargs)
    return None


def _user_call(
    t: Tracker, node: ast.Call, name: str, args: Args, kwargs: Kwargs | None = None
) -> Val | None:
    record_call_site(t, name, args, kwargs or {})
    ret = infer_return(t, name)
    for action, frame in param_actions(t, name, args, kwargs or {}):
        if action == "cache":
            t.mark_cached(frame)
        else:
            t.action(node, action, frame, via_call=True)
    if ret is None or ret.kind not in (K.DF, K.RDD, K.DYF):
        return ret
    cached = ret.is_cached() or id(ret.target()) in t.functions.silent_cached
    first = next((a for a in args if a is not None and a.kind in (K.DF, K.DYF, K.RDD)), None)
    strings = tuple(a.text for a in args if a is not None and a.kind == K.STR and a.text)
    return t.new(
        ret.kind,
        node,
        parent=first,
        via="call",
        sources=(name, *strings, *ret.sources),
        small_literal=ret.small_literal,
        cached=cached,
        bounded=ret.bounded,
        broadcast=ret.broadcast,
    )


def _functions_call(t: Tracker, node: ast.Call, name: str) -> Val | None:
    """A call of pyspark.sql.functions (`F.broadcast`, `udf(...)`, `F.expr`...)."""
    if name in K.UDF_FACTORIES:
        call_args(t, node)
        register_call(t, node, name)
        return _OTHER
    if name == "expr" and node.args and isinstance(node.args[0], ast.Constant):
        record_expr_paths(t, node.args[0], node)
        return t.new(K.COLUMN, node)
    args, _ = call_args(t, node)
    if name == "broadcast" and args and args[0] is not None and args[0].kind == K.DF:
        return Val(K.DF, node=node, alias_of=args[0], broadcast=True, loops=tuple(t.loops))
    record_string_arg_paths(t, node, name)
    return t.new(K.COLUMN, node)


# ---------------------------------------------------------------- methods
def method(t: Tracker, node: ast.Call, recv: Val | None, name: str) -> Val | None:
    """A method call on a value of any kind (`df.join(...)`, `spark.sql(...)`)."""
    if (
        recv is not None
        and recv.via == "unknown"
        and _dataframe_only(node, name)
        and not K.looks_like_pandas_name(recv.name)
    ):
        recv.kind, recv.via = K.DF, ""  # duck typing: only a DataFrame has this method
    kind = recv.kind if recv is not None else None
    if name == "withColumn":
        t.record(MethodCall(node, name, recv, tuple(t.loops), t.in_reduce > 0))
    elif name == "groupByKey" and kind not in (K.PANDAS, K.DF):
        t.record(MethodCall(node, name, recv, tuple(t.loops)))
    if kind in (K.DF, K.GROUPED):
        t.xform.append(id(node))
        try:
            args, kwargs = call_args(t, node)
            if kind == K.DF:
                record_method_paths(t, node, name)
        finally:
            t.xform.pop()
    else:
        args, kwargs = call_args(t, node)
    if recv is None or recv.kind == K.OTHER:
        return _unknown_method(t, node, name, args, kwargs)
    handler = HANDLERS.get(recv.kind)
    if handler is None:
        return None
    return handler(t, node, recv, name, args, kwargs)


def _unknown_method(
    t: Tracker, node: ast.Call, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    if name == "fromDF" and args and args[0] is not None:
        return Val(K.DYF, node=node, alias_of=args[0], loops=tuple(t.loops))
    first = args[0] if args else None
    if name == "cacheTable" and first is not None and first.kind == K.STR and first.text:
        cache_table(t, first.text)
        return _OTHER
    if (
        name == "sql"
        and first is not None
        and first.kind == K.STR
        and looks_like_sql(first.text or "")
    ):
        # hiveContext.sql(...), get_spark().sql(...): a session we could not type.
        return spark_method(t, node, Val(K.SPARK), name, args, kwargs)
    if name == "toDF":
        return t.new(K.DF, node)
    strs = [a for a in args if a is not None and a.kind == K.STR]
    if name == "join" and args and len(strs) == len(args):
        return Val(K.STR, text="/".join(a.text or "" for a in strs), text_node=node)
    if name == "transform" and args and args[0] is not None and args[0].kind == K.DF:
        # An ML transformer / fitted model: model.transform(df) returns a DataFrame.
        return t.new(K.DF, node, parent=args[0], via="transform", bounded=args[0].bounded)
    frame = kwargs.get("frame")
    if name == "apply" and frame is not None and frame.kind == K.DYF:
        return t.new(K.DYF, node, parent=frame, via="apply")
    if name == "register" and isinstance(node.func, ast.Attribute):
        base = node.func.value
        if isinstance(base, ast.Attribute) and base.attr == "udf":
            register_call(t, node, "register")
    if name in ("dedent", "strip") and args and args[0] is not None and args[0].kind == K.STR:
        return args[0]
    owner = node.func.value if isinstance(node.func, ast.Attribute) else None
    if isinstance(owner, ast.Name) and t.facts.imports.get(owner.id, "").startswith("pandas"):
        return t.new(K.PANDAS, node)
    return None


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


_DATAFRAME_ONLY = frozenset(
    """withColumn withColumns withColumnRenamed withColumnsRenamed groupBy crossJoin toPandas
    createOrReplaceTempView createTempView printSchema selectExpr dropDuplicates unionByName
    withWatermark writeTo toPandas show""".split()
)


def _dataframe_only(node: ast.Call, name: str) -> bool:
    """A method call that only a Spark DataFrame answers (`join` with a condition or how)."""
    if name in _DATAFRAME_ONLY:
        return True
    if name in ("count", "collect") and not node.args and not node.keywords:
        return True  # list/str/tuple .count() take an argument; a DataFrame's takes none
    if name == "join":
        return len(node.args) >= 2 or any(k.arg in ("on", "how") for k in node.keywords)
    return False
