"""Word lists of the rule-based request parser: fillers, units, formats, typo vocabulary.

Kept apart from the grammar so a reader can extend the vocabulary without reading regexes.
"""

from __future__ import annotations

import functools

#: words that carry no meaning for a check (verbs of asking, articles, modals, "column")
FILLERS = frozenset(
    """
    check checks checking verify verifies validate validates ensure ensures make sure confirm assert
    test tests that if whether the a an all every each any value values column columns col cols
    field fields attribute attributes must should shall will would need needs needed to be is are
    was were been being has have having had always please in of for on with there it its their our
    we i you want wants expect expected like can could do does only also so just and or but then
    &amp; | && rule rules we'd i'd let us let's per at by from ensure that this these those
    properly correctly really actually here given whole entire across contain contains containing
    anything
    """.split()
)

#: nouns naming the table itself; the word before one of these names the table, not a column
ENTITY_NOUNS = frozenset(
    "record records row rows entry entries table tables dataset datasets data file files output "
    "outputs result results extract batch load partition feed feeds".split()
)

#: words that make a leftover piece a clause (it needed a predicate) rather than a bare column list
VERBAL = frozenset(
    "must should be is are have has need needs shall will can cannot never always only contain "
    "contains look looks seem seems get gets make do does".split()
)

#: prepositions splitting "price of every item" into "price" | "every item"
PREPOSITIONS = frozenset("of for in on per across within from at inside".split())

TIME_UNITS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800,
    "month": 2592000, "months": 2592000,
}  # fmt: skip

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}  # fmt: skip

MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "million": 1e6,
               "mil": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}  # fmt: skip

#: format name -> regex (over the canonical text) naming it
FORMAT_WORDS = {
    "email": r"e-?mails?(?: address(?:es)?)?",
    "phone": r"(?:tele)?phones?(?: numbers?| nos?)?|mobile(?: numbers?)?|phone_number",
    "uuid": r"uuids?|guids?|uuid ?v?4",
    "url": r"urls?|uris?|web ?sites?|web addresses|links?|https? urls?",
    "date": r"(?:iso(?: ?8601)? )?(?:dates?|timestamps?|date ?times?)|yyyy[ -]?mm[ -]?dd|iso ?8601|iso format",
}

#: a column-name token that implies a format when the request only says "valid"
FORMAT_HINTS = {
    "email": "email", "mail": "email", "phone": "phone", "mobile": "phone", "tel": "phone",
    "telephone": "phone", "uuid": "uuid", "guid": "uuid", "url": "url", "uri": "url",
    "link": "url", "website": "url", "homepage": "url", "date": "date", "dob": "date",
    "birthday": "date",
}  # fmt: skip

#: short forms data engineers use in column names
ABBREVIATIONS = {
    "id": ("identifier", "key"), "qty": ("quantity",), "amt": ("amount",), "num": ("number",),
    "no": ("number",), "nbr": ("number",), "dt": ("date",), "ts": ("timestamp", "time"),
    "addr": ("address",), "desc": ("description",), "cust": ("customer",), "prod": ("product",),
    "cnt": ("count",), "pct": ("percent", "percentage"), "tel": ("phone", "telephone"),
    # suffixes that name a time ("captured_at" is the capture timestamp, "enrolled_on" the
    # enrollment date) and nouns whose column is named by the verb ("admission" -> admit_ts)
    "at": ("timestamp", "time"), "on": ("date",), "url": ("link", "website"),
    "lat": ("latitude",), "lon": ("longitude",), "lng": ("longitude",), "pt": ("point",),
    "temp": ("temperature",), "dept": ("department",), "mgr": ("manager",), "acct": ("account",),
    "txn": ("transaction",), "trx": ("transaction",), "tx": ("transaction",),
    "ref": ("reference",), "ver": ("version",), "cert": ("certificate",), "seq": ("sequence",),
    "inv": ("invoice",), "emp": ("employee",), "loc": ("location",), "cat": ("category",),
    "pmt": ("payment",), "bal": ("balance",), "yr": ("year",), "hr": ("hour",), "lic": ("license", "licence"),
    "exp": ("expiry", "expiration"), "reg": ("registration",), "org": ("organisation", "organization"),
    "msg": ("message",), "img": ("image",), "src": ("source",), "dest": ("destination",),
    "dst": ("destination",), "avg": ("average",), "std": ("standard",), "curr": ("currency",),
    "ccy": ("currency",), "vol": ("volume",), "wt": ("weight",), "ht": ("height",),
    "est": ("estimated", "estimate"), "apr": ("interest",), "max": ("maximum",), "min": ("minimum",),
    # units a column is named by ("battery_v" is the battery voltage)
    "v": ("voltage", "volts", "volt"), "kw": ("kilowatts", "power"), "kwh": ("kilowatt", "energy"),
    "gb": ("gigabytes",), "mb": ("megabytes",), "km": ("kilometres", "kilometers", "distance"),
    "kg": ("kilograms", "weight"), "ms": ("milliseconds",), "sec": ("seconds",), "secs": ("seconds",),
    "mins": ("minutes",), "hrs": ("hours",), "c": ("celsius",), "f": ("fahrenheit",),
}  # fmt: skip

