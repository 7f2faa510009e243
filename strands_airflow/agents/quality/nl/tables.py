"""Table-level rules in prose: row counts of a run and the freshness of a table.

Each function is one class of wording, run on the raw request (before literals are set
aside) by `RuleParser.parse`; each returns its text unchanged unless its cue is there, so
that the common request pays one substring test per class.
"""

from __future__ import annotations

import re

#: "a day-load", "the hour-run", "per week-batch": a run named by its period (the hyphen made
#: the run a word of its own, and the row count of "a day-load brings fewer than 5 rows" was
#: not read)
_PERIOD_RUN = re.compile(r"(?i)\b(day|hour|week|month|night)-(load|run|batch|import|sync|upload|export|extract|drop)\b")
_PERIOD_ADJ = {"day": "daily", "hour": "hourly", "week": "weekly", "month": "monthly", "night": "nightly"}


def period_runs(text: str) -> str:
    """"a day-load" -> "a daily load" (the run the row count is evaluated on)."""
    if "-" not in text:
        return text
    return _PERIOD_RUN.sub(lambda m: f"{_PERIOD_ADJ[m.group(1).lower()]} {m.group(2)}", text)


#: "at least 1 row after the weekly load, and ...": when the count is taken, no part of the rule
#: (before ", and <rule>" it was read as a column comparison "after")
_ROWS_AFTER_RUN = re.compile(
    r"(?i)\b(rows?|records?)\s+(?:after|following|at\s+the\s+end\s+of|once)\s+(?:the\s+|each\s+|every\s+|a\s+|its\s+)?"
    r"(?:[\w:-]+\s+){0,2}?(?:load|run|batch|import|refresh|sync|upload|export|extract|delivery|ingest(?:ion)?)s?\b(?=\s*,)"
)

#: a row count stated earlier in the request ("between 20 and 400 rows", "more than 5000 rows")
_ROW_COUNT = re.compile(r"(?i)\b\d[\d,.]*\s*[kKmM]?\s+(?:rows?|records?)\b")
#: "..., and fewer than 10 means the upload broke", "; under 20 indicates ...": a bound with no
#: noun of its own after a row count, then what it means: the same rows (the bound was read as
#: a comparison of a made-up column `means_upload_broke`). A clause of its own.
_BARE_COUNT_MEANS = re.compile(
    r"(?i)(?P<join>,\s*(?:and|but)\s+|;\s*|\.\s+)?(?P<cmp>\b(?:fewer|less|more|greater)\s+than|\b(?:under|below|over|above))\s+"
    r"(?P<n>\d[\d,.]*\s*[kKmM]?)(?=\s+(?:means|indicates|signals|is\s+a\s+sign|tells\s+us|would\s+mean)\b)"
)


#: "no older than 12 hours at any point in the working day", "... at all times": how long the
#: rule holds, no part of it (the day was read as a column)
_ALWAYS = re.compile(
    r"(?i)\s+(?:at\s+any\s+(?:point|time|moment)(?:\s+(?:in|of|during)\s+the\s+(?:working\s+|business\s+)?(?:day|week|shift))?|at\s+all\s+times)\b"
)


def always_qualifier(text: str) -> str:
    """Drop "at any point in the day" / "at all times" after a rule."""
    return _ALWAYS.sub("", text) if " at a" in text else text


#: "between 3,000 and 3,500 employees in the export (one row each)": entities counted, one row
#: each, are the rows (the bound went to the key `employee_number`)
_ENTITIES_ONE_ROW_EACH = re.compile(
    r"(?i)(?P<num>\b(?:between\s+\d[\d,.]*\s+and\s+\d[\d,.]*|(?:at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|no\s+more\s+than|no\s+fewer\s+than)\s+\d[\d,.]*))"
    r"\s+[a-z]+s\s+(?P<where>(?:in|per)\s+(?:the|each|every|a)\s+(?:[\w-]+\s+)?(?:export|extract|table|file|feed|load|snapshot|delivery))"
    r"\s*\((?:one|1)\s+row\s+(?:each|apiece|per\s+[a-z]+)\)"
)


def row_count_prose(text: str) -> str:
    """Row counts said of a run: "<n> rows after the weekly load" is "<n> rows"; a bare bound
    that means something broke, after a row count, counts the same rows."""
    if "row" not in text and "record" not in text:
        return text
    if " row each" in text or " row per " in text or " row apiece" in text:
        text = _ENTITIES_ONE_ROW_EACH.sub(r"\g<num> rows \g<where>", text)
    if " after " in text or " following " in text or " once " in text or " at the end of " in text:
        text = _ROWS_AFTER_RUN.sub(r"\1", text)
    if ("mean" in text or "indicat" in text or "signal" in text or "tells" in text) and (first := _ROW_COUNT.search(text)):

        def _count(m: re.Match[str]) -> str:
            if m.start() < first.end():
                return m.group(0)
            join = ". " if m.group("join") else ""
            cmp = m.group("cmp")
            return f"{join}{cmp[0].upper() + cmp[1:] if join else cmp} {m.group('n')} rows"

        text = _BARE_COUNT_MEANS.sub(_count, text)
    return text


#: "at least 40 rows (we never survey fewer than 40 quadrats)": the writer's own practice in
#: brackets after a rule with a modal is the reason for the rule, context (its words were read
#: as a column: "no column matches 'survey'")
_OWN_PRACTICE = re.compile(
    r"(?i)(?P<rule>\b(?:must|should|shall|needs?\s+to|has\s+to|have\s+to)\b[^()\n]*?)\s*"
    r"\((?P<aside>(?:we|i|our\s+\w+)\s+(?:never|always|usually|normally|only|don't|do\s+not|can't|cannot)\s+[^()]{3,80})\)"
)


