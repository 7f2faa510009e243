"""How the tracker types calls and attribute reads: the PySpark API as a dispatch on kinds.

A mixin of `Tracker` (kept apart so each file reads in one sitting). `eval_call` sends a
method call to the handler of its receiver's kind (`_df_method`, `_spark_method`...);
each handler returns the `Val` the call produces and records actions, joins, UDFs and
SQL texts on the way.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.apis import HANDLERS, ApisMixin
from strands_airflow.agents.quality.pyspark.facts import Action, Join, MethodCall, SqlText, Val
from strands_airflow.agents.quality.pyspark.paths import PathsMixin
from strands_airflow.agents.quality.pyspark.sqltext import looks_like_sql
from strands_airflow.agents.quality.pyspark.udfs import UdfMixin

if TYPE_CHECKING:
    _Base = Any
else:
    _Base = object

_OTHER = Val(K.OTHER)
_UDF_FACTORIES = {"udf", "pandas_udf", "vectorized_udf", "UserDefinedFunction"}


class CallsMixin(ApisMixin, PathsMixin, UdfMixin, _Base):
    """Typing of calls, attribute reads and subscripts (see module docstring)."""

    # ---------------------------------------------------------------- helpers
    def _new(
        self, kind: str, node: ast.AST, parent: Val | None = None, via: str = "", **kw: Any
    ) -> Val:
        return Val(kind, node=node, parent=parent, via=via, loops=tuple(self.loops), **kw)

    def _record(self, obj: Any) -> None:
        if self.silent:
            return
        if isinstance(obj, Action):
            self.facts.actions.append(obj)
        elif isinstance(obj, Join):
            self.facts.joins.append(obj)
        elif isinstance(obj, MethodCall):
            self.facts.calls.append(obj)
        elif isinstance(obj, SqlText):
            self.facts.sql.append(obj)

    def mark_cached(self, recv: Val) -> None:
        """`.cache()` / `.persist()`: later actions on this DataFrame read the cache.

        During a silent walk nothing outside the function may change: the cache is noted
        for the return value and, on a parameter, replayed at each call of the function.
        """
        target = recv.target()
        if not self.silent:
            target.cached = True
            return
        self.silent_cached.add(id(target))
        if self.param_ids:
            param = self.param_ids[-1].get(id(recv.action_target()[0]))
            if param is not None:
                self.summary_stack[-1].append((param, "cache"))

    def _action(self, node: ast.AST, name: str, recv: Val, via_call: bool = False) -> None:
        if self.silent:
            if self.param_ids:
                target, limited = recv.action_target()
                param = self.param_ids[-1].get(id(target))
                if param is not None and not limited:
                    self.summary_stack[-1].append((param, name))
            return
        self._record(
            Action(
                node,
                name,
                recv,
                tuple(self.loops),
                recv.is_cached(),
                tuple(self.branches),
                via_call,
            )
        )

    def _is_functions_module(self, node: ast.AST) -> bool:
        if not isinstance(node, ast.Name):
            return False
        if node.id in K.FUNCTIONS_ALIASES:
            return True
        return self.facts.imports.get(node.id, "").endswith("sql.functions")

    def _pyspark_func(self, node: ast.AST) -> str | None:
        """`F.upper` / `upper` imported from pyspark.sql.functions -> 'upper'."""
        if isinstance(node, ast.Attribute) and self._is_functions_module(node.value):
            return node.attr
        if isinstance(node, ast.Name):
            origin = self.facts.imports.get(node.id, "")
            last = origin.rsplit(".", 1)[-1]
            if origin.startswith("pyspark.") and (
                origin.rsplit(".", 2)[-2] == "functions" or last in _UDF_FACTORIES
            ):
                return last
            if origin:
                return None
            if node.id in _UDF_FACTORIES or node.id in ("broadcast", "col", "expr", "column"):
                return node.id
        return None

    # ---------------------------------------------------------------- entry points
    def eval_call(self, node: ast.Call) -> Val | None:
        """Type a call and record what it does."""
        path = self.path_of(node)
        if path is not None:
            self.record_path(path, node)
            return self._new(K.COLUMN, node)
        func = node.func
        pyf = self._pyspark_func(func)
        if pyf is not None:
            return self._functions_call(node, pyf)
        if isinstance(func, ast.Attribute):
            if _is_self(func.value) and func.attr in self.facts.functions:
                args, kwargs = self._args(node)
                return self._user_call(node, func.attr, args, kwargs)
            recv = self.eval(func.value)
            return self._method(node, recv, func.attr)
        if isinstance(func, ast.Name):
            return self._plain_call(node, func.id)
        self.eval(func)
        self._args(node)
        return None

    def _args(self, node: ast.Call) -> tuple[list[Val | None], dict[str, Val | None]]:
        args = [self.eval(a) for a in node.args]
        kwargs = {k.arg or "**": self.eval(k.value) for k in node.keywords}
        return args, kwargs

    def eval_attribute(self, node: ast.Attribute) -> Val | None:
        """Type an attribute read (`spark.read`, `df.write`, `df.amount`...)."""
        path = self.path_of(node)
        if path is not None:
            self.record_path(path, node)
            return self._new(K.COLUMN, node)
        if isinstance(node.value, ast.Name):
            key = f"{'self' if _is_self(node.value) else node.value.id}.{node.attr}"
            known = self.scopes[0].get(key)
            if known is not None:
                return known
            if _is_self(node.value):
                kind = self._conventional_kind(node.attr)
                if kind is None:
                    return None
                v = Val(kind, node=node, name=node.attr if kind in (K.DF, K.RDD) else "")
                self.scopes[0][key] = v  # one object per `self.x`, so actions add up
                return v
        recv = self.eval(node.value)
        if recv is None:
            return None
        if recv.via == "unknown" and node.attr in ("write", "writeStream", "rdd", "na"):
            recv.kind, recv.via = K.DF, ""
        kind, attr = recv.kind, node.attr
        if kind == K.SPARK:
            if attr in ("read", "readStream"):
                return self._new(K.READER, node, via=attr)
            if attr == "sparkContext":
                return self._new(K.SC, node)
            return recv if attr == "builder" else None
        if kind == K.GLUE:
            if attr == "spark_session":
                return self._new(K.SPARK, node)
            if attr in ("create_dynamic_frame", "write_dynamic_frame", "create_data_frame"):
                return self._new(K.GLUE_FACTORY, node, via=attr)
            return None
        if kind in (K.DF, K.DYF):
            if attr in ("write", "writeStream"):
                return self._new(K.WRITER, node, parent=recv, via=attr)
            if attr == "rdd":
                return self._new(K.RDD, node, parent=recv, via="rdd", bounded=recv.bounded)
            if attr in ("na", "stat"):
                return self._new(K.NA, node, parent=recv, via=attr)
            if attr in K.DF_PROPERTIES:
                return _OTHER
            return self._new(K.COLUMN, node) if kind == K.DF else None
        if kind == K.COLUMN:
            return recv
        return None

    def eval_subscript(self, node: ast.Subscript) -> Val | None:
        """Type `df["col"]`, `rows[0]`, `dfs[1]`."""
        path = self.path_of(node)
        if path is not None:
            self.record_path(path, node)
            return self._new(K.COLUMN, node)
        recv = self.eval(node.value)
        sl = self.eval(node.slice)
        if recv is None:
            return None
        if recv.kind == K.DF:
            return self._new(K.COLUMN, node) if sl is not None and sl.kind == K.STR else recv
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
    def _plain_call(self, node: ast.Call, name: str) -> Val | None:
        if name == "reduce":
            self.in_reduce += 1
            try:
                args, _ = self._args(node)
            finally:
                self.in_reduce -= 1
            init = args[2] if len(args) > 2 else None
            if init is not None and init.kind == K.DF:
                return self._new(K.DF, node, parent=init, via="reduce")
            seq = args[1] if len(args) > 1 else None
            if (
                seq is not None
                and seq.kind == K.LIST
                and any(i is not None and i.kind == K.DF for i in seq.items)
            ):
                return self._new(K.DF, node, via="union")
            return None
        args, kwargs = self._args(node)
        if name == "display" and args and args[0] is not None and args[0].kind == K.DF:
            self._action(node, "show", args[0])
            return _OTHER
        if name in ("dedent", "str") and args and args[0] is not None and args[0].kind == K.STR:
            return args[0]
        if name == "GlueContext":
            return self._new(K.GLUE, node)
        if name in ("SQLContext", "HiveContext", "SparkSession"):
            return self._new(K.SPARK, node)
        if name == "SparkContext":
            return self._new(K.SC, node)
        fn = self.facts.functions.get(name)
        if fn is not None:
            return self._user_call(node, name, args, kwargs)
        return None

    def _user_call(
        self, node: ast.Call, name: str, args: list[Val | None], kwargs: dict | None = None
    ) -> Val | None:
        self.record_call_site(name, args, kwargs or {})
        ret = self.infer_return(name)
        for action, frame in self.param_actions(name, args, kwargs or {}):
            if action == "cache":
                self.mark_cached(frame)
            else:
                self._action(node, action, frame, via_call=True)
        if ret is None or ret.kind not in (K.DF, K.RDD, K.DYF):
            return ret
        cached = ret.is_cached() or id(ret.target()) in self.silent_cached
        first = next((a for a in args if a is not None and a.kind in (K.DF, K.DYF, K.RDD)), None)
        strings = tuple(a.text for a in args if a is not None and a.kind == K.STR and a.text)
        return self._new(
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

    def _functions_call(self, node: ast.Call, name: str) -> Val | None:
        """A call of pyspark.sql.functions (`F.broadcast`, `udf(...)`, `F.expr`...)."""
        if name in _UDF_FACTORIES:
            self._args(node)
            self.register_udf_call(node, name)
            return _OTHER
        if name == "expr" and node.args and isinstance(node.args[0], ast.Constant):
            self.record_expr_paths(node.args[0], node)
            return self._new(K.COLUMN, node)
        args, _ = self._args(node)
        if name == "broadcast" and args and args[0] is not None and args[0].kind == K.DF:
            return Val(K.DF, node=node, alias_of=args[0], broadcast=True, loops=tuple(self.loops))
        self.record_string_arg_paths(node, name)
        return self._new(K.COLUMN, node)

    # ---------------------------------------------------------------- methods
    def _method(self, node: ast.Call, recv: Val | None, name: str) -> Val | None:
        if (
            recv is not None
            and recv.via == "unknown"
            and _dataframe_only(node, name)
            and not K.looks_like_pandas_name(recv.name)
        ):
            recv.kind, recv.via = K.DF, ""  # duck typing: only a DataFrame has this method
        kind = recv.kind if recv is not None else None
        if name == "withColumn":
            self._record(MethodCall(node, name, recv, tuple(self.loops), self.in_reduce > 0))
        elif name == "groupByKey" and kind not in (K.PANDAS, K.DF):
            self._record(MethodCall(node, name, recv, tuple(self.loops)))
        if kind in (K.DF, K.GROUPED):
            self.xform.append(id(node))
            try:
                args, kwargs = self._args(node)
                if kind == K.DF:
                    self.record_method_paths(node, name)
            finally:
                self.xform.pop()
        else:
            args, kwargs = self._args(node)
        if recv is None or recv.kind == K.OTHER:
            return self._unknown_method(node, name, args, kwargs)
        handler = HANDLERS.get(recv.kind)
        if handler is None:
            return None
        return getattr(self, handler)(node, recv, name, args, kwargs)

    def _unknown_method(self, node: ast.Call, name: str, args: list, kwargs: dict) -> Val | None:
        if name == "fromDF" and args and args[0] is not None:
            return Val(K.DYF, node=node, alias_of=args[0], loops=tuple(self.loops))
        first = args[0] if args else None
        if name == "cacheTable" and first is not None and first.kind == K.STR and first.text:
            self.cache_table(first.text)
            return _OTHER
        if (
            name == "sql"
            and first is not None
            and first.kind == K.STR
            and looks_like_sql(first.text or "")
        ):
            # hiveContext.sql(...), get_spark().sql(...): a session we could not type.
            return self._spark_method(node, Val(K.SPARK), name, args, kwargs)
        if name == "toDF":
            return self._new(K.DF, node)
        if name == "join" and args and all(a is not None and a.kind == K.STR for a in args):
            return Val(K.STR, text="/".join(a.text or "" for a in args), text_node=node)
        if name == "transform" and args and args[0] is not None and args[0].kind == K.DF:
            # An ML transformer / fitted model: model.transform(df) returns a DataFrame.
            return self._new(K.DF, node, parent=args[0], via="transform", bounded=args[0].bounded)
        frame = kwargs.get("frame")
        if name == "apply" and frame is not None and frame.kind == K.DYF:
            return self._new(K.DYF, node, parent=frame, via="apply")
        if name == "register" and isinstance(node.func, ast.Attribute):
            base = node.func.value
            if isinstance(base, ast.Attribute) and base.attr == "udf":
                self.register_udf_call(node, "register")
        if name in ("dedent", "strip") and args and args[0] is not None and args[0].kind == K.STR:
            return args[0]
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if isinstance(owner, ast.Name) and self.facts.imports.get(owner.id, "").startswith(
            "pandas"
        ):
            return self._new(K.PANDAS, node)
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
