"""The grammar: predicates recognised in one canonical clause (see `text.canonical`).

Each rule is a regex over the canonical clause plus a builder. Rules run in a fixed order
(referential, freshness, row count, primary key, uniqueness, completeness, format, allowed
values, comparisons); each consumes the words it matched, and what is left names the
subject column(s). A clause with no predicate is either a bare column list ("name, email
must ...") or text the parser could not read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.lexicon import FORMAT_WORDS, TIME_UNITS
from strands_airflow.exceptions import QualityRequestError

IDENT = r"(?:[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*|«\d+»)"
NUM = r"-?\d+(?:\.\d+)?"
UNIT = "|".join(sorted(TIME_UNITS, key=len, reverse=True))
DUR = rf"(?P<n>{NUM}) (?P<u>{UNIT})\b"
#: units of measure in the plural: "under 30000 grams" bounds a value, it counts no things
MEASURES = (
    r"(?:milli|centi|kilo|mega|giga)?(?:grams|meters|metres|liters|litres|watts|volts|bytes|joules)|pounds|ounces|tons|tonnes|"
    r"miles|feet|inches|yards|gallons|degrees|calories|kilocalories|amps|hertz|pascals|bars|knots|lbs|kgs"
)
ROWS = r"(?:rows?|records?|entries|lines)\b(?! (?:per|for each|for every)\b)"
CMP = r"\b(?P<op>GE|GT|LE|LT|EQ)"
_PRED_WORDS = {
    "valid",
    "value",
    "values",
    "non",
    "not",
    "unique",
    "negative",
    "positive",
    "null",
    "nulls",
    "duplicate",
    "duplicates",
    "missing",
    "empty",
    "blank",
    "nonnegative",
    "nonpositive",
    "GE",
    "GT",
    "LE",
    "LT",
    "EQ",
    "NE",
    "RANGE",
    "OUTSIDE",
    "zero",
    "0",
    "match",
    "matching",
    "format",
}
_FAILURE_PREFIX = re.compile(
    # a lead-in before the command or "that" ("can you check that no ...", "the rule is that
    # no ...", "heads up, make sure no ..."): the negative subject is still the bad case
    r"^\s*(?:(?:(?:\S+ ){0,6}?(?:(?:assert|check|ensure|verify|make sure|confirm|validate|expect)(?: that)?|that) )?(?:there (?:should|must|can|will) be |there are |we (?:should|must) have )?(?:no|none of the|not a single|not one) "
    r"|(?:(?:assert|check|ensure|verify|make sure|confirm|validate|expect)(?: that)? )?there (?:should|must|can|will|are|is) (?:not|never) (?:be )?(?:any )?"
    r"|(?:look for|looking for|flag|find|detect|catch|identify|report|alert on|search for|list(?= (?:all|any|every|each|the|those|rows?|records?|entries|lines|cases)\b)|count(?! of| GE| GT| LE| LT| EQ| NE| RANGE)) )"
)
_FAIL_IF = re.compile(
    r"^\s*(?:(?:please|pls|can you|could you|we need to|i want to|let us|lets) )*"
    r"(?:(?:add|create|write|set up|setup|build|have|need) (?:a |an |one )?(?:dq |data quality |quality )?(?:test|check|alert|rule|assertion|monitor)s?(?: that| which)? )?"
    r"(?:fails?|alerts?|warns?|errors?(?: out)?|raises?(?: an?)?(?: error| alert| exception)?|breaks?|breach(?:es)?|pages?|notif(?:y|ies)|stops?|aborts?|blocks?)"
    r"(?: (?:the|this|our|a) (?:task|job|dag|run|pipeline|build|check|load|test))?(?: (?:me|us|the team|someone))?"
    r" (?:if|when|whenever|in case|should|where)(?: (?:there (?:is|are)|we (?:see|have|get|find)))?(?: (?:any|an?|some))?(?= )"
    r"|^\s*(?:(?:please|pls|can you|could you) )*(?:flag|find|detect|catch|report|list|show|return|count|highlight|surface)(?: (?:me|us))?"
    r"(?: (?:any|all|the))? (?:rows?|records?|entries|cases|lines|items|orders|customers|users|transactions)"
    r" (?:where|when|if|in which|whose|that have|having|which have|with)(?= )"
)
_NOT_REF = {
    "every",
    "each",
    "all",
    "any",
    "row",
    "rows",
    "record",
    "records",
    "table",
    "data",
    "dataset",
    "column",
    "field",
    "it",
    "this",
    "that",
    "the",
    "a",
    "an",
    "some",
    "our",
    "their",
    "its",
    "order",
    "place",
}
_NOT_RHS = {
    "its",
    "their",
    "every",
    "each",
    "all",
    "any",
    "zero",
    "it",
    "that",
    "this",
    "those",
    "these",
    "before",
    "after",
    "expected",
    "allowed",
    "they",
    "them",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "has",
    "have",
    "had",
    "he",
    "she",
    "we",
    "you",
    "i",
}
_NOT_IDENT = {
    "GE",
    "GT",
    "LE",
    "LT",
    "EQ",
    "NE",
    "RANGE",
    "OUTSIDE",
    "the",
    "a",
    "an",
    "be",
    "zero",
    "null",
    "~",
}


@dataclass
class Pred:
    """One predicate found in a clause; `columns` when the predicate itself named them."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    list_open: bool = False  # an allowed-values list that ran to the end of the clause
    via: str = ""  # which wording matched (e.g. "empty"), for the later fix-ups
    noun: str = (
        ""  # what a count counts ("more than 3 retries"): a count column, if the table has one
    )


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], list[Pred]]]


def _f(x: str) -> float:
    return float(x)


#: a negation just before a membership verb: "must not exist in", "should never appear in"
_NEG_BEFORE = re.compile(r"(?:\bnot|\bnever|n't|\bno\s+longer)\s+(?:(?:be|also|ever|always|all)\s+)*$")


