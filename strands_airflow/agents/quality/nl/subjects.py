"""Which columns a clause is about: the words left once its predicates were taken out.

`DROP` lists words that never name a column (fillers, comparison tokens, verbs such as
"lie" or "hold"); entity nouns ("records", "table") and their owners are dropped too.
"""

from __future__ import annotations

from collections.abc import Callable

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.lexicon import ENTITY_NOUNS, FILLERS, PREPOSITIONS

DROP = FILLERS | {"~", "GE", "GT", "LE", "LT", "EQ", "NE", "RANGE", "OUTSIDE", "not", "no", "never", "none",
                   "combination", "combined", "together", "composite", "compound", "jointly", "pair",
                   "pairs", "tuple", "key", "keys", "based", "according", "measured", "determined",
                   "using", "via", "set", "list", "%", "(", ")", "[", "]", "{", "}", ":", "+", "*", "/",
                   "=", "than", "as", "within", "allowed", "permitted", "tolerated", "latest", "newest", "recent",
                   "most", "oldest", "max", "min", "may", "might", "go", "goes", "get", "gets", "rise", "rises",
                   "drop", "drops", "climb", "climbs", "reach", "reaches", "dip", "dips", "lie", "lies", "fall", "falls", "stay", "stays", "remain",
                   "remains", "sit", "sits", "length", "format", "formatted", "type", "datatype", "needs", "need", "hold", "holds", "store", "stores", "inclusive", "exclusive",
                   "inclusively", "range", "form", "forms", "make", "makes", "constitute", "constitutes", "whose", "where", "which", "who", "when",
                   "follow", "follows", "conform", "conforms", "adhere", "adheres", "obviously", "clearly", "ever"}  # fmt: skip
FAILURE_VERBS = {
    "look",
    "looking",
    "flag",
    "find",
    "detect",
    "catch",
    "identify",
    "report",
    "alert",
    "search",
    "for",
    "any",
    "all",
    "list",
}
_MARKERS = {"column", "field", "col", "attribute"}
SEPARATORS = {"|", ",", "and", "or", "&", "btwand"}


#: nouns the subject reader drops ("of type integer", "its length") that a column's name may end
#: with: "mount type" is mount_type when the schema has it, never the table's key mount_id
_NAME_TAIL_NOUNS = frozenset({"type", "length", "format", "range", "form", "set", "list", "key"})


def _keep_name_tail(chunk: list[str], resolves: Callable[[list[str]], bool]) -> list[str]:
    """Glue "<words> type" into one name when the schema has a column of those words: the
    noun is then part of the column's name, not a word to drop."""
    for i in range(len(chunk) - 1, 0, -1):
        if chunk[i] not in _NAME_TAIL_NOUNS:
            continue
        j = i
        while j > 0 and chunk[j - 1] not in DROP and chunk[j - 1].isalpha():
            j -= 1
        if j < i and resolves([*chunk[j:i], chunk[i]]):
            return [*chunk[:j], "_".join(chunk[j : i + 1]), *chunk[i + 1 :]]
    return chunk


#: prepositions that scope a rule to rows ("on every invoice", "for claims", "across users")
_SCOPE_PREPS = frozenset({"on", "for", "across", "per", "within", "in"})


