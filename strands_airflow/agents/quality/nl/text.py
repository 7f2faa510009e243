"""Text handling of the request parser: protect literals, split into clauses, canonicalise.

The request is never evaluated: quoted strings and regexes are set aside as numbered slots
(``«0»``), the rest is split into sentences (newlines, ``;``, full stops, bullets) and
clauses (``and``, commas), and each clause becomes a canonical lower-case string in which
comparisons are spelled as ``GE``/``GT``/``LE``/``LT``/``EQ``/``NE`` and ranges as
``RANGE a b``, which the grammar in `rules` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.lexicon import (
    CONNECTIVE,
    CONTRACTIONS,
    ENTITY_NOUNS,
    MULTIPLIERS,
    NUMBER_WORDS,
    PRESENT_STATE,
    TIME_UNITS,
    correct_word,
)
from strands_airflow.agents.quality.nl.metrics import rewrite_metrics
from strands_airflow.agents.quality.nl.patterns import describe_patterns
from strands_airflow.agents.quality.nl.structured import rewrite_structured
from strands_airflow.agents.quality.nl.subjects import DROP


@dataclass
class Slots:
    """Literals taken out of the request before it is read: (kind, text) by number."""

    items: list[tuple[str, str]] = field(default_factory=list)
    #: the names a pasted spec or code writes (dbt / Soda YAML, a Deequ chain, SQL: its words;
    #: a library call inside prose: its quoted names), identifiers as written
    spec_names: frozenset[str] = frozenset()

    def add(self, kind: str, text: str) -> str:
        self.items.append((kind, text))
        return f" «{len(self.items) - 1}» "

    def get(self, token: str) -> tuple[str, str] | None:
        m = re.fullmatch(r"«(\d+)»", token)
        return self.items[int(m.group(1))] if m else None


_REGEX_AFTER = re.compile(
    r"(?i)\b(regexp?|pattern|regular expression|match(?:es|ing)?|mask)(\s*[:=]?\s*)"
    r"(/[^/\s][^/]*/|[^\s'\"`]*[\\^$\[\]{}*+?|][^\s'\"`]*)"
)
#: a quoted literal, SQL style: '' inside single quotes is one quote, and '' is the empty string
_QUOTED = re.compile(r"(?<![\w'])(?:'((?:[^']|'')*)'|\"([^\"]+)\"|`([^`]+)`)(?![\w'])")
_SQL_NOISE = re.compile(
    r"(?is)^\s*(?:drop\s+(?:table|view|schema|database|index)|delete\s+from|insert\s+into|"
    r"update\s+\S+\s+set|alter\s+table|truncate\b|create\s+(?:table|view|or)|grant\b|revoke\b|"
    r"exec(?:ute)?\b|attach\b|pragma\b|copy\b|call\b|select\b.*\bfrom\b|union\b|--|/\*|\*/)"
)


_LIST_CODE = re.compile(
    r"(?P<pre>(?:[,(\[{|]|\bor\b|\band\b|\ballow\b|\bof\b|:)\s*)"
    # "mg/dL, mmol/L": a unit with a slash is one value
    # "TV-MA", "EN-GB": two capitalised codes joined by a hyphen are one value
    r"(?P<code>[A-Za-z]{1,6}-\d{1,4}[A-Za-z]?|\d{1,4}-[A-Za-z]{1,6}|[A-Z]{2,6}-[A-Z]{2,6}(?![\w-])|[A-Z][+#-](?![\w+#-])|(?!and/or\b)[A-Za-z]{1,8}/[A-Za-z]{1,8}(?![\w/]))"
    r"(?=\s*(?:[,)\]}|.;]|\bor\b|\band\b|\bonly\b|$))"
)


#: "band must be one of 160m, 80m, 40m", "size in (2XL, 3XL)": codes of digits and letters in a
#: list of values (two or more), each kept as written (a number and a unit, "160 m", otherwise)
_NUM_CODE_LIST = re.compile(
    r"(?i)(?P<pre>\b(?:one\s+of|any\s+of|in|be|either|among|only|are|is)\s*[(\[{:]?\s*)"
    r"(?P<l>(?:\d{1,4}(?!k\b|bn\b)[a-z]{1,3})(?:\s*(?:,\s*(?:or\s+|and\s+)?|\bor\s+|\band\s+)\d{1,4}(?!k\b|bn\b)[a-z]{1,3}){1,})(?![\w-])(?!\.\w)"
)
_NUM_CODE = re.compile(r"\d{1,4}[A-Za-z]{1,3}")


#: "one of the 4 trench codes (TR1, TR2, TR3, TR4)": the list in brackets is the values the
#: words before it name (read with them, "the 4 trench codes (TR1" was a value)
_NAMED_LIST = re.compile(
    r"(?i)\b(?P<of>one\s+of|any\s+of)\s+(?:the|these|those|our|its|their)\s+(?:\d+\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s*"
    r"\((?P<l>[^()«»]+,[^()]+)\)"
)


_SLASH_LIST = re.compile(
    r"(?i)(?P<pre>\b(?:in|of|be|either|among|only|are|is)\s+)(?P<l>[A-Za-z0-9_]+(?:/[A-Za-z0-9_]+){2,}"
    # "status in PASS / FAIL / DEFERRED": spaced slashes, codes in capitals (never "a / b")
    r"|(?-i:[A-Z][A-Z0-9_]*(?:\s+/\s+[A-Z][A-Z0-9_]*){2,}))(?![\w/])"
)


#: "work_email ends with @acme.io", "sku must start with 'RCPT-'": a literal prefix / suffix
_AFFIX = re.compile(
    r"(?i)(?<!\bnot )(?<!\bnever )(?<!n't )(?P<m>\b(?:must|should|shall|has\s+to|have\s+to|needs?\s+to)\s+(?:always\s+)?)?"
    r"\b(?P<v>starts?|begins?|ends?)\s+with\s+(?:the\s+(?:prefix|suffix|string|text|literal)\s+)?"
    r"(?P<lit>\s*«\d+»|[^\s,;()]*[@._:/#0-9-][^\s,;()]*|[A-Z]{2,}(?![\w-]))"
    r"(?!\s+(?:letters?|digits?|characters?|chars?|numbers?|numerals?)\b)"
)


def _affix(text: str, slots: Slots) -> str:
    """A literal prefix or suffix is an anchored regex (the rest of the value is anything)."""

    def one(m: re.Match[str]) -> str:
        lit = m.group("lit").strip()
        slot = slots.get(lit)
        if slot is not None:
            if slot[0] == "regex" or not slot[1]:
                return m.group(0)
            lit = slot[1]
        else:
            lit = lit.rstrip(".:")
            if not lit or lit.isdigit():
                return m.group(0)  # "ends with 0": a number is read by the other rules
        body = re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", lit)
        pattern = f"^{body}.*$" if m.group("v").lower()[0] in "sb" else f"^.*{body}$"
        return f"must match {slots.add('regex', pattern)}"

    return _AFFIX.sub(one, text)


_JOINED_KEY = re.compile(
    r"(?i)(?:\b(?:the|each|every|any)\s+)?\b(?P<l>[a-z_][\w.]*(?:\s*[/+]\s*[a-z_][\w.]*)+)\s+"
    r"(?:combo|combination|pair|tuple|triple|triplet|composite|composite key|compound key)s?\b"
)


_SLASH_PRESENT = re.compile(
    r"(?i)(?<![\w/])(?P<l>[a-z_]\w*(?:\s*/\s*[a-z_]\w*)+)(?=\s+(?:(?:must|should|shall|need|needs|has|have|are|is|can|cannot)"
    r"(?:\s*(?:n't|'t|\u2019t|not|to|always|never|be))*\s+(?:populated|present|filled(?:\s+in)?|set|required|mandatory|provided|"
    r"non-?null|null|missing|empty|blank)\b))"
)


#: "x \u2208 {A, B}", "x in {a, b}": a set of values written in braces
_SET_OF = re.compile(r"(?i)(?P<c>[\w`.«»]+)\s*(?:\u2208|\bin\b)\s*\{(?P<l>[^{}\n]+)\}")


_CAPS_ITEM = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*"
_CAPS_HYPHEN = re.compile(r"(?<![\w«-])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?![\w-])")
#: two or more upper-case codes in a list, at least one with a hyphen
_CAPS_LIST = re.compile(
    rf"(?<![\w«-])(?={_CAPS_ITEM}(?:\s*(?:,|/|\||\bor\b|,\s*or\b)\s*{_CAPS_ITEM})*?[^\s,/|]*-)"
    rf"{_CAPS_ITEM}(?:\s*(?:,|/|\||\bor\b|,\s*or\b)\s*{_CAPS_ITEM})+(?![\w-])"
)


#: a library call in code ("expect_column_values_to_be_unique(", ".isComplete(", "ExpectColumn...(")
_CODE_CALL = re.compile(r"\bexpect_\w+\s*\(|\b(?:is|has|are|contains|satisfies)[A-Z]\w*\s*\(|\bExpect[A-Z]\w+\s*\(")


#: words the subject reader drops or takes for the table ("result", "pair", "type", "key")
_RESERVED = frozenset(w for w in DROP | ENTITY_NOUNS if re.fullmatch(r"[a-z_][a-z0-9_]*", w))
#: "the result column", "the batch field": an entity noun named as a column
_ENTITY_COLUMN = re.compile(
    rf"(?i)\b(the\s+)({'|'.join(sorted(w for w in ENTITY_NOUNS if re.fullmatch(r'[a-z]+', w)))})(\s+(?:column|field|col)\b)"
)
_NAME = re.compile(r"(?<![\w.])[a-z_][a-z0-9_]*(?![\w])")
_QUOTED_NAME = re.compile(r"(?<=[\"'])[a-z_][a-z0-9_]*(?=[\"'])")


def protect(text: str) -> tuple[str, Slots]:
    """Replace quoted strings and regexes by slots; returns the new text and the slots."""
    slots = Slots()
    rewritten = rewrite_structured(text)
    if rewritten != text:
        slots.spec_names = frozenset(_NAME.findall(text))
    elif _CODE_CALL.search(text):
        slots.spec_names = frozenset(_QUOTED_NAME.findall(text))
    text = rewrite_metrics(rewritten)
    reserved = slots.spec_names & _RESERVED if slots.spec_names else None
    if reserved:
        # "- name: result", "- name: pair": a spec's column named by a word the prose reader
        # drops ("the result", "each pair") is quoted as the identifier it is
        text = re.sub(
            rf"(?im)^([ \t]*(?:when [^,\n]+,[ \t]*)?)({'|'.join(map(re.escape, sorted(reserved)))})(?=[ \t]+must\b)",
            r"\1`\2`",
            text,
        )
    if " column" in text or " field" in text:
        # "The result column only takes PASS, FAIL", "the load field must be set": a word the
        # prose reader drops or takes for the table, named a column by the writer, is the
        # identifier it is (it was dropped: "which column does ... apply to?")
        text = _ENTITY_COLUMN.sub(r"\1`\2`\3", text)
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )

    def _regex(m: re.Match[str]) -> str:
        body = m.group(3)
        if body.startswith("/") and body.endswith("/") and len(body) > 2:
            body = body[1:-1]
        # "matches ^[A-Z]\d{2}$. sku must ...": after the end anchor a full stop or a comma ends
        # the sentence (a regex "$." can match nothing); it was kept in the pattern
        end = re.search(r"(?<=\$)[.,;:!?]+$", body)
        if end:
            return f"{m.group(1)}{m.group(2)}{slots.add('regex', body[: end.start()])}{end.group(0)}"
        return f"{m.group(1)}{m.group(2)}{slots.add('regex', body)}"

    def _quoted(m: re.Match[str]) -> str:
        if m.group(3) is not None:
            return slots.add("ident", m.group(3))
        if m.group(1) is not None:
            return slots.add("str", m.group(1).replace("''", "'"))
        return slots.add("str", m.group(2))

    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 10,000 is one number, not a list
    # "alert condition: `fare_amount < 0`": backticks around a condition quote code, not a name
    text = re.sub(r"`([A-Za-z_][\w.]*\s*(?:<=|>=|<>|!=|==|=|<|>)\s*[^`'\n]+)`", r"\1", text)
    text = _QUOTED.sub(_quoted, text)
    if "\u2208" in text or "{" in text:
        # "event_type \u2208 {GRANTED, DENIED}, event_ts \u2264 now": a set in braces after its column
        # is the list "in (...)", one clause however many commas it holds (split at them, its
        # values became columns of their own rules)
        text = _SET_OF.sub(
            lambda m: f"{m.group('c')} in ({m.group('l').strip()})",
            text,
        )
    if "-" in text and _CAPS_LIST.search(text):
        # "grade in {PET-A, PET-B, HDPE-N}": a list of upper-case codes with hyphens keeps each
        # code whole (its hyphen split it into two lower-case words)
        text = _CAPS_LIST.sub(
            lambda m: _CAPS_HYPHEN.sub(lambda c: slots.add("str", c.group(0)), m.group(0)), text
        )
    if "/" in text or "+" in text:
        # "the a / b / c combo", "a+b pair": columns joined by "/" or "+" before a key noun are
        # the columns of a compound key (never one column "a_b_c_combo")
        text = _JOINED_KEY.sub(
            lambda m: "the combination of " + " and ".join(re.split(r"\s*[/+]\s*", m.group("l"))), text
        )
        # "lat/lng need to be populated", "street/city can't be blank": a presence rule on
        # each of the columns joined by "/" (a ratio is never said to be missing)
        text = _SLASH_PRESENT.sub(lambda m: " and ".join(re.split(r"\s*/\s*", m.group("l"))), text)
    if " with " in text and ("tart" in text or "egin" in text or "nd" in text):
        text = _affix(text, slots)
    if "empty" in text:
        # "bottling_runs must never be empty after the 6am load", "the daily x extract should never
        # arrive empty": the table (a run of it) has rows; a column is never "empty after the
        # load", nor a "table" / "extract"
        text = _TABLE_NOT_EMPTY.sub("the table must have at least 1 rows", text)
    if "ever" in text:
        # "status is only ever A / B / C", "plan_code only ever takes a, b": "only"
        text = re.sub(r"(?i)\b(is|are|be|takes?|contains?|holds?|has|have)\s+only\s+ever\b", r"\1 only", text)
        text = re.sub(r"(?i)\b(is|are)\s+ever\s+only\b", r"\1 only", text)
    # "status should only ever be / say / report OK, DEGRADED or OFFLINE": the values it may take
    text = re.sub(
        r"(?i)\b(must|should|shall|can|may|will|would)\s+only\s+(?:ever\s+)?(?:be|say|report|show|read)\b"
        r"(\s+(?:one|any)\s+of\b)?",
        lambda m: f"{m.group(1)} be{m.group(2)}" if m.group(2) else f"{m.group(1)} only be",
        text,
    )
    # "1 thru 32" is "1 to 32" (it was the one value '1 thru 32' after "should only be")
    if "thru" in text:
        text = re.sub(r"(?i)(\d)\s+thru\s+(?=-?\d)", r"\1 to ", text)
    # "YYYY/MM/DD" is a date mask, never a list of three values (it was accepted values
    # 'yyyy', 'mm', 'dd', a wrong check)
    if "/" in text:
        text = re.sub(r"(?i)\b(yyyy)\s*/\s*(mm)\s*/\s*(dd)\b", r"\1-\2-\3", text)
    # "platform in ps5/xbox/switch/pc", "only ever be bronze/silver/gold": three or more bare
    # words joined by "/" after a list opener are a list of values
    text = _SLASH_LIST.sub(
        lambda m: m.group("pre")
        # "one of" unless a list was opened already ("valid values for tier are a/b/c")
        + ("" if re.search(r"(?i)\bof\s*$|\bvalues?\b[^.;\n]*$|\bonly\s+be\s*$", m.string[max(0, m.start() - 60) : m.end("pre")]) else "one of ")
        + ", ".join(v.strip() for v in m.group("l").split("/")),
        text,
    )
    # a code with a sign or a hyphen in a list of values ("G, PG, PG-13 and NC-17", "A+, A, A-"):
    # one value, kept as written (never split at the hyphen, never a minus)
    if " of th" in text or " of our" in text or " of its" in text:
        text = _NAMED_LIST.sub(lambda m: f"{m.group('of')} {m.group('l')}", text)
    text = _LIST_CODE.sub(lambda m: m.group("pre") + slots.add("str", m.group("code")), text)
    if re.search(r"\d[A-Za-z]", text):
        text = _NUM_CODE_LIST.sub(
            lambda m: m.group("pre") + _NUM_CODE.sub(lambda c: slots.add("str", c.group(0)), m.group("l")), text
        )
    text = _REGEX_AFTER.sub(_regex, text)
    # "an uppercase letter followed by one or two digits", "NNN-NN-NNNN": an anchored regex
    # "a 3-letter uppercase ISO code": a letter count with its case is a pattern (without a
    # case, "a two-letter code", it is not)
    text = re.sub(
        r"(?i)\b(?:an?\s+)?(\d+|two|three|four|five|six)[- ]letter\s+(uppercase|upper-case|capital|lowercase|lower-case)"
        r"(?:\s+(?:iso(?:\s+\d+)?|alpha|country|currency|state|language))?\s+(?:codes?|strings?|values?|abbreviations?|identifiers?)\b",
        lambda x: f"{x.group(1)} {x.group(2).replace('-', '')} letters",
        text,
    )
    if "case" in text:
        # "a 2-letter ISO code in uppercase": the case after the noun
        text = re.sub(
            r"(?i)\b(?:an?\s+)?(\d+|two|three|four|five|six)[- ]letter"
            r"(?:\s+(?:iso(?:\s+\d+)?|alpha|country|currency|state|language))?\s+(?:codes?|strings?|values?|abbreviations?|identifiers?)"
            r"\s+(?:in|all)\s+(upper|lower)[- ]?case\b",
            lambda x: f"{x.group(1)} {x.group(2).lower()}case letters",
            text,
        )
    text = describe_patterns(text, lambda pattern: slots.add("regex", pattern))
    # an ISO date (or timestamp) written bare is one literal: "can't be before 1990-01-01"
    text = re.sub(
        r"(?<![\w«-])(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)(?![\w-])",
        lambda m: slots.add("str", m.group(1)),
        text,
    )
    return text, slots


_WRAP_END = re.compile(
    r"(?i)(?:\b(?:or|and|of|to|for|the|a|an|in|on|with|where|when|if|than|be|is|are|must|should|nor|within|between|"
    r"below|above|under|over|exceed|stay|remain|least|most|"
    # a determiner never ends a sentence ("... the weight of every\ncolony is at most 40")
    r"every|each|its|their|our|per|whose|"
    # a word that opens a clause never ends one ("... must be filled in. Otherwise\nit stays
    # empty": split there, the rule after "otherwise" lost the condition it negates)
    r"otherwise|else|unless|except|because)|,)[ \t]*$"
)
#: a next line that goes on with a connective or with the verb of the line before ("... and
#: region\nshould be one of ...")
_WRAP_START = re.compile(
    r"^[ \t]*(?:where|when|whenever|if|unless|and|or|but|than|of|for|to|in|on|with|which|that|nor|"
    r"must|should|shall|has\s+to|have\s+to|needs?\s+to|cannot|can't|may\s+not|"
    # "... or climbs\npast 20,000": a comparator goes on with the line before
    r"past|above|below|beyond|exceeds?|at\s+(?:least|most)\s+\d)\b"
)
#: a next line that is a guarded rule of its own ("when status = 'X', tech_id must not be
#: null": the condition, a comma, then a subject and its modal), as Soda ``filter:`` and Deequ
#: ``.where`` give one per line: a sentence, not the condition of the line before
_OWN_GUARDED_LINE = re.compile(
    r"(?i)^[ \t]*(?:when|whenever|if|unless)\s+[^,\n]+,[ \t]*(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+)?\s+"
    r"(?:must|should|shall|cannot|can't|may\s+not|has\s+to|have\s+to|needs?\s+to)\b"
)


#: a long line cut at a wrap width (an e-mail or a ticket written in an editor that wraps):
#: no sentence end, and the next line goes on in lower case ("... a year_built\nearlier than
#: 1800", "... the\nmemberships table needs: ..."); a short line ("checks:", "x unique") is
#: never joined this way, nor a next line that is a bullet or a numbered step
_WRAP_WIDTH = 60
_LONG_LINE_END = re.compile(r"[^\s.!?:;]\s*$")
_LOWER_GOES_ON = re.compile(r"^[ \t]*(?:[a-z(]|\d[\d,]*(?:\.\d+)?\s+[a-z])")
#: a next line that is a rule or a label of its own: a subject and its verb ("site_code must
#: be unique", "din is required"), or "<name>:" ("custom sql: ...")
_OWN_RULE_LINE = re.compile(
    r"(?i)^[ \t]*(?:[\w.«»`]+[ \t]+(?:must|should|shall|is|are|has|have|needs?|cannot|can't|may|"
    r"will|never|always|exists?|only)\b|[\w.`]+(?:[ \t]+[\w.`]+)?[ \t]*:)"
)


def _wrapped_long(prev: str, line: str) -> bool:
    return (
        len(prev.strip()) >= _WRAP_WIDTH
        and _LONG_LINE_END.search(prev) is not None
        and _LOWER_GOES_ON.match(line) is not None
        and not _OWN_RULE_LINE.match(line)
        and not _OWN_GUARDED_LINE.match(line)
    )


_TABLE_NOT_EMPTY = re.compile(
    r"(?i)\b(?:the\s+)?(?:(?:daily|nightly|hourly|weekly|monthly)\s+)?`?[A-Za-z_][\w.]*`?"
    r"(?P<noun>\s+(?:table|extract|export|feed|dataset|model))?\s+"
    r"(?:(?:must|should|shall|can|may)(?:\s+not|\s+never|n't(?:\s+ever)?|nt(?:\s+ever)?)|(?:is|are)\s+never)"
    r"(?:\s+(?:be|arrive|land|come\s+in))?\s+empty"
    r"(?P<after>\s+after\s+(?:the\s+|each\s+|every\s+)?(?:[\w:]+\s+){0,2}(?:load|run|import|refresh|sync))?\b"
    r"(?(noun)|(?(after)|(?!)))"
)


def _unwrap(text: str) -> str:
    """Hard-wrapped lines (an e-mail body) joined: a line that ends mid-phrase ("... 'savings'
    or"), a next line that goes on with a connective ("where opt_in is true"), or a long line
    with no sentence end before one in lower case is one sentence with the line before it."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if (
            out[-1].strip()
            and line.strip()
            and (
                _WRAP_END.search(out[-1])
                or (_WRAP_START.match(line) and not _OWN_GUARDED_LINE.match(line))
                or _wrapped_long(out[-1], line)
            )
        ):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


