"""Remarks around a rule that are no rule, read before a request is parsed.

* **Blanks allowed, said after a rule** ("x should be a valid link when present; lots are
  blank and that's fine", "... -- plenty of sheds don't have one, that's fine", "... where
  provided - many older panels have none", "(old jobs don't have one)"): the column is
  optional; the remark is context and never a check (it was a column of its own, or the
  request was refused). "don't make them mandatory" is a permission too: it was a not-null on
  a column `them`, the opposite of what was asked.
* **"when they're there"** is "when present" (the optional form).
* **"...; otherwise at least 25"** is "otherwise it must be at least 25" (the rule of the rows
  the condition leaves out, subject and verb left out).
* **What the rule's bad side means, and why it is asked**: "; fewer than 20 means the app didn't
  sync" (the number is the rule's), ", we don't want dupes" after a uniqueness, "(we never survey
  fewer than 40 quadrats)" (a first-person bracket whose numbers are the rule's): context.
* **A wish that names no rule** ("make the data in t better before the audit") raises.
* **An ask pointing back at the rule just said** ("would be great to have that as a check",
  "that's exactly what we need on t"): context.
"""

from __future__ import annotations

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.build import ACCEPTED_FORMS
from strands_airflow.exceptions import QualityRequestError

_SEP = r"(?:\s*[;,]\s*|\s*[.]\s+|\s+[\u2014\u2013-]+\s+|\s*--\s*|\s+(?:and|but|though)\s+)"
_FINE = (
    r"(?:\s*(?:,|and|,\s*and)\s*(?:that'?s|thats|that\s+is|which\s+is|it'?s|its|this\s+is)\s+"
    r"(?:fine|ok|okay|expected|allowed|normal|acceptable|not\s+a\s+problem))?"
)
_MANY = r"(?:lots|many|most|some|half|plenty|a\s+lot|loads|a\s+few|several)"
#: "leave blanks alone", "blanks are fine": empty values are allowed
_BLANKS_OK = (
    r"(?:(?:just\s+|please\s+)?leave\s+(?:the\s+)?(?:blanks?|empty\s+ones|nulls?|them)\s+(?:alone|be)"
    r"|(?:blanks?|nulls?|empties|empty\s+ones)\s+(?:are|is)\s+(?:fine|ok|okay|expected|allowed|normal))"
)
_BLANK_REMARK = re.compile(
    rf"(?i){_SEP}(?P<r>(?:(?:so|since|as|because)\s+)?(?:"
    # "lots are blank", "half of them are empty"
    rf"{_MANY}(?:\s+of\s+(?:them|the\s+[\w-]+|[\w-]+))?\s+(?:are|is|were|will\s+be|come\s+in|arrive)\s+(?:blank|empty|null|missing|unset)"
    # "plenty of sheds don't have one", "many older panels have none"
    rf"|{_MANY}(?:\s+of)?(?:\s+(?:the|our))?(?:\s+[\w-]+){{1,2}}?\s+(?:don'?t|do\s+not|dont|doesn'?t|won'?t)\s+have\s+(?:one|it|any|them|an?\s+[\w-]+)"
    rf"|{_MANY}(?:\s+of)?(?:\s+(?:the|our))?(?:\s+[\w-]+){{1,2}}?\s+(?:have|has)\s+none"
    # round 32a: "gift cards don't carry a barcode, so leave blanks alone": the rows that leave
    # it empty, and the permission (read as a rule, "don't carry a barcode" was `barcode IS
    # NULL` on every row)
    r"|(?:[\w-]+\s+){1,3}?(?:don'?t|do\s+not|dont|doesn'?t|does\s+not)\s+(?:carry|have|get|come\s+with)\s+(?:an?|any)\s+[\w-]+"
    rf"(?:\s*,?\s*(?:so|and)\s+{_BLANKS_OK})?"
    rf"){_FINE})\s*(?=[.!;\n]|$)"
)
#: "(old jobs don't have one)": why the column may be empty, in brackets
_BLANK_BRACKET = re.compile(
    r"(?i)\s*\((?P<r>(?:[\w-]+\s+){1,4}?(?:(?:don'?t|do\s+not|dont|doesn'?t|didn'?t|won'?t)\s+have\s+(?:one|it|any|them|an?\s+[\w-]+)"
    # "(finds by hand have no dog)", "(walk-ins have none)": the rows that leave it empty
    r"|(?:have|has|had|come\s+with|carry)\s+(?:no\s+[a-z][\w-]*|none)))\)"
)
#: "so please don't make them mandatory": a permission, never a not-null
_NOT_MANDATORY = re.compile(
    r"(?i)(?:\s*[,;]?\s*(?:so|and|but)\s+|^|(?<=[.!?])\s+)(?P<r>(?:please\s+|pls\s+)?(?:don'?t|do\s+not|dont|no\s+need\s+to)\s+make\s+"
    r"(?:it|them|this|that|these|those)\s+(?:mandatory|required|compulsory|not\s+null|non-?null|non-?nullable))\s*(?=[.!;\n]|$)"
)
_THERE = re.compile(r"(?i)\b(when|if|where)\s+(?:they'?re|they\s+are|it'?s|it\s+is)\s+there\b")
#: "would be great to have that as a check", "that's exactly what we need on t"
_ASK_BACK = re.compile(
    r"(?i)(?:(?<=[?.!])\s+|\s*[,;]\s*|\s+[\u2014\u2013-]+\s+)(?P<r>(?:it\s+)?would\s+be\s+(?:great|nice|good|ideal|awesome|handy|helpful|lovely)\s+to\s+have\s+"
    r"(?:that|this|it|these|those)(?:\s+as\s+an?\s+(?:check|test|rule|expectation|monitor))?"
    r"|(?:that'?s|thats|that\s+is|this\s+is)\s+(?:exactly\s+|just\s+|precisely\s+)?what\s+(?:we|i)\s+(?:need|want)(?:\s+(?:on|for|in)\s+[\w.]+)?)"
    r"\s*[.!]?\s*(?=\n|$)"
)


