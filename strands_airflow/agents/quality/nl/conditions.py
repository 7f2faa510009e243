"""Round 30: conditions never dropped, and rules that stay with their own subject.

Each function is one class, a few guarded regexes compiled once, run on the request after
literals are set aside (see docs/quality_nl.md, "Round 30 (conditions and conjunctions)").
"""

from __future__ import annotations

from collections.abc import Callable

from strands_airflow.agents.quality.nl import fastre as re

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


#: a part of a sentence about the rows a condition leaves out ("everything else half that"),
#: unless it only allows ("everything else can be null", "all other rows are fine")
_ELSE_PART = re.compile(
    rf"(?i)^\W*(?:and\s+|but\s+|while\s+)?{_ELSE_ROWS}\b(?!\s+(?:(?:can|may)\s+(?:be\s+(?:any(?:thing|where)?|whatever|"
    r"null|empty|blank|missing|left|unset|ignored|skipped)|stay|remain|go\s+unchecked)\b|(?:is|are)\s+(?:fine|ok|okay|allowed|"
    r"unrestricted|exempt|free|not\s+checked|ignored)\b|(?:does|do|need)\s*(?:n[o']?t|not)\b|needn'?t\b"
    # "the rest we don't care about": no rule on them; "anything else is a typo": the verdict on
    # the values the rule before rules out
    r"|(?:\w+\s+){0,2}(?:do|does)\s*(?:n[o']?t|not)\s+(?:care|matter)|(?:is|are)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:typos?|errors?|mistakes?|bugs?|junk|garbage|bogus|wrong|invalid|bad|impossible|someone)\b))"
)


def else_part_unread(part: str) -> bool:
    """A part about the rows a condition leaves out that states something of them: a rule the
    sentence loop could not read (never context to drop; see `else_branches`)."""
    return bool(_ELSE_PART.search(part))


#: ", everything else 0 to 50", "; all other events under 40": the other rows' bound with no
#: verb of its own (round 31)
_ELSE_VERBLESS = re.compile(
    rf"(?i)\s*[,;]\s*(?:and\s+|but\s+|while\s+)?{_ELSE_ROWS}\s*(?::|\u2014|\u2013|-)?\s+"
    r"(?:(?:is|are|gets?|stays?)\s+)?(?=(?:between|from|within|at\s+(?:least|most)|up\s+to|under|over|above|below|"
    r"no\s+(?:more|less|higher|lower)\s+than|(?:more|less|higher|lower)\s+than|max(?:imum)?|min(?:imum)?|-?\d)[^,;.\n]*\d)"
)


def else_branches(text: str) -> str:
    """ "x_col for juniors (kind = 'J') tops out at 93, everyone else can go up to 120": the
    second clause is the rule on the rows the condition leaves out, an "otherwise" rule (it
    was read as a permission and dropped, or its subject was taken for a column)."""
    if "other" not in text and "else" not in text and "rest" not in text:
        return text
    # "everyone else can go up to 120" bounds the other rows: the permission is the rule there
    text = _ELSE_CLAUSE.sub(lambda m: "; otherwise it must " if m.group("perm") else "; otherwise it ", text)
    # "..., everything else 0 to 50": the bound on the other rows, said without a verb (round 31)
    text = _ELSE_VERBLESS.sub("; otherwise it must be ", text)
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


# Round 31: a key in brackets after a uniqueness rule (see docs/quality_nl.md, "Round 31
# (conditions, keys and a column by its meaning)").

#: a key's column name, and a list of them joined by "+", ",", "&", "and" or "with"
KEY_ITEM = r"[A-Za-z_][A-Za-z0-9_]*"
KEY_LIST = rf"{KEY_ITEM}(?:\s*(?:\+|,|&|\band\b|\bwith\b)\s*{KEY_ITEM})+"


def key_items(keys: str) -> list[str]:
    """The names of a `KEY_LIST`, in order."""
    return [w for w in re.split(r"(?i)\s*(?:\+|,|&|\band\b|\bwith\b)\s*", keys.strip()) if w]


def column_test(columns: list[str] | None) -> Callable[[str], bool]:
    """Whether a word is a column of the table, or, with no columns known, looks like one."""
    known = {c.lower() for c in columns or []}
    return (lambda w: w.lower() in known) if known else (lambda w: "_" in w)


#: "<subject> are unique per block (block_code + tag_no together)", "x must be unique (a and b)":
#: the bracket lists the key's columns
_UNIQUE_BRACKET = re.compile(
    r"(?i)(?:^|(?<=[.;:\n,]))(?P<subj>[^.;:\n,()]*?)\b(?P<v>is|are|must\s+be|should\s+be|shall\s+be|will\s+be|"
    r"has\s+to\s+be|have\s+to\s+be|needs?\s+to\s+be)\s+(?:always\s+)?unique\s*"
    r"(?:(?:per|within|for\s+(?:each|every)|in\s+(?:each|every|a|the)|by)\s+[^().;:\n,]{1,40}?\s*)?"
    rf"\(\s*(?P<k>{KEY_LIST})\s*"
    r"(?:together|combined|jointly|as\s+a\s+pair|as\s+one\s+key)?\s*\)"
)


def unique_bracket_key(text: str, columns: list[str] | None = None) -> str:
    """ "tag numbers are unique per block (block_code + tag_no together)": the bracket is the
    whole key, said once each ("(block_code, tag_no) must be unique"); the subject's words and
    the scope's say the same columns again (read with them, the key was `(tag_no, tag_no)`, or
    `(tag_no, block_code, tag_no)`). Only when every bracketed name is a column of the table
    (or, with no columns known, looks like one) and the subject names no column outside it."""
    if "unique" not in text or "(" not in text:
        return text
    is_column = column_test(columns)

    def key(m: re.Match[str]) -> str:
        items = key_items(m.group("k"))
        if not all(is_column(w) for w in items):
            return m.group(0)
        lowered = [w.lower() for w in items]
        named = [w for w in re.findall(KEY_ITEM, m.group("subj")) if is_column(w) and ("_" in w or columns)]
        if any(w.lower() not in lowered for w in named):
            # "lot_no must be unique per site (site_id + bay_id)": a subject of its own beside
            # the bracket; left as it was
            return m.group(0)
        once = list(dict.fromkeys(items))
        verb = m.group("v").lower().split()[0]
        modal = verb if verb in ("should", "shall") else "must"
        subj = m.group("subj")
        return f"{subj[: len(subj) - len(subj.lstrip())]}({', '.join(once)}) {modal} be unique"

    return _UNIQUE_BRACKET.sub(key, text)
