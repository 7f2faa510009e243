"""Checks from read clauses: subjects resolved to columns, predicates built into `Check`s.

The half of the rule parser that turns a clause's predicates and subject words into
checks (`CheckBuilder`, mixed into `parser.RuleParser`), with the helpers it needs:
column resolution, value lists, literals, conditions and SQL-looking clauses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.columns import ColumnResolver, singular, to_identifier
from strands_airflow.agents.quality.nl.columns import parts as column_parts
from strands_airflow.agents.quality.nl.colwords import TIME_NOUNS, time_column
from strands_airflow.agents.quality.nl.lexicon import AGGREGATE_WORDS, FORMAT_HINTS
from strands_airflow.agents.quality.nl.logic import NEGATE_OP, custom_check, sql_literal
from strands_airflow.agents.quality.nl.rules import Pred
from strands_airflow.agents.quality.nl.text import Slots, canonical
from strands_airflow.exceptions import QualityRequestError

log = logging.getLogger("strands_airflow.agents.quality.nl.parser")

ACCEPTED_FORMS = (
    "accepted forms include: '<col> must not be null', 'no missing <col>', '<col> must be unique', "
    "'<col> between 0 and 100', 'no negative <col>', '<col> should be one of a, b, c', "
    "'<col> must be a valid email|phone|uuid|url|date', '<col> must match regex \"...\"', "
    "'data no older than 24 hours based on <col>', 'at least 1000 rows', "
    "'every <col> must exist in <table>.<col>', 'custom sql: <boolean expression>'"
)
_STAMP_VERBS = r"\b(?:created|updated|loaded|modified|ingested|inserted|refreshed|processed|extracted|received|synced)\b"
#: trailing words that add nothing to a column's name ("email addresses", "price values")
_GENERIC_TAIL = frozenset(
    """address addresses value values field fields column columns number numbers data info
    entry entries record records amount amounts date dates time times timestamp timestamps
    id ids code codes string strings text figure figures""".split()
)
#: what a freshness rule's subject may call the whole table ("the inspection feed", "the log")
_TABLE_NOUNS = frozenset("feed log table data dataset extract export stream source file events records rows".split())
#: a column name that holds a load / event time
_STAMP_COLUMN = re.compile(r"(?i)(?:_at|_ts|_time|timestamp|_datetime)$|^(?:ts|timestamp)$")
#: remarks a sentence may end with after a column's name ("... than egg_count obviously")
#: a code in a list of values: upper-case letters and digits, one word ("ECO2", "HOT_CATHODE")
_CODE_VALUE = re.compile(r"[A-Z][A-Z0-9_#+-]*\d*|\d+[A-Z][A-Z0-9_-]*")
_NOISE = frozenset("obviously clearly surely again too either though tho pls please anyway anyways ok okay".split())


#: "machines with status «0»", "a song request has is_duet EQ true": the rows' noun before the column
_GUARD_OWNER = re.compile(
    r"^(?:[a-z]+ ){1,3}?(?:with|having|has|have|where|whose) (?P<c>[a-z][a-z0-9_]* (?:is|are|EQ|NE|GE|GT|LE|LT|equals?)\b.*)$"
)


def _guard_owner(c: str, resolves: Callable[[list[str]], bool]) -> str:
    """The condition without the noun of the rows it is on, when a named column follows
    "with / has" ("machines with status = 'X'" is `status = 'X'`, never a column
    machines_with_status)."""
    m = _GUARD_OWNER.match(c) if (" with " in c or " ha" in c or " where " in c or " whose " in c) else None
    if m is None:
        return c
    col, op = m.group("c").split()[:2]
    return m.group("c") if "_" in col or op in ("EQ", "NE", "GE", "GT", "LE", "LT") or resolves([col]) else c


def _weak_tail(words: list[str], col: str) -> bool:
    """Generic nouns only ("numbers", "codes") that name the column by no word of its own."""
    col_parts = set(column_parts(col))
    return all(w in _GENERIC_TAIL and w not in TIME_NOUNS for w in words) and not any(w in col_parts or singular(w) in col_parts for w in words)


def _noise_word(word: str, known: frozenset[str]) -> bool:
    """A remark, never part of a column's name: a sentence adverb ("obviously", "really") or a
    chat word, when the schema has no such word."""
    return word not in known and (word in _NOISE or (len(word) > 4 and word.endswith("ly") and word.isalpha()))


_TYPE_WORDS = frozenset(
    "date time timestamp datetime column field value values col ts number".split()
)
#: a strftime pattern or a date mask, not a regex
_DATE_MASK = re.compile(
    r"(?:%[YymdHMSfzbBjIpT]|[-/.:T ]|yyyy|yy|mm|dd|hh|ss)*(?:%[Yy]|yyyy|YYYY)(?:%[YymdHMSfzbBjIpT]|[-/.:T ]|yyyy|yy|mm|dd|hh|ss|MM|DD|HH|SS)*",
    re.I,
)
_LEAD = re.compile(
    r"(?i)^\s*(?:please\s+)?(?:(?:check|verify|ensure|assert|confirm|validate|test|make sure)\s+(?:that\s+|if\s+|whether\s+)?)?"
)


#: "must be in carriers (carrier_id)": a modal, then a word and a bracket with a space: English
#: with a parenthetical, not an SQL call ("length(code) <= 5" has no space and no modal)
_ENGLISH_CALL = re.compile(r"(?i)\b(?:must|should|shall|cannot|has\s+to|needs\s+to)\b.*\b[a-z_]\w*\s+\(")


@dataclass
class Clause:
    """One clause: its original text, predicates and subject column phrases."""

    text: str
    preds: list[Pred]
    subject: list[list[str]]
    composite: bool
    kind: str  # "pred" | "subject" | "empty" | "unknown"
    extra_values: list[str] = field(default_factory=list)


class CheckBuilder:
    """Clause -> checks (see the module docstring); `RuleParser` provides the state."""

    resolver: ColumnResolver | None
    known: frozenset[str]
    slots: Slots
    original: str

    def _resolves(self, words: list[str]) -> bool:
        try:
            return self.resolver is not None and self.resolver.resolve(words) is not None
        except QualityRequestError:
            return False

    def _guard(self, words: str) -> str:
        """The SQL of a condition ("B is true", "status is 'shipped'", "qty > 10")."""
        spelled = re.search(r"\(([^()]+)\)", words)
        if spelled and words.strip() != spelled.group(0):
            # "unless it's a refund (is_refund = true)": the brackets spell the condition out
            try:
                return self._guard(spelled.group(1))
            except QualityRequestError:
                pass
        both = re.split(r"(?i)\s+(and|or)\s+(?=(?:the\s+)?[a-z_][\w.]*\s+(?:(?:is|are|has|equals?|not)\b|[=!<>]))", words.strip())
        if len(both) > 1:
            # "amount > 100 and region = 'EU'": each comparison its own condition, joined as
            # written (one of them unreadable makes the whole condition unreadable)
            sql = self._guard(both[0])
            for conj, part in zip(both[1::2], both[2::2], strict=True):
                sql = f"({sql}) {conj.upper()} ({self._guard(part)})"
            return sql
        c = canonical(words, self.known)
        c = re.sub(r"^(?:the |a |an )", "", c)
        # "an order in status 'cancelled'", "rows with status 'x'": the column holds the value
        c = re.sub(r"^(?:[a-z]+ )?(?:in|with|of) (?:the )?([a-z_]\w*) (?:of )?(«\d+»)$", r"\1 is \2", c)
        c = _guard_owner(c, self._resolves)
        c = _guard_presence(c)
        m = (
            re.fullmatch(
                r"(?P<col>.+?) (?:is|are|EQ|has|have|equals?|be)(?: (?P<neg>not))? (?:set to |EQ )?(?P<v>true|false|null|set|present|missing|empty|blank|given|provided|«\d+»|-?\d+(?:\.\d+)?|[a-z_]\w*)",
                c,
            )
            or re.fullmatch(
                r"(?P<col>.+?) (?:(?:is|are|be) )?(?P<op>GE|GT|LE|LT|NE|EQ) (?P<v>«\d+»|-?\d+(?:\.\d+)?)", c
            )
            or re.fullmatch(
                r"(?P<col>[a-z_]\w*) (?::\s*)?(?P<v>true|false)",
                c,  # "(is_trial true)", "is_trial: true"
            )
        )
        lst = re.fullmatch(
            r"(?P<col>.+?) (?:is|are|EQ)(?: (?P<neg>not))? (?:one of |in |either )?(?P<vals>(?:«\d+»|[a-z_]\w*|-?\d+(?:\.\d+)?)(?: (?:or|,|\|) (?:«\d+»|[a-z_]\w*|-?\d+(?:\.\d+)?))+)",
            c,
        )
        if lst:  # "status is 'shipped' or 'delivered'"
            col = self._column(lst.group("col").split(), words)
            vals = ", ".join(
                v
                if re.fullmatch(r"-?\d+(?:\.\d+)?", v)  # "grade is 1 or 2": numbers as written
                else sql_literal(self._slot_text(v) if v.startswith("«") else _as_written(v, words))
                for v in re.findall(r"«\d+»|-?\d+(?:\.\d+)?|[a-z_]\w*", lst.group("vals"))
                if v != "or"
            )
            return f"{col} {'NOT ' if lst.group('neg') else ''}IN ({vals})"
        if (
            not m
            and re.fullmatch(r"[a-z_][\w.]*", c)
            and (self.resolver is not None or "_" in c or re.match(r"(?:is|has|can|was)[a-z]", c))
        ):
            return self._column([c], words)  # "when is_member, ...": a boolean column
        if not m:
            raise QualityRequestError(
                f"could not read the condition {self._restore(words)!r}; write it as "
                "'<col> is true', '<col> is <value>', '<col> > <number>' or '<col> is null'"
            )
        v = m.group("v")
        neg = bool(m.groupdict().get("neg"))
        if (
            self.resolver is not None
            and not m.groupdict().get("op")
            and re.fullmatch(r"[a-z]\w*", v)
            and v
            not in (
                "true",
                "false",
                "null",
                "missing",
                "empty",
                "blank",
                "set",
                "present",
                "given",
                "provided",
            )
        ):
            # "if the shipment is international" with an is_international column: a flag
            try:
                flag = self.resolver.resolve(["is", v]) or self.resolver.resolve(["has", v])
            except QualityRequestError:
                flag = None
            if flag is not None:
                return f"{flag} = {'FALSE' if neg else 'TRUE'}"
        if re.search(r"\b(?:GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE|and|or)\b", m.group("col")):
            # a comparison or a conjunction left in the subject is no column name
            raise QualityRequestError(
                f"could not read the condition {self._restore(words)!r}; write it as "
                "'<col> is true', '<col> is <value>', '<col> > <number>' or '<col> is null'"
            )
        col = self._column(m.group("col").split(), words)
        if (
            self.resolver is not None
            and column_parts(col)[-1] in ("id", "key", "uuid")
            and re.fullmatch(r"[a-z]\w*", v)
            and v not in ("true", "false", "null", "missing", "empty", "blank", "set", "present", "given", "provided")
            and m.group("col").split()[-1] not in column_parts(col)[-1:]
        ):
            # "if an order is delivered": the entity's key never holds a word; which column
            # says "delivered" is not known, so it is not guessed
            raise QualityRequestError(
                f"could not tell which column {self._restore(words)!r} is about ({col} is the "
                "table's key); write it as '<col> is <value>'"
            )
        op = {"GE": ">=", "GT": ">", "LE": "<=", "LT": "<", "NE": "<>", "EQ": "="}.get(
            m.groupdict().get("op") or "EQ", "="
        )
        if v in ("null", "missing", "empty", "blank"):
            return f"{col} IS {'NOT ' if neg else ''}NULL"
        if v in ("set", "present", "given", "provided"):
            return f"{col} IS {'' if neg else 'NOT '}NULL"
        if v in ("true", "false"):
            lit = v.upper()
        else:
            slot = self.slots.get(v)
            lit = (
                sql_literal(slot[1])
                if slot
                else v
                if re.fullmatch(r"-?\d+(?:\.\d+)?", v)
                else sql_literal(_as_written(v, words))
            )
        if neg:
            op = NEGATE_OP[op]
        return f"{col} {op} {lit}"

    # ------------------------------------------------------------------ checks

    def _stamp_of(self, subject: list[list[str]], only_fit: bool = False) -> str | None:
        """The timestamp column a freshness rule's subject words stand for: the one whose stem
        a word starts ("observation" -> observed_at, "turn" -> turned_at), else the table's only
        one; None when there is no such column or several fit."""
        if self.resolver is None:
            return None
        stamps = [c for c in self.resolver.columns if _STAMP_COLUMN.search(c)]
        words = {w.lower() for ws in subject for w in ws for w in w.split() if len(w) >= 4}
        fits = [
            c for c in stamps
            if (stem := re.sub(r"(?i)(?:ed|d)?(?:_at|_ts|_time|_datetime|_timestamp)$", "", c)) and len(stem) >= 4
            and any(w.startswith(stem[:max(4, len(stem) - 1)]) or stem.startswith(w.rstrip("s")) for w in words)
        ]
        if len(fits) == 1:
            return fits[0]
        return stamps[0] if len(stamps) == 1 and not fits and not only_fit else None

    def _emit(self, cl: Clause, subject: list[list[str]]) -> list[Check]:
        resolved: list[str] | None = None

        def subject_columns() -> list[str]:
            nonlocal resolved
            if resolved is None:  # resolved only when a predicate needs it
                resolved = [self._column(p, cl.text) for p in subject]
            return resolved

        out: list[Check] = []
        for p in cl.preds:
            k = p.kind
            # "an order must have at least 2 line items": the count column, not the owner
            counted = self._count_column(p.noun) if p.via == "count" else None
            if p.via == "count" and not subject and counted is None:
                if getattr(self, "per_entity", False):
                    raise QualityRequestError(
                        f"{self._restore(cl.text)!r} counts {p.noun!r} per entity, an aggregate, "
                        "and the table has no column counting them; name the count column "
                        f"(e.g. '<x>_count must be at most 3'); {ACCEPTED_FORMS}"
                    )
                k = "row_count"  # "at least 100 orders": a count of rows
            if k == "excluded" and p.via == "rows":
                raise QualityRequestError(
                    f"{self._restore(cl.text)!r} asks for a row count other than one number; a "
                    "row_count check says a minimum and / or a maximum; write them "
                    f"(e.g. 'at least 1000 rows'); {ACCEPTED_FORMS}"
                )
            if k == "excluded":
                raise QualityRequestError(
                    f"{self._restore(cl.text)!r} lists values a column must not take; write it as "
                    f"'custom sql: <col> NOT IN (...)', or list the allowed values instead; {ACCEPTED_FORMS}"
                )
            if k in ("optional", "type"):
                if k == "type":  # a column type is the schema's business, not a data check
                    log.info("quality request: type requirement in %r is not a data check", cl.text)
                continue
            if k == "row_count" and p.via == "empty" and subject:
                k = "not_null"
            if k == "row_count":
                out.append(
                    Check(kind="row_count", min=p.params.get("min"), max=p.params.get("max"))
                )
                continue
            if k == "is_null":
                cols = [
                    self._column([c] if c.startswith("«") else c.split(), cl.text)
                    for c in p.columns
                ] or subject_columns()
                out.extend(self._built(f"{c} IS NULL") for c in cols)
                continue
            if k == "custom_sql" and "condition" in p.params:
                out.append(self._custom(p.params["condition"]))
                continue
            try:
                targets = (
                    [self._column([c] if c.startswith("«") else c.split(), cl.text) for c in p.columns]
                    or ([counted] if counted else None)
                    or subject_columns()
                )
            except QualityRequestError:
                # "the inspection feed must be no older than 12 hours", "the newest observation
                # no older than 6 hours": a freshness rule's subject names the table or its
                # events, no column; the time is the table's timestamp column (said back)
                whole = k == "freshness" and (not p.columns or (len(p.columns) == 1 and p.columns[0] in _TABLE_NOUNS))
                stamp = self._stamp_of(subject) if whole else None
                if stamp is None:
                    raise
                targets = [stamp]
            if not targets and k == "format" and p.params.get("format") in FORMAT_HINTS.values():
                targets = [self._column([p.params["format"]], cl.text)]
            if not targets and k == "custom_sql" and p.params.get("lhs"):
                targets = [self._column(p.params["lhs"].split(), cl.text)]
            if not targets and k == "freshness" and self.resolver is not None:
                # "created should be within the last 24 hours" with a created_ts column
                for w in re.findall(_STAMP_VERBS, canonical(cl.text, self.known)):
                    if self._resolves([w]):
                        targets = [self._column([w], cl.text)]
                        break
                stamps = [c for c in self.resolver.columns if _STAMP_COLUMN.search(c)]
                if not targets and len(stamps) == 1:
                    # "the table goes stale ...": the table's one timestamp column (said back)
                    targets = stamps
            if not targets:
                raise QualityRequestError(
                    f"which column does {self._restore(cl.text)!r} apply to? name it, e.g. 'order_id must be unique'"
                )
            if k == "unique" and cl.composite and len(targets) > 1:
                once = list(dict.fromkeys(targets))
                if len(once) == 1:
                    # "tag numbers are unique per block (...)" read as `(tag_no, tag_no)`: a key
                    # names each column once, and one named twice lost the column it meant
                    raise QualityRequestError(
                        f"the key of {self._restore(cl.text)!r} names {once[0]} twice; name its columns "
                        "once each, e.g. '(a_col, b_col) must be unique'"
                    )
                out.append(Check(kind="unique", columns=once))
                continue
            if k == "range" and p.via == "count" and p.params.get("strict") and not counted and subject:
                # "cap size under 64 cms": the subject's own column, no count of the noun: the
                # strict bound as said (a whole-number bound would reject 63.5)
                op, n = p.params["strict"]
                out.extend(self._built(f"{t} {op} {n}") for t in targets)
                continue
            if k == "freshness" and self.resolver is not None and (not p.columns or p.columns[0] not in self.resolver.columns):
                stamps = [c for c in self.resolver.columns if _STAMP_COLUMN.search(c)]
                if (
                    targets
                    and not _STAMP_COLUMN.search(targets[0])
                    and column_parts(targets[0])[-1] in ("id", "key")
                    and len(stamps) == 1
                ):
                    # "the pages were updated within the last week": the pages' key is no
                    # time; the table's one timestamp column is (said back in "read as")
                    targets = stamps
                elif targets and not _STAMP_COLUMN.search(targets[0]) and (
                    named := [c for c in stamps if re.search(rf"(?i)(?<![\w.]){re.escape(c)}(?![\w.])", cl.text)]
                ):
                    # "the newest heartbeat_ts in the heartbeats table": the timestamp column
                    # named in the clause, not the table's key its name resembles
                    targets = named[:1] if len(named) == 1 else targets
                elif (
                    targets
                    and not _STAMP_COLUMN.search(targets[0])
                    and len(stamps) == 1
                    and not re.search(r"(?i)date|time|day|_on$|_dt$|stamp", targets[0])
                    and not re.search(rf"(?i)(?<![\w.]){re.escape(targets[0])}(?![\w.])", cl.text)
                    and not any(w in cl.text.lower() for w in column_parts(targets[0]) if len(w) > 2)
                ):
                    # "the fill level ... and sensor data must arrive at least every 10 minutes":
                    # a column carried over from the clause before, neither a time nor named
                    # here; the table's one timestamp column is (said back)
                    targets = stamps
                elif (
                    targets
                    and not _STAMP_COLUMN.search(targets[0])
                    and column_parts(targets[0])[-1] in ("id", "key", "no", "number", "num", "code")
                    and (fit := self._stamp_of([cl.text.split()], only_fit=True))
                ):
                    # "hives get opened at least every 10 days": the entity's key is no time;
                    # the timestamp column of the event named (opened_at) is
                    targets = [fit]
            if k == "freshness":
                out.append(
                    Check(
                        kind="freshness",
                        columns=targets[:1],
                        max_age_seconds=p.params["max_age_seconds"],
                    )
                )
                continue
            valued = k in ("accepted_values", "range") or (
                k == "custom_sql" and p.params.get("rhs") not in (None, "CURRENT_TIMESTAMP") and not p.params.get("length")
            )
            if valued and self.resolver is not None and not p.columns:
                for words, col in zip(subject, targets, strict=False):
                    if col.lower().endswith("_id") and not any("id" in w.lower() for w in words):
                        # "an invoice can only be 'draft' or 'open'": the entity's key never
                        # holds those values; which column does?
                        raise QualityRequestError(
                            f"{self._restore(cl.text)!r}: {' '.join(words)!r} names the table's key "
                            f"{col}, not a column with those values; name the column (e.g. 'status must be one of ...', "
                            "'refund_amount must be at most 1000')"
                        )
            for col in targets:
                out.append(self._one(k, p, col, cl))
        return out

    def _count_column(self, noun: str) -> str | None:
        """The table's column counting `noun` ("3 retries" -> retry_count, "2 line items" ->
        line_item_count), None without a schema or such a column: then rows are counted."""
        if self.resolver is None or not noun:
            return None
        words = noun.split()
        words[-1] = singular(words[-1])
        for extra in ("count", "number", "num", "cnt"):
            try:
                col = self.resolver.resolve([*words, extra])
            except QualityRequestError:
                return None
            if col is not None:
                return col
        try:  # "more than 3 open carts" -> open_carts; never a key ("100 orders" is no order_id)
            col = self.resolver.resolve(noun.split())
        except QualityRequestError:
            return None
        if col is not None and column_parts(col)[-1] not in ("id", "key", "uuid", "no", "number"):
            return col
        return None

    def _one(self, kind: str, p: Pred, col: str, cl: Clause) -> Check:
        if kind == "format":
            fmt = p.params.get("format")
            if p.params.get("literal"):
                return Check(
                    kind="format", columns=[col], format="regex", pattern=p.params["literal"]
                )
            if p.params.get("slot"):
                pattern = self._slot_text(p.params["slot"])
                if _DATE_MASK.fullmatch(pattern):  # '%Y-%m-%d', 'YYYY-MM-DD': a date format
                    return Check(kind="format", columns=[col], format="date")
                return Check(kind="format", columns=[col], format="regex", pattern=pattern)
            if fmt is None:
                fmt = next(
                    (FORMAT_HINTS[w] for w in column_parts(col) if w in FORMAT_HINTS),
                    None,
                )
                if fmt is None:
                    raise QualityRequestError(
                        f"{self._restore(cl.text)!r} says 'valid' but not which format; say 'valid email', "
                        "'valid phone', 'valid uuid', 'valid url', 'valid date' or 'must match regex \"...\"'"
                    )
            return Check(kind="format", columns=[col], format=fmt)  # type: ignore[arg-type]
        if kind == "accepted_values":
            values = self._values(p.params["raw"], cl)
            for extra in cl.extra_values:
                values.extend(
                    self._values(canonical(extra, self.known), Clause(extra, [], [], False, ""))
                )
            if not values:
                raise QualityRequestError(f"no values listed in {self._restore(cl.text)!r}")
            said = " ".join([p.params["raw"], *cl.extra_values])
            quoted = {self._slot_text(t) for t in re.findall(r"«\d+»", said)}
            junk = [
                v for v in values if isinstance(v, str) and v not in quoted and ("«" in v or len(v.split()) > 3)
            ]
            codes = [v for v in values if isinstance(v, str) and v not in quoted and _CODE_VALUE.fullmatch(v)]
            if not junk and len(codes) >= 2:
                # "only ECO2, ECO4 or ECO6, sort it out pls": words after a list of codes are a
                # remark of the writer's, never one more value (round 30)
                junk = [
                    v for v in values
                    if isinstance(v, str) and v not in quoted and len(v.split()) > 1 and v == v.lower()
                ]
            if junk:
                # "can only be issued for orders in status 'delivered'": a phrase, not a value
                raise QualityRequestError(
                    f"could not read {self._restore(cl.text)!r}: {self._restore(junk[0])!r} is not a "
                    f"value of the column; {ACCEPTED_FORMS}"
                )
            return Check(kind="accepted_values", columns=[col], values=values)
        if kind == "range":
            return Check(
                kind="range", columns=[col], min=p.params.get("min"), max=p.params.get("max")
            )
        if kind == "referential":
            table = self._slot_text(p.params["ref_table"])
            ref_col = p.params.get("ref_column")
            return Check(
                kind="referential", columns=[col], ref_table=table, ref_column=ref_col or col
            )
        if kind == "custom_sql" and p.params.get("length"):
            op = {"GE": ">=", "GT": ">", "LE": "<=", "LT": "<", "EQ": "="}[p.params["op"]]
            return self._built(f"length({col}) {op} {p.params['rhs']}")
        if kind == "custom_sql" and p.params.get("outside"):
            lo, hi = p.params["outside"]
            return self._built(f"{col} < {lo} OR {col} > {hi}")
        if kind == "custom_sql":
            rhs = p.params["rhs"]
            if rhs != "CURRENT_TIMESTAMP" and not re.fullmatch(r"-?\d+(?:\.\d+)?", rhs):
                # "quantity times price" -> quantity * price; each operand a column
                parts = re.split(r" (\*|\+|/|times|plus|minus|multiplied by|divided by) ", rhs)
                ops = {
                    "times": "*",
                    "multiplied by": "*",
                    "plus": "+",
                    "minus": "-",
                    "divided by": "/",
                }
                rhs = " ".join(
                    ops.get(x, x) if i % 2 else self._operand(x, cl.text)
                    for i, x in enumerate(parts)
                )

            lhs = self._column(p.params["lhs"].split(), cl.text) if p.params.get("lhs") else col
            return self._built(f"{lhs} {p.params['op']} {rhs}")
        return Check(kind=kind, columns=[col])  # type: ignore[arg-type]

    def _custom(self, condition: str) -> Check:
        """A condition the user wrote: DuckDB's parser validates it."""
        return custom_check(condition, self.resolver.columns if self.resolver else None)

    def _sql_text(self, protected: str) -> str:
        """SQL with its literals back as written: the spaces the slots put around a literal
        go inside brackets and before commas ("in ('A', 'B')", never "in ( 'A' , 'B' )"); a
        literal's own text is never touched."""
        out = []
        for k, part in enumerate(re.split(r"(«\d+»)", protected)):
            if k % 2:
                kind, body = self.slots.items[int(part[1:-1])]
                out.append(body if kind == "regex" else f"`{body}`" if kind == "ident" else sql_literal(body))
                continue
            part = re.sub(r"\s+", " ", part)
            part = re.sub(r"^ (?=[),])", "", part) if k else part
            out.append(re.sub(r"(?<=\() $", "", part))
        return "".join(out).strip()

    def _built(self, condition: str) -> Check:
        """A condition built here from resolved columns and literals."""
        return custom_check(condition, self.resolver.columns if self.resolver else None, built=True)

    def _operand(self, words: str, where: str) -> str:
        """One side of a column comparison: a column, or a quoted literal kept as written."""
        if re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", words):
            return words.strip()  # the factor of "0.2 times fresh_weight_g"
        neg = re.match(r"\s*minus\s+(?P<rest>.+)$", words)
        if neg:  # a unary minus: "-overdraft_limit"
            return f"-{self._operand(neg.group('rest'), where)}"
        words = re.sub(
            r"\s+(?:values?|columns?|fields?)$", "", words.strip()
        )  # "`order_date` values"
        slot = self.slots.get(words)
        if slot and slot[0] == "str":
            return sql_literal(slot[1])
        return self._column(words.split(), where)

    # ------------------------------------------------------------------ helpers
    def _column(self, words: list[str], where: str) -> str:
        if len(words) == 1 and words[0].startswith("«"):
            return self._slot_text(words[0])
        if len(words) == 1 and "." in words[0]:
            words = [words[0].rsplit(".", 1)[1]]  # "orders.customer_id": the target's own column
        named = [w for w in words if "_" in w]
        if (
            len(words) > 1
            and len(named) == 1
            and all(w in _TYPE_WORDS for w in words if w not in named)
        ):
            words = named  # "the shipped_at date" is the column shipped_at
        if len(words) > 1 and len(named) == 1 and all(w in named or _noise_word(w, self.known) for w in words):
            words = named  # "egg_count obviously", "the batch_no again": a remark glued to a name
        agg = [w for w in words if w in AGGREGATE_WORDS]
        if agg:
            raise QualityRequestError(
                f"{self._restore(where)!r} is about the {agg[0]} of a column, an aggregate; "
                "no data check kind says that (checks are per row, row counts, freshness, "
                f"uniqueness); {ACCEPTED_FORMS}"
            )
        if any("«" in w for w in words) and len(words) > 1:
            # a literal and other words: never glued into one made-up column name
            raise QualityRequestError(
                f"could not tell which column {self._restore(' '.join(words))!r} is in "
                f"{self._restore(where)!r}; name it exactly"
            )
        if self.resolver is None:
            return self._as_written(words) or self._spec_name(words) or to_identifier(words)
        col = self.resolver.resolve(words)
        if col is None and any(w in TIME_NOUNS for w in words):
            # "the sweep date" -> swept_on, "landing time" -> landed_at: a time named by its event
            col = time_column(self.resolver, words)
        if col is None:
            for i in range(1, len(words)):  # the head noun is last: "customer email" -> email
                col = self.resolver.resolve(words[i:])
                if col and _weak_tail(words[i:], col):
                    # "sweep phone numbers" is no hetas_no: "numbers" alone, by its
                    # abbreviation, says only that the column holds a number
                    col = None
                    continue
                if col:
                    break
        if col is None:
            for i in range(len(words) - 1, 0, -1):  # "email addresses" -> email
                if not all(w in _GENERIC_TAIL for w in words[i:]):
                    continue  # "customer email" is not customer_id: email names something else
                col = self.resolver.resolve(words[:i])
                if col:
                    break
        if col is None and len(words) == 1 and words[0].endswith(("ion", "ing")):
            # "adjudication can't happen before submission": the event's time column
            col = time_column(self.resolver, words)
        if col is None and len(words) > 2 and words[-1] in _GENERIC_TAIL:
            # "sweep phone numbers" -> phone: the entity's word before, the generic noun after
            core = [w for w in words if w not in _GENERIC_TAIL] if words[-1] in _GENERIC_TAIL else words
            for i in range(1, len(core)):
                col = self.resolver.resolve(core[i:])
                if col:
                    break
        if col is None:
            raise QualityRequestError(
                f"no column matches {' '.join(words)!r} in {self._restore(where)!r}; "
                f"columns are: {', '.join(self.resolver.columns)}"
            )
        return col

    def _spec_name(self, words: list[str]) -> str | None:
        """A column a pasted spec or code names ("- name: seats", ``.isComplete("kills")``,
        ``where refunds < 0``), kept as written: an identifier, never singularised."""
        return words[0] if len(words) == 1 and words[0] in self.slots.spec_names else None

    def _as_written(self, words: list[str]) -> str | None:
        """A camelCase identifier named without a schema, as the request wrote it ("numViews")."""
        if len(words) != 1 or not re.fullmatch(r"[a-z_][a-z0-9_]*", words[0]):
            return None
        want = words[0].lower()
        # the request's own spelling of the word (a static pattern: no regex per word)
        hits = [t for t in _WORDS.findall(self.original) if t.lower() == want]
        hit = next((t for t in hits if re.search(r"[a-z0-9][A-Z]", t)), None)
        if hit and want in hits:
            return want  # also written in lower case ("pH" in a title, "ph must ..." in the rule)
        return hit if hit and re.search(r"[a-z0-9][A-Z]", hit) else None

    def _values(self, raw: str, cl: Clause) -> list[object]:
        raw = re.sub(
            r"^(?:the |these |those )?(?:following|values?)(?: values?)?\s*:?\s*", "", raw.strip()
        )
        if raw[:1] in "([{" and raw[-1:] in ")]}":
            raw = raw[1:-1]
        items = [
            x.strip()
            for x in re.split(r"\s*(?:[|,/]|\bor\b|\band\b|\bbtwand\b)\s*", raw)
            if x.strip()
        ]
        out: list[object] = []
        for it in items:
            slot = self.slots.get(it)
            if slot and slot[0] == "ident":
                # "`ctr_filed` ... in `amount_usd`": a backticked name is a column, never a value
                raise QualityRequestError(
                    f"could not read {self._restore(cl.text)!r}: `{slot[1]}` is a column name, "
                    f"not a value; {ACCEPTED_FORMS}"
                )
            if slot:
                out.append(slot[1])
                continue
            if re.fullmatch(r"-?\d+", it):
                out.append(int(it))
            elif re.fullmatch(r"-?\d+\.\d+", it):
                out.append(float(it))
            elif it in ("true", "false"):
                out.append(it == "true")
            else:
                low = it.lower()
                if re.fullmatch(r"\w+", it):
                    hit = next((t for t in _WORDS.findall(cl.text) if t.lower() == low), None)
                    out.append(hit if hit else it)
                else:
                    m = re.search(rf"(?i)(?<![\w]){re.escape(it)}(?![\w])", cl.text)
                    out.append(m.group(0) if m else it)
        return out

    def _slot_text(self, token: str) -> str:
        slot = self.slots.get(token)
        return slot[1] if slot else token

    def _restore(self, text: str) -> str:
        def put(m: re.Match[str]) -> str:
            kind, body = self.slots.items[int(m.group(1))]
            if kind == "regex":
                return body
            return f"`{body}`" if kind == "ident" else sql_literal(body)  # '' inside, as written

        return re.sub(r"\s*«(\d+)»\s*", lambda m: f" {put(m)} ", text).strip()

    def _expression(self, piece: str) -> str | None:
        """A clause written as an SQL expression with arithmetic or functions, else None."""
        body = _LEAD.sub("", self._restore(piece)).strip()
        if not re.search(
            r"[+*/]|\w\s+-\s+\w|\b(?!(?:in|and|or|not)\b)\w+\s*\(", body, re.I
        ) or not re.search(r"[<>=]|\b(?:is|in|like|between)\b", body, re.I):
            return None
        if re.search(
            r"(?i)\b(?:in|between)(?:\s+the)?(?:\s+(?:range|interval))?(?:\s+of)?\s*[(\[]?\s*-?\d",
            body,
        ) and not re.search(r"[+*/]", body):
            return None
        plain = re.sub(
            r"'[^']*'|\b(?:and|or|not|is|null|like|ilike|in|between|case|when|then|else|end|true|false)\b",
            " ",
            body,
            flags=re.I,
        )
        dash_only = not re.search(r"[+*/]|\b(?!(?:in|and|or|not)\b)\w+\s*\(", body)
        if re.search(r"(?:\b[A-Za-z]+\b\s+){3}\b[A-Za-z]+\b", plain) or _ENGLISH_CALL.search(body) or (
            dash_only  # "x is recent - no more than 12 hours old": a dash in a sentence
            and re.search(
                r"(?i)\b(?:must|should|shall|more|less|than|older|newer|old|recent|fresh|within|ago"
                r"|never|always|seconds?|minutes?|hours?|days?|weeks?|months?)\b",
                plain,
            )
        ):
            return None  # English around the operators: let the grammar read it
        if re.search(
            r"(?i)\b(?:at (?:least|most)|(?:more|less|greater|fewer) than|exceeds?|above|below|"
            r"under|over(?!\s*\())\b",
            plain,
        ):
            # "fail if x is at least 0.25 * y": comparator words, no SQL; the grammar reads it
            return None
        try:
            custom_check(body, self.resolver.columns if self.resolver else None)
        except QualityRequestError as exc:
            if "does not parse" in str(exc) and not re.search(
                r"(?i)\w\(|`|\b(?:alert|fail|flag|warn|error|page|reject|condition|where|select)\w*\b", body
            ):
                # "the zip is 5 digits (US-only table)", "x > 0 and <= 30000 kg (payload
                # limit)": prose with a bracket or an operator in it, no SQL; the grammar
                # reads it (and raises naming the part when it cannot)
                return None
        return body


