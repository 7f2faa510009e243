"""The script's own functions: queued bodies, parameters typed from names, annotations
and call sites, and the return value of a call (a silent walk of the body, memoised);
lambdas and comprehensions (their own scopes; a comprehension is a loop).

Functions of the tracker's walk; their state is the tracker's `FunctionState` (the queue
of bodies to walk, the return values being collected, the memoised return types, the call
sites seen, the per-function summaries of actions on parameters).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Args, FuncDef, Kwargs, Val
from strands_airflow.agents.quality.pyspark.udfs import check_decorator

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_OTHER = Val(K.OTHER)
_FRAME_KINDS = (K.DF, K.DYF)
_ANNOTATION_KINDS = {
    "DataFrame": K.DF,
    "RDD": K.RDD,
    "SparkSession": K.SPARK,
    "GlueContext": K.GLUE,
    "SparkContext": K.SC,
    "DynamicFrame": K.DYF,
}


class FunctionState:
    """What the walk keeps about the script's functions (owned by the tracker)."""

    def __init__(self) -> None:
        # Bodies to walk after the module body, with the scopes they were defined in.
        self.pending: list[tuple[FuncDef, list[dict[str, Val]]]] = []
        self.walked: set[int] = set()  # ids of the bodies already walked
        self.returns: list[list[Val | None]] = []  # one list per body being walked
        self.ret_cache: dict[str, Val | None] = {}
        self.inferring: set[str] = set()
        self.sites: dict[str, dict[str, list[Val]]] = {}
        # Silent walks: ids of parameter values -> parameter name, the actions run on
        # parameters (per function being typed), and the finished summaries by name.
        self.param_ids: list[dict[int, str]] = []
        self.summary_stack: list[list[tuple[str, str]]] = []
        self.summaries: dict[str, list[tuple[str, str]]] = {}
        self.silent_cached: set[int] = set()  # ids of values cached during a silent walk

    def summarise(self, recv: Val, name: str, even_limited: bool = False) -> None:
        """In a silent walk, note an action on a parameter of the function being typed.

        An action behind a `limit` is cheap and not charged, except a cache (`even_limited`).
        """
        if not self.param_ids:
            return
        target, limited = recv.action_target()
        param = self.param_ids[-1].get(id(target))
        if param is not None and (even_limited or not limited):
            self.summary_stack[-1].append((param, name))


def define(t: Tracker, s: FuncDef) -> None:
    """A `def`: bind its name, note its UDF decorators and queue its body."""
    for d in s.decorator_list:
        t.eval(d)
        check_decorator(t, d, s)
    t.scopes[-1][s.name] = Val(K.OTHER, node=s, func=s)
    t.facts.functions[s.name] = s
    if not t.silent:
        t.functions.pending.append((s, list(t.scopes)))


def record_call_site(t: Tracker, name: str, args: Args, kwargs: Kwargs) -> None:
    """Remember what a call of the script's function passes, to type its parameters."""
    fn = t.facts.functions.get(name)
    if fn is None:
        return
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args] if a.arg not in ("self", "cls")]
    sites = t.functions.sites.setdefault(name, {})
    pairs = [*zip(params, args, strict=False), *kwargs.items()]
    for param, v in pairs:
        if v is not None and v.kind not in (K.OTHER, K.LIST, K.COLUMN):
            seen = sites.setdefault(param, [])
            if len(seen) < 16 and all(x is not v for x in seen):
                seen.append(v)


def param_scope(t: Tracker, fn: FuncDef | ast.Lambda) -> dict[str, Val]:
    """The scope of a body's parameters, typed by annotation, name or call sites."""
    scope: dict[str, Val] = {}
    args = fn.args
    sites = t.functions.sites.get("" if isinstance(fn, ast.Lambda) else fn.name, {})
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    for a in every:
        if a.arg in ("self", "cls"):
            continue
        kind = _annotation_kind(a.annotation) or t.conventional_kind(a.arg)
        passed = sites.get(a.arg, [])
        if passed and passed[0].kind == K.STR:
            # A helper running the SQL it is given: each call site's text is analysed.
            scope[a.arg] = Val(
                K.STR, text=passed[0].text, text_node=passed[0].text_node, items=tuple(passed)
            )
            continue
        if kind is None and passed:
            kind = passed[0].kind
        if kind is None:
            scope[a.arg] = _OTHER
            continue
        # Derived from what the caller passed: small/cached/broadcast carry over.
        site = passed[0] if passed and passed[0].kind == kind else None
        scope[a.arg] = Val(
            kind,
            node=a,
            name=a.arg,
            parent=site,
            via="select" if site else "",
            bounded=bool(site and site.bounded),
            single_partition=site.target().single_partition if site else None,
        )
    return scope