def own_practice_aside(text: str, context: list[str]) -> str:
    """Drop "(we never / always ... )" after a rule, listing it as context."""
    if "(" not in text:
        return text

    def _drop(m: re.Match[str]) -> str:
        # a number of its own ("(we only allow 1 to 3 for juniors)") is another rule: kept
        if not set(re.findall(r"\d+(?:\.\d+)?", m.group("aside"))) <= set(re.findall(r"\d+(?:\.\d+)?", m.group("rule"))):
            return m.group(0)
        context.append(m.group("aside"))
        return m.group("rule")

    return _OWN_PRACTICE.sub(_drop, text)


#: "Check 3: plays freshness. The plays data should be ...": a numbered heading that names the
#: kind of check the next sentence states (the heading's "check" made it a directive of its own,
#: and "plays freshness" was refused)
_KIND_HEADING = re.compile(
    r"(?im)^[ \t]*(?P<h>(?:check|step|rule|test|monitor)\s*#?\d+\s*[:.\u2014\u2013-]\s*(?:[\w-]+\s+){0,3}?"
    r"(?:freshness|volume|row\s+counts?|completeness|uniqueness)\s*[.:])[ \t]*(?=\S)"
)

#: "daily tallies should be in by 8pm... actually just make sure tallied_at is no older than 26
#: hours": the writer takes the first ask back after a pause and states the rule meant; the
#: first ask is context
_TAKEN_BACK = re.compile(
    # (after a pause: "...", an ellipsis or a dash; after a bare comma only an explicit marker,
    # never "actually", which also just goes on: "x must be positive, actually check y too")
    r"(?i)(?:^|(?<=[.!?\n]))(?P<old>[^.!?\n]*?\w)(?:(?:\.{2,}|\u2026|\s+[-\u2013\u2014]+)\s*(?:actually|on\s+second\s+thought|scratch\s+that|never\s*mind(?:\s+that)?|forget\s+that)"
    r"|\s*,\s*(?:on\s+second\s+thought|scratch\s+that|never\s*mind(?:\s+that)?|forget\s+that))\s*,?\s+(?:just\s+)?"
    r"(?P<new>(?:make\s+sure|check|ensure|verify|confirm|require)\b)"
)


#: "the nightly ward census extract -- fail the checkpoint if ...": the table named before a
#: dash, then the ask: a label (read with the ask, the bad case lost its frame and its two
#: bounds became the rule)
_TABLE_DASH_LABEL = re.compile(
    r"(?i)^(?P<h>\s*(?:the\s+|our\s+)?(?:[\w-]+\s+){0,4}?(?:extract|table|feed|load|export|dataset|file|snapshot)\s*(?:--|\u2014|\u2013))\s*"
    r"(?=(?:fail|alert|page|flag|warn|error|check|make\s+sure|ensure|verify)\b)"
)


def table_headings(text: str, context: list[str]) -> str:
    """A numbered heading naming a check kind, a table named before a dash, and an ask taken
    back, are context."""

    def _label(m: re.Match[str]) -> str:
        context.append(m.group("h").strip(" -\u2014\u2013"))
        return ""

    if "--" in text or "\u2014" in text or "\u2013" in text:
        text = _TABLE_DASH_LABEL.sub(_label, text)
    if ":" in text and re.search(r"(?i)fresh|volume|count|complete|unique", text):
        text = _KIND_HEADING.sub(_label, text)
    if re.search(r"(?i)actually|second\s+thought|scratch\s+that|never\s*mind|forget\s+that", text):

        def _back(m: re.Match[str]) -> str:
            context.append(m.group("old").strip())
            return m.group("new")

        text = _TAKEN_BACK.sub(_back, text)
    return text


#: "every job needs a sweep assigned": the participle after the needed thing says it is there
#: (it made the sentence unreadable); "set to 5", "assigned by ..." stay
_NEEDS_ASSIGNED = re.compile(
    r"(?i)\b(?P<v>needs?|must\s+have|has\s+to\s+have|should\s+have|requires?)\s+(?P<n>an?\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
    r"(?:assigned|set|filled\s+in|recorded|attached|entered|specified|linked|given)\b"
    r"(?!\s+(?:to|as|by|at|on|in|from|for|with|when|if|unless)\b)"
)
#: "bouts with no fencer are not acceptable": rows lacking a thing, judged bad, is the thing's
#: presence (it was refused)
_ROWS_WITH_NO = re.compile(
    r"(?i)\b(?P<e>[a-z]+s)\s+(?:with\s+no|without\s+an?|without|lacking\s+an?|missing\s+an?)\s+(?P<n>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
    r"(?:are|is)\s+(?:(?:never|not)\s+(?:acceptable|allowed|ok(?:ay)?|permitted|valid|fine)|unacceptable|invalid|forbidden|disallowed)\b"
)


def needed_things(text: str) -> str:
    """"every X needs a Y assigned" is "every X needs a Y"; "Xs with no Y are not acceptable" is
    "every X needs a Y"."""
    if "need" in text or "have" in text or "require" in text:
        text = _NEEDS_ASSIGNED.sub(r"\g<v> \g<n>", text)
    if " no " in text or "without" in text or "lacking" in text or "missing" in text:
        text = _ROWS_WITH_NO.sub(lambda m: f"every {m.group('e')[:-1]} needs a {m.group('n')}", text)
    return text
