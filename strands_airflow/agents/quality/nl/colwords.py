"""Which column a person's words name when the words are not the column's own (round 29a).

- A date or time said by the event ("the sweep date" -> ``swept_on``, "landing time" ->
  ``landed_at``): among the table's time columns only (``_at``, ``_on``, ``_date``, ...), each
  other word names a part of the column's name exactly, as its participle ("landing",
  "sweep" -> swept) or as a known shortening; one column only, never a guess.
- A hyphenated compound that spells a column's words ("the load-in" -> ``load_in_at``): one
  column only, whose remaining part is a time or key suffix.
"""

from __future__ import annotations

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.columns import ColumnResolver, _loose, _variants, parts
from strands_airflow.exceptions import QualityRequestError

#: the last part of a column holding a date or a time
TIME_SUFFIXES = frozenset("at on date dt ts time datetime timestamp day utc".split())
#: words that say "a date / time" without naming which one
TIME_NOUNS = frozenset("date dates time times day timestamp datetime".split())
#: English verbs whose past participle is not verb + (e)d ("swept_on" for "the sweep date")
IRREGULAR_PARTICIPLES = {
    "sweep": "swept", "keep": "kept", "sleep": "slept", "send": "sent", "spend": "spent",
    "lend": "lent", "build": "built", "pay": "paid", "lay": "laid", "make": "made", "sell": "sold",
    "tell": "told", "buy": "bought", "bring": "brought", "catch": "caught", "teach": "taught",
    "think": "thought", "find": "found", "bind": "bound", "wind": "wound", "hold": "held",
    "leave": "left", "meet": "met", "feed": "fed", "lead": "led", "read": "read", "ring": "rung",
    "sing": "sung", "begin": "begun", "run": "run", "win": "won", "hang": "hung", "get": "got",
    "give": "given", "take": "taken", "write": "written", "drive": "driven", "ride": "ridden",
    "fly": "flown", "draw": "drawn", "grow": "grown", "throw": "thrown", "know": "known",
    "show": "shown", "sew": "sewn", "sow": "sown", "saw": "sawn", "mow": "mown", "shear": "shorn", "steal": "stolen",
    "choose": "chosen", "freeze": "frozen", "break": "broken", "speak": "spoken", "wake": "woken",
    "wear": "worn", "tear": "torn", "swear": "sworn", "bear": "born", "eat": "eaten",
    "fall": "fallen", "see": "seen", "go": "gone", "do": "done", "come": "come", "become": "become",
    "shoot": "shot", "light": "lit", "slide": "slid", "hide": "hidden", "bite": "bitten",
    "lose": "lost", "shut": "shut", "set": "set", "put": "put", "cut": "cut", "quit": "quit",
    "split": "split", "spread": "spread", "dig": "dug", "stick": "stuck", "strike": "struck",
    "swing": "swung", "spin": "spun", "sink": "sunk", "drink": "drunk", "shrink": "shrunk",
    "forget": "forgotten", "forgive": "forgiven", "stand": "stood", "understand": "understood",
    "sit": "sat", "seek": "sought", "fight": "fought", "deal": "dealt", "feel": "felt",
    "kneel": "knelt", "weep": "wept", "creep": "crept", "leap": "leapt", "mean": "meant",
    "dream": "dreamt", "burn": "burnt", "spell": "spelt", "spill": "spilt", "learn": "learnt",
}  # fmt: skip
_PARTICIPLE_OF = {v: k for k, v in IRREGULAR_PARTICIPLES.items()}


def _stems(word: str) -> set[str]:
    """The verb a word may stand for: "landing" -> land, "shipping" -> ship, "swept" -> sweep."""
    out = {word}
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        out |= {base, base + "e"}
        if len(base) > 2 and base[-1] == base[-2]:
            out.add(base[:-1])  # "shipping" -> ship
    if word.endswith("ion") and len(word) > 6:
        out |= {word[:-3], word[:-3] + "e"}  # "collection" -> collect, "completion" -> complete
    if word.endswith("ission") and len(word) > 7:
        out.add(word[:-5] + "t")  # "submission" -> submit, "admission" -> admit
    if word in _PARTICIPLE_OF:
        out.add(_PARTICIPLE_OF[word])
    return out


