"""Round 32b: a condition in brackets after the rows it names, pronouns, examples and rules
joined by "and" (see docs/quality_nl.md, "Round 32 (conditions in brackets, pronouns, examples
and joined rules)").

Each function is one class, run on the request after literals are set aside.
"""

from __future__ import annotations

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.conditions import KEY_ITEM, KEY_LIST, column_test, key_items
from strands_airflow.exceptions import QualityRequestError

_MODALS = r"must|should|shall|can|may|will|is|are|be|between|needs?|has|have"
#: where a requirement sentence starts (a clause start, an optional joiner) and ends
_LEAD = r"(?P<lead>(?:^|(?<=[,;:.!?\n]))\s*(?:(?:and|but|also|plus)\s+)?)"
_END = r"(?P<end>\s*(?:[,;]\s|\.(?:\s|$)|\n|$))"
#: "needs guardian_name filled in", "must have a carer_phone": a column required to be filled in
_NEEDS = (
    r"(?:needs?|requires?|(?:must|should|has\s+to|have\s+to)\s+have)\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
    r"(?P<col>[a-z][a-z0-9]*_[a-z0-9_]+)"
    r"(?:\s+(?:filled\s+in|filled|set|present|populated|provided|recorded|entered|on\s+file))?"
)

#: "anyone under 16 (rider_age < 16) needs guardian_name filled in", "and members over 65
#: (member_age > 65) must have a carer_phone": rows named in words, the condition spelled out in
#: brackets, then a requirement that a column be filled in
_WHO_BRACKET_NEEDS = re.compile(
    r"(?i)" + _LEAD
    + r"(?P<who>(?:[\w'\u2019-]+\s+){0,5}?[\w'\u2019-]+)\s*"
    r"\(\s*(?P<cond>[a-z][a-z0-9_]*\s*(?:==?|!=|<>|<=|>=|<|>)\s*(?:«\d+»|-?\d+(?:\.\d+)?|true|false)"
    r"|[a-z][a-z0-9]*_[a-z0-9_]+\s+is\s+(?:not\s+)?(?:true|false|null|«\d+»))\s*\)\s*"
    + _NEEDS
    + _END
)


def _required_when(m: re.Match[str], cond: str, lead: str) -> str:
    """ "<col> must not be null when <cond>", a sentence of its own where `m` stood."""
    end = m.group("end")
    tail = "; " if end.strip().startswith(",") else end
    return f"{lead}{m.group('col')} must not be null when {cond}{tail}"


def bracket_condition_needs(text: str) -> str:
    """ "anyone under 16 (rider_age < 16) needs guardian_name filled in": the people the prose
    names are the rows the bracket spells out, so the bracket is the condition of the
    requirement, "<col> must not be null when <condition>", a sentence of its own (read apart,
    the bracket was a rule, `rider_age < 16`, and the requirement was lost; left joined to the
    rule before it, the condition guarded that rule too)."""
    if "(" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        who = m.group("who")
        if re.search(rf"(?i)\b(?:{_MODALS})\b|_", who):
            return m.group(0)  # the bracket follows a rule or a column, not the rows it is about
        lead = m.group("lead")
        return _required_when(m, m.group("cond"), "; " if lead.strip() else lead)

    out = _WHO_BRACKET_NEEDS.sub(repl, text)
    return re.sub(r"\s*,\s*;\s*", "; ", out)


#: ", e.g. GER, AUT, ITA", ", for example NLRTM or DEHAM", ", such as 'A1' and 'B2'", ", like
#: X, Y": values shown as examples after a rule, to the end of its clause
_EXAMPLE_ITEM = r"(?:«\d+»|[\w'\u2019.+-]+)"
_EXAMPLES = re.compile(
    r"(?i)\s*,\s*(?P<ex>(?:e\.\s?g\.?|eg\.?|for\s+example|for\s+instance|such\s+as|like|say)\s*,?\s+"
    rf"{_EXAMPLE_ITEM}(?:(?:\s*,\s*|\s*/\s*|\s+(?:or|and)\s+|\s*,\s*(?:or|and)\s+){_EXAMPLE_ITEM}){{0,11}}"
    r"(?:\s*,?\s*(?:etc\.?|and\s+so\s+on))?)"
    r"(?=\s*(?:[;)]|\.(?:\s|$)|\n|$|,\s*(?:and|but|plus|also)\s))"
)


