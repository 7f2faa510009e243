"""Light reading of SQL strings found in PySpark code (no parser: these run on every script).

`select_stars` finds `*` / `t.*` in a SELECT list (not `count(*)`, not `a * b`);
`joined_tables` lists FROM/JOIN tables with their aliases and the names broadcast hints name;
`is_bounded` says whether a query returns a bounded number of rows (LIMIT, a global
aggregate). Placeholders of f-strings and `%`/`format` templates are rendered as stand-in
identifiers so the text stays valid SQL.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"--[^\n]*|/\*(?!\+)[\s\S]*?\*/")
_QUOTED = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.)*\"")
_TOKEN = re.compile(r"`[^`]*`|[A-Za-z_][\w$]*|\d+(?:\.\d+)?|\S")
_PERCENT = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
_FORMAT_FIELD = re.compile(r"\{(\w*)(?:[^{}]*)\}")
_HINT = re.compile(r"\b(?:broadcast|broadcastjoin|mapjoin)\s*\(([^)]*)\)", re.IGNORECASE)
_HINT_BLOCK = re.compile(r"/\*\+([\s\S]*?)\*/")
_FROM_JOIN = re.compile(
    r"\b(from|join)\s+(`[^`]+`|[A-Za-z_][\w.$]*)(?:\s+(?:as\s+)?(?!on\b|where\b|join\b|left\b|right\b"
    r"|inner\b|full\b|cross\b|group\b|order\b|limit\b|union\b|lateral\b|natural\b|using\b)([A-Za-z_]\w*))?",
    re.IGNORECASE,
)
_LIMIT = re.compile(r"\blimit\s+\d+\s*;?\s*$", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bgroup\s+by\b", re.IGNORECASE)
_AGG_HEAD = re.compile(
    r"^\s*select\s+(?:(?:count|max|min|sum|avg|approx_count_distinct)\s*\()", re.IGNORECASE
)
_NUMERIC_BEFORE = re.compile(r"\b(?:limit|interval|top|offset)\s*$", re.IGNORECASE)
_SQL_START = re.compile(
    r"^\s*(?:\(\s*)*(?:select|with|insert|create|merge|update|delete|from)\b", re.I
)


def looks_like_sql(text: str) -> bool:
    """True when a string reads as a SQL statement (starts with SELECT/WITH/INSERT...)."""
    return bool(_SQL_START.match(strip_comments(text)))


def strip_comments(sql: str) -> str:
    """Blank out comments (keeping hints `/*+ ... */` and line breaks)."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), sql)


def stand_in(name: str, preceding: str) -> str:
    """A stand-in for a template placeholder: a number after LIMIT/INTERVAL, else an identifier."""
    if _NUMERIC_BEFORE.search(preceding):
        return "1"
    ident = re.sub(r"\W+", "_", name).strip("_")
    if not ident or ident[0].isdigit():
        ident = "p_" + ident
    return ident


def render_template(text: str) -> str:
    """Replace `%s` / `%(x)s` / `{x}` placeholders of a Python template by stand-ins."""
    if "%" in text:
        text = _PERCENT.sub(lambda m: stand_in(m.group(1) or "param", text[: m.start()]), text)
    if "{" in text:
        text = _FORMAT_FIELD.sub(lambda m: stand_in(m.group(1) or "param", text[: m.start()]), text)
    return text


def select_stars(sql: str) -> list[tuple[int, int]]:
    """(line, column) of each `*` or `alias.*` in a SELECT list, 1-based lines, 0-based columns."""
    clean = _QUOTED.sub(lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", strip_comments(sql))
    found: list[tuple[int, int]] = []
    depth = 0
    # Per paren depth: are we inside a SELECT list at that depth?
    in_list: dict[int, bool] = {}
    prev = ""
    prev2 = ""
    for m in _TOKEN.finditer(clean):
        tok = m.group(0)
        low = tok.lower()
        if tok == "(":
            depth += 1
            in_list[depth] = False
        elif tok == ")":
            in_list.pop(depth, None)
            depth = max(0, depth - 1)
        elif low == "select":
            in_list[depth] = True
        elif low in ("from", "where", "union", "except", "intersect", ";", "into"):
            in_list[depth] = False
        elif tok == "*" and in_list.get(depth):
            pl = prev.lower()
            qualified = prev == "." and (prev2[:1].isalpha() or prev2[:1] in "_`")
            if pl in ("select", "distinct", "all", ",") or qualified:
                line = clean.count("\n", 0, m.start()) + 1
                col = m.start() - (clean.rfind("\n", 0, m.start()) + 1)
                found.append((line, col))
        prev2, prev = prev, tok
    return found


def joined_tables(sql: str) -> tuple[list[tuple[str, str]], set[str]]:
    """(table, alias) after each FROM / JOIN, in order, and the names a broadcast hint names."""
    clean = strip_comments(sql)
    tables = [
        (m.group(2).strip("`"), (m.group(3) or "").lower())
        for m in _FROM_JOIN.finditer(clean)
        if m.group(2).lower() not in ("select", "values", "lateral", "unnest")
    ]
    hinted: set[str] = set()
    for block in _HINT_BLOCK.findall(clean):
        for names in _HINT.findall(block):
            hinted.update(n.strip().strip("`").lower() for n in names.split(",") if n.strip())
    return tables, hinted


def has_join(sql: str) -> bool:
    """True when the text has an explicit JOIN keyword."""
    return bool(re.search(r"\bjoin\b", strip_comments(sql), re.IGNORECASE))


_METADATA = re.compile(
    r"^\s*(?:show|describe|desc|explain|set|use|create|drop|alter|insert|msck|refresh|analyze"
    r"|cache|uncache|truncate|merge|update|delete|optimize|vacuum)\b",
    re.IGNORECASE,
)


def is_bounded(sql: str) -> bool:
    """True when the result size is bounded: a final LIMIT, one global aggregate row, or a
    command / metadata statement (SHOW, DESCRIBE, CREATE...) rather than a query."""
    clean = strip_comments(sql).strip()
    if _METADATA.match(clean):
        return True
    if _LIMIT.search(clean):
        return True
    return bool(_AGG_HEAD.match(clean)) and not _GROUP_BY.search(clean)
