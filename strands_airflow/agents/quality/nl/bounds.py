"""Both bounds of one column stated as bad cases, read before a request is parsed.

* **"... and keep it under N"** is "it must be under N" (it was a column `keep`).
* **Two bad cases joined by "or"** ("alert if any row has x below 0 or above 30000", "no
  fencer has a birth_year before 1930 or after 2020", "x shouldn't be under 1.8 or above 4.5",
  "no rate below 1.5 or above 6 per head"): the rows allowed are those between the two
  numbers, both included; the sentence is rewritten to "<subject> must be between <low> and
  <high>" (a unit after a number is dropped, a percentage kept). The low number is the one after the low word (below / under / before / less than
  ...) whatever the order the two are said in; two low words, two high words, or a low bound
  above the high one are left as written (the parser then reads or refuses them as before:
  it never guesses which of the two was meant). Read apart, the second bad case kept no
  negation ("no X may have a y below 1930 or above 2020" was `y > 2020`: the bad case as the
  rule) or the two bounds were swapped.
"""

from __future__ import annotations

from typing import Any

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.exceptions import QualityRequestError

_LOW = r"(?:below|under|beneath|less\s+than|lower\s+than|smaller\s+than|fewer\s+than|before|earlier\s+than)"
_HIGH = (
    r"(?:above|over|more\s+than|greater\s+than|higher\s+than|larger\s+than|bigger\s+than|after|later\s+than"
    r"|exceeding|in\s+excess\s+of)"
)
_NUM = r"-?\d+(?:,\d{3})*(?:\.\d+)?"
# a unit after a number: "%", "mm", "kg", "litres", "per head" (never a connective or a verb)
_UNIT = (
    r"(?:\s*%|\s+per\s+[a-z]+|\s+(?!(?:or|and|is|are|be|was|were|for|in|on|at|the|a|an|it|then|but|so|nor)\b)"
    r"[a-zA-Z\u00b0]{1,8}\b(?!\s+(?:is|are|must|should|has|have|can|may)\b))?"
)
_VERB = r"(?:(?:is|are|be|gets?|goes|go|falls?|drops?|dips?|rises?|climbs?|reads?|comes?\s+in)\s+)?"
_PAIR = (
    rf"{_VERB}(?P<w1>{_LOW}|{_HIGH})\s+(?P<n1>{_NUM})(?P<u1>{_UNIT})\s*,?\s+or\s+{_VERB}"
    rf"(?P<w2>{_LOW}|{_HIGH})\s+(?P<n2>{_NUM})(?P<u2>{_UNIT})"
)
# the pair ends its clause: a stop, a comma, a dash, "and", or the end of the text
_END = r"(?=\s*(?:[.;!?,:)\n]|--|[\u2014\u2013]|\s-\s|$)|\s+(?:and|but)\b)"
_SUBJ = r"(?P<subj>(?:(?!(?:is|are|has|have|had|must|should|may|can|will|shall|be|with|where|or|and)\b)[\w.]+\s+){0,3}?(?!(?:is|are|has|have|must|should|may|can|will|shall|be|with|where|or|and)\b)[\w.]+)"
_ROW = r"(?:rows?|records?|entries|entry|lines?|items?)"
_WHO = r"(?:\s+(?:me|us|someone|somebody|the\s+team|(?:the\s+)?on-?call|[#@][\w-]+))?"
#: "alert if any row has x below 0 or above 5", "flag rows where x is under 1 or over 9"
_BAD_FRAME = re.compile(
    rf"(?i)\b(?:alert|flag|fail|warn|page|error|notify|reject)(?:s|ed)?{_WHO}(?:\s+(?:(?:any|all|the)\s+)?{_ROW})?"
    r"\s+(?:if|when|whenever|on|where|for|with|having|whose)\s+"
    rf"(?:(?:any|a|an|the|some|all)\s+)?(?:(?:{_ROW}|[\w-]+)\s+(?:that\s+)?(?:has|have|with|where|having|whose)\s+)?"
    rf"(?:(?:an?|the|its|their)\s+)?{_SUBJ}\s+{_PAIR}{_END}"
)
#: "no fencer has a birth_year before 1930 or after 2020", "nobody may have an age under 18 or over 99"
_NEG_SUBJECT = re.compile(
    r"(?i)\b(?:no|nobody|no\s+one|none\s+of\s+the)(?:\s+(?!(?:may|can|should|must|shall|will|has|have)\b)[\w]+){0,2}\s+"
    r"(?:(?:may|can|should|must|shall|will|is\s+allowed\s+to|are\s+allowed\s+to)\s+(?:ever\s+)?)?"
    rf"(?:has|have|having|with|gets?|records?|shows?)\s+(?:(?:an?|any|the)\s+)?{_SUBJ}\s+{_PAIR}{_END}"
)
#: "no rate below 1.5 or above 6 per head" (a subject of no verb)
_NO_SUBJECT = re.compile(rf"(?i)\bno\s+{_SUBJ}\s+{_PAIR}{_END}")
#: "x shouldn't be under 1.8 or above 4.5", "y must not be before 1930 or after 2020"
_NOT_VERB = re.compile(
    r"(?i)\b(?:(?:must|should|can|may|shall|will|could|does|do|is|are)\s*(?:not|n't|nt|never)|cannot|mustnt|shouldnt|cant|wont"
    r"|isnt|arent|never)\s+(?:ever\s+)?(?:be\s+)?"
    rf"{_PAIR}{_END}"
)