#: head nouns that name a column's measured value, not a part of its name ("the nitrogen
#: reading" is ``nitrogen_ppm``, "the kill count" is ``kills``): tried last, without them;
#: a count only names a plural column ("order count" is never ``order_id``)
VALUE_HEADS = frozenset(
    "reading readings figure figures measurement measurements count "
    # a unit of count or a value word after the column's words: "reserved units" -> reserved,
    # "on-hand units" -> on_hand, "the glucose values" -> glucose_mg_dl
    "units unit value values level levels "
    # "the star rating" -> stars, "on hand qty" -> on_hand
    "rating ratings qty quantity rate rates".split()
)

#: a noun and the participle a column is named by ("admission timestamp" -> admit_ts,
#: "capture timestamp" -> captured_at); one way only: "shipped" never means shipment_id
NOUN_PARTICIPLES = {
    "admission": ("admit", "admitted"), "enrollment": ("enrolled",), "enrolment": ("enrolled",),
    "capture": ("captured",), "shipment": ("shipped",), "delivery": ("delivered",),
    "creation": ("created",), "update": ("updated",), "load": ("loaded",), "ingestion": ("ingested",),
    "hire": ("hired",), "discharge": ("discharged",), "cancellation": ("cancelled", "canceled"),
    "refund": ("refunded",), "payment": ("paid",), "signup": ("signed",),
}  # fmt: skip

#: the words typos are corrected towards (the grammar's keywords)
KEYWORDS = frozenset(
    """
    unique uniquely uniqueness duplicate duplicates duplicated distinct null nulls missing empty
    blank blanks required mandatory populated between least most greater less fewer more negative
    positive nonnegative valid invalid email emails phone number numbers uuid url date dates format
    formatted regex pattern match matches matching older hours minutes days seconds weeks within
    fresh freshness updated rows records exist exists references foreign accepted allowed values
    either contain contains should must never check ensure verify validate every should exceed
    maximum minimum address addresses primary present always greater smaller larger column
    combination together timestamp count table value allowed permitted expected
    below above under over cannot acceptable unacceptable unless
    """.split()
)

#: common words that are not typos even though they sit close to a keyword
KNOWN_WORDS = frozenset(
    """
    rate name names age cost costs price prices type types code codes size sale sales city zip
    state states country countries amount amounts total totals tax score scores level rank role
    user users account accounts item items product products order orders customer customers
    created updated deleted status flag note notes title label region currency balance discount
    weight height width length gender sku sex year years month months week day time start end
    first last full mail count counts must most mist list lists least last late date data
    more mode model store stores none note than then they this that these those what when
    number exist exists unit units value valid values into onto upon only once ones user
    catch catches broken unless except while watch batch batches
    """.split()
)


#: the nouns of measured quantities, one group a quantity ("altitude" and "elevation" are one);
#: a column named by one never stands for another ("the crevasse depth" is no ``altitude_m``)
QUANTITY_GROUPS: dict[str, str] = {
    w: group.split()[0]
    for group in (
        "depth", "altitude elevation", "height", "width breadth", "length", "thickness", "diameter",
        "radius", "weight mass", "distance", "speed velocity pace", "temperature temp", "pressure",
        "volume", "duration", "area", "voltage", "humidity", "frequency", "age", "salinity",
        "acidity ph", "wattage power",
    )
    for w in group.split()
}  # fmt: skip


_SHORT_TYPOS = {
    "nul": "null",
    "nuls": "nulls",
    "uniq": "unique",
    "emal": "email",
    "eamil": "email",
    "dupe": "duplicate",
    "dups": "duplicates",
    "dupes": "duplicates",
    "betw": "between",
    # negations and comparison words, where a typo would otherwise lose the meaning
    "nto": "not", "nt": "not", "mroe": "more", "moer": "more", "les": "less", "lest": "least",
    "leats": "least", "atmost": "at most", "abov": "above", "belw": "below", "blow": "below",
}  # fmt: skip


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