def subject_phrases(
    rest: str,
    composite: bool,
    named: Callable[[list[str]], bool],
    resolves: Callable[[list[str]], bool] | None = None,
    other_quantity: Callable[[list[str], list[str]], bool] | None = None,
) -> list[list[str]]:
    """The column phrases left in a clause once its predicates were taken out.

    One phrase per group separated by and/or/commas; inside a group, the first chunk
    between prepositions that names a column ("price of every item" -> price), preferring
    a named identifier ("all dates in order_date" -> order_date) or, with a schema, one
    that `resolves`. Owners before have/with and entity nouns ("customer records") go.
    """
    toks = rest.split()
    first = toks.index("~") if "~" in toks else -1
    colons = [i for i, t in enumerate(toks[:first]) if t == ":"] if first > 0 else []
    if colons and any(t not in DROP and t not in SEPARATORS for t in toks[colons[-1] + 1 : first]):
        # "no orphaned order_items: every order_id must exist in orders": the label goes
        toks = toks[colons[-1] + 1 :]
    lead = 0
    while lead < len(toks) and toks[lead] in FAILURE_VERBS:  # "flag missing values in address"
        lead += 1
    if any(t not in DROP and t not in SEPARATORS for t in toks[lead:]):
        toks = toks[lead:]
    for i in range(len(toks) - 1, -1, -1):
        # "orders with negative totals", "every customer must have an email": the owner
        # before have/with is the table, the column comes after
        if (
            toks[i] in ("have", "has", "having", "with")
            and toks[i + 1 : i + 2] != ["to"]  # "sku has to be unique": a modal, not an owner
            and not (i and toks[i - 1] in _MARKERS)  # "the price column has no ...": the column
            and any(t not in DROP for t in toks[i + 1 :])
        ):
            toks = toks[i + 1 :]
            break
    groups: list[list[str]] = [[]]
    for t in toks:
        if t in SEPARATORS or (composite and t in ("per", "by", "within", "across", "for")):
            groups.append([])
        else:
            groups[-1].append(t)
    phrases = []
    for g in groups:
        chunks: list[list[str]] = [[]]
        preps: list[str] = [""]  # the preposition before each chunk
        for t in g:
            if t in PREPOSITIONS or t == "~":
                chunks.append([])
                preps.append(t)
            else:
                chunks[-1].append(t)
        if resolves is not None and any(t in _NAME_TAIL_NOUNS for t in g):
            chunks = [_keep_name_tail(ch, resolves) for ch in chunks]
        found = [w for w in (strip_entities(ch) for ch in chunks) if w]
        scoped = [
            w
            for ch, p in zip(chunks, preps, strict=True)
            if p in _SCOPE_PREPS
            for w in [strip_entities(ch)]
            if w and not named(w)
        ]
        # "all urls in the homepage column": the words before 'column' / 'field' name it
        marked = [
            w
            for ch in chunks
            for j in [next((j for j, t in enumerate(ch) if t in _MARKERS), 0)]
            if j and ch[j - 1] not in DROP
            for w in [strip_entities(ch[:j])]
            if w
        ]
        if found:
            # "all dates in order_date": a named column beats the plain words around it
            best = [w for w in found if named(w)] or marked
            if resolves is not None and not best:
                best = [w for w in found if resolves(w)]
                if (
                    best
                    and not resolves(found[0])
                    and found[0] not in scoped
                    and all(w in scoped and len(w) == 1 for w in best)
                ):
                    # "the interest rate on loans", "the licence number ... on claims": the
                    # words after "on / for / across" say which rows, the head words name the
                    # column; when the head resolves to none, the scope is never taken for it
                    best = []
                # "date of birth" -> dob, "length of stay" -> los_days: the whole phrase,
                # prepositions included, when no piece of it names a column
                whole = [t for t in g if t != "~" and t not in DROP or t in ("of",)]
                if not best and len(chunks) > 1 and resolves(whole):
                    best = [whole]
            if best and other_quantity is not None and not any(named(w) for w in best):
                # "the crevasse depth is under 50 m": the unit after the bound names a column
                # (`altitude_m`) only when that column measures no other quantity than the
                # clause's words ("the mileage ... 400k km" may be `odometer_km`); the words of
                # the whole clause, as "length" is dropped from the head
                kept = [w for w in best if not other_quantity(g, w)]
                # no column for the quantity named: that quantity is the subject (no column
                # matches it, and the request is refused)
                best = kept or [[t for t in g if other_quantity([t], best[0])][:1]]
            phrases.append(best[0] if best else found[0])
    return phrases


def strip_entities(chunk: list[str]) -> list[str]:
    """Drop fillers, and entity nouns with the words naming them ("customer records")."""
    for i in range(len(chunk) - 1, -1, -1):
        if chunk[i] in ("have", "has", "having", "with") and chunk[i + 1 : i + 2] not in (
            [],
            ["to"],
        ):
            chunk = chunk[i + 1 :]  # "every customer must have an email": the owner is not a column
            break
    for i in range(len(chunk) - 1, -1, -1):
        if chunk[i] in ENTITY_NOUNS:
            chunk = chunk[i + 1 :]
            break
    words = [w for w in chunk if w not in DROP and not re.fullmatch(r"-?\d+(?:\.\d+)?", w)]
    named = [w for w in words if "_" in w or w.startswith("«")]
    # "the created_at timestamp": an identifier followed by its type is just the identifier
    return named[:1] if len(named) == 1 and len(words) > 1 else words