def _names_part(word: str, part: str) -> bool:
    if part in _variants(word):
        return True
    for stem in _stems(word):
        if stem == part or IRREGULAR_PARTICIPLES.get(stem) == part or _loose(stem, part):
            return True
    return False


def time_column(resolver: ColumnResolver, words: list[str]) -> str | None:
    """The one time column the words name by its event ("the sweep date" -> swept_on,
    "landing time" -> landed_at), None when no time column or more than one fits."""
    content = [w.lower() for w in words if w.lower() not in TIME_NOUNS and w.isalpha()]
    if not content and len(words) == 1 and words[0].lower() in TIME_NOUNS:
        # "per day" in a key: the table's one date column
        day = words[0].lower() in ("day", "days", "date", "dates")
        cols = [
            c
            for c in resolver.columns
            if len(parts(c)) >= 2
            and parts(c)[-1]
            in (
                ("date", "on", "day", "dt")
                if day
                else ("at", "ts", "time", "timestamp", "datetime")
            )
        ]
        return cols[0] if len(cols) == 1 else None
    if not content or len(content) != len([w for w in words if w.lower() not in TIME_NOUNS]):
        return None
    hits = []
    for col in resolver.columns:
        ps = parts(col)
        if len(ps) < 2 or ps[-1] not in TIME_SUFFIXES:
            continue
        head = ps[:-1]
        if all(any(_names_part(w, p) for p in head) for w in content):
            hits.append(col)
    return hits[0] if len(hits) == 1 else None


#: a hyphenated compound of two or three words ("load-in", "check-out", "drop-off")
_COMPOUND = re.compile(r"(?<![\w'-])([a-z]+)-([a-z]+)(?:-([a-z]+))?(?![\w'-])")
#: suffixes a column adds after the compound's words
_NAME_SUFFIXES = TIME_SUFFIXES | frozenset("id no num code ref key flag count".split())


def hyphen_columns(text: str, resolver: ColumnResolver | None) -> str:
    """ "the load-out is before the load-in" with load_out_at and load_in_at: each compound is
    its column (read as words, "in" / "out" were prepositions and both sides were 'load')."""
    if resolver is None or "-" not in text:
        return text
    by_head: dict[tuple[str, ...], list[str]] = {}
    for col in resolver.columns:
        ps = parts(col)
        if len(ps) >= 3 and ps[-1] in _NAME_SUFFIXES:
            by_head.setdefault(tuple(ps[:-1]), []).append(col)
        if len(ps) >= 2:
            by_head.setdefault(tuple(ps), []).append(col)

    def repl(m: re.Match[str]) -> str:
        key = tuple(g.lower() for g in m.groups() if g)
        cols = sorted(set(by_head.get(key, [])))
        return cols[0] if len(cols) == 1 else m.group(0)

    return _COMPOUND.sub(repl, text)


#: "unless a callout was cancelled (status = 'CANCELLED')", "when the specimen is a protected
#: species (is_protected = true)": a condition in prose, then spelled out on a column in brackets
_PROSE_THEN_SPEC = re.compile(
    r"(?i)\b(?P<conj>if|when|whenever|unless|except\s+when)\s+(?:[\w'\u2019-]+\s+){1,7}?\(\s*"
    r"(?P<spec>[a-z][a-z0-9_]*\s*(?:==?|!=|<>|<=|>=|<|>)\s*(?:«\d+»|-?\d+(?:\.\d+)?|true|false)"
    r"|[a-z][a-z0-9]*_[a-z0-9_]+\s+is\s+(?:not\s+)?(?:true|false|null|«\d+»))\s*\)"
)


def spelled_conditions(text: str) -> str:
    """The condition as the brackets spell it: the prose before them says the same in words
    (read as words, "a callout was cancelled" named no column and the request was refused)."""
    if "(" not in text:
        return text
    return _PROSE_THEN_SPEC.sub(lambda m: f"{m.group('conj')} {m.group('spec')}", text)