_COMMA_NEGATIVE_SUBJECT = re.compile(
    rf"(?i),(?=\s*(?:{CONNECTIVE})*(?:nobody|no\s+one|no-one|noone|none\s+of(?:\s+the)?\s+[\w-]+)\s+"
    r"(?:may|should|can|must|shall|will|is|are|has|have|ever|cannot|can't|cant)\b)"
)

#: ", and when engine_hours > 350 service_due must be true": a guarded rule of its own after a
#: comma (its condition, then a subject and a modal); read as a clause of the rule before, its
#: condition became a check of its own. A condition with no modal after it ("x must be set,
#: when y is true") stays the rule's.
_COMMA_GUARDED_RULE = re.compile(
    # (not the optional form "..., but if present it must ...": that "it" is the rule's column)
    rf"(?i),(?=\s*(?:{CONNECTIVE})*(?:if|when|whenever)\s+(?!(?:it\s+is\s+|it[’']?s\s+|they\s+are\s+|they[’']?re\s+)?{PRESENT_STATE}\b)"
    r"[^;.\n]*?\s(?!it\s|they\s)[\w«»]+\s+"
    r"(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|is\s+required\s+to)\s)"
)

#: ", otherwise <subject> must ...": a rule of its own after a comma
_COMMA_OTHERWISE_RULE = re.compile(
    r"(?i),(?=\s*(?:and\s+|but\s+)?otherwise\s*,?\s+[^;.\n,]*?\b"
    r"(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|is\s+required\s+to|may|can|cannot|can't)\s)"
)


