"""The DataFrame-tracking pass: one ordered walk of a script's `ast`, never executing it.

Statements run in order over a scope chain (module, then each function) mapping names to
abstract `Val`s; expressions evaluate to the `Val` they would produce (a DataFrame, an
RDD, a string with its text...). While walking, the tracker records the facts the rules
read (`ScriptFacts`). Function bodies are walked after the module body, with their
parameters typed by name (`df`, `*_df`, `spark`...) or annotation; a call to a function
of the script is typed by a silent walk of its body (memoised).

`Tracker` holds the walk's state (scopes, loops, branches, silence, and `functions`, a
`FunctionState`), runs the statements and records facts (`new`, `record`, `action`...).
The rest is plain functions taking the tracker as first argument, one module per
concern, reached through typed dispatch tables: `expressions.EXPRESSIONS` (keyed by
`ast` node type) -> `calls` (calls, attributes, subscripts) -> `apis.HANDLERS` (keyed by
the receiver's kind; Glue's in `glue`), with `functions` (the script's functions,
lambdas, comprehensions), `paths` (struct paths) and `udfs` (UDF definitions). Only the
tracker holds state and nothing points back at it, so a finished walk is freed at once
(no reference cycle left for the garbage collector).
"""

from __future__ import annotations

import ast
import time
from collections.abc import Iterable

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.expressions import EXPRESSIONS, call_sources
from strands_airflow.agents.quality.pyspark.facts import (
    Action,
    Join,
    MethodCall,
    ScriptFacts,
    SqlText,
    Val,
)
from strands_airflow.agents.quality.pyspark.functions import (
    FunctionState,
    define,
    element_of,
    param_scope,
)


class AnalysisTimeout(Exception):
    """Raised inside the walk when the time budget is spent (turned into AnalysisError)."""


_OTHER = Val(K.OTHER)


class Tracker:
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
        self.functions = FunctionState()

    # ---------------------------------------------------------------- driver
    def run(self, tree: ast.Module) -> ScriptFacts:
        """Walk the module body, then every function body, and return the facts."""
        self.exec_block(tree.body)
        functions = self.functions
        while functions.pending:
            fn, scopes = functions.pending.pop(0)
            if id(fn) in functions.walked:
                continue
            functions.walked.add(id(fn))
            saved = self.scopes
            self.scopes = [*scopes, param_scope(self, fn)]
            saved_loops, self.loops = self.loops, []
            saved_branches, self.branches = self.branches, []
            functions.returns.append([])
            try:
                self.exec_block(fn.body)
            finally:
                functions.returns.pop()
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
        kind = self.conventional_kind(name)
        if kind is None:
            return None
        v = Val(kind, name=name if kind in (K.DF, K.RDD) else "")
        self.scopes[0][name] = v  # one object per global name: actions add up on it
        return v

    def conventional_kind(self, name: str) -> str | None:
        """The kind a name implies by convention (`spark`, `sc`, `*_df`...), unless imported."""
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
            kind = self.conventional_kind(short)
            sources = call_sources(value)
            if kind is not None:
                # `spark, log = start_spark()`, `orders_df = load(...)`: typed by the name.
                v = Val(kind, node=value or target, sources=sources, loops=tuple(self.loops))
            elif isinstance(value, ast.Call):
                # The result of a call we cannot type: it becomes a DataFrame when it is used
                # as one (duck typing in `calls.method`).
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
            self.bind(s.target, element_of(self, it, s.target))
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
            define(self, s)
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
            returns = self.functions.returns
            if returns:
                returns[-1].append(v)
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
        handler = EXPRESSIONS.get(type(node))
        if handler is not None:
            return handler(self, node)
        for child in ast.iter_child_nodes(node):
            self.eval(child)
        return _OTHER if type(node) is ast.Set else None

    # ---------------------------------------------------------------- recording
    def new(
        self,
        kind: str,
        node: ast.AST,
        parent: Val | None = None,
        via: str = "",
        *,
        sources: tuple[str, ...] = (),
        small_literal: bool = False,
        bounded: bool = False,
        broadcast: bool = False,
        cached: bool = False,
        single_partition: ast.AST | None = None,
        alias_of: Val | None = None,
    ) -> Val:
        """A value made at `node`, inside the loops enclosing it now."""
        return Val(
            kind,
            node=node,
            parent=parent,
            via=via,
            loops=tuple(self.loops),
            sources=sources,
            small_literal=small_literal,
            bounded=bounded,
            broadcast=broadcast,
            cached=cached,
            single_partition=single_partition,
            alias_of=alias_of,
        )

    def record(self, obj: Action | Join | MethodCall | SqlText) -> None:
        """Add a fact, unless the walk is silent (typing a function's return value)."""
        if self.silent:
            return
        if isinstance(obj, Action):
            self.facts.actions.append(obj)
        elif isinstance(obj, Join):
            self.facts.joins.append(obj)
        elif isinstance(obj, MethodCall):
            self.facts.calls.append(obj)
        else:
            self.facts.sql.append(obj)

    def action(self, node: ast.AST, name: str, recv: Val, via_call: bool = False) -> None:
        """An action on `recv`; in a silent walk, noted in the function's summary instead."""
        if self.silent:
            self.functions.summarise(recv, name)
            return
        self.record(
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

    def mark_cached(self, recv: Val) -> None:
        """`.cache()` / `.persist()`: later actions on this DataFrame read the cache.

        During a silent walk nothing outside the function may change: the cache is noted
        for the return value and, on a parameter, replayed at each call of the function.
        """
        target = recv.target()
        if not self.silent:
            target.cached = True
            return
        self.functions.silent_cached.add(id(target))
        self.functions.summarise(recv, "cache", even_limited=True)

    def write(self, node: ast.AST, source: Val) -> None:
        """A write of `source` (an action, and a fact the write rules read)."""
        self.action(node, "write", source)
        if not self.silent:
            self.facts.writes.append((node, source))