def _bounds(m: re.Match[str]) -> tuple[str, str] | None:
    """(low, high) as written, units kept; None unless one low and one high word, low <= high."""
    low1 = re.fullmatch(_LOW, m.group("w1").lower()) is not None
    low2 = re.fullmatch(_LOW, m.group("w2").lower()) is not None
    if low1 == low2:
        return None
    a = (m.group("n1"), m.group("u1") or "")
    b = (m.group("n2"), m.group("u2") or "")
    lo, hi = (a, b) if low1 else (b, a)
    if float(lo[0].replace(",", "")) > float(hi[0].replace(",", "")):
        return None
    # a unit is dropped ("between 2 and 90 kg" made a column `kg`); a percentage stays one
    def pct(n: tuple[str, str]) -> str:
        return n[0] + ("%" if n[1].strip() == "%" else "")

    return pct(lo), pct(hi)


#: a count of rows, not a column: "a daily load lands fewer than 20 or more than 3000 rows"
_ROWS = re.compile(
    r"(?i)\b(?:rows?|records?|entries|lines|loads?|batch(?:es)?|runs?|partitions?|files?|deliver(?:y|ies)|tables?"
    r"|lands|brings|arrives|delivers|contains|day-load)\b"
)


def _rewrite(pattern: Any, text: str, keep_subject: bool) -> str:
    def sub(m: re.Match[str]) -> str:
        b = _bounds(m)
        said = " ".join(x or "" for x in (m.groupdict().get("subj"), m.group("u1"), m.group("u2")))
        if b is None or _ROWS.search(said):
            return m.group(0)
        head = f"{m.group('subj')} " if keep_subject else ""
        return f"{head}must be between {b[0]} and {b[1]}"

    return pattern.sub(sub, text)


def both_bad_bounds(text: str) -> str:
    """Two bad cases of one column joined by "or" -> the inclusive range between them."""
    if "keep" in text:
        text = _KEEP_IT.sub(lambda m: f"{m.group('s')} must be ", text)
    if " or " not in text and " or\n" not in text:
        return text
    low = text.lower()
    if not re.search(rf"(?i)\b{_LOW}\b", low) or not re.search(rf"(?i)\b{_HIGH}\b", low):
        return text
    text = _rewrite(_BAD_FRAME, text, True)
    text = _rewrite(_NEG_SUBJECT, text, True)
    text = _rewrite(_NO_SUBJECT, text, True)
    return _rewrite(_NOT_VERB, text, False)