#: "each panel may only appear once per week": the modal and "only" say what "appears only
#: once" says (read with the modal, "only" became "must not appear" and the sentence was refused)
_MAY_ONLY_ONCE = re.compile(
    r"(?i)\b(?:may|can|should|must|shall|will|is\s+allowed\s+to|are\s+allowed\s+to)\s+(?:only\s+)?"
    r"(appear|occur|exist|show\s+up)\s+(?:only\s+|at\s+most\s+)?once\b"
)
#: "never more than one run per shearer per shed per day": one row per key, said with the
#: table's own noun
_ONE_NOUN_PER = re.compile(
    r"(?i)\b(?:never\s+more\s+than|no\s+more\s+than|not\s+more\s+than|at\s+most|only|just)\s+(?:one|1|a\s+single)\s+"
    r"(?P<noun>[a-z]+)\s+(?=per\s+[a-z])"
)
_ROW_NOUNS = frozenset({"row", "rows", "record", "records", "entry", "entries", "line", "lines"})


def once_per_key(text: str, resolver: ColumnResolver | None) -> str:
    """A key said as "appears once per" / "one <the table's noun> per ..." in one spelling
    ("... appears only once per ...", "only one row per ...")."""
    if "once" in text:
        text = _MAY_ONLY_ONCE.sub(
            lambda m: f"{m.group(1).split()[0]}s{' up' if ' ' in m.group(1) else ''} only once",
            text,
        )
    if " per " not in text or " one " not in f" {text.lower()} ":
        return text

    def repl(m: re.Match[str]) -> str:
        noun = m.group("noun").lower()
        if noun in _ROW_NOUNS:
            return m.group(0)
        if resolver is None or not resolver.columns:
            return m.group(0)
        # the table's key names its rows: a run per row of a runs table with run_id first
        key = parts(resolver.columns[0])
        if key[-1] in ("id", "key", "no", "uuid") and key[:-1] in ([noun], [noun.rstrip("s")]):
            return "only one row "
        return m.group(0)

    return _ONE_NOUN_PER.sub(repl, text)


#: "transect_id + quadrat_no had dupes again. can we make that pair unique": the pair named in
#: the sentence before ("that pair", "the combo", "those two")
_THAT_PAIR = re.compile(
    r"(?is)(?P<pair>\b[a-z][a-z0-9]*_[a-z0-9_]+\s*(?:\+|&|\band\b|,)\s*[a-z][a-z0-9]*_[a-z0-9_]+\b)"
    r"(?P<mid>[^.?!\n]{0,80}[.?!\n]\s*[^.?!\n]{0,60}?)"
    r"\b(?:that|this|the|those)\s+(?:pair|combo|combination|two(?:\s+columns)?|two\s+together)\b"
    r"(?=[^.?!\n]{0,30}\b(?:unique|distinct)\b)"
)


def that_pair(text: str) -> str:
    """The pair a later sentence points back to, named again where it points."""
    if not any(w in text for w in ("pair", "combo", "combination", "two")):
        return text

    def repl(m: re.Match[str]) -> str:
        a, b = re.split(r"\s*(?:\+|&|\band\b|,)\s*", m.group("pair"), maxsplit=1)
        return f"{m.group('pair')}{m.group('mid')}the combination of {a.strip()} and {b.strip()}"

    return _THAT_PAIR.sub(repl, text)


#: "make borehole_ref unique and not null on wells.boreholes": after the checks of a named
#: column, "on <schema>.<table>" is where they run (read as a column, the not-null went to
#: 'borehole')
_ON_TABLE = re.compile(
    r"(?i)(?P<pre>\b[a-z][a-z0-9]*_[a-z0-9_]+\b[^,;.\n]{0,40}?\b(?:unique|null|nulls|empty|blank|required|mandatory|populated|distinct))"
    r"\s+on\s+(?:the\s+)?[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*(?:\s+table)?(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$))"
)