def split_sentences(text: str) -> list[str]:
    """Split on newlines, ``;``, sentence ends and list bullets."""
    text = _unwrap(text)
    # a task-list item ("- [ ] x is unique", "* [x] ...", "[ ] ..."): its box is no text
    text = re.sub(r"(?m)^\s*(?:(?:[-*\u2022]|\d+[.)])\s+(?:\[[ xX]?\]\s*)?|\[[ xX]?\]\s+)", "\n", text)
    # "(1) a is unique (2) b is never empty", "a) ... b) ...": inline enumerations
    if len(re.findall(r"(?:^|\s|:)\(\d{1,2}\)\s", text)) >= 2:
        text = re.sub(r"(?:^|(?<=\s)|(?<=:))\(\d{1,2}\)\s+", "\n", text)
    if len(re.findall(r"(?:^|\s)\d{1,2}\)\s", text)) >= 2:
        # "criteria: 1) a not null 2) a unique 3) b in (...)": numbered items on one line
        text = re.sub(r"(?:^|\s)\d{1,2}\)\s+", "\n", text)
    # "x must be unique, nobody may have ...": a negative subject with its own verb after a
    # comma is a sentence of its own (read with the clause before, it lost its negation)
    text = _COMMA_NEGATIVE_SUBJECT.sub(";", text)
    text = _COMMA_GUARDED_RULE.sub(";", text)
    if "otherwise" in text.lower():
        # "if a, b must be set, otherwise b must be empty": the rule after "otherwise" is a
        # sentence of its own, under the negated condition (read as a clause of the rule
        # before, both held under the condition: "b IS NOT NULL AND b IS NULL")
        text = _COMMA_OTHERWISE_RULE.sub(";", text)
    # a full stop ends a sentence, except after an abbreviation ("Phone No.", "e.g."); also
    # right after a quoted literal ("... 'APAC'. Thanks")
    text = re.sub(r"» +(?=[.!?](?:\s|$))", "»", text)
    parts = re.split(
        r"\n|;|(?<=[\w»)\]])(?<!\bNo)(?<!\bno)(?<!\bNr)(?<!\bnr)(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)"
        r"(?<!\bapprox)(?<!\bincl)(?<!\bmax)(?<!\bmin)[.!?](?=\s|$)|\?"
        # an emoji ends a thought in chat ("dupes again in ad_spend 🙃 a+b should be unique")
        r"|\s*[\U0001F300-\U0001FAFF\u2600-\u27BF]+(?:\uFE0F)?\s*"
        # and so does a chat emoji's short code ("hey team :wave: can someone ...")
        r"|(?:^|\s+)(?<![\w:]):[a-z][a-z0-9_+-]{1,30}:(?![\w:])\s*",
        text,
    )
    return [p.strip(" \t,.") for p in parts if p and p.strip(" \t,.")]


def is_sql_noise(sentence: str) -> bool:
    """True for a fragment that is an SQL statement or comment, never a request."""
    return bool(_SQL_NOISE.match(sentence)) or not re.search(r"[A-Za-z0-9«]", sentence)


_CHATTER = re.compile(
    r"(?i)^\W*(?:(?:many )?thanks?(?: (?:a lot|so much|in advance|all|team))?|thank you(?: (?:so much|in advance))?|"
    r"thx|tnx|ty|tia|cheers|pls|please|plz|lmk|asap|much appreciated|appreciate it|cc\s+@?[\w.-]+|"
    r"(?:right\W+)?(?:let'?s|lets|pls|please|can we|could we)\s+(?:enforce|add|do|check|test|catch|automate)\s+(?:it|this|that)(?: (?:too|as well|please|pls|asap))?|"
    r"(?:it|this|that)\s+(?:broke|breaks|crashed|caused)\b.*|"
    r"(?:please\s+|pls\s+)?(?:add|write|create|we need|i need|need) a (?:test|check|validation|rule)(?: (?:for|to (?:prevent|catch|stop|detect|flag|block)) (?:it|this|that|these|them)(?: (?:again|happening|from happening))?)?)\W*$"
)


