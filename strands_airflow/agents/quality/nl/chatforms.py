"""Round 30: chat forms of not-null, table-level and list rules, read before a request is parsed.

Each function is a few guarded regexes over the raw request; each rewrites one idiom into the
spelling the parser already reads, and leaves everything else alone.

* **"nulls are NOT ok for <col>"**: "not ok / okay / fine / acceptable" is "not allowed" (the
  verdict word made the sentence unreadable).
* **"no nulls for either"** after a rule on "<a> and <b>": the two columns of that rule.
* **"no dupes"** said after the question that asked for a rule ("... is never null on t? and no
  dupes pls"): the same column's uniqueness, one sentence with the rule.
"""

from __future__ import annotations

from collections.abc import Callable

from strands_airflow.agents.quality.nl import fastre as re

_NOT_OK = r"(?:not|never|NOT|NEVER)\s+(?:ok|okay|OK|fine|acceptable|tolerated|permitted)"
#: "Nulls are NOT ok for electrode_type", "blanks are never fine in x"
_NULLS_NOT_OK_FOR = re.compile(
    rf"(?i)\b(?P<what>nulls?|blanks?|missing\s+values?|empty\s+values?)\s+(?:are|is)\s+{_NOT_OK}"
    r"\s+(?P<prep>for|in|on)\s+(?=[a-z`])(?!(?:either|both|them|these|those|it|any)\b)"
)
#: "a and b must each be 0-15. nulls are NOT ok for either": the pair the sentence before named
_FOR_EITHER = re.compile(
    rf"(?i)(?P<lead>(?:^|[.;!?\n]\s*)(?:and\s+|also\s+)?)(?P<what>nulls?|blanks?|missing\s+values?)\s+(?:are|is)\s+"
    rf"(?:{_NOT_OK}|not\s+allowed)\s+(?:for|in|on)\s+(?:either|both)(?:\s+of\s+them|\s+one)?(?=[\s.!]*(?:$|\n))"
)
_PAIR = re.compile(
    r"(?i)\b(?P<a>[a-z][a-z0-9]*_[a-z0-9_]+)\s+(?:and|&)\s+(?P<b>[a-z][a-z0-9]*_[a-z0-9_]+)\b"
)
#: "<ask that x is never null on t>? and no dupes pls": the uniqueness of the column just asked for
_ASKED_THEN_NO_DUPES = re.compile(
    r"(?i)(?P<ask>\b(?:check|make\s+sure|ensure|verify|test)\s+(?:that\s+)?[^?.!\n]{1,120}?)\?\s+"
    r"(?P<tail>(?:and|also|plus)\s+no\s+(?:dupes|dups|duplicates)\b)"
)

#: "..., and no rider_id should be missing": a negative subject that names a column, after a comma
#: (the "no" was lost there: "no x should be null" became "x IS NULL", the bad case as the rule)
_NO_COLUMN_STATE = re.compile(
    r"(?i)\bno\s+(?P<col>`?[a-z][a-z0-9]*_[a-z0-9_]*`?)\s+(?:should|must|shall|may|can|will|is\s+allowed\s+to|is\s+to)"
    r"\s+(?:ever\s+)?be\s+(?:left\s+)?(?P<state>null|missing|blank|empty|unset)\b"
)
#: "after the 6am load", "the 7 pm run": a clock time before a run is written as 06:00 (the "6am" was a
#: column word or a number of the rule)
_CLOCK_RUN = re.compile(
    r"(?i)\b(?P<h>\d{1,2})(?::(?P<mm>[0-5]\d))?\s?(?P<ap>a\.?m\.?|p\.?m\.?)(?=\s+(?:[a-z]+\s+)?"
    r"(?:load|run|batch|refresh|import|ingest|sync|extract|delivery|drop|job|export|update)s?\b)"
)


def _clock(m: re.Match[str]) -> str:
    h = int(m.group("h"))
    if h < 1 or h > 12:
        return m.group(0)
    if m.group("ap").lower().startswith("p") and h != 12:
        h += 12
    elif m.group("ap").lower().startswith("a") and h == 12:
        h = 0
    return f"{h:02d}:{m.group('mm') or '00'}"


def clock_runs(text: str) -> str:
    """`text` with "the 6am load" written "the 06:00 load" (a time the parser reads as a run's)."""
    if "m" not in text or not re.search(r"\d", text):
        return text
    return _CLOCK_RUN.sub(_clock, text)


def chat_null_forms(text: str) -> str:
    """`text` with chat spellings of "<col> must not be null" written as the parser reads them."""
    low = text.lower()
    if "null" in low or "blank" in low or "missing" in low or "empty" in low:
        text = _NO_COLUMN_STATE.sub(
            lambda m: f"{m.group('col')} must not be {m.group('state')}", text
        )
        text = _NULLS_NOT_OK_FOR.sub(
            lambda m: f"{m.group('what')} are not allowed {m.group('prep')} ", text
        )
        if "either" in low or "both" in low:
            text = _FOR_EITHER.sub(_for_either(text), text)
    if "?" in text and "dup" in low:
        text = _ASKED_THEN_NO_DUPES.sub(lambda m: f"{m.group('ask')}, {m.group('tail')}", text)
    return text