def table_after_checks(text: str) -> str:
    """The checks of a named column without the table they are asked on."""
    return _ON_TABLE.sub(lambda m: m.group("pre"), text) if " on " in text else text


_KEY_COL = r"[a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?"
#: "No two assignments may share the same berth_id and season_year", "no 2 rows share the same
#: booking ref + passenger seq", "no two bookings on the same court_id with the same booking_date
#: and slot_no": a key of several columns said as what two rows may not share
_NO_TWO_SHARE = re.compile(
    r"(?i)\bno\s+(?:two|2)\s+(?:[a-z]+\s+){0,2}?(?:(?:may|can|should|must|shall|will)\s+)?(?:ever\s+)?"
    r"(?:(?:share|have)\s+|(?:be\s+)?(?:on|for|at|in|with)\s+)the\s+same\s+"
    rf"(?P<cols>{_KEY_COL}(?:\s*(?:\+|&|,|\band\b|\bwith\s+the\s+same\b|\bon\s+the\s+same\b|\band\s+the\s+same\b)\s*{_KEY_COL})+)"
    r"(?=\s*(?:[.;:!?\n]|,\s*(?:and|but|plus|also)\b|$))"
)
#: "the same register_volume + entry_no shouldn't appear twice": one key, said as a repeat
_SAME_TWICE = re.compile(
    rf"(?i)\b(?:the\s+)?same\s+(?P<cols>{_KEY_COL}(?:\s*\+\s*{_KEY_COL})+)\s+"
    r"(?:(?:should|must|may|can|shall|will)(?:\s*not|n't|nt)\s+(?:ever\s+)?(?:appear|occur|show\s+up|exist|be\s+(?:used|entered|recorded|listed))\s+twice)\b"
)
#: "one row per driver_id + shift_date", "one evaluation per call per evaluator (call_id +
#: evaluator_id)": the key after "one row per", or spelled in brackets after the prose
_ONE_ROW_PER_PLUS = re.compile(
    r"(?i)\bone\s+(?:row|record|entry|line)\s+per\s+(?P<cols>[a-z][a-z0-9_]*(?:\s*\+\s*[a-z][a-z0-9_]*)+)\b(?!\s*\()"
)
_ONE_PER_SPELLED = re.compile(
    r"(?i)\bone\s+[a-z]+(?:\s+(?:per|for\s+each|for\s+every)\s+[a-z]+)+\s*\(\s*"
    r"(?P<cols>[a-z][a-z0-9_]*(?:\s*(?:\+|,)\s*[a-z][a-z0-9_]*)+)\s*\)"
)
#: "No duplicates on candidate number + component": a key of several columns after "no
#: duplicates on" (only its last column was checked)
_NO_DUPES_ON_PLUS = re.compile(
    r"(?i)\bno\s+(?:duplicates?|dupes?|duplicated\s+rows|repeats?)\s+(?:on|of|for|in|by)\s+(?:the\s+)?"
    rf"(?P<cols>{_KEY_COL}(?:\s*\+\s*{_KEY_COL})+)(?=\s*(?:[.;,!?\n]|$))"
)
_KEY_SPLIT = re.compile(
    r"(?i)\s*(?:\+|&|,|\band\s+the\s+same\b|\bwith\s+the\s+same\b|\bon\s+the\s+same\b|\band\b)\s*"
)


def _combination(cols: str) -> str | None:
    names = [c.strip() for c in _KEY_SPLIT.split(cols) if c.strip()]
    if len(names) < 2 or any(len(n.split()) > 3 for n in names):
        return None
    return f"the combination of {' and '.join(names)} must be unique"