_GREETING = re.compile(
    # a Slack mention of who is asked, with or without a greeting ("hey @data-eng can we ...")
    r"(?i)^\s*(?:(?:hi|hello|hey|hiya|yo|cc)\s+)?@[\w.-]*\w(?:\s+@[\w.-]*\w)*\s*[,:!\-]*\s+(?=\w)"
    r"|^\W*(?:hi|hello|hey|hiya|yo|morning|good (?:morning|afternoon|evening)|dear)"
    r"(?: (?:team|all|folks|everyone|everybody|guys|there|data team|@?[\w.-]+)){0,3}\s*[,!:\-]+\s*"
    r"|^\W*(?:team|all|folks|everyone|everybody|guys|y'?all)\s*[,!:]+\s*"
    # a chat lead-in before the ask: "quick one -", "tiny ask:", "reminder that", "heads up:"
    r"|^\W*(?:(?:just\s+)?(?:a\s+)?(?:quick|small|tiny|little)\s+(?:one|q|question|ask|request|note|thing)"
    r"|(?:just\s+)?(?:a\s+)?(?:friendly\s+|gentle\s+|quick\s+)?reminder|heads[- ]up|fyi|psa)"
    r"(?:\s*[,:!\-\u2014\u2013]+\s*|\s+that\s+)(?=\S)"
)


#: a pipeline event before the rules ("After the nightly import (CRM export):", "When the
#: collections sync finishes,", "Once each hourly load lands:"): when the check runs, not a
#: condition on a row (its last noun is a run of a pipeline, never a column state)
_EVENT_LEAD = re.compile(
    r"(?i)^\W*(?:after|once|when|whenever|as soon as)\s+(?:the|each|every|a|an|our|this|today's|tonight's)\s+"
    r"(?:(?!(?:is|are|was|were|has|have|not|no|and|or)\b)[a-z][a-z-]*\s+){0,4}"
    r"(?:import|load|sync|run|refresh|job|batch|export|ingest|ingestion|etl|dag|pipeline|backfill|extract|upload|"
    r"migration|build|feed|snapshot|dump|replication|deploy(?:ment)?)s?"
    r"(?:\s+(?:finishes|finished|completes|completed|is\s+done|has\s+run|has\s+finished|has\s+completed|runs|ran|"
    r"lands|landed|is\s+loaded|succeeds|succeeded|is\s+over))?"
    r"(?:\s*\([^()]*\))?\s*[:,]\s*(?=\S)"
)


def strip_greeting(sentence: str) -> str:
    """The sentence without a leading greeting ("hi team, could we ...")."""
    if sentence[:1].isalpha() or sentence[:1].isspace():
        sentence = _EVENT_LEAD.sub("", sentence, count=1)
    for _ in range(3):  # "Hi all, reminder that ...": a greeting, then a lead-in
        stripped = _GREETING.sub("", sentence, count=1)
        if stripped == sentence:
            break
        sentence = stripped
    return sentence


def is_chatter(sentence: str) -> bool:
    """True for a sign-off or courtesy with no check in it ("thx", "thanks in advance")."""
    return bool(_CHATTER.match(sentence))


#: interjections and chat shorthand at a sentence's edges ("lol", "pls", "tbh", "ugh")
_INTERJECTION = r"(?:lol|lmao|rofl|haha+|heh|pls|plz|please|thx|ty|tbh|imo|imho|fyi|btw|asap|ugh|argh|meh|yo|hey|oh|ah|ok\s+so|so\s+yeah|kthx|cheers|fwiw|iirc|afaik|ngl|tho|idk|imo)"


def strip_tag_question(sentence: str) -> str:
    """The sentence without a trailing tag ("..., right", "... ok", "... yeah") or a chat
    interjection at either edge ("ugh ...", "... lol", "... pls")."""
    s = re.sub(rf"(?i)^\W*(?:{_INTERJECTION}\b[\s,!.]*)+(?=\w)", "", sentence)
    s = re.sub(rf"(?i)(?:[\s,]+{_INTERJECTION})+[\s!.]*$", "", s)
    # (not "cannot be right" / "is correct": a verdict, not a tag)
    return re.sub(
        r"(?i)(?<!\bbe)(?<!\bis)(?<!\bare)(?<!\bseem)(?<!\blook)(?<!\bsound)(?<!\bnot)(?<!\bnever)(?<!\balways)[\s,]+(?:right|ok|okay|yeah|yes|no|correct|eh)\s*$",
        "",
        s,
    )


_COMPOSITE = re.compile(
    r"(?i)\b(?:combination|combined|together|composite|compound|jointly|pairs?|tuples?|per|based on|"
    r"for each|each pair|by|(?:within|for|in|across) (?:each|every|a given))\b"
    # "(a, b)" is a key, except as a value list: "one of (ENG, OPS)", "in (a, b)"
    r"|(?<!\bof )(?<!\bin )(?<!\bamong )(?<!\bvalues )(?<!\bfrom )\(\s*[\w«»]+\s*,"
)
_UNIQUE_WORD = re.compile(
    r"(?i)\b(?:unique\w*|distinct|duplicat\w*|dup(?:e|es)|repeat(?:s|ed)?|primary key"
    # "the combination of a and b should only appear once": a uniqueness said with "once"
    r"|(?:only\s+|at\s+most\s+)?(?:appears?|occurs?|shows?\s+up|exists?)\s+(?:only\s+|at\s+most\s+)?once)\b"
)
_NEXT_RULE = re.compile(
    r"(?i)\s*[,;]\s*(?:and\s+|also\s+)?(?=(?:the\s+)?[\w«»]+(?:\s+(?:and|&)\s+[\w«»]+)?\s+"
    r"(?:must|should|shall|needs?\s+to|has\s+to|have\s+to|cannot|can't|can\s+not|is|are)\b)"
)
_NO_SPLIT = re.compile(
    r"(?i)^\W*(?:custom sql|sql|condition|expression|expr|assert|custom check)\s*:"
)


