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
_PAIR = re.compile(r"(?i)\b(?P<a>[a-z][a-z0-9]*_[a-z0-9_]+)\s+(?:and|&)\s+(?P<b>[a-z][a-z0-9]*_[a-z0-9_]+)\b")
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
        text = _NO_COLUMN_STATE.sub(lambda m: f"{m.group('col')} must not be {m.group('state')}", text)
        text = _NULLS_NOT_OK_FOR.sub(lambda m: f"{m.group('what')} are not allowed {m.group('prep')} ", text)
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