def example_values(text: str, context: list[str]) -> str:
    """ "nation_code needs to be 3 uppercase letters, e.g. GER, AUT, ITA": the values after
    "e.g." / "for example" / "such as" / "like" show what the rule means; they are context,
    never columns (read as a list of subjects, each example became a column with the rule:
    `aut must match regex ...`). Only after a rule (a modal or "be" before them in the clause)."""
    if not re.search(r"(?i)\b(?:e\.\s?g|eg|for\s+example|for\s+instance|such\s+as|like|say)\b", text):
        return text

    def repl(m: re.Match[str]) -> str:
        clause = re.split(r"[;.\n]\s", text[: m.start()])[-1]
        if not re.search(r"(?i)\b(?:must|should|shall|needs?\s+to|has\s+to|have\s+to|be|is|are|only|match(?:es)?)\b|«\d+»", clause):
            return m.group(0)
        context.append(m.group("ex").strip())
        return ""

    return _EXAMPLES.sub(repl, text)


#: "..., and (practice_id, skater_id) unique together", "... and unique per team (team_id +
#: roster_number together)": a second key, joined by "and" to a rule before it
_AND_BRACKET_KEY = re.compile(
    r"(?i)(?P<head>(?:\b[ei]\.\s?[ge]\.|[^.;:\n])*?\S)\s*,?\s+and\s+(?:also\s+)?"
    rf"(?:\(\s*(?P<k1>{KEY_LIST})\s*\)\s+(?:(?:must|should|has\s+to|needs\s+to)\s+be\s+|are\s+|is\s+|be\s+)?"
    r"(?:always\s+)?unique(?:\s+(?:together|combined|jointly|as\s+a\s+pair))?"
    r"|(?:always\s+)?unique\s+(?:per|within|for\s+(?:each|every)|in\s+(?:each|every)|by)\s+[^().;:\n,]{1,40}?\s*"
    rf"\(\s*(?P<k2>{KEY_LIST})\s*(?:together|combined|jointly|as\s+a\s+pair|as\s+one\s+key)?\s*\))"
    r"(?=\s*(?:[.;\n]|,\s|$))"
)


def and_bracket_key(text: str, columns: list[str] | None = None) -> str:
    """ "make attendance_id unique, and (practice_id, skater_id) unique together", "roster_number
    is 1 to 4 digits and unique per team (team_id + roster_number together)": the bracket after
    "and" is a key of its own, "(a, b) must be unique", a rule apart from the one before "and"
    (read as one list, the first rule's column joined the key, `unique (x, a, b)`, or the scope's
    words made up a column). Only when every bracketed name is a column of the table (or, with
    no columns known, looks like one); after "unique per", the subject before "and" must be in
    the key."""
    if "unique" not in text or "(" not in text or "and" not in text:
        return text
    is_column = column_test(columns)

    def repl(m: re.Match[str]) -> str:
        items = key_items(m.group("k1") or m.group("k2"))
        if not all(is_column(w) for w in items):
            return m.group(0)
        head = m.group("head")
        if not re.search(r"(?i)\b(?:unique|must|should|is|are|be|between|null|match(?:es)?)\b", head):
            return m.group(0)  # no rule before "and": the bracket may be the whole subject
        if m.group("k2"):
            named = [w.lower() for w in re.findall(KEY_ITEM, head) if is_column(w)]
            if not named or named[0] not in {w.lower() for w in items}:
                return m.group(0)  # the scope is another column's: left as it was
        once = list(dict.fromkeys(items))
        return f"{head}; ({', '.join(once)}) must be unique"

    return _AND_BRACKET_KEY.sub(repl, text)