def split_clauses(sentence: str) -> list[str]:
    """Split a sentence on ``and`` / commas outside brackets, keeping ranges and value lists."""
    s = re.sub(
        # ("between five thousand and ten thousand": a number in words is one bound)
        r"(?i)\b([a-z]{5,9})(\s+\S+(?:\s+(?:hundred|thousand|million))?)\s+and\s+",
        lambda m: (
            f"{m.group(1)}{m.group(2)} btwand "
            if correct_word(m.group(1).lower()) == "between"
            or (
                m.group(1).lower() in ("within", "range")
                and re.fullmatch(r"\s+-?[\d.,]+", m.group(2))
                and ".." not in m.group(2)  # "within -90..90 and ...": already both bounds
            )
            else m.group(0)
        ),
        sentence,
    )
    # "a, b or c" is a list of values (or of columns): keep it in one clause
    s = re.sub(
        r"([\w«».-]+(?:\s*,\s*[\w«».-]+)+)\s*,?\s+or\s+([\w«».-]+)",
        lambda m: " | ".join([*re.split(r"\s*,\s*", m.group(1)), m.group(2)]),
        s,
    )
    if _NO_SPLIT.match(s):
        return [s.strip()]
    if _UNIQUE_WORD.search(s) and _COMPOSITE.search(s):
        # a compound key keeps its list of columns in one clause; ", plus ..." still starts
        # another ("isComplete on a, plus uniqueness on (a, b)")
        # ("confirm that (a, b) is unique and that c is a valid date": "and that" opens a clause)
        parts = re.split(r"(?i),\s*(?:and\s+)?plus\s+|,\s*(?:and\s+)?(?=the combination of\b)|,?\s+and\s+that\s+(?=\S)", s)
        if len(parts) == 1:
            # "a + b together must be unique, c and d need to be set": after the key's own rule,
            # a comma, then words with a verb of their own, is another clause
            u = _UNIQUE_WORD.search(s)
            m = _NEXT_RULE.search(s, u.end()) if u else None
            if m:
                parts = [s[: m.start()], s[m.end() :]]
        if len(parts) == 1:
            # "x is mandatory and the combination of a and b must be unique": a rule with its
            # own verb before "and" is a clause of its own (not a column of the key)
            m = re.search(r"(?i)\s+and\s+(?=(?:the\s+)?(?:combination|pair|tuple)\s+(?:of\s+)?\(?[\w«»])|,?\s+and\s+(?=(?:(?:each|every|any|the)\s+)?\()", s)
            if m and re.search(r"(?i)\b(?:is|are|must|should|shall|has to|have to|needs? to|cannot|can't)\b", s[: m.start()]):
                parts = [s[: m.start()], s[m.end() :]]
        if len(parts) > 1:
            return [q for p in parts for q in split_clauses(p)]
        return [s.strip()]
    pieces, depth, start, i = [], 0, 0, 0
    sep = re.compile(
        # "an email check on a + a phone check on b": "+" before an article joins two checks
        r"\s*,\s*(?:and\s+|also\s+|then\s+)?|\s+(?:and|as well as|plus|also|&)\s+"
        # "... on a + make sure every b ...": "+" before a request or a quantifier starts a clause
        r"|\s+\+\s+(?=(?:an?|the|no|every|each|all|also|make\s+sure|ensure|check|verify|confirm)\s)", re.I
    )
    while i < len(s):
        c = s[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and c in ", \t":
            m = sep.match(s, i)
            if m and m.end() > i:
                pieces.append(s[start:i])
                start = i = m.end()
                continue
        i += 1
    pieces.append(s[start:])
    return [p.strip() for p in pieces if p.strip()]


_REWRITES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # "unique across users", "unique among all customers": over the table, not a compound key
    (r"\bunique (?:across|among|throughout|over) (?:all |the |every |each )*(?:[a-z]+s|(?:the )?(?:table|dataset))\b(?! (?:and|with|per)\b)", "unique"),
    # "pipe_id is never null and unique in organ_pipes": a snake_case plural after "unique in" at
    # the end of the clause is the table it is unique in (it was the column checked unique)
    (r"\bunique (?:in|within) (?:the )?[a-z]+(?:_[a-z0-9]+)*_[a-z0-9]*[a-z]s(?: (?:table|model|dataset))?(?= *(?:$|[.?!;,]))", "unique"),
    # "per load", "in each daily batch": the run a check is evaluated on (row counts are per run)
    # ("per morning load", "per hour-load", "per 02:00 load": a name of the run before it)
    (r"\b(?:per|in each|in every|each|every|for each|for every|with each|with every) (?:single )?(?:daily |nightly |hourly |weekly |monthly |(?:morning|evening|night|hour|day|week|month|\d\d?:\d\d)[ -])?"
     # ("per run date", "each batch id": a column's words, never the run)
     r"(?:load|run|batch|refresh|delivery|file|extract|partition|snapshot|ingest|ingestion|drop|import)\b"
     r"(?! (?:date|day|time|id|no|number|code|key|ref)\b)", " "),
    # "100 rows each day", "2,000 rows land in a day": the row count of the daily run
    (r"\b(rows|records) (?:(?:land|arrive|come in|get loaded|are loaded|show up) )?(?:per|each|every|a|in a|in each|in 1) day\b", r"\1"),
    # "fewer than 200 rows arrive or ...": the rows of the run (the verb names no column)
    (r"\b(rows|records) (?:land|arrive|come in|get loaded|are loaded|show up)\b(?= or\b|\s*$|\s*[,.;)])", r"\1"),
    # "crew_id must always be there", "an owner_id has to be assigned": a value is required (only
    # after a modal with no negation: "must not be there" and "is assigned" stay unread)
    (r"\b(must|should|shall|has to|have to|needs? to) (?:always )?be (?:assigned|there)\b(?! to\b| (?:is|are|was|were|be|must|should|will)\b)",
     r"\1 be populated"),
    # "fewer than 2000 rows or more than 900k": the second bound counts the same rows
    (r"\b(rows|records) or ((?:more|fewer|less|greater|higher|lower) than -?\d[\w.]*)(?=\s*(?:$|[,.;)]))", r"\1 or \2 \1"),
    # "in every row", "on each record": the quantifier every row check already has
    (r"\b(?:in|on|for|across|of) (?:every|each|all(?: the)?) (?:single )?(?:rows?|records?|lines?|entries|entry)"
     r"(?: (?:of|in) (?:the )?(?:[a-z_]\w* ){0,3}?(?:table|dataset|data|feed|model|source|extract|load))?\b", " "),
    # "must not be a malformed uuid" = "must be a valid uuid" (one negation, spent here)
    (r"\b(?:not|never) (?:be |contain |hold |have )?(?:an? |any )?(?:malformed|invalid|badly formed|broken|bad|bogus|corrupt(?:ed)?) ", " be a valid "),
    # "must contain a url": a value of that format
    (r"\b(contains?|holds?|have|has) an? (?=(?:url|uri|email|e-mail|uuid|guid|phone number|ip address)\b)", r"be a valid "),
    # "the table must not have a ship_date before order_date": the negation spans the noun
    # phrase of "have" (read without it the bad case was the check)
    (r"\b(?:not|never) ((?:ever )?(?:have|has|contain|contains|hold|holds|show|shows|carry|carries|record|records|include|includes) (?:an? |any |the |its |their )?[a-z_][\w.]*(?: [a-z_][\w.]*){0,2}?) (?:earlier than|before|prior to)\b", r"\1 on or after "),
    (r"\b(?:not|never) ((?:ever )?(?:have|has|contain|contains|hold|holds|show|shows|carry|carries|record|records|include|includes) (?:an? |any |the |its |their )?[a-z_][\w.]*(?: [a-z_][\w.]*){0,2}?) (?:later than|after)\b", r"\1 on or before "),
    (r"\b(?:no|not|never) (?:be )?(?:earlier than|before|prior to)\b", " on or after "),
    (r"\b(?:no|not|never) (?:be )?(?:later than|after)\b", " on or before "),
    # "more than 5 minutes in the future", "up to 2 days ahead": a time offset from now, which no
    # check here says; kept unread so the clause is refused instead of a bare "at most 5"
    (r"(-?\d+(?:\.\d+)?) ((?:" + "|".join(TIME_UNITS) + r")) (?:in the future|into the future|from now|ahead(?: of (?:now|time))?|in advance)\b",
     r"\1 \2 OFFSET"),
    # "a user must not be older than 120", "users must be at least 13 years old": the age of
    # the row's entity (its key column is never the age)
    (r"\b(?:be|is|are) (?:(younger)|older) than (-?\d+(?:\.\d+)?)(?![\d.])(?: years?)?(?: old)?\b(?! (?:" + "|".join(TIME_UNITS) + r")\b)",
     lambda m: f"have an age {'under' if m.group(1) else 'over'} {m.group(2)}"),
    (r"\b(?:be|is|are) (at least|at most|under|over|above|below|no more than|no less than) (-?\d+(?:\.\d+)?) years? old\b",
     r"have an age of \1 \2"),
    # "nobody may be younger than 18": an age, not a freshness (no time unit follows)
    (r"\byounger than (-?\d+(?:\.\d+)?)(?![\d.])(?: years?)?(?: old)?\b", r"less than \1 age"),
    (r"\bolder than (-?\d+(?:\.\d+)?)(?![\d.])(?! (?:" + "|".join(TIME_UNITS) + r")\b)", r"more than \1 age"),
    (r"\b(?:0 or (?:negative|less|lower|below)|negative or 0)\b", " LE 0 "),
    (r"\b(?:0 or (?:positive|more|greater|higher|above)|positive or 0)\b", " GE 0 "),
    # "x at most 12, floor 5", "x at least 0, and a ceiling of 40": a clause that is only a bound
    # word and a number is the other bound of the clause before it (the bound word was read as a
    # column of its own, given the first clause's bound)
    (r"^\s*(?:(?:and|but|with|plus)\s+)?(?:(?:a|an|the|its|has a|have a|with a)\s+)?"
     r"(?:(floor|lower (?:bound|limit))|ceiling|cap|upper (?:bound|limit))\s*(?:of|at|is|=|:)?\s+"
     r"(?=-?\d+(?:\.\d+)?(?:\s*%|\s+[a-z]+)?\s*[.!]?\s*$)",
     lambda m: " at least " if m.group(1) else " at most "),
    # "x at least 1450, nothing later than 1900", "..., none above 40": a clause led by a negative
    # pronoun and a comparator is the other bound of the clause before it (read as a column
    # `nothing`, or with the pronoun dropped as the bad case `x > 40`)
    (r"^\s*(?:(?:and|but|so)\s+)?(?:nothing|none|nobody|no ?one)\s+(?:(?:is|are|may be|can be|should be|goes|gets)\s+)?"
     r"(?:(over|above|beyond|past|after|(?:more|greater|higher|bigger|larger|later) than|in excess of)"
     r"|under|below|before|(?:less|fewer|lower|smaller|earlier) than)\s+(?=-?\d)",
     lambda m: " at most " if m.group(1) else " at least "),
    # "capped at 5", "limited to 100" (a number: a list would be values), "floored at 0"
    (r"\b(?:capped|maxed out|tops out|topped out|limited|restricted|bounded above) (?:at|to|by) (?=-?\d)", " at most "),
    (r"\b(?:floored|bounded below) (?:at|by) (?=-?\d)", " at least "),
    # "water levels cap at 450", "x maxes out at 9" (a verb of its subject, no object before "at")
    (r"\b(?:caps?|max(?:es)? out|top out|bottoms? out) at (?=-?\d)", lambda m: " at least " if m.group(0).startswith("bottom") else " at most "),
    # "stays at or under 120", "at or above 0": inclusive ("under" alone is strict)
    (r"\bat or (?:under|below|beneath|less than)\b|\bon or under\b", " LE "),
    (r"\bat or (?:above|over|more than|greater than)\b", " GE "),
    (r"\brow_?count\b|\brecords?[ _]?count\b", " row count "),
    (r"\b(?:greater|more|bigger|larger|higher) than or equal(?: to)?\b", " GE "),
    (r"\b(?:greater|more|bigger|larger|higher) or equal(?: to)?\b", " GE "),
    (r"\b(?:less|smaller|lower|fewer) than or equal(?: to)?\b", " LE "),
    (r"\b(?:less|smaller|lower|fewer) or equal(?: to)?\b", " LE "),
    (r"\b(?:no|not|never)(?: be| contain| have| has| hold| include| exceed| go)? (?:more|greater|higher|larger|bigger) than\b", " LE "),
    (r"\b(?:no|not|never)(?: be| contain| have| has| hold| include| go)? (?:less|lower|smaller|fewer) than\b", " GE "),
    (r"\b(?:not|never)(?: be| (?:go|goes|fall|falls|get|drop|drops|dip|dips|sink|sinks|rise|rises|climb|climbs|reach|reaches))? (?:above|over|exceed(?:ing)?)\b|\bnever exceeds?\b", " LE "),
    (r"\b(?:not|never)(?: be| (?:go|goes|fall|falls|get|drop|drops|dip|dips|sink|sinks|rise|rises|climb|climbs|reach|reaches))? (?:below|under|beneath)\b", " GE "),
    (r"\b(?:not|never) (?:be )?(?:the same as|identical to|equal to|equals?)\b", " NE "),
    (r"\bnot equal(?:s)?(?: to)?\b|\bdifferent from\b|\bdiffer from\b|!=|<>", " NE "),
    (r"\bat least\b|\bminimum(?: of| is| value(?: of| is)?)?\b(?! (?!(?:of|is|value|the|a|an|be|should|must|number|length|count|rows?|records?)\b)[a-z]{3,}\b)|(?<!\d )\bmin(?: of| is)?\b|>=|=>", " GE "),
    (r"\bat most\b|\bmaximum(?: of| is| value(?: of| is)?)?\b(?! (?!(?:of|is|value|the|a|an|be|should|must|number|length|count|rows?|records?)\b)[a-z]{3,}\b)|\bmax(?: of| is)?\b|\bup to\b|<=|=<", " LE "),
    # "18 or over", "5 and above", "100 and up", "3 or under": inclusive (before "over" is GT)
    (r"(-?\d+(?:\.\d+)?) (?:years? )?(?:old )?(?:or|and) (?:over|above|up|upwards|higher|more|greater|older)\b(?! (?:than )?-?\d)", r" GE \1 "),
    (r"(-?\d+(?:\.\d+)?) (?:years? )?(?:old )?(?:or|and) (?:under|below|down|downwards|lower|less|fewer|younger)\b(?! (?:than )?-?\d)", r" LE \1 "),
    (r"\b(?:greater|more|larger|bigger|higher) than\b|\babove\b|\bover\b|\bexceed(?:s|ing)?\b|\bbeyond\b|(?<=\bgo )past\b|(?<=\bgoes )past\b|(?<=\bwent )past\b|(?<=\bclimbs )past\b|(?<=\bclimb )past\b|(?<=\brises )past\b|(?<=\brise )past\b|(?<=\bgets )past\b", " GT "),
    (r"\bin excess of\b|>", " GT "),
    (r"\b(?:less|fewer|smaller|lower) than\b|\bbelow\b|\bunder\b|<(?!>)", " LT "),
    (r"\bequal(?:s)?(?: to)?\b|\bexactly\b|==|=", " EQ "),
    (r"(-?\d+(?:\.\d+)?) or (?:more|greater|above|higher|larger)\b|(-?\d+(?:\.\d+)?) ?\+", r" GE \1\2 "),
    # "2015 or later", "1900 or after", "2030 or earlier": a year or date bound
    (r"(-?\d+(?:\.\d+)?) or (?:later|after|newer|more recent|since)\b", r" GE \1 "),
    (r"(-?\d+(?:\.\d+)?) or (?:earlier|before|sooner|prior)\b", r" LE \1 "),
    (r"(-?\d+(?:\.\d+)?) (?:years? )?(?:old )?or (?:older|over)\b", r" GE \1 "),
    (r"(-?\d+(?:\.\d+)?) (?:years? )?(?:old )?or (?:younger|under)\b", r" LE \1 "),
    (r"(-?\d+(?:\.\d+)?) or (?:less|fewer|below|lower|smaller)\b", r" LE \1 "),
    (r"(-?\d+(?:\.\d+)?) (rows?|records?|entries|lines) or (?:more|greater|above|higher|larger)\b", r" GE \1 \2 "),
    (r"(-?\d+(?:\.\d+)?) (rows?|records?|entries|lines) or (?:less|fewer|below|lower|smaller)\b", r" LE \1 \2 "),
    (r"(?<![\w.])(-?\d+(?:\.\d+)?) ?\.\. ?(-?\d+(?:\.\d+)?)(?![\w.])", r" RANGE \1 \2 "),  # "-90..90"
    (r"\bbetween (-?\d+(?:\.\d+)?) (?:btwand|and|to) (-?\d+(?:\.\d+)?)", r" RANGE \1 \2 "),
    # between two literals (dates): both bounds, each a comparison with the literal
    (r"\bbetween («\d+») (?:btwand|and|to) («\d+»)", r" GE \1 and LE \2 "),
    (r"\b(?:from|range(?: of)?|in the range(?: of)?|within(?: the range(?: of)?)?) (-?\d+(?:\.\d+)?) +(?:to|and|btwand|through|LE|(?:all the way |down |right )?to|until|till) +(-?\d+(?:\.\d+)?)", r" RANGE \1 \2 "),
    # "in [0, 100]" / "range (0, 100)" are intervals, but "in (0, 1)" (SQL), "one of [0, 1]"
    # and "values: [1, 2]" list values
    # half-open intervals: "(0, 1000]" is > 0 and <= 1000, "[0, 1)" is >= 0 and < 1
    (r"(?:(?:lie|lies|be|is|are) )?(?:in |within )?(?:the )?(?:(?:range|interval) (?:of )?)?\( ?(-?\d+(?:\.\d+)?) , (-?\d+(?:\.\d+)?) ?\]", r" GT \1 LE \2 "),
    (r"(?:(?:lie|lies|be|is|are) )?(?:in |within )?(?:the )?(?:(?:range|interval) (?:of )?)?\[ ?(-?\d+(?:\.\d+)?) , (-?\d+(?:\.\d+)?) ?\)", r" GE \1 LT \2 "),
    (r"(?:in )?(?:the )?(?:range|interval) (?:of )?[\[(] ?(-?\d+(?:\.\d+)?) , (-?\d+(?:\.\d+)?) ?[\])]", r" RANGE \1 \2 "),
    (r"(?:in )?(?:the )?(?<!\bof )(?<!values )(?<!value )(?<!set )(?<!list )(?<!: )\[ ?(-?\d+(?:\.\d+)?) , (-?\d+(?:\.\d+)?) ?[\])]", r" RANGE \1 \2 "),
    (r"(?<![\w.])(-?\d+(?:\.\d+)?) to (-?\d+(?:\.\d+)?)(?![\w.])", r" RANGE \1 \2 "),
    (r"\b(?:is|are|be|must be|should be) contain(?:ed|s)? in\b(?= (?!the\b)[\w«»'.-]+ ?(?:,|\||or\b|$))", " one of "),
    # "values other than a, b or c are not allowed", "nothing other than a, b": a closed list
    (r"\b(?:nothing|no values?|none|not anything|never anything|no other values?)(?: else)? (?:other than|but|except|besides|apart from|outside(?: of)?)\b", " one of "),
    (r"\b(?:not|never) (?:be |contain |hold |have |take )?anything (?:else )?(?:other than|but|except|besides|apart from)\b", " one of "),
    # without a negation it lists what is NOT allowed: "anything but 'deleted'" (an exclusion)
    (r"\banything (?:else )?(?:other than|but|except|besides|apart from)\b", " not one of "),
    # chained comparisons: "0 <= discount <= 1", "100 > score >= 0"
    (r"(?<![\w.])(-?\d+(?:\.\d+)?)\s+(?:LE|LT)\s+([a-z_][a-z0-9_.]*)\s+(?:LE|LT)\s+(-?\d+(?:\.\d+)?)(?![\w.])", r" \2 RANGE \1 \3 "),
    (r"(?<![\w.])(-?\d+(?:\.\d+)?)\s+(?:GE|GT)\s+([a-z_][a-z0-9_.]*)\s+(?:GE|GT)\s+(-?\d+(?:\.\d+)?)(?![\w.])", r" \2 RANGE \3 \1 "),
    # "court numbers run 1 to 12", "seat numbers go from 1 to 40": the verb of a span, never a
    # word of the subject (the plural verb was read into a made-up column, and the rule refused)
    (r"(?<=[a-z]s) +(?:run|go|range|span|are numbered|count) +(?=RANGE\b)", " "),
]  # fmt: skip
_REWRITES_C = [(re.compile(p), r) for p, r in _REWRITES]