#: "x has to be 0 when f = true; otherwise at least 25": the other rows' rule, its subject and
#: verb left out (read as written, "otherwise" was a column of its own)
_OTHERWISE_BARE = re.compile(
    r"(?i)(?:\s*[;,]\s*|(?<=\.)\s+)otherwise\s*,?\s+(?=(?:at\s+least|at\s+most|above|below|under|over|more\s+than|less\s+than"
    r"|no\s+more\s+than|no\s+less\s+than|between|>=|<=|[<>]|empty|blank|null|positive|negative|zero)(?:\s|\d|$))"
)


#: "make the data in t better before the audit": a wish that names no rule (its words were a
#: comparison of two made-up columns: `jobs_better < insurer_audit`)
_VAGUE = re.compile(
    r"(?i)(?P<r>\b(?:please\s+|pls\s+|can\s+(?:we|you|someone)\s+|could\s+(?:we|you|someone)\s+)?(?:make|get)\s+(?:the\s+|our\s+)?data"
    r"(?:\s+(?:in|of|on|for)\s+(?:the\s+)?[\w.]+)?\s+(?:(?:a\s+(?:lot|bit)\s+)?(?:better|cleaner|nicer|good|great|right|correct|accurate|reliable|trustworthy|"
    r"more\s+(?:reliable|accurate|consistent|trustworthy|complete|correct))|(?:clean|cleaned\s+up|sorted(?:\s+out)?|fixed|tidied(?:\s+up)?))\b"
    r"(?:\s+(?:before|by|for|ahead\s+of)\s+[^.;!?\n]*)?\??)"
)


#: "; fewer than 20 means the driver app didn't sync": what the bad side of a bound just given means
_BOUND_MEANS = re.compile(
    r"(?i)(?:\s*[;,]\s*|(?<=[.])\s+|\s+[\u2014\u2013-]+\s+|\s*--\s*)(?P<r>(?:anything\s+|and\s+)?(?:fewer|less|more|lower|higher|below|above|over|under)"
    r"(?:\s+than)?\s+(?P<n>-?\d[\d.,]*)(?:\s+[a-z]+)?\s+(?:means|=|->|would\s+mean|is\s+a\s+sign)\s+[^.;!?\n<>=]{1,80}?)\s*(?=[.;!?\n]|$)"
)
#: ", we don't want dupes" after a uniqueness, ", we don't want blanks" after a not-null
_DONT_WANT = re.compile(
    r"(?i)\s*[,;]\s*(?P<r>(?:and\s+|as\s+|since\s+|because\s+)?(?:we|i)\s+(?:don'?t|do\s+not|dont|never)\s+want\s+(?:any\s+)?"
    r"(?P<what>dupes|duplicates|doubles|repeats|nulls|blanks|empties|gaps))\s*(?=[.;!?\n]|$)"
)
#: "(we never survey fewer than 40 quadrats)", "(no 13th end in any of our rounds)": a remark in
#: the first person in brackets after a rule, whose numbers are the rule's own (or ordinals)
_OUR_BRACKET = re.compile(r"(?i)\s*\((?P<r>[^()«»=<>_'\"]{3,100})\)")  # a wrapped line may run on inside
_FIRST_PERSON = re.compile(r"(?i)\b(?:we|our|us|i)\b")
_RULE_WORDS = re.compile(r"(?i)\b(?:must|should|shall|unique|null|required|mandatory|only|valid|format|allowed|one\s+of)\b")


