"""The PySpark rule registry: one small class per anti-pattern, like sqlfluff's rules.

A rule has a `code` (PS01...), a stable `slug` (the finding's `pattern`), a `name`, a
docstring with the **Anti-pattern** and the **Best practice**, a default `severity` and
`suggestion`, and `check(ctx)` yielding `Finding`s from the facts the tracker recorded.
Register a rule with `@register`; `RULES` lists them in code order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from strands_airflow.agents.quality.models import Finding, Severity
from strands_airflow.agents.quality.pyspark.facts import ScriptFacts

RULES: list[Rule] = []


@dataclass
class RuleContext:
    """What a rule reads: the tracker's facts and the script's lines."""

    facts: ScriptFacts
    lines: list[str]


class Rule:
    """Base class of PySpark rules (see module docstring)."""

    code: str = "PS00"
    slug: str = ""
    name: str = ""
    severity: Severity = "warning"
    suggestion: str = ""

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        """Yield the findings of this rule for one script."""
        raise NotImplementedError

    def finding(
        self,
        node: ast.AST | None,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        suggestion: str | None = None,
    ) -> Finding:
        """A finding of this rule anchored on a node (its method name for a method call)."""
        if line is None:
            line, column = anchor(node)
        return Finding(
            rule=self.code,
            pattern=self.slug,
            line=max(0, line),
            column=max(0, column or 0),
            message=message,
            suggestion=self.suggestion if suggestion is None else suggestion,
            severity=self.severity,
        )


def anchor(node: ast.AST | None) -> tuple[int, int]:
    """(line, column) of a node; for `x.method(...)` the position of `method`."""
    if node is None:
        return 1, 0
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func = node.func
        end_line = getattr(func, "end_lineno", None)
        end_col = getattr(func, "end_col_offset", None)
        if end_line is not None and end_col is not None:
            return end_line, max(0, end_col - len(func.attr))
    return getattr(node, "lineno", 1), getattr(node, "col_offset", 0)


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to `RULES` (kept in code order)."""
    RULES.append(cls())
    RULES.sort(key=lambda r: r.code)
    return cls


def describe(value_name: str) -> str:
    """`df` -> "`df`", "" -> "a DataFrame" (for messages)."""
    return f"`{value_name}`" if value_name else "a DataFrame"