_CMP = (
    r"(?:below|under|above|over|more\s+than|less\s+than|greater\s+than|fewer\s+than|higher\s+than|lower\s+than"
    r"|at\s+least|at\s+most|beyond|past|exceeding)"
)
#: "anything over 12 for dry_time_hours isn't real": the column after "for" is the subject
_ANYTHING_FOR = re.compile(
    rf"(?i)\b(?:anything|any\s+values?|any\s+readings?|any\s+figures?)\s+(?P<cmp>{_CMP})\s+(?P<n>{_NUM})"
    rf"(?:{_UNIT})\s+(?:for|in|on|of)\s+(?:the\s+)?(?P<col>[A-Za-z][\w.]*)\b(?!\s+(?:is|are|must|should|has|have)\b)"
)
#: "Fleece weights: anything over 15 kg is garbage": the heading is what "anything" is
_HEADING_ANYTHING = re.compile(
    rf"(?im)^(?P<h>[A-Za-z][\w ]{{0,40}}?)\s*:\s+(?:anything|any\s+values?|any\s+readings?)\s+(?={_CMP}\s)"
)
#: the subject of a rule: "flue_temp_c shouldnt exceed 600", "the beat rate must be ..."
_RULE_SUBJECT = re.compile(
    r"(?i)^\s*(?:[A-Z][A-Z0-9]*-\d+\s*:?\s*)?(?:AC\s*:\s*)?(?P<s>(?:the\s+)?(?:(?!(?:must|should|shall|can|cannot|may|is|are|has|have|needs?|never|not)\b)[\w.]+\s+){0,2}"
    r"(?!(?:must|should|shall|can|cannot|may|is|are|has|have|needs?|never|not)\b)[\w.]+)\s+"
    r"(?:must|should|shall|can|cannot|cant|can't|shouldnt|shouldn't|mustn't|mustnt|may|has\s+to|needs?\s+to|is|are|never|isn't|isnt)\b"
)
#: what a sentence is about: "ph readings look off sometimes", "x is stored as a percentage"
_SAID_SUBJECT = re.compile(
    r"(?i)^\s*(?:hi\s+all,?\s+|hi,?\s+)?(?P<s>(?:(?!(?:is|are|looks?|seems?|must|should)\b)[\w.]+\s+){0,3}?"
    r"(?!(?:is|are|looks?|seems?|must|should|anything|it|this|that|they|we|i)\b)[\w.]+)\s+"
    r"(?:looks?|seems?|is\s+stored|are\s+stored|is\s+kept|are\s+kept|is\s+recorded|are\s+recorded)\b"
)
_JOIN = re.compile(r"(?i)\s*,?\s+(?:and|but)\s+(?:also\s+)?|\s*,\s+")
_PRONOUN_ANYTHING = re.compile(rf"(?i)^(?:anything|any\s+values?|any\s+readings?)\s+(?={_CMP}\s)")
_PRONOUN_IT = re.compile(r"(?i)^(?:it|they)\s+(?=(?:must|should|can|cannot|cant|can't|may|shouldn't|shouldnt|mustn't)\b)")
_STOP = re.compile(r"(?<=[.;!?])\s+|\n")


def verdict_clauses(text: str) -> str:
    """A bad case called a bug / typo / garbage, joined by "and" / a comma to a rule on the same
    column, is a sentence of its own, and "anything" / "it" there is that column:
    "x shouldnt exceed 600, and anything below -30 is a sensor glitch" -> "x shouldnt exceed
    600; x below -30 is a sensor glitch". Read as one clause, the bad case lost its verdict and
    became the rule (`x <= -30` beside `x <= 600`)."""
    low = text.lower()
    if "anything" in low or "any value" in low or "any reading" in low or "any figure" in low:
        text = _ANYTHING_FOR.sub(lambda m: f"{m.group('col')} {m.group('cmp')} {m.group('n')}", text)
        text = _HEADING_ANYTHING.sub(lambda m: f"{m.group('h')} ", text)
    if " and " not in text and ", " not in text:
        return text
    from strands_airflow.agents.quality.nl.frontend import _BAD_PHRASE

    out: list[str] = []
    pos = 0
    last = ""
    for stop in [*_STOP.finditer(text), None]:
        end = stop.start() if stop else len(text)
        sent = text[pos:end]
        subject = _SAID_SUBJECT.match(last) if _PRONOUN_ANYTHING.match(sent.strip()) else None
        if subject:
            # "ph readings look off. anything below 6.5 or above 8.5 is a glitch": the column the
            # sentence before is about
            named = _PRONOUN_ANYTHING.sub(f"{subject.group('s')} ", sent.strip())
            if _BAD_PHRASE.match(re.sub(r"(?i)\s*,\s*(?:can|could|please|pls)\b.*$", "", named).rstrip(" .!")):
                sent = sent[: len(sent) - len(sent.lstrip())] + named
        out.append(_split_verdict(sent, _BAD_PHRASE))
        last = sent
        if stop:
            out.append(stop.group(0))
            pos = stop.end()
    return "".join(out)