def _not_referential(m: re.Match[str], rest: str, bad_case: bool) -> None:
    """A value that must NOT be found in another table (an anti-join) is no check kind: the
    negation before the verb (or a stated bad case "flag rows where x is in t") must not be
    dropped, it would read as the opposite check; both at once are the membership."""
    negated = bool(_NEG_BEFORE.search(rest[: m.start()]) or re.search(r"\b(?:not|never)\b|n't", m.group(0)))
    if negated != bad_case:
        raise QualityRequestError(
            f"{' '.join(m.string.replace('~', ' ').split())!r}: a value that must not exist in another table is no check kind; "
            "state it as 'custom sql: <col> NOT IN (SELECT ...)'"
        )


def _ref(m: re.Match[str]) -> list[Pred]:
    g = m.groupdict()
    col0 = (
        g.get("refcol0")
        if g.get("refcol0")
        not in (None, "row", "record", "value", "entry", "key", "one", "existing")
        else None
    )
    table, col = m.group("ref"), g.get("refcol") or g.get("refcol2")
    if table in _NOT_REF:
        return []  # "present in every row" is about completeness, not another table
    if not col and "." in table and not table.startswith("«"):
        table, col = table.rsplit(".", 1)
    col3 = g.get("refcol3")
    col = col or col0 or (col3 if col3 not in (None, "id_value", "parent") else None)
    if not col and "." in table and not table.startswith("«"):
        table, col = table.rsplit(".", 1)
    return [Pred("referential", {"ref_table": table, "ref_column": col})]


def _ref_in(m: re.Match[str]) -> list[Pred]:
    if m.group("ref2"):
        table, col = m.group("ref2").rsplit(".", 1)
        return [Pred("referential", {"ref_table": table, "ref_column": col})]
    return [Pred("referential", {"ref_table": m.group("ref"), "ref_column": m.group("refcol")})]


def _fresh(m: re.Match[str]) -> list[Pred]:
    n = float(m.group("n")) if m.groupdict().get("n") else 1.0
    unit = m.groupdict().get("u") or m.groupdict().get("every") or "day"
    secs = {"daily": 86400, "hourly": 3600, "weekly": 604800}.get(unit) or TIME_UNITS[unit]
    return [Pred("freshness", {"max_age_seconds": n * secs})]


def _rows(m: re.Match[str]) -> list[Pred]:
    g = m.groupdict()
    if g.get("a") is not None:
        lo, hi = sorted((_f(g["a"]), _f(g["b"])))
        return [Pred("row_count", {"min": lo, "max": hi})]
    n, op = _f(g["n"]), g.get("op") or "EQ"
    bounds = {
        "GE": {"min": n},
        "GT": {"min": n + 1},
        "LE": {"max": n},
        "LT": {"max": n - 1},
        "EQ": {"min": n, "max": n},
    }[op]
    return [Pred("row_count", bounds)]


def _counted(m: re.Match[str]) -> list[Pred]:
    """"at most 3 open carts": a count, whose strict bound is the next whole number; the bound
    as said is kept (``strict``) for a column that is no count of the noun ("cap_size_cm under
    64 cms" is `< 64`, never `<= 63`: the column may hold 63.5)."""
    params = dict(_rows(m)[0].params)
    if m.group("op") in ("GT", "LT"):
        params["strict"] = (">" if m.group("op") == "GT" else "<", m.group("n"))
    return [Pred("range", params, via="count", noun=m.group("noun"))]


def _rows_ne(m: re.Match[str]) -> list[Pred]:
    if _f(m.group("n") or m.group("n2")) == 0:
        return [Pred("row_count", {"min": 1.0})]
    return [Pred("excluded", via="rows")]


def _rows_second(m: re.Match[str]) -> list[Pred]:
    n, op = _f(m.group("n2")), m.group("op2")
    return [Pred("row_count", {"GE": {"min": n}, "GT": {"min": n + 1}, "LE": {"max": n}, "LT": {"max": n - 1}}[op])]


def _range(m: re.Match[str]) -> list[Pred]:
    g = m.groupdict()
    if g.get("a") is not None:
        lo, hi = sorted((_f(g["a"]), _f(g["b"])))
        return [Pred("range", {"min": lo, "max": hi})]
    n, op = _f(g["n"]), g["op"]
    if op == "EQ":
        return [Pred("range", {"min": n, "max": n})]
    if op in ("GT", "LT"):
        # a range's bounds are inclusive: a strict bound is a comparison, so "more than 5"
        # does not admit 5
        return [Pred("custom_sql", {"op": ">" if op == "GT" else "<", "rhs": g["n"]})]
    return [Pred("range", {"min": n} if op == "GE" else {"max": n})]


def _sign(m: re.Match[str]) -> list[Pred]:
    word = m.group(0)
    if re.search(r"\bstrictly (?:positive|negative)\b", word) or (
        re.search(r"(?<!non)\b(?:positive|negative)\b", word)
        and not re.search(r"\b(?:or 0|zero or|0 or|no|not|never)\b", word)
    ):
        # "positive" is > 0 and "negative" < 0: zero is neither (the sets' convention from
        # set 4 on; a range is inclusive, so a strict side is a comparison)
        return [Pred("custom_sql", {"op": ">" if "positive" in word else "<", "rhs": "0"})]
    if (
        "nonpositive" in word
        or re.search(r"\b(?:negative|LE 0|LT 0)\b", word)
        and not re.search(r"\b(?:no|not|never|nonnegative|non)\b", word)
    ):
        return [Pred("range", {"max": 0.0})]
    return [Pred("range", {"min": 0.0})]


def _colcmp(m: re.Match[str]) -> list[Pred]:
    op = {"GE": ">=", "GT": ">", "LE": "<=", "LT": "<", "EQ": "=", "NE": "<>"}.get(m.group("op"))
    if op is None:
        word = m.group("op")
        op = (
            ">="
            if "or after" in word
            else "<="
            if "or before" in word
            else ">"
            if "after" in word or "later" in word
            else "<"
        )
    lhs = m.groupdict().get("lhs")
    rhs = re.sub(r" (?:values?|always|columns?)$", "", m.group("rhs"))  # "`order_date` values"
    return [Pred("custom_sql", {"op": op, "rhs": rhs, "lhs": lhs})]


def _fmt(name: str | None, via: str = "") -> Callable[[re.Match[str]], list[Pred]]:
    def build(m: re.Match[str]) -> list[Pred]:
        fmt = name
        if fmt is None and m.groupdict().get("f"):
            fmt = next(k for k, rx in FORMAT_WORDS.items() if re.fullmatch(rx, m.group("f")))
        if m.groupdict().get("slot"):
            return [Pred("format", {"format": "regex", "slot": m.group("slot")})]
        return [Pred("format", {"format": fmt}, via=via)]

    return build