def _for_either(text: str) -> Callable[[re.Match[str]], str]:
    def one(m: re.Match[str]) -> str:
        pairs = list(_PAIR.finditer(text[: m.start()]))
        if not pairs:
            return m.group(0)  # no pair before: left for the parser to refuse
        p = pairs[-1]
        return f"{m.group('lead')}{m.group('what')} are not allowed for {p.group('a')} and {p.group('b')}"

    return one


#: "Monte Carlo freshness rule on t using ts, threshold 8 hours": the threshold after a comma
_FRESHNESS_THRESHOLD = re.compile(
    r"(?i)(?P<head>\bfreshness\b(?:[^.;:\n]|\.(?=\w)){0,80}?\b(?:using|by|based\s+on|on\s+column|via)\s+`?[a-z][\w]*`?)\s*,\s*"
    r"(?=(?:with\s+(?:a\s+)?)?(?:threshold|max(?:imum)?\s+age|sla|tolerance)\b)"
)
#: "no new rows land in t for 3 hours": the silence of a feed over a window is its freshness
_NO_ROWS_FOR = re.compile(
    r"(?i)(?P<head>\bno\s+(?:new\s+)?(?:rows|records|data|entries)\s+(?:land|arrive|come\s+in|show\s+up|appear|get\s+loaded)"
    r"(?:\s+(?:in|into)\s+`?[a-z][\w.]*`?)?)\s+for\s+(?=(?:more\s+than\s+|over\s+)?\d)"
)
#: "flag it if the bookings are older than 6 hours": the newest of the rows named, past an age
_ROWS_OLDER = re.compile(
    r"(?i)\b(?P<ask>(?:flag|alert|page|warn|fail|ping|tell)(?:\s+(?:it|us|me|them|the\s+team))?\s+)?"
    r"(?P<cond>if|when|whenever)\s+the\s+(?P<newest>(?:newest|latest|most\s+recent|last)\s+)?(?P<rows>[a-z]+s)\s+(?:are|get)\s+older\s+than\s+(?=\d)"
)

#: "Page\n#kite-ops if it trips": a channel wrapped onto the next line is no heading or comment
_WRAPPED_CHANNEL = re.compile(
    r"(?i)\b(?P<verb>page|ping|tell|notify|alert|message|post\s+(?:in|to)|escalate\s+to)[ \t]*\n[ \t]*(?=[#@][\w-])"
)

#: "MC volume rule on t -- alert if ...": a double hyphen after a short heading is its dash (never
#: after SQL: "x > 0 -- a comment" keeps its comment)
_DOUBLE_HYPHEN_HEAD = re.compile(r"(?m)^(?P<head>[^\n<>=()'\"`-]{1,60}?)[ \t]+--[ \t]+(?=[A-Za-z])")


def _rows_older(m: re.Match[str]) -> str:
    ask = "alert " if m.group("ask") else ""
    newest = m.group("newest") or "newest "
    return f"{ask}{m.group('cond')} the {newest}{m.group('rows')} are older than "


def table_rule_forms(text: str) -> str:
    """`text` with chat and Monte Carlo spellings of freshness written as the parser reads them."""
    low = text.lower()
    if "\n" in text and ("#" in text or "@" in text):
        text = _WRAPPED_CHANNEL.sub(lambda m: m.group("verb") + " ", text)
    if " -- " in text:
        text = _DOUBLE_HYPHEN_HEAD.sub(lambda m: m.group("head") + " \u2014 ", text)
    if "fresh" in low and "," in text:
        text = _FRESHNESS_THRESHOLD.sub(lambda m: m.group("head") + ": ", text)
    if "no " in low and " for " in low:
        text = _NO_ROWS_FOR.sub(lambda m: m.group("head") + " within ", text)
    if "older than" in low:
        text = _ROWS_OLDER.sub(_rows_older, text)
    return text


#: "wick sizes r only ever A/B/C": chat "r" for "are" before a rule word
_CHAT_ARE = re.compile(
    r"(?i)(?<=[a-z_])[ \t]+r[ \t]+(?=(?:only|never|always|all|unique|required|mandatory|not|between|either|one\s+of)\b)"
)
#: "should only ever contain A, B or C": "ever" between "only" and a verb of containing
_ONLY_EVER_VERB = re.compile(
    r"(?i)\bonly\s+ever\s+(?=(?:contains?|holds?|have|has|takes?|includes?|uses?)\b)"
)

#: "..., lock it down pls": an ask to enforce the rule just stated (read as one more value of a list)
_LOCK_IT_DOWN = re.compile(
    r"(?i)\s*[,;\u2014-]\s*(?:(?:so|and|then)\s+)?(?:(?:pls|please|plz)\s+|let'?s\s+|can\s+we\s+|could\s+we\s+)?"
    r"(?:lock|nail|pin|tie)\s+(?:it|them|this|that|these|those)\s+down"
    r"(?:\s+(?:pls|please|plz|asap|thanks|thx|for\s+us|too))*\s*(?=[.!?\n]|$)"
)


def list_forms(text: str) -> str:
    """`text` with chat spellings of a closed list of values written as the parser reads them."""
    low = text.lower()
    if " r " in low:
        text = _CHAT_ARE.sub(" are ", text)
    if " down" in low:
        text = _LOCK_IT_DOWN.sub("", text)
    if "only ever" in low:
        text = _ONLY_EVER_VERB.sub("only ", text)
    return text