_FLIP = {"GE": "LT", "GT": "LE", "LE": "GT", "LT": "GE", "EQ": "NE", "RANGE": "OUTSIDE", "OUTSIDE": "RANGE"}


def _num_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


_SMALL = "|".join(w for w in NUMBER_WORDS if w not in ("hundred",))
_NUMBER_RUN = re.compile(
    rf"\b(?:(?:a|an|{_SMALL})(?: |-)?)+(?:(?:hundred|thousand|million)(?: and)?(?: (?:{_SMALL}))*(?: |$))+|"
    rf"\b(?:{_SMALL})(?: |-)(?:{_SMALL})\b"
)


def _number_words(s: str) -> str:
    """ "five hundred" -> 500, "twenty four" -> 24, "a million" -> 1000000 (not "one of")."""

    def value(m: re.Match[str]) -> str:
        total, current = 0, 0
        for w in re.split(r"[ -]+", m.group(0).strip()):
            if w in ("a", "an"):
                current = max(current, 1)
            elif w == "and":
                continue
            elif w == "hundred":
                current = max(current, 1) * 100
            elif w in ("thousand", "million"):
                total += max(current, 1) * (1000 if w == "thousand" else 1_000_000)
                current = 0
            else:
                current += NUMBER_WORDS[w]
        trailing = " " if m.group(0).endswith(" ") else ""
        return f"{total + current}{trailing}"

    return _NUMBER_RUN.sub(value, s)


_VERBS_KEPT = frozenset(
    "be have has go goes fall falls get drop drops dip dips sink sinks rise rises climb climbs reach "
    "reaches lie lies sit sits stay stays land lands ever always even to is are allowed permitted".split()
)


def _kept_verbs(words: str) -> str:
    """The words between a spent negation and its comparator, without a verb of reporting
    ("never read above 60" -> "above 60"; "read" names no column)."""
    return " ".join(w for w in words.split() if w in _VERBS_KEPT)


#: a comparator and a factor of a column: "LE 0.2 times y", "GT twice y", "LT 3x y", "GE half of y"
_MULTIPLE = re.compile(
    r"\b(?P<op>GE|GT|LE|LT|EQ|NE)\s+(?:the\s+)?"
    r"(?:(?P<n>-?\d+(?:\.\d+)?)\s*(?:x|\*|times|multiplied\s+by)|(?P<w>twice|double|triple|half)(?:\s+of)?)"
    r"\s+(?:the\s+|that\s+of\s+(?:the\s+)?)?(?!(?:a|an|per|each|every|in|on|at|daily|weekly|hourly|monthly|yearly|over|or|and)\b)(?=[a-z_«])"
)