def _our_bracket(text: str, context: list[str]) -> str:
    def keep(m: re.Match[str]) -> str:
        inner, before = m.group("r"), text[: m.start()]
        if not _FIRST_PERSON.search(inner) or _RULE_WORDS.search(inner) or not re.search(r"\d", before):
            return m.group(0)
        nums = re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", inner)
        if any(not re.search(rf"(?<![\w.]){re.escape(n)}(?![\w.])", before) for n in nums):
            return m.group(0)
        context.append(" ".join(inner.split()))
        return ""

    return _OUR_BRACKET.sub(keep, text)


#: "x is required if s = 'C', and must be null otherwise", "x > 0 for sold lots (...), null
#: otherwise": the other rows' rule said before "otherwise"
_OTHERWISE_AFTER = re.compile(
    r"(?i)(?<=\S)(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:(?:it\s+)?(?:must|should|has\s+to|needs\s+to)\s+be\s+)?"
    r"(?P<p>null|empty|blank|(?:at\s+least|at\s+most|above|below|under|over)\s+-?\d+(?:\.\d+)?)\s+otherwise\b"
)
#: "x has to be filled in when s = 'C', otherwise it should be empty": the comma before
#: "otherwise" ends the condition (read on, "otherwise ..." was part of the condition)
_OTHERWISE_COMMA = re.compile(
    r"(?i)(?P<c>\b(?:when|if|whenever)\b[^.;,\n]{1,120}?)\s*,\s*otherwise\s*,?\s+(?=(?:it|they|the\s+\w+|[a-z_]\w*)\s+(?:must|should|has|needs|is|are|can|may)\b)"
)


def _drop(pattern: object, text: str, context: list[str]) -> str:
    def keep(m: re.Match[str]) -> str:
        context.append(m.group("r").strip())
        return ""

    return pattern.sub(keep, text)  # type: ignore[attr-defined]


#: a rule that forbids blanks ("x is required", "must not be null", "no missing x")
_FORBIDS_BLANKS = re.compile(
    r"(?i)\b(?:must|should|has\s+to|have\s+to|needs?\s+to|is|are)\s+(?:always\s+)?(?:be\s+)?(?:filled|set|present|populated)\b"
    r"|\bnot\s+(?:be\s+)?(?:null|empty|blank)|\bnever\s+(?:be\s+)?(?:null|empty|blank|missing)|\brequired\b|\bmandatory\b"
    r"|\bno\s+(?:missing|nulls?|blanks?|empty)\b"
)


def _blank_remark(text: str, context: list[str]) -> str:
    """`_BLANK_REMARK` set aside as context; beside a rule that forbids blanks it cannot be held
    (round 32a: "qty is required; refunds don't have a qty" was the not-null alone)."""

    def keep(m: re.Match[str]) -> str:
        before = re.split(r"[.;\n]", text[: m.start()])[-1]
        # (the optional form "when it's filled in" allows blanks: it is no rule against them)
        before = re.sub(r"(?i)\b(?:when|if|where|whenever|once)\b[^,;]*", "", before)
        if _FORBIDS_BLANKS.search(before):
            raise QualityRequestError(
                f"{m.group('r').strip()!r} says some rows leave the column empty, beside a rule that "
                "forbids blanks; say which rows must have it ('when <col> is <value>, <rule>')"
            )
        context.append(m.group("r").strip())
        return ""

    return _BLANK_REMARK.sub(keep, text)