_WORDS = re.compile(r"(?<![\w.])\w+(?![\w])")

#: a guard that says a value is there or not, in any of the ways people say it
_HAS_VALUE = re.compile(
    r"^(?P<col>.+?) (?:has a value|has values?|is (?:populated|filled(?: in| out)?|set|present|given|provided|known|"
    r"available|not null|non ?null|not empty|not blank)|are (?:populated|filled(?: in)?|set|present|not null))$"
)
_NO_VALUE = re.compile(
    r"^(?P<col>.+?) (?:has no value|has no values|is (?:null|empty|blank|missing|not set|not populated|not filled(?: in)?|unknown)|"
    r"are (?:null|empty|blank|missing))$"
)
#: "if a promo code is applied", "when a coupon code is used", "once a referral id was entered":
#: a value the row holds (a code, an id, a reference) being used is the column being set; a
#: status / type word is never one ("if the condition is used" is a value)
_USED = re.compile(
    r"^(?P<col>(?:[a-z_]\w* ){0,2}(?:code|coupon|voucher|promo|id|number|no|reference|ref|key|token|email|phone|"
    r"address|note|comment|reason|url|card|account|discount)s?) (?:is|are|was|were|gets?|got|has been|have been) "
    r"(?:applied|used|entered|supplied|specified|redeemed|attached|included|recorded|assigned|added|filled in|given|provided)$"
)
#: "the content has a DRM key" (the row's entity has a value in that column), "has no customer"
_OWNER_HAS = re.compile(r"^(?:[a-z]+ )?(?:has|have|carries|contains) (?P<neg>no |not )?(?:an? |any |some |its |their )?(?P<col>.+)$")


def _as_written(value: str, words: str) -> str:
    """A bare value of a condition as the user wrote it when it is a code in capitals ("when
    status = CLOSED": 'CLOSED', never the lower-cased 'closed' the core was read in)."""
    for w in re.findall(r"[A-Za-z_][\w]*", words):
        if w.lower() == value and w != value and re.fullmatch(r"[A-Z][A-Z0-9_]*", w):
            return w
    return value


def _guard_presence(c: str) -> str:
    """A presence guard in one spelling: "<col> is set" / "<col> is null"."""
    c = re.sub(r"\b(is|are) (?:an?) ([a-z]\w*)$", r"\1 \2", c)  # "the order is a gift": is_gift
    m = _HAS_VALUE.match(c) or _USED.match(c)
    if m:
        return f"{m.group('col')} is set"
    m = _NO_VALUE.match(c)
    if m:
        return f"{m.group('col')} is null"
    m = _OWNER_HAS.match(c)
    if m and m.group("col") not in ("value", "values"):
        return f"{m.group('col')} is {'null' if m.group('neg') else 'set'}"
    return c