def infer_return(t: Tracker, name: str) -> Val | None:
    """What a call of the script's own function returns (silent walk of its body)."""
    if name in t.functions.ret_cache:
        return t.functions.ret_cache[name]
    fn = t.facts.functions.get(name)
    if fn is None or name in t.functions.inferring or len(t.functions.inferring) > 8:
        return None
    t.functions.inferring.add(name)
    saved = t.scopes
    saved_loops = t.loops
    params = param_scope(t, fn)
    t.scopes = [saved[0], params]
    t.loops = []
    t.silent += 1
    t.functions.returns.append([])
    # While the body is walked silently, actions on its parameters are summarised
    # so that each call charges them to the DataFrame the caller passed.
    t.functions.param_ids.append({id(v): p for p, v in params.items() if v.kind in _FRAME_KINDS})
    t.functions.summary_stack.append([])
    try:
        t.exec_block(fn.body)
        rets = t.functions.returns[-1]
    finally:
        t.functions.returns.pop()
        t.silent -= 1
        t.scopes, t.loops = saved, saved_loops
        t.functions.inferring.discard(name)
        t.functions.param_ids.pop()
        t.functions.summaries[name] = list(dict.fromkeys(t.functions.summary_stack.pop()))
    found = next((r for r in rets if r is not None and r.kind != K.OTHER), None)
    t.functions.ret_cache[name] = found
    return found


def param_actions(t: Tracker, name: str, args: Args, kwargs: Kwargs) -> list[tuple[str, Val]]:
    """(action, caller's DataFrame) for each action the function runs on a parameter."""
    fn = t.facts.functions.get(name)
    summary = t.functions.summaries.get(name)
    if fn is None or not summary:
        return []
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args] if a.arg not in ("self", "cls")]
    passed: dict[str, Val | None] = dict(zip(params, args, strict=False))
    passed.update(kwargs)
    out = []
    for param, action in summary:
        v = passed.get(param)
        if v is not None and v.kind in _FRAME_KINDS:
            out.append((action, v))
    return out


def element_of(t: Tracker, it: Val | None, target: ast.AST) -> Val | None:
    """The loop variable over a list of DataFrames: a new frame each iteration."""
    if it is not None and it.kind == K.LIST:
        for item in it.items:
            if item is not None and item.kind in (K.DF, K.RDD):
                return Val(
                    item.kind,
                    node=target,
                    parent=item,
                    via="select",
                    loops=tuple(t.loops),
                )
    return None


def lambda_body(t: Tracker, node: ast.Lambda) -> None:
    """Evaluate a lambda's body in a scope of its parameters."""
    t.scopes.append(param_scope(t, node))
    try:
        t.eval(node.body)
    finally:
        t.scopes.pop()


def comprehension(
    t: Tracker, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
) -> None:
    """Walk a comprehension: its own scope, and a loop."""
    gens = node.generators
    first = t.eval(gens[0].iter) if gens else None  # evaluated once, outside the loop
    t.scopes.append({})
    t.loops.append(id(node))
    try:
        for i, gen in enumerate(gens):
            it = first if i == 0 else t.eval(gen.iter)
            t.bind(gen.target, element_of(t, it, gen.target))
            for cond in gen.ifs:
                t.eval(cond)
        if isinstance(node, ast.DictComp):
            t.eval(node.key)
            t.eval(node.value)
        else:
            t.eval(node.elt)
    finally:
        t.loops.pop()
        t.scopes.pop()


def _annotation_kind(ann: ast.AST | None) -> str | None:
    if ann is None:
        return None
    name = ann.attr if isinstance(ann, ast.Attribute) else getattr(ann, "id", None)
    if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
        name = ann.value.rsplit(".", 1)[-1]
    if name == "DataFrame" and isinstance(ann, ast.Attribute):
        base = getattr(ann.value, "id", "")
        if base in ("pd", "pandas"):
            return K.PANDAS
    return _ANNOTATION_KINDS.get(name or "")