def context_remarks(text: str, context: list[str]) -> str:
    """The request with the remarks above set aside as context."""
    low = text.lower()
    if "there" in low:
        text = _THERE.sub(r"\1 present", text)
    if "have" in low or "carry" in low or "blank" in low or "empty" in low or "null" in low or "missing" in low:
        text = _blank_remark(text, context)
        text = _drop(_BLANK_BRACKET, text, context)
    if "make" in low:
        text = _drop(_NOT_MANDATORY, text, context)
    if "otherwise" in low:
        text = _OTHERWISE_BARE.sub("; otherwise it must be ", text)
        text = _OTHERWISE_AFTER.sub(lambda m: f"; otherwise it must be {m.group('p')}", text)
        text = _OTHERWISE_COMMA.sub(lambda m: f"{m.group('c')}; otherwise ", text)
    if "data" in low:
        m = _VAGUE.search(text)
        if m:
            rest = re.sub(r"\b[A-Z][A-Z0-9]*-\d+\b", "", text[: m.start()] + text[m.end() :])  # a ticket key
            if not re.search(r"\d|[<>=«'\"]|\b(?:must|should|never|unique|null|only|required|between)\b", rest, re.I):
                raise QualityRequestError(
                    f"{m.group('r').strip()!r} names no rule: state what must hold; {ACCEPTED_FORMS}"
                )
    if "mean" in low or "=" in low or "->" in low or "sign" in low:

        def means(m: re.Match[str]) -> str:
            if not re.search(rf"(?<![\w.]){re.escape(m.group('n'))}(?![\w.])", text[: m.start()]):
                return m.group(0)
            context.append(m.group("r").strip())
            return ""

        text = _BOUND_MEANS.sub(means, text)
    if "want" in low:

        def dont_want(m: re.Match[str]) -> str:
            before = re.split(r"[.;\n]", text[: m.start()])[-1].lower()
            dup = m.group("what").lower() in ("dupes", "duplicates", "doubles", "repeats")
            said = r"\b(?:unique|distinct|no\s+dup)" if dup else r"\b(?:not\s+(?:be\s+)?(?:null|empty|blank)|required|mandatory|filled|never\s+(?:be\s+)?(?:null|empty|blank))"
            if not re.search(said, before):
                return m.group(0)
            context.append(m.group("r").strip())
            return ""

        text = _DONT_WANT.sub(dont_want, text)
    if "(" in text:
        text = _our_bracket(text, context)
    if "would be" in low or "what we" in low or "what i" in low:
        text = _drop(_ASK_BACK, text, context)
    if " and " in low and _ACTION_AFTER.search(text):
        text = _drop(_ACTION_AFTER, text, context)
    if "zero" in low or "negative" in low or "0-" in low:

        def no_empty_span(m: re.Match[str]) -> str:
            before = re.split(r"[.;\n]", text[: m.start()])[-1]
            if not _ORDER.search(before) or _NOT_STRICT.search(before):  # ">=" would let them through
                return m.group(0)
            context.append(m.group("r").strip())
            return ""

        text = _NO_EMPTY_SPAN.sub(no_empty_span, text)
    return text


#: "end_at has to be after start_at, no zero-length sessions": what a strict order of two
#: columns rules out, said again (read as a rule, the noun was a made-up column: `session >
#: start_at`); only after an order of two columns in the same sentence
_NO_EMPTY_SPAN = re.compile(
    r"(?i)(?:\s*[,;]\s*|\s+[\u2014\u2013-]+\s+|\s*--\s*|(?<=[.])\s+)(?P<r>(?:(?:so|i\.e\.?|ie|i\.\s*e\.|meaning|and|that\s+is)\s*,?\s+)?(?:no|zero)\s+"
    r"(?:zero|negative|0)[\s-](?:length|duration|time|minute|second|hour|day|width)\s+[a-z][\w-]*)\s*(?=[.;!?\n]|$)"
)
_NOT_STRICT = re.compile(r"(?i)\bor\s+(?:equal|the\s+same|after|before|later|earlier)|>=|<=|=>|=<|\bnot\s+(?:be\s+)?(?:before|after|earlier|later)|\bno\s+(?:earlier|later)|\bat\s+(?:least|most)")
_ORDER = re.compile(r"(?i)\b(?:after|before|later\s+than|earlier\s+than|greater\s+than|more\s+than|exceed|precede|follow)\b|>|<")
#: "flag any row where x is above 110 and escalate to facilities", "... over 5 and notify the
#: site lead": what people do about a bad row, after the bound's number (it was a column
#: `escalate_facilities`, and the request was refused); never a clause with a rule of its own
_ACTION_AFTER = re.compile(
    r"(?i)(?<=\d)(?:\s*%|\s*[a-z]{1,3}\b)?\s*,?\s+(?P<r>and\s+(?:then\s+|also\s+)?(?:escalate|notify|page|email|e-mail|ping|tell|inform|message|call|warn|let)\s+"
    r"(?![^.;!?\n]*(?:\b(?:must|should|shall|is|are|be|never|always|unique|null)\b|[<>=]|\d))[^.;!?\n]{1,60}?)\s*(?=[.;!?\n]|$)"
)