def _split_verdict(sent: str, bad: Any) -> str:
    joins = list(_JOIN.finditer(sent))
    if not joins or len(joins) > 3:
        return sent
    for j in joins:
        left, right = sent[: j.start()], sent[j.end() :]
        right_core = right.rstrip(" .!")
        if not re.match(r"[A-Za-z]", right_core) or "," in right_core or _JOIN.search(right_core):
            continue  # inside a list or a range ("one of 2, 4, 5", "between 150 and 1600, ...")
        left_core = left.strip()
        subject = _RULE_SUBJECT.match(left_core)
        if subject and _PRONOUN_ANYTHING.match(right_core) and bad.match(
            _PRONOUN_ANYTHING.sub(f"{subject.group('s')} ", right_core)
        ):
            # "<rule on x>, and anything below -30 is a glitch"
            return f"{left}; {_PRONOUN_ANYTHING.sub(subject.group('s') + ' ', right)}"
        if bad.match(right_core) and subject:
            # "<rule on x>, and x below -30 is a glitch"
            return f"{left}; {right}"
        if bad.match(left_core) and _PRONOUN_IT.match(right_core):
            # "x over 15 is garbage and it can't be 0 or less either"
            head = re.match(r"(?i)^(?P<s>(?:[\w.]+\s+){0,3}?[\w.]+)\s+(?:" + _CMP + r"|is|are)\b", left_core)
            if head:
                return f"{left}; {_PRONOUN_IT.sub(head.group('s') + ' ', right)}"
    return sent


#: a remark that restates the bound just given: "cap it there", "hard limit", "nothing outside
#: that should reach the tanks"
_RESTATED_BOUND = re.compile(
    r"(?i)(?:\s*[,;]\s*|\s*[.]\s+|\s+[\u2014\u2013-]+\s+|\s*--\s*|\s+)(?:(?:so|and|just|please|pls)\s+)?"
    r"(?P<r>(?:cap|clamp|limit|cut)\s+(?:it|them|that)\s+(?:there|at\s+that)"
    r"|nothing\s+(?:outside|beyond|past)\s+(?:that|this|those|the\s+range|these)(?:\s+(?:range|limits?|window|band|bounds))?"
    r"(?:\s+(?:should|must|may|can|is\s+allowed\s+to|gets?\s+to)\s+[a-z][a-z ]{0,40}?)?)"
    r"\s*(?=[.!;\n]|$)"
)
#: "must be > 30 and < 720 — strict on both ends": said of two strict bounds, a remark (an
#: inclusive span is "1 to 5", never the "to" of "needs to be")
_STRICT_BOTH = re.compile(
    r"(?i)(?:\s*[,;(]\s*|\s+[\u2014\u2013-]+\s+|\s*--\s*)(?P<r>(?:strict|strictly|exclusive)\s+(?:on|at)\s+both\s+(?:ends|sides|bounds))\)?\s*(?=[.!;\n]|$)"
)
_INCLUSIVE_WORDS = re.compile(
    r"(?i)>=|<=|\u2265|\u2264|\bbetween\b|\d\s*to\s+-?\d|\bat\s+(?:least|most)\b|\bor\s+(?:more|less|above|below)\b|\bmin(?:imum)?\b|\bmax(?:imum)?\b|\d\s*-\s*\d"
)