def _values(m: re.Match[str]) -> list[Pred]:
    raw = m.group("list")
    if re.search(r"\b(?:RANGE|OUTSIDE|GE|GT|LE|LT|NE)\b", raw):
        return []  # a comparison, not a list of values
    if re.fullmatch(
        rf"\s*(?:valid|proper|well formed|correct|properly formatted) .*|\s*(?:{FMT_ANY})\s*", raw
    ):
        return []  # "must only contain valid urls": a format, not a list of values
    if re.fullmatch(
        r"\s*(?:set|null|empty|blank|present|populated|filled(?: in)?|provided|given|unique|valid|"
        r"positive|negative|missing|required|known)\s*",
        raw,
    ):
        return []  # "should only be set when ...": a state, not a list of one value
    if re.fullmatch(r"\s*EQ -?\d+(?:\.\d+)?\s*", raw):
        return []  # "can only be zero": the one value a number may take (as "must be zero")
    bracketed = raw.strip()[:1] in "([{"
    col = m.groupdict().get("col")
    return [
        Pred("accepted_values", {"raw": raw}, columns=[col] if col else [], list_open=not bracketed)
    ]


FMT_ANY = "|".join(f"(?:{rx})" for rx in FORMAT_WORDS.values())
REF = rf"(?P<ref>{IDENT})(?: table)?(?: ?\( ?(?P<refcol>{IDENT}) ?\)| (?:column|field|on|by|using) (?P<refcol2>{IDENT}))?"