def keys_in_words(text: str) -> str:
    """A key of several columns said in words, as "the combination of a and b must be unique"."""
    low = text.lower()
    if "same" in low:
        if "no two" in low or "no 2" in low:
            text = _NO_TWO_SHARE.sub(lambda m: _combination(m.group("cols")) or m.group(0), text)
        if "twice" in low:
            text = _SAME_TWICE.sub(lambda m: _combination(m.group("cols")) or m.group(0), text)
    if "+" in text and ("dup" in low or "repeat" in low):
        text = _NO_DUPES_ON_PLUS.sub(lambda m: _combination(m.group("cols")) or m.group(0), text)
    if "one " in low and " per " in low:
        text = _ONE_PER_SPELLED.sub(lambda m: _combination(m.group("cols")) or m.group(0), text)
        text = _ONE_ROW_PER_PLUS.sub(lambda m: _combination(m.group("cols")) or m.group(0), text)
    return text


#: "unless status = 'CANCELLED', it needs debrief notes", "when x > 5, every job needs a y":
#: after a leading condition, "it / every X needs <col>" is the column's not-null (the entity
#: the pronoun stands for is the row)
_GUARD_THEN_NEEDS = re.compile(
    r"(?im)^(?P<guard>[ \t]*(?:[\w\u2019' -]{0,40}:\s*)?(?:if|when|whenever|unless)\b[^,;.\n]{3,80}),\s*(?:then\s+)?"
    r"(?:it|they|(?:each|every|the)\s+[a-z]+)\s+(?:needs?|requires?|must\s+have|should\s+have|has\s+to\s+have)\s+"
    r"(?:an?\s+|the\s+|its\s+|their\s+|some\s+)?(?P<col>[a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?)"
    r"(?=\s*(?:[.;!?\n]|$))"
)


def guard_then_needs(text: str) -> str:
    """ "<condition>, it needs <col>" as "<condition>, <col> must not be null"."""
    if "need" not in text and "require" not in text and "have" not in text:
        return text
    return _GUARD_THEN_NEEDS.sub(
        lambda m: f"{m.group('guard')}, {m.group('col')} must not be null", text
    )


#: "a second crew member must be recorded (crew2_id)": a subject in prose, its column named in
#: brackets after the rule's verb
_PROSE_SUBJECT_NAMED_AFTER = re.compile(
    r"(?i)\b(?:an?|the|its|their)\s+(?:[a-z]+\s+){0,3}?[a-z]+\s+"
    r"(?:(?:must|should|shall|has\s+to|needs?\s+to)\s+(?:always\s+)?be\s+"
    r"(?:recorded|filled\s+in|filled|set|present|entered|populated|given|provided|captured|logged|assigned))"
    r"\s*\(\s*(?P<col>[a-z][a-z0-9]*_[a-z0-9_]+)\s*\)"
)


def column_after_rule(text: str) -> str:
    """The column in brackets is the rule's subject (read as words, the prose named none)."""
    if "(" not in text:
        return text
    return _PROSE_SUBJECT_NAMED_AFTER.sub(lambda m: f"{m.group('col')} must not be null", text)


#: "X records need changes of at least 5000, and a conductor_id on every peal": the named
#: column after ", and a" is one more thing every row needs (read as one list, the bound was
#: copied onto it)
_NEEDS_AND_A_COLUMN = re.compile(
    r"(?i)(?P<head>\b(?:needs?|requires?|must\s+have|should\s+have)\b[^;.\n]*?\S)(?:\s*,\s*|(?<=\d)\s+)(?:and|plus)\s+(?:an?|the)\s+"
    r"(?P<col>[a-z][a-z0-9]*_[a-z0-9_]+)(?:\s+(?:on|for|in)\s+(?:every|each|all)\s+[a-z]+)?(?=\s*(?:[.;!?\n]|$))"
)


def needs_and_a_column(text: str) -> str:
    """ "... need <rule>, and a <col> (on every X)" as "<rule>; <col> must not be null"."""
    if "need" not in text and "require" not in text and "have" not in text:
        return text
    return _NEEDS_AND_A_COLUMN.sub(
        lambda m: f"{m.group('head')}; {m.group('col')} must not be null", text
    )