def restated_bounds(text: str, context: list[str]) -> str:
    """Remarks that restate the bounds of the clause before them are context (they were a
    column of their own, `strict <= 719`, or made the rule's sentence dropped whole)."""
    low = text.lower()
    if "cap" in low or "clamp" in low or "limit" in low or "cut" in low or "nothing" in low:

        def keep(m: re.Match[str]) -> str:
            if not re.search(r"\d", text[: m.start()]):
                return m.group(0)
            context.append(m.group("r"))
            return ""

        text = _RESTATED_BOUND.sub(keep, text)
    if "both" in low:

        def strict(m: re.Match[str]) -> str:
            clause = re.split(r"[.;\n]", text[: m.start()])[-1]
            # only when both bounds are already strict: after "between 30 and 720" the remark
            # changes the rule, and the parser does not guess it (it still raises)
            if _INCLUSIVE_WORDS.search(clause):
                raise QualityRequestError(
                    f"{m.group('r')!r} after an inclusive bound in {clause.strip()[:120]!r}: state each bound "
                    "with its comparison, e.g. '<col> must be > 30 and < 720'"
                )
            if len(re.findall(r"[<>]|\b(?:above|below|over|under|more\s+than|less\s+than|greater\s+than|fewer\s+than)\b", clause)) < 2:
                return m.group(0)
            context.append(m.group("r"))
            return ""

        text = _STRICT_BOTH.sub(strict, text)
    return text


#: "make x non-negative and keep it under 43200": "keep it <bound>" is "it must be <bound>"
_KEEP_IT = re.compile(
    rf"(?i)\bkeep\s+(?P<s>it|them)\s+(?=(?:{_CMP}|between|within|strictly\s+(?:below|under|above|over))\s)"
)


#: "rows where wait_min < 0 — alert on any", "records with x > 9: flag them": the rows named
#: first are the bad case, said by the verdict after them (read on, the rows' condition was
#: the rule, "alert" a column, or the dash a minus sign)
#: the rows' condition, to the first stop, comma, colon or long dash
_COND = r"(?P<cond>[^\n.;:,\u2014\u2013]+?)"
#: a comma, colon, semicolon or dash between spaces after it
_SEP = r"(?:[,:;]|\s[\u2014\u2013-]{1,2}\s)"
_ROWS_THEN_VERDICT = re.compile(
    r"(?im)^(?P<pre>[ \t]*)(?:(?:any|all|the)\s+)?(?:rows?|records?|entries|lines)\s+"
    r"(?:where|with|that\s+have|whose|in\s+which)\s+" + _COND + r"\s*" + _SEP + r"\s*"
    r"(?:(?:alert|flag|fail|page|warn|reject|error)(?:s|ed|ing)?(?:\s+(?:(?:on|about|for)\s+)?(?:any|them|those|it|each|every\s+one|all))?"
    r"|(?:those|these|they|such\s+rows)\s+(?:are|is)\s+(?:bad|errors?|invalid|wrong|junk|garbage|broken))"
    r"[ \t]*[.!]?[ \t]*$"
)


def rows_then_verdict(text: str) -> str:
    """Rows named, then a verdict on them, as the bad case first: "alert on any rows where ..."."""
    if "row" not in text and "record" not in text and "entr" not in text and "line" not in text:
        return text
    return _ROWS_THEN_VERDICT.sub(lambda m: f"{m.group('pre')}alert on any rows where {m.group('cond')}", text)


#: "rows where wait_min < 0", "rows where x < 0 — refunds are fine though": rows named, and
#: nothing said of them (bad? the rule?); read on, the rows' condition was the rule
_ROWS_ONLY = re.compile(
    r"(?im)^[ \t]*(?:(?:any|all|the)\s+)?(?:rows?|records?|entries)\s+(?:where|whose|in\s+which)\s+"
    + _COND + r"[ \t]*(?:" + _SEP + r"[^\n]*)?[.!]?[ \t]*$"
)
#: a word that says something of the rows: a modal, a permission or a verdict
_SAID_OF_ROWS = re.compile(
    r"(?i)\b(?:must|should|shall|needs?|has\s+to|have\s+to|can|cannot|may|never|required|"
    r"allowed|alert|flag|fail|page|warn|reject|error|bad|invalid|wrong)\b|n't"
)


def refuse_rows_only(text: str) -> None:
    """Raise for a line that names rows by a condition and says nothing of them."""
    if "row" not in text and "record" not in text and "entr" not in text:
        return
    m = _ROWS_ONLY.search(text)
    if m and not _SAID_OF_ROWS.search(m.group(0)):
        raise QualityRequestError(
            f"{m.group(0).strip()!r} names rows but not what is wrong with them; write "
            "'alert on any rows where <condition>' for bad rows, or the rule they must meet"
        )
