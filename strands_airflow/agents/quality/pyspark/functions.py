"""The script's own functions: queued bodies, parameters typed from names, annotations
and call sites, and the return value of a call (a silent walk of the body, memoised);
lambdas and comprehensions (their own scopes; a comprehension is a loop).

A mixin of `Tracker`.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Val

if TYPE_CHECKING:
    _Base = Any
else:
    _Base = object

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


class FunctionsMixin(_Base):
    """Functions of the analysed script (see module docstring)."""

    scopes: list[dict[str, Val]]
    loops: list[int]
    param_ids: list[dict[int, str]]
    summary_stack: list[list[tuple[str, str]]]
    summaries: dict[str, list[tuple[str, str]]]
    silent_cached: set[int]

    def _function_def(self, s: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for d in s.decorator_list:
            self.eval(d)
            self.check_udf_decorator(d, s)
        self.scopes[-1][s.name] = Val(K.OTHER, node=s, func=s)
        self.facts.functions[s.name] = s
        if not self.silent:
            self._pending.append((s, list(self.scopes)))

    def record_call_site(
        self, name: str, args: list[Val | None], kwargs: dict[str, Val | None]
    ) -> None:
        """Remember what a call of the script's function passes, to type its parameters."""
        fn = self.facts.functions.get(name)
        if fn is None:
            return
        params = [
            a.arg for a in [*fn.args.posonlyargs, *fn.args.args] if a.arg not in ("self", "cls")
        ]
        sites = self._sites.setdefault(name, {})
        pairs = [*zip(params, args, strict=False), *kwargs.items()]
        for param, v in pairs:
            if v is not None and v.kind not in (K.OTHER, K.LIST, K.COLUMN):
                seen = sites.setdefault(param, [])
                if len(seen) < 16 and all(x is not v for x in seen):
                    seen.append(v)

    def _param_scope(self, fn: ast.AST) -> dict[str, Val]:
        scope: dict[str, Val] = {}
        args = getattr(fn, "args", None)
        if args is None:
            return scope
        sites = self._sites.get(getattr(fn, "name", ""), {})
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        for a in every:
            if a.arg in ("self", "cls"):
                continue
            kind = _annotation_kind(a.annotation) or self._conventional_kind(a.arg)
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

    def infer_return(self, name: str) -> Val | None:
        """What a call of the script's own function returns (silent walk of its body)."""
        if name in self._ret_cache:
            return self._ret_cache[name]
        fn = self.facts.functions.get(name)
        if fn is None or name in self._inferring or len(self._inferring) > 8:
            return None
        self._inferring.add(name)
        saved: list[dict[str, Val]] = self.scopes
        saved_loops: list[int] = self.loops
        params = self._param_scope(fn)
        self.scopes = [saved[0], params]
        self.loops = []
        self.silent += 1
        self._returns.append([])
        # While the body is walked silently, actions on its parameters are summarised
        # so that each call charges them to the DataFrame the caller passed.
        self.param_ids.append({id(v): p for p, v in params.items() if v.kind in _FRAME_KINDS})
        self.summary_stack.append([])
        try:
            self.exec_block(fn.body)
            rets = self._returns[-1]
        finally:
            self._returns.pop()
            self.silent -= 1
            self.scopes, self.loops = saved, saved_loops
            self._inferring.discard(name)
            self.param_ids.pop()
            self.summaries[name] = list(dict.fromkeys(self.summary_stack.pop()))
        found = next((r for r in rets if r is not None and r.kind != K.OTHER), None)
        self._ret_cache[name] = found
        return found

    def param_actions(
        self, name: str, args: list[Val | None], kwargs: dict
    ) -> list[tuple[str, Val]]:
        """(action, caller's DataFrame) for each action the function runs on a parameter."""
        fn = self.facts.functions.get(name)
        summary = self.summaries.get(name)
        if fn is None or not summary:
            return []
        params = [
            a.arg for a in [*fn.args.posonlyargs, *fn.args.args] if a.arg not in ("self", "cls")
        ]
        passed: dict[str, Val | None] = dict(zip(params, args, strict=False))
        passed.update(kwargs)
        out = []
        for param, action in summary:
            v = passed.get(param)
            if v is not None and v.kind in _FRAME_KINDS:
                out.append((action, v))
        return out

    def _element_of(self, it: Val | None, target: ast.AST) -> Val | None:
        """The loop variable over a list of DataFrames: a new frame each iteration."""
        if it is not None and it.kind == K.LIST:
            for item in it.items:
                if item is not None and item.kind in (K.DF, K.RDD):
                    return Val(
                        item.kind, node=target, parent=item, via="select", loops=tuple(self.loops)
                    )
        return None

    def _lambda(self, node: ast.Lambda) -> None:
        self.scopes.append(self._param_scope(node))
        try:
            self.eval(node.body)
        finally:
            self.scopes.pop()

    def _comprehension(self, node: ast.AST) -> None:
        gens = node.generators  # type: ignore[attr-defined]
        first = self.eval(gens[0].iter) if gens else None  # evaluated once, outside the loop
        self.scopes.append({})
        self.loops.append(id(node))
        try:
            for i, gen in enumerate(gens):
                it = first if i == 0 else self.eval(gen.iter)
                self.bind(gen.target, self._element_of(it, gen.target))
                for cond in gen.ifs:
                    self.eval(cond)
            if isinstance(node, ast.DictComp):
                self.eval(node.key)
                self.eval(node.value)
            else:
                self.eval(node.elt)  # type: ignore[attr-defined]
        finally:
            self.loops.pop()
            self.scopes.pop()


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