_BELOW = {"below": "at least", "under": "at least", "above": "at most", "over": "at most"}
#: "nobody below grade 5 may be entered for a pointe assessment (pointe_assessment = true)",
#: "no one with an age under 18 may be booked on a night dive (is_night = true)": the event is
#: spelled in brackets; the comparison is the bad case under it
_NOBODY_BOUND_SPELLED = re.compile(
    r"(?i)\b(?:nobody|no\s+one|no-one|no\s+[a-z]+)\s+"
    r"(?:(?P<cmp>below|under|above|over)\s+(?P<col>[a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*)?)\s+(?P<n>-?\d+(?:\.\d+)?)"
    r"|(?:with|having)\s+(?:an?\s+|the\s+)?(?P<col2>[a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*)?)\s+(?P<cmp2>below|under|above|over)\s+(?P<n2>-?\d+(?:\.\d+)?))"
    r"\s+(?:may|can|should|must|shall)\s+(?:ever\s+)?be\s+[a-z]+(?:\s+[a-z]+){0,6}?\s*\(\s*"
    r"(?P<spec>[a-z][a-z0-9_]*\s*(?:==?|!=|<>)\s*(?:«\d+»|-?\d+(?:\.\d+)?|true|false))\s*\)"
)


def nobody_bound_spelled(text: str) -> str:
    """ "nobody <below> <col> N may be <event> (<spec>)" as "when <spec>, <col> must be at least N"."""
    if "(" not in text or not re.search(r"(?i)\bno(?:body|\s+one|-one|\s)", text):
        return text

    def repl(m: re.Match[str]) -> str:
        cmp = (m.group("cmp") or m.group("cmp2")).lower()
        col = m.group("col") or m.group("col2")
        n = m.group("n") or m.group("n2")
        return f"when {m.group('spec')}, {col} must be {_BELOW[cmp]} {n}"

    return _NOBODY_BOUND_SPELLED.sub(repl, text)


#: "the report must not be sent before the inspection date" with report_sent_at: the entity and
#: its event's participle name a time column (read as words, 'report' was the table's key)
_ENTITY_EVENT_CMP = re.compile(
    r"(?i)\b(?:the|a|an|each|every|any)\s+(?P<ent>[a-z]+)\s+(?P<modal>must|should|shall|can|cannot|can't|may|will)"
    r"(?P<neg>\s+not|n't|\s+never)?\s+(?:ever\s+)?be\s+(?P<verb>[a-z]+)\s+"
    r"(?=(?:before|after|earlier\s+than|later\s+than|prior\s+to)\b)"
)


def entity_event_column(text: str, resolver: ColumnResolver | None) -> str:
    """ "the <entity> must not be <verb>ed before ..." as "<entity>_<verb>ed_at must not be before ..."
    when the schema has exactly that time column."""
    if resolver is None or " be " not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        ent, verb = m.group("ent").lower(), m.group("verb").lower()
        hits = [
            c
            for c in resolver.columns
            if len(parts(c)) == 3
            and parts(c)[-1] in TIME_SUFFIXES
            and parts(c)[0] in (ent, ent.rstrip("s"))
            and _names_part(verb, parts(c)[1])
        ]
        if len(hits) != 1:
            return m.group(0)
        return f"{hits[0]} {m.group('modal')}{m.group('neg') or ''} be "

    return _ENTITY_EVENT_CMP.sub(repl, text)


#: "fill_pressure_torr between 3 and 20, and tube_serial matching NT followed by six digits": a
#: verbless "<col> matching <shape>" in a list of rules (it was dropped silently); only at the
#: start of a clause, never after a bad-case or condition lead ("flag rows with x matching ...")
_VERBLESS_MATCHING = re.compile(
    r"(?P<lead>(?:^|[.;:\n\u2014\u2013]|,)\s*(?:and\s+|also\s+|plus\s+)?)(?P<c>[a-z][a-z0-9]*_[a-z0-9_]+)\s+matching\s+"
    r"(?![^.;\n]*\b(?:must|should|shall|is|are|be|has|have|needs?|can|may|cannot|never|always)\b)"
)
_CONDITION_LEAD = re.compile(
    r"(?i)\b(?:where|when|whenever|if|unless|flag|alert|fail|warn|page|with|having|any|no|rows?|records?|except|excluding)\b"
)


