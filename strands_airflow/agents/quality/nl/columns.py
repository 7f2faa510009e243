"""Turn the words a person used for a column into a real column name.

Without a schema, words become a snake_case identifier ("customer id" -> ``customer_id``,
"quantities" -> ``quantity``). With one, the words resolve to exactly one real column by,
in order: exact name, the same name without separators, singular/plural forms, all words
contained in the column's parts ("email" -> ``email_address``), known abbreviations, then a
close spelling (difflib). Ambiguity is an error, never a guess.
"""

from __future__ import annotations

import difflib
import functools
import os

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.lexicon import (
    ABBREVIATIONS,
    KEYWORDS,
    KNOWN_WORDS,
    NOUN_PARTICIPLES,
    QUANTITY_GROUPS,
    TIME_UNITS,
    VALUE_HEADS,
    _osa,
    _slip,
)
from strands_airflow.exceptions import QualityRequestError


def singular(word: str) -> str:
    """A plain English singular for a plural column word ("quantities" -> "quantity")."""
    if word in ("ids", "ts", "dts"):
        return word[:-1] if word != "ts" else word
    if len(word) <= 3 or not word.isalpha():
        return word
    if word in ("skus", "cpus", "gpus", "vcpus", "menus"):  # plurals of words ending in 'u'
        return word[:-1]
    if word.endswith(("species", "series")) or word == "news":
        return word  # the same word in the singular ("a species", "a series")
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def parts(name: str) -> list[str]:
    """The lower-case word parts of a column name (snake_case, camelCase, dotted)."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [p for p in re.split(r"[^A-Za-z0-9]+", name.lower()) if p]


def to_identifier(words: list[str]) -> str:
    """Words -> a snake_case identifier (the last word singular), when no schema is known."""
    if len(words) == 1 and ("_" in words[0] or "." in words[0]):
        return words[0][:-1] if words[0].endswith("_ids") else words[0]
    ws = [w for w in words if w]
    if not ws:
        return ""
    ws[-1] = singular(ws[-1])
    return "_".join(ws)


@functools.lru_cache(maxsize=4096)
def _variants(word: str) -> frozenset[str]:
    out = {word, singular(word)}
    for w in (word, singular(word)):  # "percentages" -> percentage -> pct
        out.update(ABBREVIATIONS.get(w, ()))
        out.update(NOUN_PARTICIPLES.get(w, ()))
        for short, longs in ABBREVIATIONS.items():
            if w in longs:
                out.add(short)
    return frozenset(out)


#: endings a column's participle adds to the verb a person names ("issue date" -> issued_on,
#: "ship date" -> shipped_at, "churn date" -> churned_on)
_INFLECTIONS = ("d", "ed", "s", "es")


@functools.lru_cache(maxsize=8192)
def _loose(word: str, part: str) -> bool:
    """`part` is a shortened or inflected form of `word`, tried only when no column has every
    word exactly: an abbreviation that is no word of its own ("usps abbreviation" ->
    usps_abbrev; "country" is never "count"), the participle of a verb or of an "-ation" noun
    ("issue" -> issued, "ship" -> shipped, "activation" -> activated)."""
    if len(word) < 3 or len(part) < 3 or not word.isalpha() or not part.isalpha() or word == part:
        return False
    if part.startswith(word):
        rest = part[len(word) :]
        return rest in _INFLECTIONS or rest == word[-1] + "ed"
    if word.endswith("ation") and part == word[:-3] + "ed":
        return True
    return (
        len(part) >= 4
        and word.startswith(part)
        and part not in KNOWN_WORDS
        and part not in KEYWORDS
        and part not in ABBREVIATIONS
    )


class ColumnResolver:
    """Resolves user words to the columns of one table (case-insensitive, never guessing)."""

    def __init__(self, columns: list[str]):
        self.columns = list(columns)
        self._lower = {c.lower(): c for c in self.columns}
        self._squashed = {re.sub(r"[^a-z0-9]", "", c.lower()): c for c in self.columns}
        self._parts = {c: parts(c) for c in self.columns}

    def known_words(self) -> frozenset[str]:
        """Every word part of every column (kept out of typo correction)."""
        return frozenset(p for ps in self._parts.values() for p in ps) | frozenset(self._lower)

    def other_quantity(self, head: list[str], words: list[str]) -> bool:
        """True when `head` names a measured quantity ("the crevasse depth") and the column
        `words` resolve to is named by another one (``altitude_m``): those words never stand
        for the head's column ("depth ... 50 m" is no altitude)."""
        try:
            col = self._resolve(words)
        except QualityRequestError:
            return False
        return col is not None and self._measures_other(head, col)

    def _measures_other(self, words: list[str], col: str) -> bool:
        """`words` name a measured quantity and `col` is named by another one only."""
        said = [w for x in words for w in re.split(r"[_.\s]+", x.lower()) if w]
        named = {QUANTITY_GROUPS[q] for w in said for q in (w, singular(w)) if q in QUANTITY_GROUPS}
        if not named:
            return False
        own = {QUANTITY_GROUPS[p] for p in self._parts.get(col, []) if p in QUANTITY_GROUPS}
        return bool(own) and not own & named

    def resolve(self, words: list[str]) -> str | None:
        """The one column `words` name, None when nothing matches; raises when ambiguous. A
        column named by another measured quantity than the words' is never theirs ("the weight"
        is no ``depth_kg`` for its unit, "the height" no ``weight`` for a slip of one letter)."""
        col = self._resolve(words)
        return None if col is not None and self._measures_other(words, col) else col

    def _resolve(self, words: list[str]) -> str | None:
        """The one column `words` name, None when nothing matches; raises when ambiguous."""
        words = [w for w in words if w]
        if not words:
            return None
        joined = "_".join(words).lower()
        for key in (joined, "_".join([*words[:-1], singular(words[-1])])):
            if key in self._lower:
                return self._lower[key]
        squashed = re.sub(r"[^a-z0-9]", "", joined)
        if squashed in self._squashed:
            return self._squashed[squashed]
        if squashed.endswith("s") and squashed[:-1] in self._squashed:
            return self._squashed[squashed[:-1]]
        want = [w.lower() for w in re.split(r"[_.\s]+", joined) if w]
        # "creation date" is created_at (with another word naming the event); "date" alone
        # is not any *_at column
        dated = {"at"} if len(want) > 1 else set()
        hits = [
            c
            for c, ps in self._parts.items()
            if all((_variants(w) | (dated if w in ("date", "dates") else set())) & set(ps) for w in want)
        ]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            # prefer the column whose parts are exactly the words, then the shortest one
            exact = [c for c in hits if len(self._parts[c]) == len(want)]
            if len(exact) == 1:
                return exact[0]
            if len(want) == 1:  # "customer" names the customer by its key: customer_id
                keys = [
                    c
                    for c in hits
                    if self._parts[c] in ([want[0], "id"], [singular(want[0]), "id"])
                ]
                if len(keys) == 1:
                    return keys[0]
            raise QualityRequestError(
                f"{' '.join(words)!r} could mean any of the columns {', '.join(sorted(hits))}; "
                "name the column exactly"
            )
        if not hits:
            # "usps abbreviation" -> usps_abbrev, "issue date" -> issued_on: each word names a
            # part exactly or by a shortened / inflected form; one column only, never a guess
            loose = [
                c
                for c, ps in self._parts.items()
                if all(
                    (_variants(w) | (dated if w in ("date", "dates") else set())) & set(ps)
                    or any(_loose(w, p) for p in ps)
                    for w in want
                )
            ]
            if len(loose) == 1:
                return loose[0]
        if len(want) >= 3 and want[-2] == "in" and want[-1] in TIME_UNITS:
            # "session length in seconds" -> session_length_sec: the unit a column is named by
            found = self.resolve(want[:-2])
            if found and any(
                p in _variants(want[-1]) or TIME_UNITS.get(p) == TIME_UNITS[want[-1]]
                for p in self._parts[found]
            ):
                return found
        if len(want) >= 3 and want[-1] in VALUE_HEADS | {"ratio", "rate"}:
            # "loan-to-value ratio" -> ltv_pct: the acronym of the words before a value noun
            short = "".join(w[0] for w in want[:-1] if w not in ("-",))
            acr = [c for c, ps in self._parts.items() if len(short) >= 3 and short in ps]
            if len(acr) == 1:
                return acr[0]
        if len(want) >= 2:
            # an acronym of the words: "date of birth" -> dob, "length of stay" -> los_days
            acronym = "".join(w[0] for w in want)
            # never a generic part ("is delivered" is not "id"): a real acronym of content words
            generic = {"id", "at", "on", "no", "ts", "dt", "pk", "fk", "by", "to", "in", "of"}
            stop = {"is", "has", "have", "be", "was", "are", "were", "does"}
            if acronym in generic or set(want) & stop:
                acronym = ""
            acr = [c for c, ps in self._parts.items() if acronym and acronym in ps]
            if len(acr) == 1:
                return acr[0]
        close = difflib.get_close_matches(joined, list(self._lower), n=2, cutoff=0.8)
        close = [c for c in close if _each_word_close(want, self._parts[self._lower[c]])]
        if len(close) == 1 or (len(close) == 2 and close[0] != close[1] and _gap(joined, close)):
            return self._lower[close[0]]
        if len(want) >= 2 and want[-1] in VALUE_HEADS:
            # "the nitrogen reading" -> nitrogen_ppm, "the kill count" -> kills: the words
            # before a value noun, when they name exactly one column (singular or plural)
            head = want[:-1]
            plural = [
                c
                for c, ps in self._parts.items()
                if all(
                    (
                        (set() if want[-1] == "count" else _variants(w))
                        | {f"{w}s", f"{w}es"}
                        # "the nights count" -> nights: a plural word names its plural column
                        | ({w} if w.endswith("s") and len(w) > 3 else set())
                    )
                    & set(ps)
                    for w in head
                )
            ]
            if len(plural) == 1:
                return plural[0]
        return None


