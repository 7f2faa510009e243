"""Deequ / PyDeequ check code pasted as text, read with Python's ``ast`` (never executed).

A Scala chain is first spelled as Python (``val`` dropped, ``n => ...`` as ``lambda n: ...``,
``&&`` / ``||`` as ``and`` / ``or``, a line that starts with ``.`` joined to the line before,
``\"\"\"...\"\"\"`` as a raw string); then every method call is visited in the order it
runs (``Check(...).isComplete("a").hasSize(...)`` inside ``VerificationSuite().onData(df)
.addCheck(...)``). A check method is rewritten into the plain sentence the grammar reads;
the plumbing around it (``Check``, ``VerificationSuite``, ``onData``, ``addCheck``, ``run``)
says no check. A check method no table knows, or an assertion that is not a bound on the
checked value, raises `QualityRequestError`: pasted code is never partly read.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.exceptions import QualityRequestError

_SQL_LIT = r"(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)"
#: a config's SQL condition that is one column's list of literals
_SQL_IN_LIST = re.compile(rf"(?is)^\s*\(?\s*(?P<c>[a-z_]\w*)\s+in\s*\((?P<l>\s*{_SQL_LIT}(?:\s*,\s*{_SQL_LIT})*\s*)\)\s*\)?\s*$")


def sql_rule(cond: str) -> str:
    """A SQL condition from a config (a dbt ``check`` constraint, ``expression_is_true``, Deequ
    ``satisfies``) as the sentence of its check: one column's list of literals is that
    column's accepted values (the same rows pass, NULL too); anything else stays ``custom
    sql`` as written (a ``BETWEEN`` too: the sets write it either way)."""
    m = _SQL_IN_LIST.match(cond)
    if m:
        items = re.findall(_SQL_LIT, m.group("l"))
        return f"{m.group('c')} must be one of {', '.join(items)}"
    return f"custom sql: {cond.strip()}"

#: a call of a Deequ check method: the cheap gate before anything is parsed
_GATE = re.compile(r"\.(?:is|has|are|contains|satisfies|have)[A-Z]\w*\s*\(|\bCheckLevel\b|\bVerificationSuite\b")
_CHECK_METHOD = re.compile(r"^(?:is|has|are|contains|satisfies|have)[A-Z]\w*$|^satisfies$")
#: calls around the checks that state none
_PLUMBING = frozenset(
    {"Check", "VerificationSuite", "onData", "addCheck", "addChecks", "run", "Seq", "List", "Array",
     "Some", "useRepository", "saveOrAppendResult", "withTags", "where", "filter", "print", "show",
     "ConstrainableDataTypes", "VerificationResult", "checkResultsAsDataFrame", "successMetricsAsDataFrame"}
)  # fmt: skip


def _pythonic(text: str) -> str:
    body = re.sub(r"(?m)//[^\n]*$", "", text)
    body = re.sub(r"(?m)^(\s*)(?:val|var|lazy\s+val)\s+", r"\1", body)
    body = re.sub(r'(?<![rR])"""', 'r"""', body, count=0)
    body = re.sub(r'r"""((?:(?!""").)*)r"""', r'r"""\1"""', body, flags=re.S)
    body = re.sub(r"\b([A-Za-z_]\w*)\s*=>", r"lambda \1:", body)
    body = body.replace("&&", " and ").replace("||", " or ")
    body = re.sub(r"\\?[ \t]*\n\s*(?=\.[A-Za-z_])", " ", body)  # Scala / fluent chains over lines
    body = body.strip()
    if body.startswith("."):
        body = "_check" + body
    return "\n".join(line.rstrip() for line in body.split("\n"))


@dataclass(frozen=True)
class _Bound:
    op: str  # >=, >, <=, <, ==
    n: float

    @property
    def num(self) -> str:
        return f"{self.n:g}" if self.n != int(self.n) else str(int(self.n))


_OPS = {ast.GtE: ">=", ast.Gt: ">", ast.LtE: "<=", ast.Lt: "<", ast.Eq: "=="}
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "=="}


def _number(node: ast.expr) -> float | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        n = _number(node.operand)
        return -n if n is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    return None


def _bounds(node: ast.expr, name: str) -> list[_Bound]:
    """The bounds an assertion puts on its argument: ``lambda x: x >= 3``, ``_ <= 10``,
    ``lambda n: 500 <= n <= 20000``, ``n >= a and n <= b``; ``Check.IsOne`` is ``== 1``."""
    if isinstance(node, ast.Attribute) and node.attr == "IsOne":
        return [_Bound("==", 1.0)]
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
        return [b for v in node.values for b in _bounds(v, name)]
    if isinstance(node, ast.Compare):
        terms = [node.left, *node.comparators]
        out = []
        for (left, right), op in zip(zip(terms, terms[1:], strict=False), node.ops, strict=True):
            sym = _OPS.get(type(op))
            if sym is None:
                break
            if isinstance(left, ast.Name) and left.id == name and _number(right) is not None:
                out.append(_Bound(sym, _number(right)))  # type: ignore[arg-type]
            elif isinstance(right, ast.Name) and right.id == name and _number(left) is not None:
                out.append(_Bound(_FLIP[sym], _number(left)))  # type: ignore[arg-type]
            else:
                break
        else:
            return out
    raise QualityRequestError(f"the Deequ assertion {ast.unparse(node)!r} is not a bound such as 'x <= 10'")


def _assertion(node: ast.expr, method: str) -> list[_Bound]:
    if isinstance(node, ast.Lambda) and len(node.args.args) == 1:
        return _bounds(node.body, node.args.args[0].arg)
    return _bounds(node, "_")


def _text(node: ast.expr) -> str:
    """An argument as the plain text the sentences use: strings unquoted, lists joined."""
    if isinstance(node, ast.Constant):
        return "true" if node.value is True else "false" if node.value is False else str(node.value)
    if isinstance(node, ast.Attribute) and node.attr == "r" and isinstance(node.value, ast.Constant):
        return str(node.value.value)  # Scala """...""".r
    if isinstance(node, ast.UnaryOp) and _number(node) is not None:
        return ast.unparse(node)
    return ast.unparse(node)


def _items(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return list(node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Seq", "List", "Array", "Set"):
        return list(node.args)
    return [node]


def _lit(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "'" + node.value.replace("'", "''") + "'"
    return _text(node)


def _full(args: list[ast.expr], i: int, method: str) -> None:
    if len(args) > i:
        bounds = _assertion(args[i], method)
        if not all((b.op == "==" or b.op == ">=") and b.n == 1 for b in bounds):
            raise QualityRequestError(
                f"Deequ {method} asserts a share below 100%: an aggregate, no row check says it"
            )


def _size(bounds: list[_Bound]) -> str:
    lo = hi = None
    for b in bounds:
        n = int(b.n)
        if b.op in (">=", ">", "=="):
            lo = n + (1 if b.op == ">" else 0)
        if b.op in ("<=", "<", "=="):
            hi = n - (1 if b.op == "<" else 0)
    if lo is not None and hi is not None:
        return f"the table must have exactly {lo} rows" if lo == hi else f"the table must have between {lo} and {hi} rows"
    return f"the table must have at least {lo} rows" if lo is not None else f"the table must have at most {hi} rows"


def _extreme(col: str, bounds: list[_Bound], method: str, upper: bool, expr: str | None = None) -> list[str]:
    """``hasMax(c, x <= 10)``: every value at most 10; a bound from the other side is on the
    aggregate (the largest value at least 10) and raises."""
    out = []
    for b in bounds:
        if (upper and b.op not in ("<=", "<")) or (not upper and b.op not in (">=", ">")):
            raise QualityRequestError(
                f"Deequ {method}({col}, ... {b.op} {b.num}) bounds the column's {'largest' if upper else 'smallest'} "
                "value from the other side: an aggregate, no row check says it"
            )
        if expr is not None:
            out.append(f"custom sql: {expr} {b.op} {b.num}")
        elif b.op in ("<", ">"):
            out.append(f"custom sql: {col} {b.op} {b.num}")
        else:
            out.append(f"{col} must be {'at most' if upper else 'at least'} {b.num}")
    return out


def _contained(args: list[ast.expr], kw: dict[str, ast.expr]) -> str:
    col = _text(args[0])
    if len(args) >= 3 and _number(args[1]) is not None and _number(args[2]) is not None:
        lo_in, hi_in = (_text(kw[k]).lower() != "false" if k in kw else True for k in ("includeLowerBound", "includeUpperBound"))
        lo, hi = _text(args[1]), _text(args[2])
        if lo_in and hi_in:
            return f"{col} must be between {lo} and {hi}"
        return f"custom sql: {col} {'>=' if lo_in else '>'} {lo} AND {col} {'<=' if hi_in else '<'} {hi}"
    if len(args) == 2:
        return f"{col} must be one of {', '.join(_lit(x) for x in _items(args[1]))}"
    raise QualityRequestError(f"Deequ isContainedIn({', '.join(map(_text, args))}) is not a value list or a range")


def _check(method: str, args: list[ast.expr], kw: dict[str, ast.expr]) -> list[str]:
    name = method.lower()
    if not args:
        raise QualityRequestError(f"the Deequ check {method}() names no column")
    col = _text(args[0])
    unknown = set(kw) - {"hint"} - ({"includeLowerBound", "includeUpperBound"} if name == "iscontainedin" else set())
    if unknown:
        # a setting that changes which rows pass is never dropped
        raise QualityRequestError(f"the Deequ setting {sorted(unknown)[0]!r} of {method} is not one the parser knows")
    if name in ("iscomplete", "hascompleteness"):
        if name == "hascompleteness":
            _full(args, 1, method)
        return [f"{col} must not be null"]
    if name in ("arecomplete", "havecompleteness"):
        if name == "havecompleteness":
            _full(args, 1, method)
        return [f"{_text(c)} must not be null" for c in _items(args[0])]
    if name in ("areanycomplete", "haveanycompleteness"):
        # haveAnyCompleteness(Seq("a", "b"), _ == 1.0): on every row at least one is filled
        if name == "haveanycompleteness":
            _full(args, 1, method)
        cols = [_text(c) for c in _items(args[0])]
        if len(cols) == 1:
            return [f"{cols[0]} must not be null"]
        return ["custom sql: " + " OR ".join(f"{c} IS NOT NULL" for c in cols)]
    if name in ("isunique", "hasuniqueness", "isprimarykey"):
        if name == "hasuniqueness":
            _full(args, 1, method)
        cols = [_text(c) for c in _items(args[0])]
        out = [f"the combination of {' and '.join(cols)} must be unique" if len(cols) > 1 else f"{cols[0]} must be unique"]
        return out + ([f"{c} must not be null" for c in cols] if name == "isprimarykey" else [])
    if name == "isnonnegative":
        return [f"{col} must be at least 0"]
    if name == "ispositive":
        return [f"custom sql: {col} > 0"]
    if name == "iscontainedin":
        return [_contained(args, kw)]
    if name == "haspattern" and len(args) >= 2:
        return [f"{col} must match regex '" + _text(args[1]).replace("'", "''") + "'"]
    if name in ("containsurl", "containsemail"):
        _full(args, 1, method)
        return [f"{col} must be a valid {'url' if name == 'containsurl' else 'email'}"]
    pairs = {"islessthan": "<", "islessthanorequalto": "<=", "isgreaterthan": ">", "isgreaterthanorequalto": ">="}
    if name in pairs and len(args) >= 2:
        return [f"custom sql: {col} {pairs[name]} {_text(args[1])}"]
    if name == "satisfies":
        _full(args, 2, method)
        return [sql_rule(col)]
    if name == "hassize":
        return [_size(_assertion(args[0], method))]
    if name in ("hasmax", "hasmin") and len(args) >= 2:
        return _extreme(col, _assertion(args[1], method), method, upper=name == "hasmax")
    if name in ("hasmaxlength", "hasminlength") and len(args) >= 2:
        return _extreme(col, _assertion(args[1], method), method, upper=name == "hasmaxlength", expr=f"LENGTH({col})")
    raise QualityRequestError(f"the Deequ check {method!r} is not one the parser knows; state it in words")


def _calls(node: ast.AST, out: list[tuple[str, ast.Call]]) -> None:
    """Method calls in the order they run: the receiver, then the arguments, then the call."""
    if isinstance(node, ast.Lambda):
        return
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            _calls(func.value, out)
        for a in [*node.args, *(k.value for k in node.keywords)]:
            _calls(a, out)
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        out.append((name, node))
        return
    for child in ast.iter_child_nodes(node):
        _calls(child, out)


#: one line ending in a colon, then a method chain on the lines below it
_CHAIN_LEAD = re.compile(r"(?s)^[ \t]*(?P<lead>[^\n]*:)[ \t]*\n(?P<body>(?:[ \t]*\n)*[ \t]*\.[A-Za-z_]\w*\s*\(.*)$")


def read_deequ(text: str) -> list[str] | None:
    """The sentences of pasted Deequ / PyDeequ check code, or None when the text is not
    code that calls a Deequ check."""
    if not _GATE.search(text):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(_pythonic(text))
    except (SyntaxError, ValueError):
        lead = _CHAIN_LEAD.match(text)
        # "webhook_registrations:", "APN config table, PyDeequ:" over a chain that starts with
        # ".isComplete(...)": a heading of the code, like a YAML spec's lead line
        # (a heading that holds a call or a rule of its own is not dropped: the text is not read)
        if not lead or re.search(r"\w\s*\(|\b(?:must|should|shall|need|needs|has to|have to)\b", lead.group("lead")):
            return None
        return read_deequ(lead.group("body"))
    calls: list[tuple[str, ast.Call]] = []
    _calls(tree, calls)
    out: list[str] = []
    last: list[str] = []
    for name, call in calls:
        if name == "where" and last and len(call.args) == 1:
            # ".isComplete(c).where("status = 'x'")": the constraint just read holds on the
            # rows the filter keeps
            from strands_airflow.agents.quality.nl.structured import _filtered

            out[-len(last) :] = [_filtered(_text(call.args[0]), x) for x in last]
            last = []
            continue
        if name in _PLUMBING or not _CHECK_METHOD.match(name):
            continue
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        last = _check(name, list(call.args), kw)
        out.extend(last)
    return out or None