_KEYWORDS_SORTED: tuple[str, ...] = ()

_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
#: the letters next to each letter on a QWERTY keyboard (same row and the rows above and below)
_NEAR_KEYS: dict[str, frozenset[str]] = {}
for _r, _row in enumerate(_KEY_ROWS):
    for _i, _ch in enumerate(_row):
        _near: set[str] = set()
        for _rr in (_r - 1, _r, _r + 1):
            if 0 <= _rr < len(_KEY_ROWS):
                _near.update(_KEY_ROWS[_rr][max(0, _i - 1) : _i + 2])
        _NEAR_KEYS[_ch] = frozenset(_near - {_ch})


def _slip(word: str, kw: str) -> bool:
    """True unless `word` differs from `kw` (same length) by one letter typed far from the right
    key: a transposition, or a neighbouring key, is a typo; "court" for "count" is a word."""
    diffs = [(a, b) for a, b in zip(word, kw, strict=True) if a != b]
    if len(diffs) != 1:
        return True  # a transposition
    a, b = diffs[0]
    return a in _NEAR_KEYS.get(b, frozenset())


@functools.lru_cache(maxsize=4096)
def correct_word(word: str) -> str:
    """The keyword `word` is a small typo of, or `word` itself.

    Only plain alphabetic words of four letters or more are corrected, never a known word,
    and the allowed distance grows with length (1 edit up to 7 letters, 2 beyond), so a
    column name such as ``country`` is not turned into ``count``.
    """
    if word in KEYWORDS or word in KNOWN_WORDS or word in FILLERS or not word.isalpha():
        return word
    if word in QUANTITY_GROUPS or word[:-1] in QUANTITY_GROUPS:
        return word  # a measured quantity is a word of its own ("distance" is no "distinct")
    if word.endswith("s") and word[:-1] in KNOWN_WORDS:  # "rates" is a plural, not "dates"
        return word
    if word in _SHORT_TYPOS:
        return _SHORT_TYPOS[word]
    n = len(word)
    if n < 5:  # too short to tell a typo from a value such as "east"
        return word
    limit = 1 if n < 8 else 2
    best, best_d = word, limit + 1
    for kw in _KEYWORDS_SORTED:  # a fixed order: ties go the same way in every process
        if abs(len(kw) - n) > limit:
            continue
        d = _osa(word, kw)
        if d == 2 and kw[0] != word[0]:
            continue  # two edits and another first letter: a word of its own ("relative" is no "negative")
        if d == 1 and n < 8 and len(kw) == n and not _slip(word, kw):
            continue  # one letter swapped for a far key: a word of its own ("court" is no "count", "tours" no "hours")
        if d == 1 and word[1:] == kw and word[0] != kw[0]:
            continue  # another letter before the keyword: a word of its own ("cover", "hover" are no "over")
        if d < best_d:
            best, best_d = kw, d
    return best if best_d <= limit else word


#: negative contractions typed without their apostrophe, each one negation
CONTRACTIONS = {
    "cant": "can not", "wont": "will not", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "shouldnt": "should not", "mustnt": "must not",
    "couldnt": "could not", "wouldnt": "would not", "neednt": "need not",
    "hasnt": "has not", "havent": "have not", "shant": "shall not", "aint": "is not",
}  # fmt: skip

#: words that make a subject an aggregate ("the average price"): no row-level check says that
AGGREGATE_WORDS = frozenset(
    "average avg mean median stddev std deviation variance var sum percentile p95 p99".split()
)

_KEYWORDS_SORTED = tuple(sorted(KEYWORDS))


#: a connective that may open a sentence or clause ("Also no report may ...", ", plus nobody
#: ..."): no part of the rule it introduces (a regex fragment, one or more of them)
CONNECTIVE = (
    r"(?:and|also|plus|additionally|finally|lastly|so|but|then|moreover|furthermore|next|oh|ok|okay|"
    r"too|likewise|similarly|besides|further)\b[\s,]*"
)


#: what "if / when ..." says of a value in the optional form ("..., but if present it must
#: ...", "when provided, ..."): the words after which the rule is the column's own, not a
#: condition on another column
PRESENT_STATE = (
    r"(?:present|given|provided|set|filled(?:\s+in)?|populated|supplied|entered|recorded|not\s+null|"
    r"non[- ]?null|there|available|known|specified|applicable|any)"
)
