"""The DataFrame-tracking pass: one ordered walk of a script's `ast`, never executing it.

Statements run in order over a scope chain (module, then each function) mapping names to
abstract `Val`s; expressions evaluate to the `Val` they would produce (a DataFrame, an
RDD, a string with its text...). While walking, the tracker records the facts the rules
read (`ScriptFacts`). Function bodies are walked after the module body, with their
parameters typed by name (`df`, `*_df`, `spark`...) or annotation; a call to a function
of the script is typed by a silent walk of its body (memoised).
"""

from __future__ import annotations

import ast
import time
from collections.abc import Iterable

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.calls import CallsMixin
from strands_airflow.agents.quality.pyspark.facts import ScriptFacts, Val
from strands_airflow.agents.quality.pyspark.functions import FunctionsMixin
from strands_airflow.agents.quality.pyspark.sqltext import stand_in


class AnalysisTimeout(Exception):
    """Raised inside the walk when the time budget is spent (turned into AnalysisError)."""


_OTHER = Val(K.OTHER)


class Tracker(FunctionsMixin, CallsMixin):
    """Walks one parsed script and fills `self.facts` (see module docstring)."""

    def __init__(self, deadline: float | None = None) -> None:
        self.facts = ScriptFacts()
        self.scopes: list[dict[str, Val]] = [{}]
        self.loops: list[int] = []
        self.branches: list[tuple[int, int]] = []
        self.silent = 0
        self.xform: list[int] = []
        self.stmt_id = 0
        self.in_reduce = 0
        self.deadline = deadline
        self._ticks = 0
        self._pending: list[tuple[ast.AST, list[dict[str, Val]]]] = []
        self._returns: list[list[Val | None]] = []
        self._ret_cache: dict[str, Val | None] = {}
        self._inferring: set[str] = set()
        self._walked_funcs: set[int] = set()
        self._sites: dict[str, dict[str, list[Val]]] = {}
        self.param_ids: list[dict[int, str]] = []
        self.summary_stack: list[list[tuple[str, str]]] = []
        self.summaries: dict[str, list[tuple[str, str]]] = {}
        self.silent_cached: set[int] = set()

    # ---------------------------------------------------------------- driver
    def run(self, tree: ast.Module) -> ScriptFacts:
        """Walk the module body, then every function body, and return the facts."""
        self.exec_block(tree.body)
        while self._pending:
            fn, scopes = self._pending.pop(0)
            if id(fn) in self._walked_funcs:
                continue
            self._walked_funcs.add(id(fn))
            saved = self.scopes
            self.scopes = [*scopes, self._param_scope(fn)]
            saved_loops, self.loops = self.loops, []
            saved_branches, self.branches = self.branches, []
            self._returns.append([])
            try:
                body = getattr(fn, "body", [])
                body = body if isinstance(body, list) else [ast.Expr(body)]
                self.exec_block(body)
            finally:
                self._returns.pop()
                self.scopes, self.loops = saved, saved_loops
                self.branches = saved_branches
        return self.facts

    def tick(self) -> None:
        """Check the time budget every few hundred nodes."""
        self._ticks += 1
        if self._ticks & 255 == 0 and self.deadline is not None:
            if time.perf_counter() > self.deadline:
                raise AnalysisTimeout

    # ---------------------------------------------------------------- names
    def lookup(self, name: str) -> Val | None:
        """The value bound to a name, or a default from naming conventions (`spark`, `df`)."""
        for scope in reversed(self.scopes):
            v = scope.get(name)
            if v is not None:
                return v
        kind = self._conventional_kind(name)
        if kind is None:
            return None
        v = Val(kind, name=name if kind in (K.DF, K.RDD) else "")
        self.scopes[0][name] = v  # one object per global name: actions add up on it
        return v

    def _conventional_kind(self, name: str) -> str | None:
        if name in K.SESSION_NAMES or name == "SparkSession":
            return K.SPARK
        if name in K.SC_NAMES or name == "SparkContext":
            return K.SC
        if name in K.GLUE_NAMES:
            return K.GLUE
        origin = self.facts.imports.get(name)
        if origin is not None:
            return None
        if K.looks_like_df_name(name):
            return K.DF
        if name.endswith("_rdd") or name == "rdd":
            return K.RDD
        return None

    def bind(self, target: ast.AST, v: Val | None, value: ast.AST | None = None) -> None:
        """Bind an assignment target; a DataFrame takes the first variable name it gets."""
        if isinstance(target, ast.Name):
            name = target.id
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            name = f"{target.value.id}.{target.attr}"
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = v.items if v is not None and v.kind == K.LIST else ()
            for i, elt in enumerate(target.elts):
                self.bind(elt, items[i] if i < len(items) else None)
            return
        else:
            if isinstance(target, ast.Subscript):
                self.eval(target.value)
                self.eval(target.slice)
            return
        if v is None:
            short = name.rsplit(".", 1)[-1]
            kind = self._conventional_kind(short)
            sources = _call_sources(value)
            if kind is not None:
                # `spark, log = start_spark()`, `orders_df = load(...)`: typed by the name.
                v = Val(kind, node=value or target, sources=sources, loops=tuple(self.loops))
            elif isinstance(value, ast.Call):
                # The result of a call we cannot type: it becomes a DataFrame when it is used
                # as one (duck typing in `CallsMixin._method`).
                v = Val(
                    K.OTHER,
                    node=value,
                    via="unknown",
                    name=short,
                    sources=sources,
                    loops=tuple(self.loops),
                )
            else:
                v = _OTHER
        if v.kind in (K.DF, K.RDD, K.DYF) and not v.name:
            v.name = name.rsplit(".", 1)[-1]
        # `self.x` is shared by every method of a class: keep it at module level.
        self.scopes[0 if "." in name else -1][name] = v

    # ---------------------------------------------------------------- statements
    def exec_block(self, stmts: Iterable[ast.stmt]) -> None:
        """Run statements in order."""
        for s in stmts:
            self.stmt_id += 1
            self.exec_stmt(s)

    def exec_stmt(self, s: ast.stmt) -> None:  # noqa: C901 - a dispatch table in if-form
        """Run one statement (assignments bind, loops push a loop id, defs are queued)."""
        self.tick()
        if isinstance(s, ast.Expr):
            self.eval(s.value)
        elif isinstance(s, ast.Assign):
            v = self.eval(s.value)
            for t in s.targets:
                self.bind(t, v, s.value)
                self._note_int_constant(t, s.value)
        elif isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.bind(s.target, self.eval(s.value), s.value)
        elif isinstance(s, ast.AugAssign):
            self._aug_assign(s)
        elif isinstance(s, (ast.For, ast.AsyncFor)):
            it = self.eval(s.iter)
            self.loops.append(id(s))
            self.bind(s.target, self._element_of(it, s.target))
            self.exec_block(s.body)
            self.loops.pop()
            self.exec_block(s.orelse)
        elif isinstance(s, ast.While):
            self.loops.append(id(s))
            self.eval(s.test)
            self.exec_block(s.body)
            self.loops.pop()
            self.exec_block(s.orelse)
        elif isinstance(s, ast.If):
            self.eval(s.test)
            # Actions in the two branches of an `if` never both run.
            self.branches.append((id(s), 0))
            self.exec_block(s.body)
            self.branches[-1] = (id(s), 1)
            self.exec_block(s.orelse)
            self.branches.pop()
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                v = self.eval(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, v)
            self.exec_block(s.body)
        elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function_def(s)
        elif isinstance(s, ast.ClassDef):
            for d in s.decorator_list:
                self.eval(d)
            self.scopes.append({})
            self.exec_block(s.body)
            # Class attributes (a QUERY constant...) are read as `self.X` / `Cls.X` in methods.
            for attr, v in self.scopes.pop().items():
                if "." not in attr:
                    self.scopes[0].setdefault(f"self.{attr}", v)
                    self.scopes[0][f"{s.name}.{attr}"] = v
        elif isinstance(s, ast.Return):
            v = self.eval(s.value) if s.value is not None else None
            if self._returns:
                self._returns[-1].append(v)
        elif isinstance(s, ast.Delete):
            for t in s.targets:
                if isinstance(t, ast.Name):
                    self.scopes[-1][t.id] = _OTHER
        elif isinstance(s, ast.Import):
            for a in s.names:
                local = (a.asname or a.name).split(".")[0]
                self.facts.imports[local] = a.name if a.asname else local
        elif isinstance(s, ast.ImportFrom):
            for a in s.names:
                self.facts.imports[a.asname or a.name] = f"{s.module or ''}.{a.name}"
        else:
            # try/match/raise/assert/global...: walk what they contain, in order.
            for child in ast.iter_child_nodes(s):
                if isinstance(child, ast.stmt):
                    self.stmt_id += 1
                    self.exec_stmt(child)
                elif isinstance(child, ast.expr):
                    self.eval(child)
                elif isinstance(child, (ast.excepthandler, ast.match_case)):
                    for sub in ast.iter_child_nodes(child):
                        if isinstance(sub, ast.stmt):
                            self.exec_stmt(sub)
                        elif isinstance(sub, ast.expr):
                            self.eval(sub)

    def _aug_assign(self, s: ast.AugAssign) -> None:
        right = self.eval(s.value)
        if not isinstance(s.target, ast.Name):
            self.eval(s.target)
            return
        left = self.lookup(s.target.id)
        if (
            isinstance(s.op, ast.Add)
            and left is not None
            and left.kind == K.STR
            and right is not None
            and right.kind == K.STR
        ):
            self.scopes[-1][s.target.id] = Val(
                K.STR, text=(left.text or "") + (right.text or ""), text_node=left.text_node
            )

    def _note_int_constant(self, target: ast.AST, value: ast.AST) -> None:
        """Remember `N = 1` so `coalesce(N)` reads as `coalesce(1)` (names bound to one int only)."""
        if not isinstance(target, ast.Name) or self.silent:
            return
        consts = self.facts.int_constants
        if (
            isinstance(value, ast.Constant)
            and isinstance(value.value, int)
            and not isinstance(value.value, bool)
        ):
            known = consts.get(target.id, value.value)
            consts[target.id] = value.value if known == value.value else None
        elif target.id in consts:
            consts[target.id] = None

    # ---------------------------------------------------------------- expressions
    def eval(self, node: ast.AST | None) -> Val | None:
        """Evaluate an expression to the abstract value it produces, recording facts."""
        if node is None:
            return None
        self.tick()
        t = type(node)
        if t is ast.Name:
            return self.lookup(node.id)  # type: ignore[attr-defined]
        if t is ast.Call:
            return self.eval_call(node)  # type: ignore[arg-type]
        if t is ast.Attribute:
            return self.eval_attribute(node)  # type: ignore[arg-type]
        if t is ast.Constant:
            if isinstance(node.value, str):  # type: ignore[attr-defined]
                return Val(K.STR, text=node.value, text_node=node)  # type: ignore[attr-defined]
            return _OTHER
        if t is ast.JoinedStr:
            return self._joined_str(node)  # type: ignore[arg-type]
        if t is ast.BinOp:
            return self._binop(node)  # type: ignore[arg-type]
        if t is ast.Subscript:
            return self.eval_subscript(node)  # type: ignore[arg-type]
        if t in (ast.List, ast.Tuple):
            items = tuple(self.eval(e) for e in node.elts)  # type: ignore[attr-defined]
            return Val(K.LIST, node=node, items=items)
        if t is ast.Lambda:
            self._lambda(node)  # type: ignore[arg-type]
            return Val(K.OTHER, node=node, func=node)
        if t in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            self._comprehension(node)
            return Val(K.LIST, node=node)
        if t is ast.IfExp:
            self.eval(node.test)  # type: ignore[attr-defined]
            a = self.eval(node.body)  # type: ignore[attr-defined]
            b = self.eval(node.orelse)  # type: ignore[attr-defined]
            return a if a is not None and a is not _OTHER else b
        if t is ast.NamedExpr:
            v = self.eval(node.value)  # type: ignore[attr-defined]
            self.bind(node.target, v)  # type: ignore[attr-defined]
            return v
        if t in (ast.Await, ast.Starred):
            return self.eval(node.value)  # type: ignore[attr-defined]
        if t is ast.Compare:
            self.eval(node.left)  # type: ignore[attr-defined]
            for c in node.comparators:  # type: ignore[attr-defined]
                self.eval(c)
            return _OTHER
        if t is ast.BoolOp:
            for c in node.values:  # type: ignore[attr-defined]
                self.eval(c)
            return _OTHER
        if t is ast.UnaryOp:
            self.eval(node.operand)  # type: ignore[attr-defined]
            return _OTHER
        if t is ast.Dict:
            # {"orders": df, ...}: a list of its values, keyed by the constant keys.
            keys = []
            for k in node.keys:  # type: ignore[attr-defined]
                self.eval(k)
                keys.append(
                    k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else ""
                )
            items = tuple(self.eval(v) for v in node.values)  # type: ignore[attr-defined]
            return Val(K.LIST, node=node, items=items, sources=tuple(keys))
        for child in ast.iter_child_nodes(node):
            self.eval(child)
        return _OTHER if t is ast.Set else None

    def _joined_str(self, node: ast.JoinedStr) -> Val:
        parts: list[str] = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue):
                val = self.eval(v.value)
                if (
                    val is not None
                    and val.kind == K.STR
                    and val.text is not None
                    and not v.format_spec
                ):
                    parts.append(val.text)
                else:
                    parts.append(stand_in(_expr_name(v.value), "".join(parts)))
        return Val(K.STR, text="".join(parts), text_node=node)

    def _binop(self, node: ast.BinOp) -> Val | None:
        left = self.eval(node.left)
        right = self.eval(node.right)
        if left is not None and left.kind == K.STR and left.text is not None:
            if isinstance(node.op, ast.Add):
                # "select * from " + table: a value the walk cannot read is a stand-in
                # identifier, as in f-strings, so the SQL text stays readable.
                if right is not None and right.kind == K.STR and right.text is not None:
                    tail = right.text
                else:
                    tail = stand_in(_expr_name(node.right), left.text)
                return Val(K.STR, text=left.text + tail, text_node=left.text_node)
            if isinstance(node.op, ast.Mod):
                from strands_airflow.agents.quality.pyspark.sqltext import render_template

                return Val(K.STR, text=render_template(left.text), text_node=left.text_node)
        return _OTHER


def _expr_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _expr_name(node.func)
    if isinstance(node, ast.Subscript):
        sl = node.slice
        if isinstance(sl, ast.Constant) and isinstance(sl.value, str):
            return sl.value
        return _expr_name(node.value)
    return "param"


def _callee_name(call: ast.Call) -> str:
    return _expr_name(call.func)


def _call_sources(value: ast.AST | None) -> tuple[str, ...]:
    """The callee's name and string arguments of a call (`load_dim("dim_store")`)."""
    if not isinstance(value, ast.Call):
        return ()
    texts = [
        a.value for a in value.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
    ]
    texts += [
        k.value.value
        for k in value.keywords
        if isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
    ]
    return (_callee_name(value), *texts)
