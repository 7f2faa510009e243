"""Rule-based `parse_request`: sentences -> clauses -> predicates + subjects -> `Check`s.

A clause with a predicate and no subject takes the previous clause's subject ("id must be
unique and not null"); bare column clauses share the next predicate ("name, email and phone
must not be null"); words after an open value list extend it ("one of a, b and c").
Anything else the parser cannot read raises `QualityRequestError` quoting it; SQL
statements and comments in the text are dropped, never executed.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl.columns import ColumnResolver, to_identifier
from strands_airflow.agents.quality.nl.columns import parts as column_parts
from strands_airflow.agents.quality.nl.frontend import MODAL, AggregateRuleError, read_frame
from strands_airflow.agents.quality.nl.lexicon import (
    AGGREGATE_WORDS,
    FORMAT_HINTS,
    FORMAT_WORDS,
    VERBAL,
)
from strands_airflow.agents.quality.nl.logic import (
    NEGATE_OP,
    Statement,
    compile_statement,
    custom_check,
    sql_literal,
)
from strands_airflow.agents.quality.nl.merge import merge_checks
from strands_airflow.agents.quality.nl.rules import IDENT, Pred, find_predicates
from strands_airflow.agents.quality.nl.subjects import DROP as _DROP
from strands_airflow.agents.quality.nl.subjects import subject_phrases
from strands_airflow.agents.quality.nl.text import (
    Slots,
    canonical,
    is_chatter,
    is_sql_noise,
    protect,
    split_clauses,
    split_sentences,
    strip_greeting,
    strip_tag_question,
)
from strands_airflow.exceptions import QualityRequestError

log = logging.getLogger(__name__)

#: wall-clock budget of one `parse` and the longest sentence read (the grammar's regexes
#: grow faster than linearly with a sentence's length)
DEFAULT_BUDGET_SECONDS = 2.0
MAX_SENTENCE_CHARS = 1_000

ACCEPTED_FORMS = (
    "accepted forms include: '<col> must not be null', 'no missing <col>', '<col> must be unique', "
    "'<col> between 0 and 100', 'no negative <col>', '<col> should be one of a, b, c', "
    "'<col> must be a valid email|phone|uuid|url|date', '<col> must match regex \"...\"', "
    "'data no older than 24 hours based on <col>', 'at least 1000 rows', "
    "'every <col> must exist in <table>.<col>', 'custom sql: <boolean expression>'"
)
_DESIGNATORS = (
    re.compile(
        rf"(?:based on|using|by|according to|measured (?:by|on|using)|via|determined by|column|field)"
        rf"(?: :)? (?:the )?(?:column |field )?(?P<col>{IDENT})"
    ),
    re.compile(
        rf"\( (?:column |field )?(?:: )?(?P<col>{IDENT}) \)"
    ),  # "... every 6 hours (updated_at)"
    re.compile(
        rf"(?:on|from|in|of)(?: :)? (?:the )?(?:column |field )?(?P<col>{IDENT})(?! (?:table|dataset|data))"
    ),
)
_COMMAND = re.compile(
    r"(?i)^\s*(?:please\s+)?(?:check|validate|verify|ensure|make sure|confirm|test|assert|look)\b"
)
_CUSTOM = re.compile(
    r"(?is)^\W*(?:custom sql|sql|condition|expression|expr|assert|custom check|sql check)\s*:\s*(?P<c>.+)$"
)
#: a ticket or message title line ("Jira DATA-311: orders feed QA", "[DQ-7] Orders")
_TITLE = re.compile(
    r"^\W*(?:(?i:jira|ticket|issue|story|task|bug|epic|title|subject|summary|re|fwd?)\b[^:\n]{0,40}:|\[?[A-Z][A-Z0-9]+-\d+\]?[\s:])"
)
_STAMP_VERBS = r"\b(?:created|updated|loaded|modified|ingested|inserted|refreshed|processed|extracted|received|synced)\b"
#: trailing words that add nothing to a column's name ("email addresses", "price values")
_GENERIC_TAIL = frozenset(
    """address addresses value values field fields column columns number numbers data info
    entry entries record records amount amounts date dates time times timestamp timestamps
    id ids code codes string strings text figure figures""".split()
)
#: a column name that holds a load / event time
_STAMP_COLUMN = re.compile(r"(?i)(?:_at|_ts|_time|timestamp|_datetime)$|^(?:ts|timestamp)$")
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


@dataclass
class Clause:
    """One clause: its original text, predicates and subject column phrases."""

    text: str
    preds: list[Pred]
    subject: list[list[str]]
    composite: bool
    kind: str  # "pred" | "subject" | "empty" | "unknown"
    extra_values: list[str] = field(default_factory=list)


class RuleParser:
    """Parses one request against an optional column list (see `parse_request`)."""

    def __init__(
        self,
        columns: list[str] | None = None,
        *,
        strict: bool = True,
        budget_seconds: float = DEFAULT_BUDGET_SECONDS,
    ):
        self.resolver = ColumnResolver(columns) if columns else None
        self.known = self.resolver.known_words() if self.resolver else frozenset()
        self.slots = Slots()
        self.strict = strict
        self.budget_seconds = budget_seconds
        self.deadline = 0.0
        #: fragments left out (``strict=False``), with the reason; context remarks
        self.ignored: list[str] = []
        self.context: list[str] = []
        self.prev_subject: list[str] = []

    def _tick(self, where: str) -> None:
        if time.monotonic() > self.deadline:
            raise QualityRequestError(
                f"reading the quality request took over {self.budget_seconds:g} s "
                f"(stopped at {where[:80]!r}); split it into shorter requests"
            )

    # ------------------------------------------------------------------ entry point
    def parse(self, text: str) -> list[Check]:
        self.deadline = time.monotonic() + self.budget_seconds
        self.original = text
        protected, self.slots = protect(text)
        checks: list[Check] = []
        self.header: list[list[str]] = []  # "order_id:" above a list of its checks
        for sent in split_sentences(protected):
            self._tick(sent)
            sent = strip_tag_question(strip_greeting(sent))
            if is_sql_noise(sent) or is_chatter(sent):
                log.warning(
                    "quality request: ignored a fragment that is not a check: %r", sent[:80]
                )
                self.ignored.append(f"{self._restore(sent)[:200]} (not a check)")
                continue
            if len(sent) > MAX_SENTENCE_CHARS:
                raise QualityRequestError(
                    f"the sentence {self._restore(sent)[:80]!r}... is over {MAX_SENTENCE_CHARS} "
                    "characters; one check per sentence, please"
                )
            try:
                checks.extend(self._sentence(sent))
            except QualityRequestError as exc:
                if self.strict:
                    raise
                log.warning("quality request: ignored %r (%s)", self._restore(sent)[:80], exc)
                self.ignored.append(f"{self._restore(sent)[:200]} ({str(exc)[:200]})")
        if not checks:
            raise QualityRequestError(
                f"could not read any data check in {text.strip()[:200]!r}; {ACCEPTED_FORMS}"
            )
        return merge_checks(checks)

    def _sentence(self, raw: str) -> list[Check]:
        """The checks of one sentence: its frame (polarity, condition, context), then its core."""
        try:
            frame = read_frame(raw)
        except AggregateRuleError as exc:
            raise QualityRequestError(
                f"{self._restore(str(exc))!r} is about an aggregate (an average, a deviation, a "
                "change over time); no data check kind says that: checks are per row, row "
                f"counts, freshness or uniqueness; {ACCEPTED_FORMS}"
            ) from None
        for remark in frame.context:
            log.info("quality request: %r is context, not a check", remark)
            self.context.append(self._restore(remark))
        core = frame.core
        pronoun = re.match(rf"(?i)\s*(?:it|they|the value)\s+(?={MODAL}\b)", core)
        if pronoun and self.prev_subject:  # "... ; when present it must be ...": the last column
            core = " ".join(self.prev_subject) + " " + core[pronoun.end() :]
        checks = self._core(core)
        named = {c for ch in checks for c in ch.columns}
        if len(named) == 1:
            self.prev_subject = [next(iter(named))]
        if frame.optional:
            checks = [c for c in checks if c.kind != "not_null"]
        if frame.polarity and frame.guard is None:
            return checks
        guard = None
        if frame.guard is not None:
            try:
                guard = self._guard(frame.guard)
            except QualityRequestError:
                # "... when loaded daily based on updated_at": not a condition after all
                try:
                    whole = self._core(frame.unsplit)
                except QualityRequestError:
                    raise
                if frame.polarity:
                    return whole
                checks = whole
        cols = self.resolver.columns if self.resolver else None
        return [
            out
            for c in checks
            for out in compile_statement(
                Statement(c, frame.polarity, guard, frame.guard_unless, self._restore(raw)), cols
            )
        ]

    def _core(self, sent: str) -> list[Check]:
        checks: list[Check] = []
        header = self.header
        m = _CUSTOM.match(sent)
        if m:
            return [self._custom(self._restore(m.group("c")).strip())]
        clauses = [self._analyse(p) for p in split_clauses(sent)]
        if (sent.rstrip().endswith(":") or _TITLE.match(self._restore(sent))) and not any(
            cl.preds for cl in clauses
        ):
            # a heading ("Acceptance criteria:", "checks for dim_customer:"); a lone
            # column name as heading is the subject of the lines below it
            one = [cl for cl in clauses if cl.kind != "empty"]
            lone = len(one) == 1 and len(one[0].subject) == 1 and len(one[0].subject[0]) == 1
            self.header = (
                one[0].subject
                if lone
                and re.fullmatch(rf"\W*(?:column\s+|field\s+)?{IDENT}\s*:", canonical(sent))
                else []
            )
            return []
        checks.extend(self._assemble(clauses, sent, header))
        return checks

    def _guard(self, words: str) -> str:
        """The SQL of a condition ("B is true", "status is 'shipped'", "qty > 10")."""
        c = canonical(words, self.known)
        c = re.sub(r"^(?:the |a |an )", "", c)
        m = re.fullmatch(
            r"(?P<col>.+?) (?:is|are|EQ|has|have|equals?|be)(?: (?P<neg>not))? (?:set to |EQ )?(?P<v>true|false|null|set|present|missing|empty|blank|given|provided|«\d+»|-?\d+(?:\.\d+)?|[a-z_]\w*)",
            c,
        ) or re.fullmatch(r"(?P<col>.+?) (?P<op>GE|GT|LE|LT|NE|EQ) (?P<v>«\d+»|-?\d+(?:\.\d+)?)", c)
        lst = re.fullmatch(r"(?P<col>.+?) (?:is|are|EQ)(?: (?P<neg>not))? (?:one of |in )?(?P<vals>«\d+»(?: (?:or|,|\|) «\d+»)+)", c)
        if lst:  # "status is 'shipped' or 'delivered'"
            col = self._column(lst.group("col").split(), words)
            vals = ", ".join(sql_literal(self._slot_text(v)) for v in re.findall(r"«\d+»", lst.group("vals")))
            return f"{col} {'NOT ' if lst.group('neg') else ''}IN ({vals})"
        if not m and re.fullmatch(r"[a-z_][\w.]*", c) and (
            self.resolver is not None or "_" in c or re.match(r"(?:is|has|can|was)[a-z]", c)
        ):
            return self._column([c], words)  # "when is_member, ...": a boolean column
        if not m:
            raise QualityRequestError(
                f"could not read the condition {self._restore(words)!r}; write it as "
                "'<col> is true', '<col> is <value>', '<col> > <number>' or '<col> is null'"
            )
        col = self._column(m.group("col").split(), words)
        v = m.group("v")
        neg = bool(m.groupdict().get("neg"))
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
            lit = sql_literal(slot[1]) if slot else v if re.fullmatch(r"-?\d+(?:\.\d+)?", v) else sql_literal(v)
        if neg:
            op = NEGATE_OP[op]
        return f"{col} {op} {lit}"

    # ------------------------------------------------------------------ clauses
    def _analyse(self, piece: str) -> Clause:
        c = canonical(piece, self.known)
        expr = self._expression(piece)
        if expr is not None:
            return Clause(piece, [Pred("custom_sql", {"condition": expr})], [], False, "pred")
        preds, rest = find_predicates(c)
        for p in preds:
            if p.kind == "freshness":
                m = next((m for rx in _DESIGNATORS for m in [rx.search(rest)] if m), None)
                if m and m.group("col") not in _DROP:
                    p.columns = [m.group("col")]
                    rest = rest[: m.start()] + " ~ " + rest[m.end() :]
            if p.kind == "custom_sql" and p.params.get("lhs") in _DROP:
                p.params["lhs"] = None
            if p.kind == "format" and p.via == "valid" and p.params.get("format") is None:
                # "all urls in the homepage column must be valid": the format is named
                named = {k for k, rx in FORMAT_WORDS.items() if re.search(rf"\b(?:{rx})\b", rest)}
                if len(named) == 1:
                    p.params["format"] = named.pop()
        composite = any(p.kind == "unique" for p in preds) and bool(
            re.search(
                r"\b(?:combination|combined|together|composite|compound|jointly|pairs?|tuples?|per|by|based on|(?:within|for|in|across) (?:each|every|a given))\b|\(",
                c,
            )
        )
        words = [w for w in rest.split() if w not in _DROP]
        subject = self._subject(rest, composite)
        if preds:
            return Clause(piece, preds, subject, composite, "pred")
        if not words:
            return Clause(piece, [], [], False, "empty")
        if (
            any(w in VERBAL for w in rest.split())
            or len(words) > 4
            or not subject
            or _COMMAND.match(c)
        ):
            return Clause(piece, [], subject, False, "unknown")
        return Clause(piece, [], subject, False, "subject")

    def _subject(self, rest: str, composite: bool) -> list[list[str]]:
        def named(words: list[str]) -> bool:
            return any("_" in x or (self.slots.get(x) or ("",))[0] == "ident" for x in words)

        return subject_phrases(rest, composite, named, self._resolves if self.resolver else None)

    def _resolves(self, words: list[str]) -> bool:
        try:
            return self.resolver is not None and self.resolver.resolve(words) is not None
        except QualityRequestError:
            return False

    def _assemble(
        self, clauses: list[Clause], sentence: str = "", header: list[list[str]] | None = None
    ) -> list[Check]:
        # words after an open value list are more values ("one of a, b and c")
        merged: list[Clause] = []
        for cl in clauses:
            prev = merged[-1] if merged else None
            if (
                prev
                and cl.kind in ("subject", "unknown")
                and prev.preds
                and prev.preds[-1].list_open
            ):
                prev.extra_values.append(cl.text)
                continue
            merged.append(cl)
        out: list[Check] = []
        pending: list[list[str]] = []
        last: Clause | None = None
        last_subject: list[list[str]] = list(header or [])
        for i, cl in enumerate(merged):
            if cl.kind == "unknown":
                raise QualityRequestError(
                    f"could not read {self._restore(cl.text)!r}; {ACCEPTED_FORMS}"
                )
            if cl.kind == "pred":
                if (
                    not cl.subject
                    and not pending
                    and last is not None
                    and last.preds
                    and all(p.kind == "row_count" for p in last.preds)
                    and all(p.kind == "range" and p.via != "count" for p in cl.preds)
                ):
                    # "the number of rows must be >= 500 and <= 2000": still the row count
                    for p in cl.preds:
                        p.kind = "row_count"
                nxt = merged[i + 1] if i + 1 < len(merged) else None
                if (
                    not (pending or cl.subject)
                    and nxt is not None
                    and nxt.kind == "subject"
                    and not any(c.kind == "pred" for c in merged[i + 2 :])
                    and re.match(
                        r"(?i)\s*(?:using|based on|by|on|via|from|in|for|column|field)\b", nxt.text
                    )
                ):
                    # "data no more than 1 day old, using the updated_at column"
                    cl.subject, nxt.kind = nxt.subject, "empty"
                if pending or cl.subject:
                    subject = pending + cl.subject
                elif _COMMAND.match(cl.text) and all(p.via == "named" for p in cl.preds):
                    subject = []  # "... and validate email formats": its own object, not the last one
                else:
                    subject = last_subject
                pending = []
                out.extend(self._emit(cl, subject))
                last, last_subject = cl, subject
            elif cl.kind == "subject":
                later = any(c.kind == "pred" for c in merged[i + 1 :])
                if not later and last is not None:
                    out.extend(self._emit(last, cl.subject))
                else:
                    pending.extend(cl.subject)
        if pending:
            names = ", ".join(" ".join(p) for p in pending)
            raise QualityRequestError(
                f"could not read {self._restore(sentence)!r}: no check is stated for {names!r}; {ACCEPTED_FORMS}"
            )
        return out

    # ------------------------------------------------------------------ checks
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
            if p.via == "count" and not subject:
                k = "row_count"  # "at least 100 orders": a count of rows
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
                out.extend(self._built(f"{c} IS NULL") for c in subject_columns())
                continue
            if k == "custom_sql" and "condition" in p.params:
                out.append(self._custom(p.params["condition"]))
                continue
            targets = [
                self._column([c] if c.startswith("«") else c.split(), cl.text) for c in p.columns
            ] or subject_columns()
            if not targets and k == "format" and p.params.get("format") in FORMAT_HINTS.values():
                targets = [self._column([p.params["format"]], cl.text)]
            if not targets and k == "custom_sql" and p.params.get("lhs"):
                targets = [self._column([p.params["lhs"]], cl.text)]
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
                out.append(Check(kind="unique", columns=targets))
                continue
            if k == "freshness":
                out.append(
                    Check(
                        kind="freshness",
                        columns=targets[:1],
                        max_age_seconds=p.params["max_age_seconds"],
                    )
                )
                continue
            for col in targets:
                out.append(self._one(k, p, col, cl))
        return out

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
            lhs = self._column([p.params["lhs"]], cl.text) if p.params.get("lhs") else col
            return self._built(f"{lhs} {p.params['op']} {rhs}")
        return Check(kind=kind, columns=[col])  # type: ignore[arg-type]

    def _custom(self, condition: str) -> Check:
        """A condition the user wrote: DuckDB's parser validates it."""
        return custom_check(condition, self.resolver.columns if self.resolver else None)

    def _built(self, condition: str) -> Check:
        """A condition built here from resolved columns and literals."""
        return custom_check(condition, self.resolver.columns if self.resolver else None, built=True)

    def _operand(self, words: str, where: str) -> str:
        """One side of a column comparison: a column, or a quoted literal kept as written."""
        words = re.sub(r"\s+(?:values?|columns?|fields?)$", "", words.strip())  # "`order_date` values"
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
        agg = [w for w in words if w in AGGREGATE_WORDS]
        if agg:
            raise QualityRequestError(
                f"{self._restore(where)!r} is about the {agg[0]} of a column, an aggregate; "
                "no data check kind says that (checks are per row, row counts, freshness, "
                f"uniqueness); {ACCEPTED_FORMS}"
            )
        if self.resolver is None:
            return self._as_written(words) or to_identifier(words)
        col = self.resolver.resolve(words)
        if col is None:
            for i in range(1, len(words)):  # the head noun is last: "customer email" -> email
                col = self.resolver.resolve(words[i:])
                if col:
                    break
        if col is None:
            for i in range(len(words) - 1, 0, -1):  # "email addresses" -> email
                if not all(w in _GENERIC_TAIL for w in words[i:]):
                    continue  # "customer email" is not customer_id: email names something else
                col = self.resolver.resolve(words[:i])
                if col:
                    break
        if col is None:
            raise QualityRequestError(
                f"no column matches {' '.join(words)!r} in {self._restore(where)!r}; "
                f"columns are: {', '.join(self.resolver.columns)}"
            )
        return col

    def _as_written(self, words: list[str]) -> str | None:
        """A camelCase identifier named without a schema, as the request wrote it ("numViews")."""
        if len(words) != 1 or not re.fullmatch(r"[a-z_][a-z0-9_]*", words[0]):
            return None
        m = re.search(rf"(?i)(?<![\w.]){re.escape(words[0])}(?![\w])", self.original)
        return m.group(0) if m and re.search(r"[a-z0-9][A-Z]", m.group(0)) else None

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
        if re.search(r"(?:\b[A-Za-z]+\b\s+){3}\b[A-Za-z]+\b", plain) or (
            dash_only  # "x is recent - no more than 12 hours old": a dash in a sentence
            and re.search(
                r"(?i)\b(?:must|should|shall|more|less|than|older|newer|old|recent|fresh|within|ago"
                r"|never|always|seconds?|minutes?|hours?|days?|weeks?|months?)\b",
                plain,
            )
        ):
            return None  # English around the operators: let the grammar read it
        return body