#: "rows need guardian_name filled in when rider_age < 16": a requirement, then its condition on
#: another column
_NEEDS_WHEN = re.compile(
    r"(?i)" + _LEAD
    + r"(?P<who>(?:[\w'\u2019-]+\s+){0,4}?[\w'\u2019-]+)\s+"
    + _NEEDS
    + r"\s+(?:when|if|whenever|where)\s+(?P<cond>[a-z][a-z0-9]*_[a-z0-9_]+\s*(?:==?|!=|<>|<=|>=|<|>)\s*(?:«\d+»|-?\d+(?:\.\d+)?|true|false))"
    + _END
)
#: "anyone under 16 needs guardian_name filled in": rows named by a bound in words on no column
_WHO_BOUND_NEEDS = re.compile(
    r"(?i)(?:^|(?<=[,;:.!?\n]))\s*(?:(?:and|but|also|plus)\s+)?"
    r"(?P<who>(?:any|every|each|all|no)?(?:one|body)?\s*[a-z'-]*\s*"
    r"(?:under|over|below|above|younger\s+than|older\s+than|less\s+than|more\s+than|aged|at\s+least|at\s+most)\s+-?\d+(?:\.\d+)?"
    r"(?:\s+[a-z]+)?)\s+" + _NEEDS
)


_OPS = {
    "over": ">", "above": ">", "more than": ">", "greater than": ">", "under": "<", "below": "<",
    "less than": "<", "at least": ">=", "at most": "<=", ">": ">", "<": "<", ">=": ">=", "<=": "<=",
}
#: "weight_kg over 20 needs a permit_no": rows named by a bound on a column, then a requirement
_COL_BOUND_NEEDS = re.compile(
    r"(?i)(?P<lead>(?:^|(?<=[,;:.!?\n]))\s*(?:(?:and|but|also|plus)\s+)?(?:any|every|each|all)?\s*)"
    r"(?P<c>[a-z][a-z0-9]*_[a-z0-9_]+)\s+(?:(?:of|is|are)\s+)?"
    r"(?P<op>over|above|more\s+than|greater\s+than|under|below|less\s+than|at\s+least|at\s+most|>=|<=|>|<)\s*"
    r"(?P<n>-?\d+(?:\.\d+)?)\s+" + _NEEDS + _END
)


def needs_when(text: str) -> str:
    """ "rows need guardian_name filled in when rider_age < 16": "<col> must not be null when
    <condition>" (read as one clause, the condition's comparison went onto the required column,
    `guardian_name < 16`, and the requirement held on every row). "anyone under 16 needs <col>"
    names no column for "under 16": refused, never a bound on <col>."""
    if "need" not in text and "require" not in text and "have" not in text:
        return text
    def repl(m: re.Match[str]) -> str:
        if re.search(r"(?i)\b(?:must|should|shall|can|may|will|is|are|be|between)\b|_", m.group("who")):
            return m.group(0)
        lead = m.group("lead")
        return _required_when(m, m.group("cond"), "; " if lead.strip() else lead)

    def col_bound(m: re.Match[str]) -> str:
        lead = m.group("lead")
        start = "; " if re.search(r"(?i)\b(?:and|but|also|plus)\b", lead) else lead[: len(lead) - len(lead.lstrip())]
        op = _OPS[re.sub(r"\s+", " ", m.group("op").lower())]
        return _required_when(m, f"{m.group('c')} {op} {m.group('n')}", start)

    text = _COL_BOUND_NEEDS.sub(col_bound, text)
    text = re.sub(r"\s*,\s*;\s*", "; ", _NEEDS_WHEN.sub(repl, text))
    bound = _WHO_BOUND_NEEDS.search(text)
    if bound and "_" not in bound.group("who"):
        raise QualityRequestError(
            f"{bound.group(0).strip()!r}: which column holds {bound.group('who').strip()!r}? name it, e.g. "
            f"'when <col> < <number>, {bound.group('col')} must not be null'"
        )
    return text