def _multiple(m: re.Match[str]) -> str:
    factor = m.group("n") or {"twice": "2", "double": "2", "triple": "3", "half": "0.5"}[m.group("w")]
    return f"{m.group('op')} {factor} times "


_ONE_OF_SPAN = re.compile(r"\bone\s+of\s+RANGE\s+(\d+)\s+(\d+)\b")


def _one_of_span(m: re.Match[str]) -> str:
    a, b = int(m.group(1)), int(m.group(2))
    if not 0 < b - a <= 50:
        return m.group(0)
    width = len(m.group(1)) if m.group(1).startswith("0") else 0
    codes = [str(n).zfill(width) for n in range(a, b + 1)]
    return "one of " + ", ".join(codes[:-1]) + " or " + codes[-1]


def canonical(piece: str, known: frozenset[str] = frozenset()) -> str:
    """The canonical lower-case form of one clause that the grammar reads."""
    s = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)\s?M\b", r"\1 million", piece)  # "5M rows" (capital M)
    # a word in capitals in a clause written in lower case, or alone (a list's item), is a
    # code ("one of STATE, COUNTY, CITY"), never a typo of a keyword (COUNTY was corrected to
    # "count", a value not written)
    codes = (
        frozenset(w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", s))
        if re.search(r"[a-z]", s) or re.fullmatch(r"\s*[A-Z]{2,}\s*", s)
        else frozenset()
    )
    # a clause of one word is a list's item, a value as written ("open / repaired / collected":
    # "repaired" was corrected to the keyword "required")
    if re.fullmatch(r"\s*[A-Za-z]+\s*", s):
        codes = codes | {s.strip().lower()}
    # so is a word of a list joined by slashes ("open / repaired / collected") or by the bars
    # the list reader put between its items ("repaired, sealed or cracked")
    if "/" in s or "|" in s:
        codes = codes | {
            m.group(0).strip().lower()
            for m in re.finditer(r"[A-Za-z]+(?=\s*[/|]\s*[A-Za-z])|(?<=[/|])\s*[A-Za-z]+\b", s)
        }
    # and the first item after "one of" ("one of repaired, sealed, cracked": the items after it
    # are clauses of one word)
    if "one of" in s.lower():
        codes = codes | {m.group(1).lower() for m in re.finditer(r"(?i)\bone\s+of\s+([A-Za-z]+)\b", s)}
    s = s.lower()
    s = (
        s.replace("\u2265", ">=")
        .replace("\u2264", "<=")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
    )
    # a temperature compared in words: "-18 or colder", "warmer than 8" are "-18 or lower",
    # "higher than 8" (only as a comparison: "the cooler" may be a noun); left to the typo
    # pass, "colder" became "older" (an age) and the bound the opposite way
    s = re.sub(r"\b(?:colder|cooler)(?= than\b)|(?<=\d or )(?:colder|cooler)\b", "lower", s)
    s = re.sub(r"\b(?:warmer|hotter)(?= than\b)|(?<=\d or )(?:warmer|hotter)\b", "higher", s)
    # the negative of a column: "the negative of its overdraft limit", "-overdraft_limit"
    # (a sign kept as "minus", never dropped and never read as "negative" values)
    s = re.sub(r"\b(?:the )?negative (?:value )?of (?:its |their |the )?", " minus ", s)
    s = re.sub(r"(?<![\w)»])-\s?(?=[a-z_]|«)", " minus ", s)
    # data-contract flags: "required: true", "unique: yes", "nullable: false"
    s = re.sub(r"\b(required|unique|primary ?key)\s*:\s*(?:true|yes)\b", r"\1", s)
    s = re.sub(r"\bnullable\s*:\s*(?:false|no)\b", "required", s)
    s = re.sub(r"\b(?:required\s*:\s*(?:false|no)|nullable\s*:\s*(?:true|yes))\b", "optional", s)
    s = re.sub(r"\bunique\s*:\s*(?:false|no)\b", " ", s)
    # "differ from its `preparer_id`", "exceed their max_payload": the row's own column
    s = re.sub(r"\b(?:its|their)\s+(?=«\d+»|[a-z][a-z0-9]*_[a-z0-9_]+\b)", "", s)
    # "earlier than the time the order was placed": the event's own time ("placed")
    s = re.sub(
        r"\bthe (?:time|date|moment|timestamp|day)(?: when| at which| that)? (?:the |its |it |they |their )?(?:[a-z]+ )?(?:was|were|is|are|got|had been|has been) ([a-z]+ed)\b",
        r"\1",
        s,
    )
    s = re.sub(r"\bcannot\b|\bcan't\b", "can not", s)
    s = re.sub(r"\bwon't\b", "will not", s)
    # "every sample needs a positive flow rate": the entity must have it
    s = re.sub(r"\b(?:needs?|requires?)\s+(?=(?:an?|some|at least one)\s)", "must have ", s)
    s = re.sub(r"\b(?:gotta|got to|hafta|needs? to)\b", "must", s)
    s = re.sub(r"\bshan't\b", "shall not", s)
    s = re.sub(r"(\w)n't\b", r"\1 not", s)
    # the same contractions typed without the apostrophe ("cant", "shouldnt"), unless a
    # column of the table is spelled that way
    s = re.sub(
        r"\b[a-z]+nt\b",
        lambda m: m.group(0) if m.group(0) in known else CONTRACTIONS.get(m.group(0), m.group(0)),
        s,
    )
    # "I'd just check", "we'll need", "you've got": the pronoun's auxiliary, never a column word
    s = re.sub(r"\b(i|we|you|they|he|she)(?:'|\u2019)(?:d|ll|ve|re|m)\b", r"\1", s)
    s = re.sub(r"\b[\w.]+'s?(?=\s|$)", " ", s)  # possessive owner ("order's customer_id")
    s = re.sub(r"\be-mail", "email", s)
    s = re.sub(
        r"\bexpect_(?:column|table|multicolumn|compound)_\w+",
        lambda m: m.group(0).replace("_", " "),
        s,
    )
    s = re.sub(r"\bnon[- ]?(null|empty|blank|missing)\b", r"not \1", s)
    s = re.sub(r"\bnon[- ]?(negative|positive|zero)\b", r"non\1", s)
    s = re.sub(r"\bnon[- ]?duplicate[sd]?\b", "unique", s)
    s = re.sub(r"\bnot[- ]null\b", "not null", s)
    s = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", s)
    # numbers: 10,000 / $5 / 10k / 1.5 million / 24h / 0-100
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)
    # "$5mm" is finance's million only after a currency sign; "95 mm" is a length (it was 95000000)
    s = re.sub(r"[$\u20ac\u00a3](\d+(?:\.\d+)?)\s?mm\b", r"\1 million", s)
    s = re.sub(r"[$\u20ac\u00a3](?=\d)", "", s)
    s = re.sub(r"(?<![\d-])(\d+(?:\.\d+)?)\s*[-\u2013]\s*(\d+(?:\.\d+)?)(?![\d-])", r"\1 to \2", s)
    if "e" in s:
        # "1e4", "2.5e-3": scientific notation is the number it names
        s = re.sub(
            r"(?<![\w.])(\d+(?:\.\d+)?e[-+]?\d{1,3})(?![\w.])",
            lambda m: _num_text(float(m.group(1))),
            s,
        )
    s = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)([a-z]+)\b", r"\1 \2", s)
    s = re.sub(
        # "mm" is a length here ("12 mm/s", "95 mm"); finance's "$5mm" is read above
        r"(?<![\w.])(\d+(?:\.\d+)?) (k|thousand|million|mil|mn|"
        + r"billion|bn)\b",
        lambda m: _num_text(float(m.group(1)) * MULTIPLIERS[m.group(2)]),
        s,
    )
    s = re.sub(
        r"(?<![\w.])(\d+(?:\.\d+)?) (m|b) (rows?|records?|entries|lines)\b",
        lambda m: f"{_num_text(float(m.group(1)) * MULTIPLIERS[m.group(2)])} {m.group(3)}",
        s,
    )
    s = re.sub(r"\bhalf an hour\b", "30 minutes", s)
    # "within the last day", "in the past hour": one unit
    s = re.sub(
        r"\b(?:the )?(last|past|previous) (minute|hour|day|week|month|year)\b", r"\1 1 \2", s
    )
    # "balance may go negative": a permission, never a sign rule (the limit follows: "but not below -500")
    # (not after a negative subject: "none of the prices may be negative" forbids it)
    if not re.search(r"\b(?:none|no|nobody|never|not|neither|nor)\b", s.split(" negative")[0]):
        s = re.sub(
            r"\b(?:may|can|could|might|is allowed to|are allowed to)(?: be| go| become| turn| dip)? negative\b",
            " ",
            s,
        )
    s = re.sub(r"\bjudging by\b|\bjudged by\b|\bgoing by\b", "based on", s)
    s = re.sub(
        r"\b(?:a|an|one) (" + "|".join(u for u in TIME_UNITS if len(u) > 2) + r")\b", r"1 \1", s
    )
    s = re.sub(
        r"\b(more|less|greater|older|fewer|smaller|larger|higher|lower|newer|bigger) then\b",
        r"\1 than",
        s,
    )
    s = re.sub(r"\batleast\b", "at least", s)
    # "less than 30 or equal to it": one inclusive comparison
    s = re.sub(
        r"\b(less|greater|more|fewer|smaller|larger|higher|lower) than (-?[\d.,]+) or equal(?: to)?(?: (?:it|that|this))?\b",
        r"\1 than or equal to \2",
        s,
    )
    s = re.sub(r"\bnot ever\b", "never", s)
    s = re.sub(
        r"^(.*?)\b(duplicates?|duplicate values|dupes|nulls?|null values|missing values|blanks?|empty values)"
        r" ((?:in|on|for|of) .{1,60}?) (?:are|is) (?:not|never) (?:allowed|permitted|accepted|tolerated|ok|okay)\b",
        r"\1 no \2 \3",
        s,
    )
    s = re.sub(
        r"^(.*?)\b(duplicates?|duplicate values|dupes|nulls?|null values|missing values|blanks?|empty values)"
        r" ((?:in|on|for|of) .{1,60}?) (?:are|is) (?:forbidden|disallowed|prohibited)\b",
        r"\1 no \2 \3",
        s,
    )
    s = re.sub(r"(\d)\s*\.\.\s*(-?\d)", r"\1 to \2", s)
    s = re.sub(r"\b(?:no|not|never)(?: be)? longer than\b", " at most ", s)
    s = re.sub(r"\b(?:no|not|never)(?: be)? shorter than\b", " at least ", s)
    s = re.sub(r"\blonger than\b", " more than ", s)
    s = re.sub(r"\bshorter than\b", " less than ", s)
    s = re.sub(r"\batmost\b", "at most", s)
    s = _number_words(s)
    s = re.sub(r"\bzero\b", "0", s)
    # a lone number word after a comparison word ("must not exceed twelve"); "one" stays
    # a word elsewhere ("one of", "one row per")
    s = re.sub(
        r"\b(than|least|most|exceed|exceeds|to|and|btwand|between|below|above|under|over|from|be|is|are|of|max|min|maximum|minimum|equal|equals)"
        r" ("
        + "|".join(w for w in NUMBER_WORDS if w not in ("hundred", "thousand", "million"))
        + r")\b(?! (?:of|rows?|records?|entries|per|another)\b)",
        lambda m: f"{m.group(1)} {NUMBER_WORDS[m.group(2)]}",
        s,
    )
    s = re.sub(r"\b(?:cannot|can not|must not|never|not) (?:ever )?precede\b", " not before ", s)
    s = re.sub(r"\bprecedes?\b|\bcomes? before\b", " before ", s)
    s = re.sub(r"\bcomes? after\b", " after ", s)
    # "test_date in YYYY-MM-DD", "must be in yyyy/mm/dd": a date written in that mask (as "in
    # YYYY-MM-DD format" and "is YYYY-MM-DD" were read; without "format" it was refused)
    s = re.sub(
        r"\b(?:(must|should|shall|has to|have to) be )?in (?=yyyy[-/. ]?mm[-/. ]?dd\b(?! format))",
        lambda m: f"{m.group(1)} be " if m.group(1) else "is ",
        s,
    )
    # "price > 0 strictly", "above 5 strictly": said after a strict comparison and its number,
    # the same strict comparison (the word was left unread and the rule refused); never after
    # ">=" / "at least", where it would contradict the bound
    if "strictly" in s:
        s = re.sub(
            r"((?:(?<![<>=!])[<>](?!=)|\b(?:above|below|over|under|greater than|more than|less than|fewer than|higher than|lower than))\s*-?\d+(?:\.\d+)?)\s+strictly\b",
            r"\1",
            s,
        )
    # "strictly greater than" is "greater than": a strict comparison already
    s = re.sub(
        r"\bstrictly (?=greater|more|less|smaller|larger|bigger|higher|lower|above|below|over|under|after|before|later|earlier|>|<)",
        "",
        s,
    )
    words = "|".join(NUMBER_WORDS)
    s = re.sub(
        rf"\b({words})(?= (?:{'|'.join(TIME_UNITS)}|rows?|records?|entries|percent)\b)",
        lambda m: str(NUMBER_WORDS[m.group(1)]),
        s,
    )
    toks = re.findall(
        r"«\d+»|[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*|-?\d+(?:\.\d+)?(?:e\d+)?"
        r"|>=|<=|!=|<>|=>|=<|==|[<>=%|()\[\]{},:+*/]",
        s,
    )
    out = []
    for t in toks:
        # a plural of a column's word ("rates" of interest_rate) is that word, never a typo
        if (
            t.isalpha()
            and t not in known
            and t not in codes
            and not (t.endswith("s") and (t[:-1] in known or t[:-2] in known))
        ):
            t = correct_word(t)
            t = "can not" if t == "cannot" else t  # "cannnot" is one negation too
        out.append(t)
    s = " " + " ".join(out) + " "
    s = re.sub(r"(\d) ?%(?! ?of\b)", r"\1", s)  # "between 0% and 100%"
    for rx, rep in _REWRITES_C:
        s = rx.sub(rep, s)
    # "outside 10 to 80", "not between 1 and 5", "never within -90..90": the complement
    s = re.sub(r"\b(?:(?:not|never)(?: be| lie| fall)?(?: in| within| inside)?(?: the)?(?: range(?: of)?)?|outside(?: of)?(?: the)?(?: range(?: of)?)?)\s+RANGE\b", " OUTSIDE ", s)
    # "has 0 rows", "returns 5 records": a stated count of rows is an equality, so a negation
    # or a stated bad case before it flips it like any comparison ("must not have 0 rows")
    if " row" in s or " record" in s or " entries" in s:
        s = re.sub(
            r"\b(has|have|contains?|returns?|loads?|gets?|got|yields?) (\d+) (rows?|records?|entries)\b",
            r"\1 EQ \2 \3",
            s,
        )
    if not re.search(r"\b(?:values?|one of|codes?|options?|levels?)\b", s):
        # "discount must be 0": a bare number after the verb is an equality (not a list
        # start); made one before the polarity pass, so "must not be 35" is NE 35 (left after
        # it, the "not" went unspent and the check was x = 35, the opposite)
        s = re.sub(r"\b(be|is|are|always) (-?\d+(?:\.\d+)?)\s*$", r" \1 EQ \2 ", s)
    # polarity, once: a negation that still governs a comparator flips it and is spent
    # ("must not be at least 5" -> LT 5); the wordings above that already folded their
    # negation in ("no more than" -> LE) left no "not" behind, so nothing flips twice
    s = re.sub(
        # verbs between the negation and the comparator ("never read above 60", "not
        # measure over 5"): the negation governs the comparison, it is never left unspent
        r"\b(?:not|never)((?:\s+(?:be|have|has|go|goes|fall|falls|get|drop|drops|dip|dips|sink|sinks|rise|rises|climb|climbs|reach|reaches|lie|lies|sit|sits|stay|stays|land|lands|ever|always|even|to|is|are|read|reads|measure|measures|show|shows|record|records|recorded|register|registers|registered|report|reports|reported|hit|hits|log|logs|logged|measured|come|comes|in|run|runs|trend|trends|spike|spikes|jump|jumps|peak|peaks|allowed|permitted|supposed|expected|meant|able|going|ok|okay|acceptable|possibly|really|actually|normally|usually|realistically|physically|legitimately|ordinarily|ever))*)\s+(GE|GT|LE|LT|EQ|OUTSIDE)\b",
        lambda m: f"{_kept_verbs(m.group(1))} {_FLIP[m.group(2)]}",
        s,
    )
    # ... also across the noun phrase of "have": "must not have an age LT 18" -> age GE 18
    s = re.sub(
        r"\b(?:not|never)\s+((?:have|has|hold|contain|show|get|report|reports|record|records|log|logs|register|registers|read|reads|send|sends|emit|emits|carry|carries)\s+(?:(?:an?|any|the|its|their)\s+)?(?:[a-z_][\w.]*\s+){1,3}?)(GE|GT|LE|LT|EQ|OUTSIDE|RANGE)\b",
        lambda m: f"{m.group(1)}{_FLIP[m.group(2)]}",
        s,
    )
    # the same for a sign word: "must not have a negative balance" -> nonnegative
    s = re.sub(
        r"\b(?:not|never)((?:\s+(?:be|have|has|hold|contain|show|get|ever|any|an?|even|to|is|are|allowed|permitted|supposed|expected|meant|able|going|ok|okay|acceptable|go|turn|become|read))*)\s+(negative|positive)\b",
        lambda m: f"{m.group(1)} non{m.group(2)}",
        s,
    )
    # a multiple of another column ("at most 0.2 times fresh_weight_g", "no more than twice
    # the deposit", "under 3x base_fee"): a factor of that column, never a bound of its own
    # (read as "LE 0.2" the column was dropped; "twice" was dropped and the check was x <= y).
    # A frequency ("3 times a day") is not a column
    if "times" in s or "twice" in s or "half" in s or "double" in s or "x " in s or "*" in s:
        s = _MULTIPLE.sub(_multiple, s)
    # "one of 01-05": the codes of the span, one by one, as written (read as a range, "one"
    # joined the subject's words and the rule fell to the condition's column)
    if "RANGE" in s:
        s = _ONE_OF_SPAN.sub(_one_of_span, s)
        # "within 90% to 120% of the label claim": a span of shares of another column; no rule
        # reads it (the shares were read as the bounds, 90 to 120, a wrong check): an error
        s = re.sub(r"\bRANGE\s+-?\d+(?:\.\d+)?\s+-?\d+(?:\.\d+)?\s*(?:%|percent)?\s+of\b", " unread_share_of_column ", s)
    # a tolerance ("at least 95% of emails must be valid") is not part of the check itself
    s = re.sub(
        r"(?:\b(?:GE|GT|LE|LT)\s+)?-?\d+(?:\.\d+)?\s*(?:%|percent)\s+of\s+(?:the\s+|all\s+)?",
        " ",
        s,
    )
    s = re.sub(
        r"\bwhole numbers?\b|\bintegers?\b(?=\s+\w)|\bnumeric\b(?=\s+\w)|\bdecimals?\b(?=\s+\w)|\ba number\b(?=\s+\w)",
        " ",
        s,
    )
    return re.sub(r"\s+", " ", s).strip()
