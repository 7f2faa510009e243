"""Neutralise DB-API bind parameters so SQL written for Airflow's SQL operators parses.

``SQLExecuteQueryOperator(sql="... WHERE id = %(id)s", parameters=...)`` and friends
send placeholders the database fills in (``%(name)s``, ``%s``, ``:name``, ``?``).
sqlfluff's parsers reject most of them, so each is replaced by a numeric literal of the
*same length* (``%(id)s`` -> ``0000000``): every finding keeps the line and column of
the text the user wrote. Quoted strings, comments and Jinja tags are left alone.
"""

from __future__ import annotations

import re

# One alternation, tried at each position outside strings/comments/Jinja.
_PLACEHOLDER = re.compile(
    r"%\(\w+\)s"  # pyformat: %(name)s
    r"|%s"  # format: %s
    r"|(?<![\w:\]\)\"'`]):[A-Za-z_]\w*"  # named: :name (not ::cast, not v:path)
    r"|(?<![\w\]\)\"'`])\?(?![?|&])"  # qmark: ? (not the ?| / ?& jsonb operators)
)
_SKIP = {"'": "'", '"': '"', "`": "`"}


def neutralize_placeholders(sql: str, dialect: str) -> str:
    """`sql` with bind placeholders replaced by same-length numeric literals."""
    if not any(mark in sql for mark in ("%s", "%(", ":", "?")):
        return sql
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        two = sql[i : i + 2]
        if ch in _SKIP:
            end = _end_of_quoted(sql, i, _SKIP[ch])
        elif two == "--":
            end = sql.find("\n", i)
            end = n if end < 0 else end
        elif two == "/*":
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
        elif two in ("{{", "{%", "{#"):
            close = {"{{": "}}", "{%": "%}", "{#": "#}"}[two]
            end = sql.find(close, i + 2)
            end = n if end < 0 else end + 2
        else:
            match = _PLACEHOLDER.match(sql, i)
            if match and not (match.group(0) == "?" and dialect == "postgres"):
                out.append("0" * len(match.group(0)))
                i = match.end()
                continue
            out.append(ch)
            i += 1
            continue
        out.append(sql[i:end])
        i = end
    return "".join(out)


def _end_of_quoted(sql: str, start: int, quote: str) -> int:
    """Index just past the quoted literal starting at `start` (doubled quotes escape)."""
    i = start + 1
    n = len(sql)
    while i < n:
        if sql[i] == "\\" and quote == "'":
            i += 2
            continue
        if sql[i] == quote:
            if i + 1 < n and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n
