"""Round 30: conditions never dropped, and rules that stay with their own subject.

Each function is one class, a few guarded regexes compiled once, run on the request after
literals are set aside (see docs/quality_nl.md, "Round 30 (conditions and conjunctions)").
"""

from __future__ import annotations

import re

_MODAL_AHEAD = r"(?=(?:must|should|shall|has\s+to|have\s+to|needs?\s+to)\b)"
#: the rows a condition just stated leaves out, named as people or things ("everyone else",
#: "all other work", "every other show", "the rest")
_ELSE_ROWS = (
    r"(?:(?:every|any)(?:one|body|thing)\s+else|all\s+(?:the\s+)?others|all\s+(?:the\s+)?other\s+[a-z-]+|"
    r"(?:every|any)\s+other\s+[a-z-]+|the\s+rest(?:\s+of\s+(?:the\s+)?[a-z-]+)?)"
)
#: "..., everyone else can go up to 120", "; all other work can be anywhere from 6 to 14"
_ELSE_CLAUSE = re.compile(
    rf"(?i)\s*[,;]\s*(?:and\s+|but\s+|while\s+)?{_ELSE_ROWS}\s+(?:(?P<perm>can|may)\s+(?!not\b|be\s+(?:any(?:thing|where\s+at\s+all)?|whatever|null|empty|blank|missing|left|unset)\b|stay\b|remain\b)|{_MODAL_AHEAD})"
)
#: "... and at least 6 for every other show": a bound on the rows the condition leaves out
_ELSE_BOUND = re.compile(
    r"(?i)\s*,?\s+and\s+(?P<rule>(?:at\s+(?:least|most)|between|from|under|over|above|below|no\s+(?:more|less)\s+than|"
    r"up\s+to|zero|null|empty|-?\d)[^,;.\n]*?)\s+for\s+(?:every|all|any|each)\s+other\s+[a-z-]+(?=\s*(?:[.;\n]|$))"
)


def else_branches(text: str) -> str:
    """ "x_col for juniors (kind = 'J') tops out at 93, everyone else can go up to 120": the
    second clause is the rule on the rows the condition leaves out, an "otherwise" rule (it
    was read as a permission and dropped, or its subject was taken for a column)."""
    if "other" not in text and "else" not in text and "rest" not in text:
        return text
    # "everyone else can go up to 120" bounds the other rows: the permission is the rule there
    text = _ELSE_CLAUSE.sub(lambda m: "; otherwise it must " if m.group("perm") else "; otherwise it ", text)
    return _ELSE_BOUND.sub(r"; otherwise it must be \g<rule>", text)


#: "(a + b together)", "(a, b combined)": a key in brackets, with a word that says it is one key
_KEY_BRACKET_WORD = re.compile(
    r"(?i)\((?P<k>\s*[a-z_]\w*(?:\s*[+,&]\s*[a-z_]\w*)+)\s+(?:together|combined|jointly|as\s+a\s+pair)\s*\)"
)


def key_bracket_words(text: str) -> str:
    """ "x must be unique per season (x + season together)": the bracket is the key, the word
    after it says only that it is one (kept, it made the bracket a remark and the key lost its
    second column: `unique (x, x)` or `unique (x)`)."""
    if "(" not in text or not re.search(r"(?i)together|combined|jointly|as a pair", text):
        return text
    return _KEY_BRACKET_WORD.sub(r"(\g<k>)", text)


#: "x_col is required and must be unique per season": a state, then a rule, on one column
_STATE_AND_RULE = re.compile(
    r"(?i)\b(?P<s>[a-z][a-z0-9]*_[a-z0-9_]+)\s+(?P<v>is|are)\s+(?P<st>required|mandatory|compulsory)\s+and\s+"
    r"(?P<m>must|should|has\s+to|have\s+to|needs\s+to|shall)\s+(?=be\s+unique\b)"
)


def state_and_rule(text: str) -> str:
    """ "x_col is required and must be unique per season (x_col + season)": two sentences on one
    subject (read as one, the key's scope took the not-null too, and the bracket's key lost a
    column: `unique (x_col, x_col)`)."""
    if " and " not in text or "unique" not in text:
        return text
    return _STATE_AND_RULE.sub(r"\g<s> \g<v> \g<st>; \g<s> \g<m> ", text)


#: ", and <col> must ...": a new rule with its own subject
_AND_NEW_SUBJECT = re.compile(
    r"(?i),\s+and\s+(?=[a-z][a-z0-9]*_[a-z0-9_]+\s+(?:must|should|shall|has\s+to|needs\s+to|may|can|is|are)\b)"
)
#: a clause that states a shape
_SHAPE_VERB = re.compile(r"(?i)\b(?:looks?\s+like|match(?:es)?|follows?)\b")


def and_new_subject(text: str) -> str:
    """ "a_col looks like AB-1234 (...), and b_col must be a valid email": two rules, each on
    its own subject (read as one, both shapes went to both columns). Only after a clause that
    states a shape ("looks like", "matches", "follows"); each ", and" is looked at once, and
    its clause back to the last stop."""
    if ", and " not in text or not _SHAPE_VERB.search(text):
        return text
    out, last = [], 0
    for m in _AND_NEW_SUBJECT.finditer(text):
        start = max(text.rfind(stop, 0, m.start()) for stop in ".;:")
        if _SHAPE_VERB.search(text, start + 1, m.start()):
            out += [text[last : m.start()], "; "]
            last = m.end()
    return "".join(out) + text[last:] if out else text