def verbless_matching(text: str) -> str:
    """ "<col> matching <shape>" as one rule of a verbless list is "<col> must match <shape>"."""
    if "matching" not in text:
        return text

    def rule(m: re.Match[str]) -> str:
        start = max(text.rfind(x, 0, m.start("c")) for x in ".\n;:\u2014\u2013") + 1
        if _CONDITION_LEAD.search(text[start : m.start("c")]):
            return m.group(0)
        return f"{m.group('lead')}{m.group('c')} must match "

    return _VERBLESS_MATCHING.sub(rule, text)


#: "guide_id must be unique per walk_date, one walk per guide per day": after a key that names
#: its columns, "one <noun> per <x> (per <y>)" says the same key again in the rows' own words
_ONE_PER_AGAIN = re.compile(
    r"(?im)(?P<head>^[^.;!?\n]*?\b(?:unique|distinct|no\s+dup\w*|dupes?)\b[^.;!?\n]*?)"
    r"(?P<tail>\s*(?:,|\s[\u2014\u2013-]+\s)\s*(?:(?:i\.?e\.?|ie|so|that\s+is|meaning|basically)[,:]?\s+)?"
    r"(?:only\s+|just\s+|at\s+most\s+|max\s+)?(?:one|1|a\s+single)\s+(?P<noun>[a-z]+)\s+"
    r"per\s+(?P<per>[a-z][a-z0-9_]*(?:(?:\s*,\s*|\s+(?:per|and|&)\s+|\s+)[a-z][a-z0-9_]*)*?))"
    r"(?=\s*(?:[.;!?\n]|$))"
)
_NAMED = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
#: a key of more than one column in the rule before ("unique per walk_date", "the pair a + b")
_COMPOSITE = re.compile(
    r"(?i)\b(?:per|by|within|combination|combined|together|composite|compound|jointly|pairs?|for\s+(?:each|every))\b|[+&(]"
)


def restated_key(text: str, resolver: ColumnResolver | None, context: list[str]) -> str:
    """A key said again as "one <noun> per <x> per <y>" after a uniqueness rule whose key names
    its columns is context: its words are never more columns of the key (they were added to it,
    `one_walk`, `guide`, `day`). Words that name another column of the schema, or a key other
    than a one-column rule's, raise: the two keys disagree."""
    if " per " not in text or not re.search(r"(?i)\b(?:one|1|single)\b", text):
        return text

    def repl(m: re.Match[str]) -> str:
        head = m.group("head")
        named = _NAMED.findall(head.lower())
        if not named:
            return m.group(0)
        key = set(named)
        if resolver is not None:
            key |= {c for n in named if (c := _resolve(resolver, [n])) is not None}
        key_parts = {p for n in named for p in parts(n)}
        words = [w.split() for w in re.split(r"\s*,\s*|\s+(?:per|and|&)\s+", m.group("per").lower()) if w.strip()]
        strange: list[str] = []
        for w in words:
            col = _resolve(resolver, w) if resolver is not None else None
            if col is not None and col.lower() not in {k.lower() for k in key}:
                raise QualityRequestError(
                    f"{m.group('tail').strip(' ,')!r} names {col}, which is not in the key stated before it "
                    f"({', '.join(named)}); state the key once, e.g. 'the combination of a and b must be unique'"
                )
            if col is None and not any(_variants(x) & key_parts for x in w):
                strange.append(" ".join(w))
        if strange and not _COMPOSITE.search(head):
            # "walk_id must be unique, one walk per guide per day": another key than the rule's
            raise QualityRequestError(
                f"{m.group('tail').strip(' ,')!r} states a key ({', '.join(strange)}) other than "
                f"{named[0]}; state the key once, e.g. 'the combination of a and b must be unique'"
            )
        context.append(m.group("tail").strip(" ,-\u2014\u2013"))
        return head

    return _ONE_PER_AGAIN.sub(repl, text)


def _resolve(resolver: ColumnResolver, words: list[str]) -> str | None:
    try:
        return resolver.resolve(words)
    except QualityRequestError:
        return None