RULES: list[Rule] = [
    # ---- referential integrity
    (re.compile(
        r"(?:(?:must|should|has to|have to|needs? to|shall) )?(?:all )?(?:also )?"
        r"(?:exists?|be present|are present|is present|appears?|be found|are found|is found|"
        r"(?:has|have) (?:a |an )?(?:match|(?:matching|corresponding) (?:row|record|entry|value|key|(?P<refcol3>[a-z_][a-z0-9_]*)))|matche?s?(?: an?)?(?: existing| valid)?(?: (?P<refcol0>[a-z_][a-z0-9_]*))??|"
        r"be (?:a )?valid (?:key|reference|id|value|foreign key)s?|correspond to(?: an?)?(?: (?:row|record|entry))?|"
        r"be contained|are contained)"
        r"(?: (?:an?|the|some) (?:row|record|value|entry|key|id))? (?:in|within|inside|into|from) (?:the )?"
        + REF
    ), _ref),
    # "must be in carriers (carrier_id)", "has to be in the creatives table (creatives.id)",
    # "must be in carriers.carrier_id": membership in another table's column
    (re.compile(
        rf"(?:(?:must|should|has to|have to|needs? to|shall) )?(?:always )?be in (?:the )?(?:(?P<ref>{IDENT})(?: table)? ?\( ?(?:(?P=ref)\.|[a-z_]\w*\.)?(?P<refcol>[a-z_]\w*) ?\)"
        r"|(?P<ref2>[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)(?![\w.(]))"
    ), lambda m: _ref_in(m)),
    # "sessions.user_id should always match a users.id": another table's column, dotted
    (re.compile(
        r"(?:matche?s?|points? to|maps? to|links? to|joins? to|belongs? to) (?:an? |the |some )?(?:existing |valid )?"
        r"(?P<ref>[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)(?![\w.])"
    ), _ref),
    (re.compile(
        r"(?:refers? to|references?|referencing|(?:is |be |as )?(?:a )?foreign key (?:to|into|on|in|of|referencing|references?|for))"
        r" (?:the )?" + REF
    ), _ref),
    # ---- freshness
    (re.compile(
        r"(?:no|not|never|nothing|none)(?: [a-z_]+){0,3}? (?:be )?(?:older|staler) than (?:the )?(?:last )?" + DUR
    ), _fresh),
    (re.compile(rf"(?:LT|LE) {DUR} (?:old|ago|stale|in age|of age|lag|latency|delay|behind|late|lagging|out of date)"), _fresh),
    (re.compile(
        rf"(?:maxage|age|lag|latency|delay|staleness|freshness|fresh|recency)(?: [a-z_]+){{0,2}}? (?:of |is |should be |must be )?(?:LT|LE|EQ|within|of|at|is|threshold|:)? ?(?:the last |the past )?{DUR}"
    ), _fresh),
    (re.compile(
        rf"(?:updated|loaded|refreshed|arrived|ingested|landed|modified|created|inserted|written|fresh|recent|new|data|rows?|records?)"
        rf"(?: [a-z_]+){{0,3}}? (?:within|in|during|inside|from|at some point in) (?:the )?(?:last|past|previous|latest|most recent)? ?{DUR}"
    ), _fresh),
    (re.compile(rf"within (?:the )?(?:(?:last|past|previous) )?{DUR}(?: (?:of|from) (?:now|today|the current time|current time|the run|run time))?"), _fresh),
    (re.compile(rf"(?:fresh|freshness)(?: [a-z_]+){{0,2}}? (?:within|of|LT|LE|under) {DUR}"), _fresh),
    (re.compile(rf"{DUR} (?:freshness|fresh|old)"), _fresh),
    (re.compile(r"(?:updated|loaded|refreshed|fresh|arrive|arrives|land|lands)(?: at least)? (?P<every>daily|hourly|weekly)"), _fresh),
    (re.compile(rf"(?:updated|loaded|refreshed|arrive|arrives|land|lands|refresh)(?: GE| at least)? (?:once )?every {DUR}"), _fresh),
    # "should get something new at least every 3 days", "wheels get turned at least every 3
    # days": something new (an event of the table) at least that often
    (re.compile(rf"(?:gets?|receives?|recieves?|sees?) (?:something|anything|new (?:rows?|records?|data|entries|events)|fresh (?:rows?|records?|data)|data|rows|records)(?: new)?(?: GE| at least)? (?:once )?every {DUR}"), _fresh),
    (re.compile(rf"(?:gets?|got|are|is|be) [a-z]{{3,}}ed (?:GE|at least) (?:once )?every {DUR}"), _fresh),
    # ---- row counts
    # "alert if the row count is 0" (flipped to NE 0), "must not have 0 rows": not empty; a
    # row count that must differ from another number is no bound, so it is left unread
    (re.compile(rf"(?:(?:number|count) of {ROWS}(?: [a-z_]+){{0,2}}?|(?:row|record) counts?(?: [a-z_]+){{0,2}}?) NE (?P<n2>{NUM})|(?:has|have|contains?|returns?|loads?|gets?|got|yields?) NE (?P<n>{NUM}) {ROWS}"), _rows_ne),
    (re.compile(rf"RANGE (?P<a>{NUM}) (?P<b>{NUM}) {ROWS}"), _rows),
    (re.compile(rf"^\s*(?:the )?(?:total )?(?:number of |count of )?{ROWS}(?: count)? (?:(?:should|must|shall|needs? to|will|has to|have to) )?(?:be |number |count |total )?(?:RANGE (?P<a>{NUM}) (?P<b>{NUM})|{CMP} (?P<n>{NUM}))"), _rows),
    (re.compile(rf"{CMP} (?P<n>{NUM}) {ROWS}(?! (?:per|for each|for every)\b)"), _rows),
    (re.compile(rf"(?:row|record) counts?(?: [a-z_]+){{0,2}}? (?:is )?{CMP} (?P<n>{NUM}) and (?P<op2>GE|GT|LE|LT) (?P<n2>{NUM})"), lambda m: _rows(m) + _rows_second(m)),
    (re.compile(rf"(?:row|record) counts?(?: [a-z_]+){{0,2}}? (?:RANGE (?P<a>{NUM}) (?P<b>{NUM})|{CMP}? ?(?P<n>{NUM}))"), _rows),
    (re.compile(rf"(?:number|count|num|total) of {ROWS}(?: [a-z_]+){{0,2}}? (?:RANGE (?P<a>{NUM}) (?P<b>{NUM})|{CMP}? ?(?P<n>{NUM}))"), _rows),
    (re.compile(rf"(?:has|have|contains?|with|returns?|produces?|loads?|be) (?:(?P<op>EQ) )?(?P<n>{NUM}) {ROWS}"), _rows),
    (re.compile(rf"{CMP} (?P<n>{NUM}) (?!(?:{UNIT}|{MEASURES}|digits|characters|chars|letters|units|dollars|euros|cents|points|years|places|percent|times|minus|is|was|has|does|this|thus|plus|less|unless|always|its|as|us|yes|means|indicates|signals|happens|occurs|exists|appears|needs|requires|contains|matches|equals|exceeds|gets|goes|makes)\b)(?P<noun>(?:[a-z]+ )??[a-z]+s)\b(?! old| ago| (?:of|in|per)\b)"), _counted),
    (re.compile(r"(?:not|never) (?:be )?empty|(?:has|have|contains?|returns?) (?:some|any|at least one) (?:data|rows?|records?)"), lambda m: [Pred("row_count", {"min": 1.0}, via="empty")]),
    # ---- keys and uniqueness
    (re.compile(r"(?:(?:is |be |as )?(?:the |a )?primary key|\bpk\b)(?: (?:of|for|in|on) (?:the )?[a-z_][\w.]*(?: (?:table|model|view|dataset))?(?=\s*$))?"), lambda m: [Pred("unique", via="pk"), Pred("not_null", via="pk")]),
    (re.compile(
        r"(?:(?:has|have|contains?|with|without|no|zero|0) (?:any )?(?:duplicates?|dupes?|duplicated(?: (?:values?|rows?|records?|entries|ids?))?|repeated (?:values?|ids?))"
        r"|(?:not|never) (?:be |have |contain )?(?:duplicated?s?|repeated|repeat)|duplicates? (?:are )?not allowed|duplicate free|dedup(?:licated|ed)?"
        r"|unique(?:ly)?(?: values?| keys?| identifiers?)?|uniqueness|distinct(?: values?)?|(?:appears?|occurs?|exists?|present|shows? up) (?:only |EQ |just |LE )?once|(?:EQ |only |just )?(?:one|1) (?:row|record|entry) per|no (?:two|2) (?:rows|records|entries|[a-z]+s) (?:(?:should|must|can|may|will) )?(?:share|have) the same)"
    ), lambda m: [Pred("unique")]),
    (re.compile(r"(?:check|test|look|scan|flag|find|detect|catch|identify|report|count|search|alert)(?: for| on)? (?:any |all )?(?:duplicat\w*|dupes?)|(?:or|nor) (?:any )?duplicates?"), lambda m: [Pred("unique")]),
    (re.compile(r"for (?:any )?(?:duplicates?|dupes|duplicate values)\s*$|^\s*(?:any )?(?:duplicates|dupes)\s*$"), lambda m: [Pred("unique")]),
    # ---- completeness (and the wordings that say a column MAY be empty)
    (re.compile(r"(?:can|may|could|is allowed to|are allowed to) (?:be )?(?:null|empty|blank|missing)|\bnullable\b|\boptional\b"), lambda m: [Pred("optional")]),
    # "shipped_at must be null (unless ...)": the column must be empty
    (re.compile(r"(?:must|should|shall|has to|have to|needs? to|is to|are to)(?: always)? (?:be|stay|remain) (?:null|empty|blank|unset)\s*$"), lambda m: [Pred("is_null")]),
    # "cvv may never contain a value", "x must not be populated / filled in / set": the
    # column must be empty (a negated completeness word is the opposite of not_null)
    (re.compile(r"(?:not|never) (?:ever )?(?:be |contain |contains |have |has |hold |holds |carry |get |receive |store )?(?:populated|filled(?: in| out)?|(?:an? |any )?values?|set|present|provided|supplied)\b"), lambda m: [Pred("is_null")]),
    (re.compile(r"(?:not|never) (?:ever )?(?:have|has|contain|contains|include|includes|carry|carries|hold|holds) (?:a|an|any) (?P<col>[a-z_][a-z0-9_.]*(?: [a-z_][a-z0-9_.]*)?)\s*$"), lambda m: [Pred("is_null", columns=[m.group("col")])] if not set(m.group("col").split()) & _PRED_WORDS else []),
    (re.compile(
        r"(?:not|never|no|without|zero|0|free of|nothing) (?:be |contain |contains |have |has |allowed to be |include |includes |any |be any )?(?:any )?"
        r"(?P<w>nulls?|missing|empty|blank|blanks|none|nan|na|n/a|unknown)(?: (?:values?|entries|fields|cells|strings?|data|ids?))?"
    ), lambda m: [Pred("not_null", via=m.group("w"))]),
    (re.compile(r"(?:nulls?|missing values?|blanks?) (?:EQ |is |are |should be |must be |count (?:is |EQ |of )?)?(?:0|not allowed|forbidden|disallowed|prohibited)"), lambda m: [Pred("not_null")]),
    (re.compile(r"(?:null|completeness|missing(?: values?)?|nulls?|blank|not null) (?:checks?|tests?)|(?:check|test|look|scan|validate|flag|find|detect|catch|identify|report|count|search|alert)(?: for| on)? (?:any |all )?(?:nulls?|missing(?: values?)?|blanks?|completeness|empty values?)(?: values?)?"), lambda m: [Pred("not_null")]),
    (re.compile(r"(?:or|nor) (?:any )?(?:nulls?|missing values?|blanks?|empty values?)"), lambda m: [Pred("not_null")]),
    # "check the email column for nulls (and duplicates)": the object comes before 'for'
    (re.compile(r"for (?:any |all )?(?:nulls?|null values?|missing(?: values?)?|blanks?|empty values?)\s*$|^\s*(?:any )?(?:nulls?|null values|missing values|blanks)\s*$"), lambda m: [Pred("not_null")]),
    (re.compile(r"(?:has|have|having|with) (?:an? |any )?(?:null|missing|empty|blank) (?P<col>[a-z_][a-z0-9_.]*)\s*$"), lambda m: [Pred("not_null", columns=[m.group("col")])] if m.group("col") not in _PRED_WORDS else []),
    (re.compile(r"(?:be |is |are )?missing (?:a|an|the|its|their|any) (?P<col>[a-z_][a-z0-9_.]*(?: [a-z_][a-z0-9_.]*)?)\s*$"), lambda m: [Pred("not_null", columns=[m.group("col")])] if not set(m.group("col").split()) & _PRED_WORDS else []),
    (re.compile(r"(?:(?:be|is|are|~|only|all|of type|type) (?:an? )?|^\s*)(?:numeric|numbers?|integers?|strings?|text|boolean|decimals?|floats?)\s*$"), lambda m: [Pred("type")]),
    # ---- allowed values
    (re.compile(rf"(?:accepted|allowed|valid|permitted|possible|acceptable) values? (?:for|of|in|on) (?:the )?(?P<col>{IDENT})(?: column| field)? (?:are|is|include|includes|:|EQ) ?:? (?P<list>.+)$"), _values),
    (re.compile(
        r"(?:one of|(?:be|is|are) any of|among|either|limited to|restricted to|(?:in|within|from) (?:the )?(?:set|list)(?: of)?|"
        r"(?:accepted|allowed|valid|permitted|possible|expected|acceptable|legal) values?(?: are| is| of| include| includes| :| EQ)?|"
        r"only (?:contains?|have|has|be|takes?|includes?|allows?|holds?)(?: the)?(?: values?)?|values? (?:are|must be|should be|can be|:)|only)"
        r" ?:? (?P<list>[(\[{].*[)\]}]|«\d+»(?: ?(?:[|,/]|or|and) ?«\d+»)*|[\w«».-]+(?: ?[|,/] ?[\w«».-]+)+)"
    ), _values),
    (re.compile(r"(?:(?:be|is|are) )?(?:\bin\b|\bEQ\b|within|among) ?:? (?P<list>[(\[{][^)\]}]*[,|«][^)\]}]*[)\]}]|[(\[{] ?«\d+» ?[)\]}]|«\d+»(?: ?(?:[|,/]|or|and) ?«\d+»)*)"), _values),
    (re.compile(
        r"(?:one of|(?:be|is|are) any of|either|limited to|restricted to|(?:in|within|from) (?:the )?(?:set|list)(?: of)?|"
        r"(?:accepted|allowed|valid|permitted|possible|expected|acceptable|legal) values?(?: are| is| of| include| includes| :)?|"
        r"only (?:contains?|have|has|be|takes?|includes?|allows?|holds?)(?: the)?(?: values?)?) ?:? (?P<list>.+)$"
    ), _values),
    (re.compile(r"(?:be|is|are|EQ|either) (?!(?:on|after|before|equal|null|empty|blank|unique|valid|GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE)\b)(?P<list>[\w«».-]+ (?:or|\|) (?!(?:after|before|equal|null|empty|blank|unique|valid|GE|GT|LE|LT|EQ|NE|RANGE)\b)[\w«».-]+(?: (?:or|\|) [\w«».-]+)*)"), _values),
    # ("more complete", "less populated": a vague wish, no check)
    (re.compile(r"(?<!\bmore )(?<!\bless )(?<!\bmost )(?:always |fully |100 % )?(?:required|mandatory|populated|filled(?: in| out)?|complete|completeness|present|provided|defined|non ?null)\b|(?:has|have|must have|should have|contains?) (?:a )?values?\b|(?:always )?(?:be |is |are )?set\b(?! up\b)"), lambda m: [Pred("not_null")]),
    # ---- formats
    (re.compile(r"(?:valid|be an?|is an?|are) percentages?"), lambda m: [Pred("range", {"min": 0.0, "max": 100.0})]),
    (re.compile(r"(?:is|are|be|has|have|of|with|exactly|EQ|contains?) (?:always |all |each )?(?:exactly |EQ )?(?:an? )?(?P<n>\d{1,3}) (?:digits?|numeric characters|numbers)(?: long)?(?: (?:numbers?|codes?|numeric codes?|strings?|values?|ids?|identifiers?))?"), lambda m: [Pred("format", {"format": "regex", "literal": "^[0-9]{" + m.group("n") + "}$"})]),
    (re.compile(r"(?:match(?:es|ing)?|conforms? to|follows?|satisf(?:y|ies)|formatted (?:as|like)|format(?:ted)?|like|regexp?|pattern|mask)(?: (?:to|with|the|a|an|this|following))*(?: (?:regex|regexp|regular expression|pattern|format|mask))?(?: of)?(?: :)? (?P<slot>«\d+»)"), _fmt("regex")),
    # "should look like a real phone number": the verb is no part of the subject
    (re.compile(rf"(?:look|looks|looking) like (?:an? )?(?:valid |real |proper |legit |legitimate |correct |well formed )?(?P<f>{FMT_ANY})\b(?: numbers?| address(?:es)?| values?| strings?)?"), _fmt(None, via="named")),
    (re.compile(rf"(?:valid|well formed|properly formatted|correctly formatted|proper|correct|legitimate|real|parseable|parsable)(?: [a-z]+)?? (?P<f>{FMT_ANY})\b"), _fmt(None, via="named")),
    (re.compile(rf"(?P<f>{FMT_ANY})(?: column| field| values?)? (?:formats?|formatted|formatting|patterns?|syntax|shape|structure|validity|validation|(?<=\w )checks?(?= (?:on|for)\b))\b"), _fmt(None, via="named")),
    (re.compile(rf"(?:formatted as|format of|look(?:s)? like|parses? as|be|is|are|follows?|conforms? to|adheres? to|complies? with|(?:is |are |be )?compliant with) (?:the )?(?:an? )?(?:valid )?(?P<f>{FMT_ANY})\b(?: (?:standard|format|spec))?"), _fmt(None)),
    # "the last_login column should contain dates" (no article: "must have an email" is completeness)
    (re.compile(rf"(?:only )?(?:contains?|holds?|stores?)(?: only)? (?:valid )?(?P<f>{FMT_ANY})\s*$"), _fmt(None)),
    (re.compile(rf"^\s*(?:validate|check) (?:the )?(?:all )?(?P<f>{FMT_ANY})\s*$"), _fmt(None, via="named")),
    (re.compile(r"\b(?:valid|well formed|properly formatted|correctly formatted|in a valid format|in the right format|correct format|proper format)\b"), _fmt(None, via="valid")),
    (re.compile(r"(?:(?:must|should|shall|has to|have to|needs? to|will|always|to) )?(?:always )?(?:have|has|contain|contains|include|includes|carry|carries|need|needs|require|requires) (?:a|an|some|its|their) (?P<col>[a-z_][a-z0-9_.]*(?: [a-z_][a-z0-9_.]*)?(?: of (?:birth|death|issue|expiry|entry|origin|service|hire|admission|discharge|purchase|registration|incorporation))?)\s*$"), lambda m: [Pred("not_null", columns=[m.group("col")])] if not set(m.group("col").split()) & _PRED_WORDS else []),
    (re.compile(r"(?:be|is|are|EQ)(?: always)? (?P<list>«\d+»|true|false)(?= |$)"), _values),
    # "(to have) a KYC status of PENDING, APPROVED or REJECTED": the values a column holds
    (re.compile(r"(?<=[a-z_] )of (?P<list>[\w«».-]+(?: \| [\w«».-]+)+)\s*$"), _values),
    (re.compile(rf"{CMP} (?P<n>{NUM}) (?:characters|chars|letters|symbols)(?: long| in length)?"), lambda m: [Pred("custom_sql", {"op": m.group("op"), "rhs": m.group("n"), "length": True})]),
    # "must be 3-16 characters (long)": a length interval, never a value range
    (re.compile(rf"RANGE (?P<a>{NUM}) (?P<b>{NUM}) (?:characters|chars|letters|symbols)\b(?: long| in length)?"), lambda m: [Pred("custom_sql", {"op": "GE", "rhs": m.group("a"), "length": True}), Pred("custom_sql", {"op": "LE", "rhs": m.group("b"), "length": True})]),
    # "must be 12 characters", "vin 17 chars": a length with no comparator is exactly that length
    (re.compile(rf"(?<=[a-z_] )(?<!\bnot )(?<!\bnever )(?<!\bnot be )(?<!\bnever be )(?<!\bno )(?<!GE )(?<!GT )(?<!LE )(?<!LT )(?<!NE )(?<!EQ )(?P<n>{NUM}) (?:characters|chars)(?: long| in length)?\s*$"), lambda m: [Pred("custom_sql", {"op": "EQ", "rhs": m.group("n"), "length": True})]),
    # "must be 4 characters long": a length with no comparator is exactly that length
    (re.compile(rf"(?<!not )(?<!never )\bbe (?P<n>{NUM}) (?:characters|chars|letters|symbols) (?:long|in length)\b"), lambda m: [Pred("custom_sql", {"op": "EQ", "rhs": m.group("n"), "length": True})]),
    # ---- comparisons: numbers give ranges, another column gives a custom condition
    (re.compile(r"(?:(?:must|should|can|will)? ?(?:not|never|no) (?:be )?(?:negative|LT 0)|nonnegative|(?:zero|0) or (?:more|positive|greater)|positive or (?:0|zero)|nonpositive|(?:strictly )?positive|\bnegative\b)(?: (?:numbers?|integers?|decimals?|floats?|figures|values?)\b)?"), _sign),
    (re.compile(r"(?:not|never) (?:be )?(?:in the future|future dated|future)|(?:LE|LT|before|earlier than|not after) (?:now|today|current_timestamp|current_date|the current (?:time|date))|(?:be |is |are )?in the past"), lambda m: [Pred("custom_sql", {"op": "<=", "rhs": "CURRENT_TIMESTAMP"})]),
    (re.compile(r"(?:not|never) (?:be )?(?:EQ )?(?:0|zero)\b(?!\.\d)|\bnonzero\b"), lambda m: [Pred("custom_sql", {"op": "<>", "rhs": "0"})]),
    # the negation of a value or an interval: "fail if x = -999", "flag x between 1 and 5"
    (re.compile(rf"OUTSIDE (?P<a>{NUM}) (?P<b>{NUM})(?! (?:characters|chars|letters|symbols)\b)"), lambda m: [Pred("custom_sql", {"outside": (m.group("a"), m.group("b"))})]),
    (re.compile(rf"\bNE (?P<n>{NUM})\b(?! (?:[a-z]+ ){{0,2}}(?:characters|chars|letters|digits|symbols|bytes)\b)"), lambda m: [Pred("custom_sql", {"op": "<>", "rhs": m.group("n")})]),
    (re.compile(rf"RANGE (?P<a>{NUM}) (?P<b>{NUM})"), _range),
    (re.compile(rf"{CMP} (?:than |to )?(?P<n>{NUM})\b(?!\.\d)(?! times \b)(?! (?:[a-z]+ ){{0,2}}(?:characters|chars|letters|digits|symbols|bytes)\b)(?: (?:{MEASURES})\b)?"), _range),
    (re.compile(rf"(?:(?P<lhs>{IDENT}) )?\b(?P<op>GE|GT|LE|LT|EQ|NE|on or after|on or before|after|before|later than|earlier than) (?:the )?(?P<rhs>(?:{NUM} times )?{IDENT}(?: (?!(?:for|in|of|on|and|or|when|where|if|per|across|within|at|by|every|each|all)\b)[a-z_][a-z0-9_]*){{0,2}}(?: (?:\*|\+|/|times|plus|minus|multiplied by|divided by) (?:{NUM}\b(?!\.\d)|{IDENT})(?: (?!(?:for|in|of|on|and|or|when|where|if|per|across|within|at|by|every|each|all|plus|minus|times)\b)[a-z_][a-z0-9_]*){{0,2}})*)"), _colcmp),
]  # fmt: skip


