"""What each kind of expression evaluates to: `EXPRESSIONS`, a table keyed by `ast` node type.

`Tracker.eval` looks the node's exact type up here; a node type without an entry has its
children evaluated in order and gives no value (a set display gives an opaque one). Each
handler is typed for its node type, and `_entry` checks at type-checking time that the
handler accepts the node type it is filed under.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.calls import eval_attribute, eval_call, eval_subscript
from strands_airflow.agents.quality.pyspark.facts import Val
from strands_airflow.agents.quality.pyspark.functions import comprehension, lambda_body
from strands_airflow.agents.quality.pyspark.sqltext import render_template, stand_in

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_OTHER = Val(K.OTHER)
_N = TypeVar("_N", bound=ast.AST)
ExprHandler = Callable[["Tracker", Any], "Val | None"]


def _entry(
    node_type: type[_N], handler: Callable[[Tracker, _N], Val | None]
) -> tuple[type[ast.AST], ExprHandler]:
    """One row of the table; mypy checks that `handler` takes a `node_type`."""
    return node_type, handler


def _name(t: Tracker, node: ast.Name) -> Val | None:
    return t.lookup(node.id)


def _call(t: Tracker, node: ast.Call) -> Val | None:
    return eval_call(t, node)


def _attribute(t: Tracker, node: ast.Attribute) -> Val | None:
    return eval_attribute(t, node)


def _subscript(t: Tracker, node: ast.Subscript) -> Val | None:
    return eval_subscript(t, node)


def _constant(t: Tracker, node: ast.Constant) -> Val:
    if isinstance(node.value, str):
        return Val(K.STR, text=node.value, text_node=node)
    return _OTHER


def _joined_str(t: Tracker, node: ast.JoinedStr) -> Val:
    parts: list[str] = []
    for v in node.values:
        if isinstance(v, ast.Constant):
            parts.append(str(v.value))
        elif isinstance(v, ast.FormattedValue):
            val = t.eval(v.value)
            if val is not None and val.kind == K.STR and val.text is not None and not v.format_spec:
                parts.append(val.text)
            else:
                parts.append(stand_in(expr_name(v.value), "".join(parts)))
    return Val(K.STR, text="".join(parts), text_node=node)


def _binop(t: Tracker, node: ast.BinOp) -> Val | None:
    left = t.eval(node.left)
    right = t.eval(node.right)
    if left is not None and left.kind == K.STR and left.text is not None:
        if isinstance(node.op, ast.Add):
            # "select * from " + table: a value the walk cannot read is a stand-in
            # identifier, as in f-strings, so the SQL text stays readable.
            if right is not None and right.kind == K.STR and right.text is not None:
                tail = right.text
            else:
                tail = stand_in(expr_name(node.right), left.text)
            return Val(K.STR, text=left.text + tail, text_node=left.text_node)
        if isinstance(node.op, ast.Mod):
            return Val(K.STR, text=render_template(left.text), text_node=left.text_node)
    return _OTHER


def _sequence(t: Tracker, node: ast.List | ast.Tuple) -> Val:
    items = tuple(t.eval(e) for e in node.elts)
    return Val(K.LIST, node=node, items=items)


def _lambda(t: Tracker, node: ast.Lambda) -> Val:
    lambda_body(t, node)
    return Val(K.OTHER, node=node, func=node)


def _comprehension(
    t: Tracker, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
) -> Val:
    comprehension(t, node)
    return Val(K.LIST, node=node)


def _if_exp(t: Tracker, node: ast.IfExp) -> Val | None:
    t.eval(node.test)
    a = t.eval(node.body)
    b = t.eval(node.orelse)
    return a if a is not None and a is not _OTHER else b


def _named_expr(t: Tracker, node: ast.NamedExpr) -> Val | None:
    v = t.eval(node.value)
    t.bind(node.target, v)
    return v


def _value_of(t: Tracker, node: ast.Await | ast.Starred) -> Val | None:
    return t.eval(node.value)


def _compare(t: Tracker, node: ast.Compare) -> Val:
    t.eval(node.left)
    for c in node.comparators:
        t.eval(c)
    return _OTHER


def _bool_op(t: Tracker, node: ast.BoolOp) -> Val:
    for c in node.values:
        t.eval(c)
    return _OTHER


def _unary_op(t: Tracker, node: ast.UnaryOp) -> Val:
    t.eval(node.operand)
    return _OTHER


def _dict(t: Tracker, node: ast.Dict) -> Val:
    # {"orders": df, ...}: a list of its values, keyed by the constant keys.
    keys = []
    for k in node.keys:
        t.eval(k)
        keys.append(k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else "")
    items = tuple(t.eval(v) for v in node.values)
    return Val(K.LIST, node=node, items=items, sources=tuple(keys))


EXPRESSIONS: dict[type[ast.AST], ExprHandler] = dict(
    [
        _entry(ast.Name, _name),
        _entry(ast.Call, _call),
        _entry(ast.Attribute, _attribute),
        _entry(ast.Constant, _constant),
        _entry(ast.JoinedStr, _joined_str),
        _entry(ast.BinOp, _binop),
        _entry(ast.Subscript, _subscript),
        _entry(ast.List, _sequence),
        _entry(ast.Tuple, _sequence),
        _entry(ast.Lambda, _lambda),
        _entry(ast.ListComp, _comprehension),
        _entry(ast.SetComp, _comprehension),
        _entry(ast.GeneratorExp, _comprehension),
        _entry(ast.DictComp, _comprehension),
        _entry(ast.IfExp, _if_exp),
        _entry(ast.NamedExpr, _named_expr),
        _entry(ast.Await, _value_of),
        _entry(ast.Starred, _value_of),
        _entry(ast.Compare, _compare),
        _entry(ast.BoolOp, _bool_op),
        _entry(ast.UnaryOp, _unary_op),
        _entry(ast.Dict, _dict),
    ]
)


def expr_name(node: ast.AST) -> str:
    """A readable name for an expression (`orders`, `table` in `cfg.table`), else `param`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return expr_name(node.func)
    if isinstance(node, ast.Subscript):
        sl = node.slice
        if isinstance(sl, ast.Constant) and isinstance(sl.value, str):
            return sl.value
        return expr_name(node.value)
    return "param"


def _callee_name(call: ast.Call) -> str:
    return expr_name(call.func)


def call_sources(value: ast.AST | None) -> tuple[str, ...]:
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