def _each_word_close(words: list[str], col_parts: list[str]) -> bool:
    """A typo, not another name: every word is close to a part of the column ("cusotmer id"),
    so "customer email" never becomes ``customer_id``."""
    squashed = "".join(col_parts)
    return all(_inside(w, col_parts, squashed) or any(_typo_of(w, p) for p in col_parts) for w in words)


def _inside(word: str, col_parts: list[str], squashed: str) -> bool:
    """`word` is written inside the column's name: at the start of a part ("zip" in ``zip5``),
    or after a word of its own ("date" in ``birthdate``); never after a letter or two that make
    another word of it ("age" is no ``wage``, "rate" no ``pirate``)."""
    starts = {0}
    for p in col_parts:
        starts.add(max(starts) + len(p))
    i = squashed.find(word)
    while i >= 0:
        back = i - max(b for b in starts if b <= i)
        if back == 0 or back >= 3:
            return True
        i = squashed.find(word, i + 1)
    return False


def _typo_of(word: str, part: str) -> bool:
    """`word` is a slip of the keys for the column part `part`, not a different word ("height"
    is no ``weight``, "depth" no ``depot``): in a word of under 8 letters, one edit (a swapped
    pair, a neighbouring key, a letter doubled or dropped after the first), or another ending of
    the same first four letters ("expiry" / ``expires``); longer words as close as before."""
    if difflib.SequenceMatcher(None, word, part).ratio() < 0.75:
        return False
    if len(word) >= 8 or word == part:
        return True
    d = _osa(word, part)
    if d == 1:
        if len(word) == len(part):
            return _slip(word, part)
        return word[0] == part[0] and word[1:] != part and part[1:] != word
    stem = len(os.path.commonprefix([word, part]))
    return stem >= 4 and stem >= min(len(word), len(part)) - 2


def _gap(word: str, close: list[str]) -> bool:
    """True when the best close match is clearly better than the runner-up."""
    a = difflib.SequenceMatcher(None, word, close[0]).ratio()
    b = difflib.SequenceMatcher(None, word, close[1]).ratio()
    return a - b > 0.08