_FRESH_WORD = re.compile(r"\b(?:fresh\w*|stale\w*|maxage|recency|latency|lag|age)\b")
_DUR_ALONE = re.compile(rf"(?:(?:LT|LE|within|under|EQ|of|:|is) )?{DUR}")

# every rule starts at a word boundary ("dataset" does not contain the predicate "set")
RULES = [(re.compile(r"(?<![\w.])(?:" + rx.pattern + r")(?![\w])"), build) for rx, build in RULES]


_NEGATE_SQL = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "=": "<>", "<>": "="}


def _bad_operand(rhs: str) -> bool:
    """True when the other side of a comparison is not a column ("before it was ordered",
    "before the board pack goes out": a clause with its own verb)."""
    words = rhs.split()
    return bool(
        re.fullmatch(NUM, rhs)
        or words[0] in _NOT_IDENT
        or any(w in _NOT_RHS or w in _PRED_WORDS or w in _CLAUSE_VERBS for w in words)
    )


#: verbs that make the words after "before" / "after" a clause, not a column
_CLAUSE_VERBS = frozenset(
    "goes comes happens occurs gets ships launches starts ends closes opens runs lands leaves".split()
)
#: "make the data more accurate before the audit", "of high quality before ...": a state the
#: data should reach by some time, not the order of two columns
_NOT_EVENT_ORDER = re.compile(
    r"\b(?:more|less|better|worse|higher|lower|high|low|good|clean|cleaner|accurate|quality|ready|done)\s*$"
)


#: "the rides data should be accurate before the council audit", "x must be complete before the
#: review": a state reached by some time; the adjective is no column (`accurate < council_audit`)
_STATE_BY = re.compile(
    r"\b(?:be|is|are|gets?|stays?|remains?|looks?)\s+(?:fully\s+|all\s+|totally\s+|completely\s+|100% )?"
    r"(?:accurate|correct|complete|consistent|reliable|trustworthy|clean|tidy|fixed|sorted|right|perfect|final|finali[sz]ed|"
    r"ready|done|good|ok|okay|fine|up to date|up-to-date|in order|in shape|sound|solid|verified|checked|reconciled)\s*$"
)


def find_predicates(c: str) -> tuple[list[Pred], str]:
    """All predicates of canonical clause `c` and the text left for the subject."""
    preds: list[Pred] = []
    rest = f" {c} "
    cond = _FAIL_IF.match(rest)
    time_unread = bool(re.search(r"\b(?:not|never)\b(?:\s+\w+){0,2}\s+in the past\b", rest)) or bool(
        (cond or _FAILURE_PREFIX.match(rest))
        and re.search(r"\bin the past\b|\b(?:not|never)\b(?:\s+\w+){0,2}\s+in the future\b", rest)
    )
    fail: re.Match[str] | None = None
    if cond:
        # "fail the task if customer_id is null", "alert when the table has fewer than 100
        # rows": the text is the failing condition, the check is its opposite
        rest = " ~ " + rest[cond.end() :]
        # "fail if more than 0 rows have a null order_id": the count of failing rows goes
        rest = re.sub(
            r"^\s*~\s+(?:GT|GE)\s+-?\d+(?:\.\d+)?\s+(?:rows?|records?|entries)\s+(?=(?:have|has|with|where|that|having|in which)\b)",
            " ~ ",
            rest,
        )
        rest = re.sub(r"\b(?:there (?:are|is) )?no (?:rows?|records?|data)\b", " not empty ", rest)
        # "fail if null emails": a column's nulls (negated below like every bad case)
        rest = re.sub(
            r"^(\s*~\s+)(?:any\s+)?(null|missing|empty|blank)\s+(?!(?:values?|in|for|on|of|rows?|records?)\b)(?=[a-z_])",
            r"\1 no \2 ",
            rest,
        )
        # "alert if any null values show up in user_id": nulls in a column
        rest = re.sub(
            r"^(\s*~\s+)(?:any\s+)?(nulls?|null values?|missing values?|blanks?|empty values?)\s+(?:(?:show up|appear|turn up|occur|are found|exist|are present)\s+)?(in|for|on)\b",
            r"\1 no \2 \3",
            rest,
        )
        # "alert if x is not null", "fail if x has a value", "flag rows where x is populated":
        # the bad case is a value being there, so the column must be empty
        rest = re.sub(
            r"\b(?:is|are) (?:not (?:null|empty|blank)|non ?null|nonnull|non ?empty|populated|filled(?: in)?|present)\b(?! (?:and|or|but|when|if)\b)"
            r"|\b(?:has|have|contains?) (?:an?|any) values?\b(?! (?:outside|not|other|below|above|over|under|of|in|that|which|GE|GT|LE|LT|EQ|NE)\b)",
            " must be unset ",  # (not "null": the bad-case flip below would turn it round again)
            rest,
        )
        # "alert if x is not set", "fail if x has no value": the bad case is the value missing
        rest = re.sub(
            r"\b(is|are) not (?:set|populated|filled(?: in)?|present|provided|given|supplied)\b|\b(?:has|have) no values?\b",
            lambda m: f" {m.group(1) or 'is'} null ",
            rest,
        )
        # "alert if signup_time is ever in the future": "ever" adds nothing to the bad case
        rest = re.sub(r"\b(is|are|gets?|becomes?) ever\b", r"\1", rest)
        # "fail if vin is not exactly 17 characters long": the bad case's negation spent once,
        # the rule is the length itself
        rest = re.sub(
            r"\b(?:is|are) (?:not (?:exactly |EQ )?|NE )(\d+) (characters|chars|letters|symbols)(?: long| in length)?\b",
            r"be \1 \2 long",
            rest,
        )
        if not re.search(r"\bnot\b|\bnever\b|\bno\b", rest):
            # "fail if x is in the future": the check is that it is not
            rest = re.sub(r"\b(is|are|be) (in the future|future dated|future-dated)\b", r"\1 not in the future", rest)
            rest = re.sub(
                r"\b(is|are|be|was|were|has|have|contains?)(?: an?| any)? (null|nulls|missing|empty|blank|nan)\b",
                r"\1 not \2",
                rest,
            )
            rest = re.sub(r"\b(older|staler) than\b", r"not \1 than", rest)
            rest = re.sub(
                r"\b(?:is|are) (?:a )?duplicated?s?\b|\bhas duplicates\b|\bduplicates? (?:in|of|on)\b",
                " no duplicates ",
                rest,
            )
            # "fail if there are duplicate order_id(s)": the noun after "duplicate" is the column
            rest = re.sub(
                r"^(\s*~\s+)(?:duplicated?|repeated) (?!(?:values?|rows?|records?|entries|keys?)\b)(?=[a-z_])",
                r"\1 no duplicates in ",
                rest,
            )
            fail = re.match(r"", rest)
    else:
        fail = _FAILURE_PREFIX.match(rest)
    if fail and not re.search(r"\bnot\b|\bnever\b", rest[fail.end() :] if not cond else ""):
        # "fail if vin is 17 characters (long)": the stated length, compared, so it is negated
        rest = re.sub(r"\b(is|are|has|have) (\d+) (characters|chars|letters|symbols)\b", r"\1 EQ \2 \3", rest)
        rest = re.sub(
            rf"\b(GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE)\b(?= (?:than |to )?{NUM}\b(?!\.\d)(?! times\b))",
            # the stated bad case, negated exactly: not (x >= n) is x < n, not (x = n) is x <> n,
            # not (x <> n) is x = n ("fail if x != 35" was x <> 35, the bad case kept); a factor
            # of a column ("over 2 times y") is a column comparison's, negated with it once
            lambda m: {"GE": "LT", "GT": "LE", "LE": "GT", "LT": "GE", "EQ": "NE", "NE": "EQ", "RANGE": "OUTSIDE", "OUTSIDE": "RANGE"}[
                m.group(1)
            ],
            rest,
        )
        # "alert if row count < 50000 or > 5000000": the negation of an "or" of two bounds is
        # both (De Morgan, once)
        rest = re.sub(rf"\b((?:GE|GT|LE|LT) {NUM}) or ((?:GE|GT|LE|LT) {NUM})\b", r"\1 and \2", rest)
        rest = re.sub(r"(?<!non)\bnegative\b", "nonnegative", rest)
        rest = re.sub(r"(?<!non)\bpositive\b", "nonpositive", rest)
    if time_unread:
        # "must not be in the past", "fail if x is not in the future", "flag rows where x is
        # in the past": the check would be "after now", which no rule says; read as "not in
        # the future" it was the bad case, so the time words are left unread (an error)
        rest = re.sub(r"\bin the (?:past|future)\b", " unread_time_state ", rest)
    flipped = fail is not None and not re.search(
        r"\bnot\b|\bnever\b", rest[fail.end() :] if not cond else ""
    )
    for rx, build in RULES:
        if (
            build is _rows
            and not any(p.kind == "freshness" for p in preds)
            and _FRESH_WORD.search(rest)
        ):
            m = _DUR_ALONE.search(rest)  # "check the freshness of x using y: max 6 hours"
            if m:
                preds.extend(_fresh(m))
                rest = rest[: m.start()] + " ~ " + rest[m.end() :]
                rest = _FRESH_WORD.sub(" ~ ", rest)
        while True:
            m = rx.search(rest)
            if not m:
                break
            if build is _colcmp and (
                _bad_operand(re.sub(r" (?:values?|always|columns?)$", "", m.group("rhs")))
                or (
                    m.group("op") in ("before", "after")
                    and (_NOT_EVENT_ORDER.search(rest[: m.start()]) or _STATE_BY.search(rest[: m.start("op")]))
                )
            ):
                break
            found = build(m)
            if found and found[0].kind == "referential":
                # a bad-case lead ("flag rows where"), unless a label ends before the rule
                # ("no orphaned rows: every x must exist in t")
                _not_referential(m, rest, bool(cond) or bool(fail and ":" not in rest[fail.end() : m.start()]))
            if build is _colcmp and flipped:
                # the stated bad case, negated exactly: "flag rows where a < b" -> a >= b
                for p in found:
                    p.params["op"] = _NEGATE_SQL[p.params["op"]]
            if not found:
                break
            if build is _values:
                negated = bool(
                    re.search(
                        r"\b(?:not|never)(?: (?:ever|be|in|one|of|any|equal))*\s*$",
                        rest[: m.start()],
                    )
                    or re.match(r"\s*(?:not|never)\b", m.group(0))
                )
                if negated != bool(cond or fail):
                    # "status not in ('unknown')", "fail if status is 'x'": values a column must
                    # NOT take; no check kind says that, so the parser must not guess
                    found = [Pred("excluded")]
            preds.extend(found)
            keep = ""
            if build is _fresh:  # "freshness of created_at should be ...": the column stays
                keep = " ".join(w for w in m.group(0).split() if "_" in w and not w.startswith("«"))
            rest = rest[: m.start()] + f" ~ {keep} " + rest[m.end() :]
            if build is _values and found[0].list_open:
                break
    return preds, rest
