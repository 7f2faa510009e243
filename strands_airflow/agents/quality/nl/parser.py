"""Rule-based `parse_request`: sentences -> frame -> clauses -> predicates + subjects -> checks.

Each sentence is first read into a `frontend.Frame` (polarity, condition, optional column,
permission, context); its core is split into clauses read by the grammar (`rules`) and the
checks they give are compiled through the logical form (`logic.Statement`) when the frame
negates or conditions them. Check building itself is in `build.CheckBuilder`.

A clause with a predicate and no subject takes the previous clause's subject ("id must be
unique and not null"); bare column clauses share the next predicate ("name, email and phone
must not be null"); words after an open value list extend it ("one of a, b and c").
Anything else the parser cannot read raises `QualityRequestError` quoting it; SQL
statements and comments in the text are dropped, never executed.
"""

from __future__ import annotations

import dataclasses
import logging
import time

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.bounds import (
    both_bad_bounds,
    refuse_rows_only,
    restated_bounds,
    rows_then_verdict,
    verdict_clauses,
)
from strands_airflow.agents.quality.nl.brackets import (
    and_bracket_key,
    bracket_condition_needs,
    example_values,
    needs_when,
)
from strands_airflow.agents.quality.nl.build import ACCEPTED_FORMS, CheckBuilder, Clause
from strands_airflow.agents.quality.nl.chat import (
    and_never_repeat,
    apply_corrections,
    chat_asides,
    chat_conjunctions,
    drop_chat_fillers,
    every_needs_column,
    fold_chat_verdicts,
    for_filter_as_condition,
    pronoun_is,
    refuse_event_consequence,
    tag_question_rule,
)
from strands_airflow.agents.quality.nl.chatforms import (
    chat_null_forms,
    clock_runs,
    list_forms,
    table_rule_forms,
)
from strands_airflow.agents.quality.nl.codes import code_runs
from strands_airflow.agents.quality.nl.columns import ColumnResolver, singular
from strands_airflow.agents.quality.nl.colwords import (
    column_after_rule,
    entity_event_column,
    guard_then_needs,
    hyphen_columns,
    keys_in_words,
    needs_and_a_column,
    nobody_bound_spelled,
    once_per_key,
    restated_key,
    spelled_conditions,
    table_after_checks,
    that_pair,
    verbless_matching,
)
from strands_airflow.agents.quality.nl.conditions import (
    and_new_subject,
    else_branches,
    else_part_unread,
    key_bracket_words,
    state_and_rule,
    unique_bracket_key,
)
from strands_airflow.agents.quality.nl.discourse import (
    NOTHING_BEYOND,
    ON_THE_RULE,
    SCHEDULE,
    asks_on_table,
    has_strong_cue,
    is_context,
    is_narrative,
    is_remark,
    is_report,
    not_asked,
    restates,
)
from strands_airflow.agents.quality.nl.frontend import (
    _PERMISSION,
    _SOME_REPORT,
    MODAL,
    ROW_SCOPE_BEFORE_VERB,
    RULE_CONDITION,
    USER_STORY,
    AggregateRuleError,
    UnreadAlertError,
    UnreadRuleError,
    permission_after,
    permission_exception,
    permission_reason,
    permitted_relation,
    read_frame,
    scope_lead,
)
from strands_airflow.agents.quality.nl.frontend import (
    ROW_CONDITION as _ROW_CONDITION,
)
from strands_airflow.agents.quality.nl.lexicon import FILLERS, FORMAT_WORDS, VERBAL
from strands_airflow.agents.quality.nl.logic import Statement, compile_statement
from strands_airflow.agents.quality.nl.merge import merge_checks, one_guard
from strands_airflow.agents.quality.nl.remarks import context_remarks
from strands_airflow.agents.quality.nl.rules import IDENT, Pred, find_predicates
from strands_airflow.agents.quality.nl.subjects import DROP as _DROP
from strands_airflow.agents.quality.nl.subjects import subject_phrases
from strands_airflow.agents.quality.nl.tables import (
    always_qualifier,
    needed_things,
    own_practice_aside,
    period_runs,
    row_count_prose,
    table_headings,
)
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

__all__ = ["ACCEPTED_FORMS", "DEFAULT_BUDGET_SECONDS", "Clause", "RuleParser"]

log = logging.getLogger(__name__)

#: wall-clock budget of one `parse` and the longest sentence read (the grammar's regexes
#: grow faster than linearly with a sentence's length)
DEFAULT_BUDGET_SECONDS = 2.0
MAX_SENTENCE_CHARS = 1_000

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
#: a clause ending in the first value of a list ("... is one of US")
_LIST_OPEN = re.compile(r"(?i)\b(?:one\s+of|either|among|be\s+in|is\s+in|are\s+in|values?|only)\s+[\w«»'+-]+\s*$")
#: a comparison whose number carries a time unit ("under 3 seconds")
_DURATION_BOUND = re.compile(
    r"\b(?:GE|GT|LE|LT|EQ|NE|RANGE)\s+-?\d+(?:\.\d+)?(?:\s+-?\d+(?:\.\d+)?)?\s+"
    r"(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|milliseconds?|ms)\b"
)
#: a column named in the unit of its bound ("duration_sec", "delivery_minutes", "ttl_hours")
_UNIT_STEMS = {
    "se": r"(?:sec|seconds?)\b|_s\b|(?:sec|seconds?)_",
    "mi": r"(?:min|mins|minutes?)\b|(?:min|mins|minutes?)_|_m\b|millis|_ms\b",
    "ho": r"(?:hour|hours|hrs?)\b|(?:hour|hours|hrs?)_|_h\b",
    "hr": r"(?:hour|hours|hrs?)\b|(?:hour|hours|hrs?)_|_h\b",
    "ms": r"(?:ms|millis|milliseconds?)\b",
}
#: a stated bad case that is a disjunction of two comparisons
_BAD_OR = re.compile(
    r"(?i)^(?P<act>\W*(?:fail|alert|warn|flag|error|raise|page|reject|block|notify)\w*(?:\s+(?!if\b|when\b|where\b)\w+){0,3}?\s+"
    r"(?:if|when|whenever|where)\s+"
    r"(?:(?:(?:any|some|a|the)\s+)?(?:rows?|records?|entries|lines)\s+(?:have|has|with|where|having|in\s+which)\s+)?)"
    # "..., or where b ...": the second bad case may repeat the frame's "where" / "if"
    # ("5 or less" / "5 or more" is one bound, never two bad cases)
    r"(?P<a>.+?),?\s+or\s+(?!(?:less|more|fewer|greater|higher|lower|above|below|under|over|colder|cooler|warmer|hotter|"
    r"later|earlier|after|before|sooner|newer|older|younger|smaller|larger|bigger|equal|up|down)\b)"
    r"(?:(?:where|if|when)\s+)?(?P<b>.+)$"
)
#: a clause with its own subject before its comparator ("lon is OUTSIDE -180 180")
_OWN_COMPARISON = re.compile(
    r"^(?!(?:GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE|not|no|is|are|goes|go|drops?|falls?|rises?|gets?|becomes?|climbs?|jumps?|"
    r"reads?|hits?|reaches|exceeds?|dips?|sinks?|spikes?|moves?|ever|suddenly|then|also)\b)[\w«»]+(?:\s+(?!(?:GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE)\b)[\w«»]+){0,3}?"
    r"\s+(?:(?:is|are)\s+)?(?:GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE|(?:on\s+or\s+)?(?:before|after))\s+\S+(?:\s+\S+)?$"
)
#: a column's state with its own subject ("sealed_flag is true", "status is «0»", "kind EQ «1»"):
#: one side of a conjunction inside a stated bad case
_OWN_STATE = re.compile(
    r"(?i)^[\w«»]+\s+(?:(?:is|are)\s+(?:not\s+)?(?:true|false|«\d+»|-?\d+(?:\.\d+)?)|(?:is\s+)?(?:EQ|NE)\s+\S+)$"
)


def _own_case(text: str) -> bool:
    """Whether one disjunct of a stated bad case names its own column(s): a comparison or a
    missing value with its own subject, or a conjunction of such parts and states ("sealed_flag
    is true and humidity_pct is under 60"), which is a bad case of its own."""
    c = canonical(text)
    if _OWN_COMPARISON.match(c) or _OWN_NULL.match(c):
        return True
    parts = re.split(r"\s+and\s+", c)
    return len(parts) > 1 and all(
        _OWN_COMPARISON.match(p) or _OWN_NULL.match(p) or _OWN_STATE.match(p) for p in parts
    )


#: "alert when a is over 100, or when b is true and a is under 60": a stated bad case whose
#: second disjunct (after a repeated "when" / "where" / "if") is a conjunction with subjects of
#: its own; each disjunct is a bad case of its own sentence
_BAD_OR_CONJUNCTION = re.compile(
    r"(?im)(?P<act>\b(?:fail|alert|warn|flag|page|reject|notify)\w*(?:\s+(?!if\b|when\b|where\b)\w+){0,3}?\s+"
    r"(?P<w>if|when|whenever|where)\s+)(?P<a>[^.;\n]+?),?\s+or\s+(?:if|when|whenever|where)\s+(?P<b>[^.;\n]+?\sand\s[^.;\n]+?)"
    r"(?P<end>[.;\n]|$)"
)


def split_bad_case_conjunction(text: str) -> str:
    """Each disjunct of a stated bad case with a conjunction in it as a sentence of its own
    (`_BAD_OR_CONJUNCTION`), when both name their own columns."""
    if " or " not in text or " and " not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if not (_own_case(m.group("a")) and _own_case(m.group("b"))):
            return m.group(0)
        act = m.group("act")
        return f"{act}{m.group('a').rstrip(' ,')}. {act[0].upper()}{act[1:]}{m.group('b')}{m.group('end') or '.'}"

    return _BAD_OR_CONJUNCTION.sub(one, text)


#: a clause with its own subject that is a missing value ("ph is null", "any row is missing
#: silo_id", "a row has a null batch_no"): a disjunct of its own in a stated bad case
_OWN_NULL = re.compile(
    r"(?i)^(?:the\s+)?(?!(?:is|are|not|no|any|some|a|an|the|ever)\s)[\w«»]+\s+(?:is|are)\s+(?:not\s+)?(?:null|missing|empty|blank|unset|not\s+set)$"
    r"|^(?:(?:any|some|a|an|the)\s+)?(?:rows?|records?|entries|entry)\s+(?:is|are|has|have)\s+(?:missing\s+(?:(?:a|an|its|their|the)\s+)?"
    r"|(?:(?:a|an|no)\s+)?(?:null|missing|empty|blank)\s+)[\w«»]+$"
)
#: a missing value as a noun phrase in a list of bad cases ("..., or a null diver_id", "any
#: visit has a missing nurse_id, or ..."): the column's own null disjunct, never the object of
#: the comparison before it
_NULL_DISJUNCT = re.compile(
    r"(?i)^\s*(?:(?:any|some|a|an|the|every)\s+[\w«»]+\s+(?:has|have|with)\s+)?(?:an?|any)\s+"
    r"(?:null|missing|empty|blank)\s+(?P<c>[\w«»]+)\s*,?\s*$"
)
#: a ticket or message title line ("Jira DATA-311: orders feed QA", "[DQ-7] Orders")
#: acceptance criteria in a ticket: a user story above them is its motivation
_AC_SECTION = re.compile(r"(?im)^\W*(?:ac\s*\d*\s*:|acceptance\s+criteri(?:a|on)\b|definition\s+of\s+done\b|given\b.*\bthen\b)")
#: a heading before a dash ("Ferry GPS \u2014 lat between -90 and 90", "ISBN-13 \u2013 isbn must ..."):
#: words with no verb of a rule, no comparison, no column name and no value, then a long dash
#: (never a minus: nobody writes a subtraction with one) read like "heading:"
_DASH_HEAD = re.compile(
    r"(?im)(?:^|(?<=[:;.!?]\s)|(?<=[:;]))(?P<head>[ \t]*"
    rf"(?!(?:[^\n\u2014\u2013:;.]*?)\b(?:{MODAL}|not|no|never|only|is|are|was|were|be|between|above|below|over|under|"
    r"within|exceed\w*|least|most|more|less|than|if|when|unless)\b)"
    r"(?:[^\n\u2014\u2013:;.<>=_«»]{1,60}?"
    # "Daily check on iodine_tests \u2014 ...": a check's label may name its table
    r"|[^\n\u2014\u2013:;.<>=_«»]{0,30}?\b(?:checks?|monitors?|rules?|validations?|tests?|audits?|alerts?)"
    r"\s+(?:on|for|of)\s+(?:the\s+)?[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?:\s+(?:table|data|feed|dataset))?))"
    r"\s+[\u2014\u2013]\s+(?=\S[^\n:]*$)"
)
#: a remark after a dash: no modal, negation, number, comparison, column name or quoted value
_DASH_REMARK = re.compile(
    rf"(?i)^(?!.*\b(?:{MODAL}|not|no|never|none|only|nobody|unless|if|when|except|any|all|every|each)\b)(?!.*n't)"
    r"(?!.*\b(?:alert|fail|flag|error|page|reject|block|halt|stop|raise|warn|notif|breach|violat|bad|wrong|invalid|broke|"
    r"fine|ok|okay|allow|accept|expected|legit|valid|exempt|exclud|skip|ignor|though|but|unless|otherwise))"
    r"[^\d_<>=!«»]*$"
)
#: the start of a phrase after a dash between spaces: a determiner, pronoun or conjunction and
#: two more plain words ("\u2014 a job can't be ...", "- we had dupes", "\u2014 so leave it"); a
#: name after a minus sign is an operand ("gross - fee", "a - b * 2"), never two plain words
#: a column name right before a dash between spaces ("... placed_on \u2014 ")
_NAME_BEFORE_DASH = re.compile(r"(?:\b[a-z]\w*_\w+|\b[a-z]\w*\.[a-z]\w*)\s+[-\u2014\u2013]\s+$")
_PHRASE_AFTER_DASH = re.compile(
    r"(?i)\s*(?:a|an|the|this|that|these|those|it|its|they|their|we|our|i|you|he|she|there|here|one|some|"
    r"any|no|nothing|none|nobody|anything|everything|every|each|all|both|so|because|since|as|but|and|"
    r"or|which|if|when|unless|except|otherwise|just|only|not|never|most|many|lots|plenty)"
    r"\s+[a-z'\u2019]+\s+[a-z'\u2019]+\b"
)
#: a question about the data or its checks (not a request: "can we ..." / "could you ..." are)
_QUESTION = re.compile(
    # ("is there a way to flag ...?" proposes the check: `frontend._proposed`)
    r"(?is)^\W*(?:[\w\s]{0,20}:\s*)?(?:do|does|did|is\s+there(?!\s+(?:any|a|some)\s+way\s+to\b)|are\s+there|who|what|which|why|where|have\s+we|has\s+(?:anyone|someone|somebody)|"
    r"any\s+idea)\b[^?]*$"
)
_LABEL_ID = re.compile(r"^\W*\[?[A-Z][A-Z0-9]+-\d+\]?\s*:?")
_TITLE = re.compile(
    r"^\W*(?:(?i:jira|ticket|issue|story|task|bug|epic|title|subject|summary|re|fwd?)\b[^:\n]{0,40}:|\[?[A-Z][A-Z0-9]+-\d+\]?[\s:])"
)


#: a cheap test before `permitted_relation`: a permissive modal
_PERMISSIVE_CUE = re.compile(r"(?i)\b(?:can|could|may|might|allowed|permitted)\s")
#: a column said NOT to be unique: its values may repeat (a permission, no check)
_NOT_UNIQUE = re.compile(
    r"(?i)(?:\b(?:not|never)|n't|\bno\s+longer)\s+(?:(?:be|necessarily|always|required\s+to\s+be|"
    r"meant\s+to\s+be|supposed\s+to\s+be|expected\s+to\s+be)\s+)*(?:unique|distinct)\b"
    r"|\bnon[-\s]?unique\b"
)
#: a cheap test before `permission_reason`: a permission word, then its reason
_PERMISSION_CUE = re.compile(
    r"(?i)\b(?:fine|ok|okay|allowed|acceptable|expected|permitted|tolerated|problem|null|empty|blank|missing)\s+(?:\w+\s+)?"
    r"(?:for|when|if|whenever|since|because|as|where)\s"
)
#: "price on wash_tickets is never negative", "locker_id on parcel_events should always ...": a
#: column, then the table it is in (a snake_case or dotted name), then the rule's verb ("values
#: in user_id ..." names the column after "in": not this)
_COL_ON_TABLE = re.compile(
    r"(?i)^(?:(?:can|could)\s+(?:we|you)\s+(?:get|add|have)\s+a\s+(?:check|test|rule)\s+that\s+)?(?:the\s+)?[a-z]\w*"
    r"(?P<on>\s+on\s+(?:the\s+)?`?(?P<t>[a-z]\w*_\w+|[a-z]\w*(?:\.[a-z]\w*)+)`?(?:\s+table)?)"
    r"(?=\s+(?:is|are|must|should|shall|has\s+to|have\s+to|needs?\s+to|can(?:not|'t)?|may|never|always|cannot)\b)"
)
#: an email's subject line (no modal, no comparison: "Subject: order_id must be unique" is read)
_EMAIL_SUBJECT = re.compile(
    rf"(?i)^\s*(?:subject|subj)\s*:(?![^\n]*\b(?:{MODAL}|never|only)\b)(?![^\n]*[<>=\u2264\u2265])[^\n]*$"
)
#: the story, problem or background of a ticket, labelled as such
_TOLD = re.compile(
    r"(?i)^\s*(?:\[?[A-Z][A-Z0-9]+-\d+\]?\s*:?\s+)?(?:user\s+story|story|background|context|problem(?:\s+statement)?|motivation|why|rationale|impact)\s*:\s*\S"
)
#: a bare number left over after the predicates were taken ("from 0.5" of "from 0.5 up to
#: 20000"): a bound the check would silently drop
_UNREAD = re.compile(
    r"(?<![\w«.:/-])(?<!\( )(?<!: )(?<!- )\d+(?:\.\d+)?(?![\w».:/-])(?! :)(?! \))(?! -)"
)


#: words that change what a clause means when left unread: a verdict on the values named
#: ("... is a data issue"); a negation left unread is the frame's and the grammar's business
_UNSPENT = re.compile(
    r"\b(?:bug|bugs|issue|issues|problem|problems|error|errors|typo|typos|wrong|impossible|bogus|broken|fault|faults|unacceptable|"
    r"forbidden|prohibited|suspicious|nonsense|sense|mistake|mistakes|garbage|junk|incorrect|unrealistic|"
    r"implausible|OFFSET|illegal|banned|unsupported|violation|violations|breach|breaches|unexpected|invalid|"
    r"disallowed|impermissible|unlawful|out of (?:range|bounds))\b|\bnot (?:correct|right|valid|realistic|plausible|possible|sensible)\b"
    # a negated verdict of any wording ("is not permitted / tolerated / accepted / expected / legal",
    # "is never allowed"): left unread it would keep the bad case
    r"|\b(?:is|are|be|being|was|were)\s+(?:not|never)\s+(?:\w+\s+)?(?:[a-z]+ed|[a-z]+ble|legal|ok|okay|fine|right|real|true|sane)\b"
    # a negative subject no frame took ("nobody picks more than 40", a verb with no modal):
    # read without it, the clause was its bad case
    r"|\b(?:nobody|no\s+one|no-one|noone)\b"
)


#: "order_total below 0? that's never ok": a verdict on the fragment just before it
_PRONOUN_VERDICT = re.compile(
    r"(?i)^\W*(?:that|this|it|those|these)(?:'s|\s+is|\s+are|\s+would\s+be|\s+'d\s+be)\s+(?P<verdict>.+)$"
    # "That should be impossible", "this must be a bug": a verdict said with a modal
    r"|^\W*(?:that|this|it|those|these)\s+(?:should|must|would|will|could)\s+(?:(?:never|not)\s+)?be\s+"
    r"(?P<verdict2>impossible|invalid|wrong|an?\s+(?:bug|error|data\s+error)|bad\s+data|unacceptable|not\s+(?:possible|allowed|valid|ok(?:ay)?))\W*$"
)


#: a clause that is one bound and a word after its number ("max 12 kg", "GE 5 pct")
_BOUND_AND_WORD = re.compile(r"^\s*(?:GE|GT|LE|LT|EQ|RANGE)\s+-?\d+(?:\.\d+)?(?:\s+-?\d+(?:\.\d+)?)?\s+(?P<w>[a-z]+)\s*[.!]?\s*$")
_SAME_UNIT = {"pct": "percent", "percent": "pct", "perc": "pct"}


def _unit_of_last(cl: Clause, last_subject: list[list[str]]) -> bool:
    """A clause of one bound whose only other word, after the number, is the unit that names the
    column of the clause before ("weight_kg at least 5, max 12 kg"): the word is no subject."""
    if len(cl.subject) != 1 or len(cl.subject[0]) != 1 or len(last_subject) != 1:
        return False
    word = cl.subject[0][0].lower()
    parts = {p for w in last_subject[0] for p in w.lower().split("_")[1:]}
    if word not in parts and _SAME_UNIT.get(word, "") not in parts:
        return False
    m = _BOUND_AND_WORD.match(canonical(cl.text))
    return m is not None and m.group("w") == word


def _join_verdicts(sentences: list[str]) -> list[str]:
    """ "X below 0", "that's never ok" -> "X below 0 is never ok" (one sentence, one verdict)."""
    out: list[str] = []
    for sent in sentences:
        m = _PRONOUN_VERDICT.match(sent)
        if (
            m
            and out
            and not re.search(rf"(?i)\b(?:{MODAL})\b", out[-1])
            # "the t table shows some rows where ...": a report is read as the bad case already
            and not _SOME_REPORT.match(strip_tag_question(strip_greeting(out[-1])).rstrip(" ."))
        ):
            out[-1] = f"{out[-1]} is {m.group('verdict') or m.group('verdict2')}"
            continue
        out.append(sent)
    return out


#: "..., both required", "and both must be populated": the two columns just named, not null
_BOTH_REQUIRED = re.compile(
    r"(?i)^\s*(?:and\s+)?both\s+(?:of\s+them\s+)?(?P<rest>(?:(?:are|must\s+be|should\s+be|need\s+to\s+be|have\s+to\s+be)\s+)?"
    r"(?:required|mandatory|not\s+null|non[- ]?null|populated|filled(?:\s+in)?|present|set))\W*$"
)
_NOT_EVER = re.compile(r"(?i)\b(should|must|can|may|will|could|shall)(?:n[\u2019']?t|\s+not)\s+ever\b")
_STEP_TAIL = re.compile(
    r"(?i)\s*,?\s+(?:and\s+)?then\s+(?:move\s+on|proceed|continue|go\s+on|carry\s+on|head\s+over|skip\s+ahead)\s+(?:to|with)\b[^;:]*$"
)
_CHECK_STATE_LEAD = re.compile(
    r"(?i)^(?:[^:\n]{0,40}:\s*)?(?:when|if|whenever|once)\s+(?:the\s+|this\s+|our\s+|that\s+)?(?:[\w.-]+\s+){0,3}?(?:check|test|monitor|alert|dag|job|pipeline)s?\s+"
    r"(?:goes|go|turns|turn|is|are|gets|get|fails|fail|breaks|break|fires|fire|trips|trip|flags?)(?:\s+(?:red|off|failing|orange|yellow))?\s*,\s*"
    # "..., this is what they cover — <rules>": the rules follow
    r"(?:(?:this\s+is|here\s+is|here'?s)\s+what\s+(?:they|it|the\s+\w+)\s+covers?\s*(?:[:\u2014\u2013-]+|,)?\s*)?"
)
_REJECTS_ROWS = re.compile(
    rf"(?i)^(?:the\s+|our\s+|this\s+)?(?:[\w-]+\s+){{0,4}}?(?:import|load|loader|pipeline|job|ingest(?:ion)?|feed|etl|dag|process|sync|upload)\s+"
    rf"(?:{MODAL})\s+(?P<v>(?:reject|drop|refuse|discard|quarantine)\s+(?:any\s+|all\s+)?(?:rows?|records?|entries)\s+(?:where|with|that|in\s+which)\b.+)$"
)
#: "Set up an MC freshness rule on t: ...", "pls add freshness on t - ...": a monitor on a table
_FRESH_MONITOR = re.compile(
    # ("Monte Carlo: freshness rule on t -- ...": the tool named before a colon)
    r"(?i)^\s*(?:(?:mc|monte\s+carlo)\s*:\s*)?(?:(?:please|pls|plz|can\s+we|could\s+you|let'?s|we\s+need\s+to)\s+)?(?:(?:set\s+up|add|create|configure|need|want)\s+)?(?:an?\s+|the\s+)?"
    r"(?:(?:mc|monte\s+carlo)\s+)?freshness(?:\s+(?:rule|monitor|check|test|sla))?\s+(?:on|for)\s+(?:the\s+)?`?[a-z][\w.:«»]*`?(?:\s+table)?"
    r"\s*(?:[:,\u2014\u2013]|--?)\s*(?P<rest>(?=\S).+)$"
)
_FRESH_UNIT = r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|d|h)\b"
#: "field ts, threshold 2 hours", "threshold 360 minutes on ts"
_FRESH_THRESHOLD = re.compile(
    r"(?i)^(?:(?:field|column|col|on|using|based\s+on)\s+)?`?(?P<c>[a-z]\w*|«\d+»)`?\s*[,;]\s*(?:with\s+(?:a\s+)?)?(?:threshold|max(?:imum)?\s+age|sla|tolerance)\s*(?:of\s+|[:=]\s*)?"
    + _FRESH_UNIT
    + r"(?P<end>\W*)$"
    r"|^(?:with\s+(?:a\s+)?)?(?:threshold|max(?:imum)?\s+age|sla|tolerance)\s*(?:of\s+|[:=]\s*)?"
    + _FRESH_UNIT.replace("<n>", "<n2>").replace("<u>", "<u2>")
    + r"\s+(?:on|for|using|based\s+on)\s+(?:the\s+)?(?:(?:field|column)\s+)?`?(?P<c2>[a-z]\w*|«\d+»)`?(?P<end2>\W*)$"
)
_FRESH_WORD = re.compile(r"(?i)\b(?:older|old|stale|fresh|newest|latest|updated|lag|late|behind)\b")
#: "page if nothing new in ts for 2 hours", "alert when no new rows by ts in 6h"
_FRESH_NOTHING_NEW = re.compile(
    r"(?i)^(?:alert|page|fail|flag|warn|notify)(?:\s+(?:me|us|on-?call))?\s+(?:if|when|whenever)\s+(?:there\s+(?:is|are)\s+)?(?:nothing\s+new|no\s+new\s+(?:rows|records|data|events))\s+"
    # "nothing new lands in ts for 10 minutes", "no new rows arrive in ts within 2h"
    r"(?:(?:lands?|arrives?|comes\s+in|shows\s+up|gets\s+loaded|is\s+loaded|are\s+loaded)\s+)?"
    r"(?:(?:in|on|by|per)\s+(?:the\s+)?`?(?P<c>[a-z]\w*|«\d+»)`?\s+)(?:for|in|within)\s+(?:(?:more\s+than|over)\s+)?"
    + _FRESH_UNIT
    + r"(?P<end>\W*)$"
)
#: a request to change the data: "delete rows where ...", "can you purge the dupes", "drop
#: any records with ...", "..., then remove the rest" (never a check)
_DELETE_ASK = re.compile(
    r"(?i)^\W*(?:(?:please|pls|plz|kindly|and|then|also|just|so)\s+|(?:can|could|would)\s+(?:you|we|someone|somebody)\s+(?:please\s+)?"
    r"|(?:i|we)(?:'d|\s+would)?\s+(?:like|want|need)\s+(?:you\s+)?to\s+|let'?s\s+|(?:we\s+)?(?:should|must|need\s+to)\s+)*"
    r"(?:delete|remove|drop|purge|truncate|wipe|erase|(?:clean|clear|weed)\s+out|get\s+rid\s+of|de-?dupe|de-?duplicate|filter\s+out|throw\s+(?:away|out)|discard)\b"
    r"(?!\s+(?:below|under|to|by|off|in|beneath|from\s+\d))"
    r"(?!\s+(?:(?:the|a|an|this|that|these|those|old|existing|our|my)\s+)*(?:[\w-]+\s+)?(?:checks?|tests?|rules?|monitors?|alerts?|expectations?|constraints?|assertions?|validations?)\b)"
)
#: a request about the checks themselves, not the data: "remove the old uniqueness check",
#: "turn off the freshness monitor on orders", "pls retire the legacy dbt test for email", at
#: the start of a sentence or of a clause ("..., and disable the row count alert")
_MANAGE_CHECK = re.compile(
    r"(?i)(?P<lead>^\W*|\s*,\s*(?:and\s+|then\s+|also\s+|but\s+)?|\s+(?:and|then|also|but|plus)\s+)"
    r"(?P<part>(?:(?:please|pls|plz|kindly|also|just|then|so)\s+|(?:can|could|would)\s+(?:you|we|someone|somebody)\s+(?:please\s+)?"
    r"|(?:i|we)(?:'d|\s+would)?\s+(?:like|want|need)\s+(?:you\s+)?to\s+|let'?s\s+|(?:we\s+)?(?:should|must|need\s+to)\s+)*"
    r"(?:remove|drop|delete|disable|retire|deactivate|deprecate|decommission|scrap|mute|silence|pause|archive|"
    r"(?:turn|switch|shut)\s+off|get\s+rid\s+of|stop\s+running|do\s+away\s+with)\s+"
    # "drop the rows that fail the check": the rows, a change to the data (`_DELETE_ASK`)
    r"(?!(?:(?:the|a|an|all|any|these|those)\s+)?(?:rows?|records?|entries|lines?|data|values?|duplicates?|dupes|nulls?|blanks?)\b"
    r"(?!\s+(?:[\w-]+\s+)?(?:checks?|tests?|monitors?|expectations?|rules?|alerts?|assertions?|validations?|constraints?)\b))"
    r"(?:(?:the|a|an|this|that|these|those|our|my|all|any)\s+)?"
    r"(?:(?!(?:and|then|but|or|where|with|that|which|if|when)\b)[\w«»`.'-]+\s+){0,4}?"
    r"(?:checks?|tests?|monitors?|expectations?|rules?|alerts?|assertions?|validations?|constraints?)"
    r"(?:\s+(?:on|for|of|from|in|against|over)\s+(?:the\s+)?[\w«»`.-]+(?:\s+(?:column|field|table|model))?)?"
    r"(?:\s+(?:called|named)\s+[\w«»`.-]+)?)"
    r"(?=\s*(?:$|[,;.:!]|\s(?:and|then|but|also|plus|so)\b))"
)
#: a cheap test before `_MANAGE_CHECK`: one of its verbs
_MANAGE_VERB = re.compile(
    r"(?i)\b(?:remove|drop|delete|disable|retire|deactivate|deprecate|decommission|scrap|mute|silence|pause|archive|"
    r"off|rid|running|away)\b"
)
#: ", so please cap x at 5", ", so make sure ...": a new ask after a remark or a verdict
_SO_ASK = re.compile(
    r"(?i),\s+so\s+(?=(?:(?:please|pls|plz|also|kindly|can\s+you|could\s+you)\s+)*"
    r"(?:cap|floor|make\s+sure|ensure|check|verify|validate|confirm|enforce|add\s+a\s+check)\b)"
)
#: "every instructor needs a cert_no, and it has to be ...", "each job must have a customer email
#: and it must be ...": "it" is the column just asked for, never the entity the rows are
#: (read as the sentence's subject, the rule went to `instructor` or the table's key)
_HAS_COL_AND_IT = re.compile(
    r"(?i)(?P<head>\b(?:every|each|any|all)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:(?:must|should|has\s+to|have\s+to|will)\s+)?"
    r"(?:needs?|has|have|requires?|carr(?:y|ies)|gets?)\s+(?:an?|the|its|their)\s+)"
    r"(?P<col>[\w«»]+(?:\s+[\w«»]+){0,2}?)(?P<sep>\s*,?\s+and\s+)(?:(?:it|that|this|the\s+(?P<w>[a-z]+))\s+(?=(?:MODALS)\b)"
    # "... has a certificate_no and that it's unique": "it is" the column too
    r"|(?:that\s+)?(?P<be>it(?:'|\u2019)?s|it\s+is)\s+(?=(?:unique|distinct|never|always|not|filled|set|present|populated|valid|one\s+of)\b)"
    # round 32b: "..., and that it's a W followed by six digits", "and it is 5 characters long":
    # any statement of "it" is the column's (read apart, "it" went to the entity's own id)
    r"|(?:that\s+)?(?P<be2>it(?:'|\u2019)?s|it\s+is)\s+(?!(?:because|since|so|just|what|why|how|who|where|when|fine|ok|okay|"
    r"important|needed|the\s+same|a\s+(?:must|nice|good|bad|pain|known|legacy|new|big|problem))\b))"
    .replace("MODALS", MODAL)
)
#: "every lot has an a_no and a b_no, and that b_no is ...": the ", and" after the two things
#: every row has starts a rule of its own (read as one list, the last thing had became the next
#: rule's subject and lost its own check: `b_no > 0` for "..., and that weight is positive")
_HAS_TWO_AND = re.compile(
    r"(?i)(?P<a>\b(?:every|each|any|all)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:(?:must|should|has\s+to|have\s+to|will)\s+)?"
    r"(?:needs?|has|have|requires?|carr(?:y|ies)|gets?)\s+(?:an?|the|its|their)\s+[^,;.\n]{1,60}?\s+and\s+(?:an?|the|its|their)\s+[^,;.\n]{1,60}?)"
    r",\s+and\s+(?:that\s+)?"
)
#: "x must be 1-99 and unique per site", "x must be unique per layout (layout_id + x)": the
#: bound is on x alone (read with the scope, it went to the scope's column too: `site_id`
#: between 1 and 99), and a key in brackets after the scope is the key (its words were one
#: made-up column `layout_layout_id_x`)
_AND_UNIQUE_PER = re.compile(
    r"(?i)\b(?P<s>[a-z]\w*_\w+|«\d+»)\s+(?P<m>must|should|has\s+to|needs\s+to|will|shall)\s+be\s+"
    r"(?:(?P<a>[^;.\n]{1,60}?)\s+and\s+(?:be\s+)?)?"
    r"(?P<u>unique\s+(?:per|for\s+(?:each|every)|within\s+(?:each|a|the|every|one))\s+[^;.\n(,]{1,60}?)"
    r"(?:\s*\((?P<k>[^()\n]{3,80})\))?(?=\s*(?:[.;,\n]|$))"
)
#: a sentence in the first person ("we ...", "I ...", "our ...", "the docks on our canal ...") or
#: a verdict on the case just stated ("that can't be right"): `RuleParser._motivation`
_MOTIVATION = re.compile(
    r"(?i)^\W*(?:(?:and|but|so|because|as|since)\s+)?(?:(?:we|i)(?:'re|'ve|'d|'m)?\b|our\b|"
    r"(?:the|these|those)\s+(?:[a-z-]+\s+){1,3}?(?:on|of|in|at|for)\s+our\b|"
    r"(?:that|this|it)(?:'s|\s+is|\s+(?:can'?t|cannot|can\s+not|could\s*n[o']?t|would|must|should)\s+(?:not\s+)?be)\s+(?:\w+\s*){1,3}\W*$)"
)
#: the words a rule is made of (a sentence with one is read, never motivation)
_RULE_WORD = re.compile(
    r"(?i)\b(?:negative|positive|null|nulls|empty|blank|missing|unique|duplicates?|dupes?|above|below|over|under|more|less|"
    r"fewer|greater|between|only|later|earlier|before|after|exceeds?|exceeding|least|most|max|maximum|min|minimum|valid|"
    r"format|match(?:es)?|one\s+of|zero|filled|set|required|mandatory|future|past|equal|equals|same|differ\w*|"
    r"within|outside|range|pattern|length|digits?|letters?|characters?|per|every|each|all|any|no|none|never)\b"
)
#: a state with no subject: "Never blank.", "Always required.", "Mandatory." (`_sentence`)
_BARE_STATE = re.compile(
    r"(?i)^\W*(?:and\s+|also\s+|but\s+)?(?:(?:never|not)\s+(?:blank|empty|null|missing)|(?:always\s+)?(?:required|mandatory|filled\s+in|populated)"
    r"|(?:must|should)\s+(?:never|not)\s+be\s+(?:blank|empty|null|missing))\W*$"
)
#: words that describe the shape of a column's values (`RuleParser._shape_of_named_column`)
_SHAPE_WORDS = re.compile(
    r"(?i)\b(?:looks?\s+like|shaped\s+like|in\s+the\s+(?:form|format)|formatted\s+as|\d+\s+(?:digits?|letters?|characters?|chars)|"
    r"(?:\d|one|two|three|four|five|six)(?:\s+or\s+\d)?[\s-]+(?:letter|digit|character|char)\b|upper-?case|lower-?case)"
)
#: the "and" between two "zero rows where ..." asks (each a check of its own)
_TWO_ZERO_ROWS = re.compile(
    r"(?i)(?P<a>\b(?:zero|no)\s+(?:rows?|records?)\s+(?:where|with)\s[^;.\n]{1,120}?)\s+and\s+(?:also\s+)?"
    r"(?=(?:zero|no)\s+(?:rows?|records?)\s+(?:where|with)\b)"
)
#: a runbook's section or step before its rules: "Step 3 of the month-end runbook: ...",
#: "Install-day runbook, section 4 (data checks): ...", "Toll runbook, section 4.2: ...",
#: "Onboarding runbook, data section: ...", "Home-care runbook, controlled drugs: ...": where
#: the rules are written, never a column (read as one, "vivarium census runbook" was a subject)
_SECTION_LABEL = re.compile(
    r"(?i)^\W*(?:(?:[a-z][\w'\u2019-]*\s+){0,5}?(?:runbook|playbook|procedure|checklist|sop|manual)\s*(?:,\s*|\s+|\s*[\u2014\u2013-]\s*)"
    r"(?=(?:section|step|part|stage|\u00a7)))?"
    r"(?:section|step|part|stage|\u00a7)\s*\d+(?:\.\d+)*[a-z]?"
    r"(?:\s+of\s+(?:the\s+|our\s+)?(?:[\w'\u2019-]+\s+){0,4}?(?:runbook|playbook|procedure|checklist|sop|manual|process|close))?"
    r"(?:\s*\([^()«»:<>=]{1,40}\))?\s*:\s+(?=\S)"
    r"|^\W*(?:[a-z][\w'\u2019-]*\s+){0,5}?(?:runbook|playbook|procedure|checklist|sop|manual)\s*,\s*[a-z][a-z '\u2019-]{0,30}?\s*:\s+(?=\S)"
)
_LABEL_HEAD = re.compile(r"^\W*[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}\s*\d*\s*:\s+")
_FRESH_ACTION_AFTER = re.compile(
    r"(?i)^(?:if|when|whenever)\s+(?P<body>(?:there\s+(?:is|are)\s+)?(?:nothing\s+new|no\s+new\s+(?:rows|records|data|events))\s+[^,]+?)\s*,\s*(?:then\s+)?"
    r"(?P<v>alert|page|fail|flag|warn|notify)(?:\s+(?:me|us|the\s+team|someone|on-?call|[#@][\w-]+))?(?P<end>\W*)$"
)
_CODE = r"(?:[A-Z][A-Z0-9_-]*|«\d+»|-?\d+(?:\.\d+)?)"
#: "alert when <col> isn't A, B or C": a bad case whose values are codes, quoted or numbers
_BAD_NOT_LIST = re.compile(
    r"^(?P<head>(?:[^:\n]{0,60}:\s*)?(?i:(?:(?:please|pls|and|also|then|we\s+should|should)\s+)*(?:alert|fail|flag|warn|page|error|notify|raise|complain)\w*"
    r"(?:\s+(?:me|us|the\s+\w+|an?\s+\w+|(?:any\s+|all\s+|the\s+)?(?:rows?|records?|entries|lines?)))?\s+(?:when|if|where|whenever|in\s+case)\s+(?:the\s+)?)(?:[a-z]\w*|«\d+»)\s+)"
    r"(?i:is\s+not|isn't|isnt|is\s+never|are\s+not|aren't)\s+"
    rf"(?P<vals>{_CODE}(?:\s*(?:,|/|,?\s+or\b)\s*{_CODE})*)(?P<end>\s*[.!]?\s*)$"
)
_BOTH_AFTER_COMMA = re.compile(
    r"(?i),\s+(?=(?:and\s+)?both\s+(?:of\s+them\s+)?(?:(?:are|must\s+be|should\s+be|need\s+to\s+be|have\s+to\s+be)\s+)?"
    r"(?:required|mandatory|not\s+null|non[- ]?null|populated|filled(?:\s+in)?|present|set)\s*(?:[.!;\n]|$))"
)
#: a condition left inside a rule after the frame was read ("... where depth_m is 0")
_STRAY_GUARD = re.compile(
    r"(?i)^(?!\W*(?:fail|alert|flag|warn|error|raise|reject|find|detect|report|list|count|look)\w*\b).+?\s"
    r"(?:where|when|whenever|unless|provided\s+that|in\s+rows\s+where|for\s+rows\s+where)\s+(?:the\s+)?[\w«»`.]+\s+(?:is|are|=|==|!=|<>|has|have|equals)\s"
)
#: "trial accounts shouldn't have ...": an adjective before the entity the rule is about
_ADJ_ENTITY = re.compile(rf"(?i)^(?:the\s+|all\s+|any\s+)?(?P<adj>[a-z]+)\s+(?P<ent>[a-z]+s)\s+(?:(?:{MODAL})(?:n't|nt)?|have|has|are)(?:\b|\s)")
_COND_WORD = r"\b(?:if|when|whenever|unless|where|while|provided|as\s+long\s+as|iff)\b"
#: "<rule>, and <rule> <condition>": two clauses, each with its own modal, the condition after
#: the second only
_OWN_GUARD = re.compile(
    rf"(?is)^(?P<a>(?:(?!{_COND_WORD})[^;])+?\b(?:{MODAL})\b(?:(?!{_COND_WORD})[^;])*?),\s+and\s+"
    rf"(?P<b>(?:(?!{_COND_WORD})[^,;])+?\b(?:{MODAL})\b[^,;]*?{_COND_WORD}[^;]+)$"
)


#: "a must be >= b, and if status is 'x' c must be filled": a leading condition of the second
#: clause is its own
_AND_IF = re.compile(
    rf"(?is)^(?P<a>(?:(?!{_COND_WORD})[^;])+?\b(?:{MODAL})\b(?:(?!{_COND_WORD})[^;])*?),\s+and\s+"
    r"(?P<b>(?:if|when|whenever|unless)\b(?![^;]*\b(?:it|they|its|their)\b)[^;]+)$"
)


#: "do we have a check that x is 5 chars? if not pls add", "is there a test for x being unique?
#: if not, add one", "is x only ever a / b / c? if so pls add a check for it": a question that
#: proposes a rule, then asks for it to be added: the rule
_ADD_IF = (
    r"\?\s*(?:and\s+)?if\s+(?:not|so|no|yes)\b\s*,?\s*(?:then\s+)?(?:(?:pls|please|plz|can\s+(?:you|we|someone)|could\s+(?:you|we|someone)|let'?s|lets)\s+)*"
    r"(?:(?:add|create|write|set\s+up|put\s+in|make)\b(?:\s+(?:it|one|that|them|this|an?\s+(?:check|test|rule)(?:\s+for\s+(?:it|that|this))?))?"
    # "if so can we lock that down with a check", "if not lets enforce it": the rule asked
    r"|(?:lock|nail|pin)\s+(?:it|that|this|them)\s+down|enforce\s+(?:it|that|this|them)|(?:let'?s|lets)\s+(?:lock|nail|pin)\s+(?:it|that|this|them)\s+down)"
    r"(?:\s+(?:with|by|using|in)\s+(?:an?|the)\s+(?:check|test|rule|monitor))?"
    # "... add it to the mounts suite", "... put it in our nightly checks": where it goes
    r"(?:\s+(?:to|in|into|on)\s+(?:the|our|my|this|that)\s+(?:[\w-]+\s+){0,2}?(?:suite|checks|tests|monitors|rules|pipeline|dag|job|model|project|config))?"
    r"(?:\s+(?:pls|please|plz|thanks|thx|ty|too|asap))*\s*[.!?]*"
)
_ASKED_RULE = re.compile(
    r"(?i)\b(?:do|does|did)\s+we\s+(?:already\s+|even\s+)?have\s+(?:a|an|any)\s+(?:[\w.-]+\s+)?(?:check|test|rule|validation|assertion|monitor)s?\s+"
    r"(?:that\s+(?:checks|ensures|makes\s+sure|verifies|asserts)\s+(?:that\s+)?|that\s+|to\s+(?:ensure|check|make\s+sure)\s+(?:that\s+)?)"
    rf"(?P<rule>(?:'[^'\n]*'|\"[^\"\n]*\"|[^?\n'\"])+){_ADD_IF}"
    r"|\bis\s+there\s+(?:a|an|any)\s+(?:[\w.-]+\s+)?(?:check|test|rule|validation|assertion)\s+"
    r"(?:that\s+(?:checks|ensures|makes\s+sure|verifies)\s+(?:that\s+)?|that\s+|to\s+(?:ensure|check|make\s+sure)\s+(?:that\s+)?)"
    rf"(?P<rule2>(?:'[^'\n]*'|\"[^\"\n]*\"|[^?\n'\"])+){_ADD_IF}"
    rf"|(?P<lead>\b(?:wait|quick\s+(?:q|question|one)|hey|hmm+|ok|btw|also|so)\b[\s,:\u2014\u2013-]*)*"
    rf"\b(?P<cop>is|are)\s+(?:the\s+)?(?P<subj>`?[\w«».]+`?)(?:\s+(?:col|column|field))?\s+(?P<pred>[^?\n]+){_ADD_IF}"
)
#: "is jersey_no ever outside 1-98? if not lets enforce 1..98", "is ph ever above 9? if it is
#: thats a bug. pls add a check it stays between 6 and 9": a question about the data, then the
#: rule asked for in its own words, on the column the question names ("it")
_ASKED_THEN_RULE = re.compile(
    r"(?i)(?P<q>(?:\b(?:wait|quick\s+(?:q|question|one)|hey|hmm+|ok|btw|also|so)\b[\s,:\u2014\u2013-]*)*"
    r"\b(?:is|are|does|do)\s+(?:the\s+)?(?P<subj>`?[a-z_][\w«».]*`?)(?:\s+(?:col|column|field))?\s+(?:only\s+)?(?:ever|sometimes)\s+[^?\n]+\?)"
    r"\s*(?P<mid>(?:and\s+)?if\s+(?:not|so|no|yes|it\s+(?:is|does|isn't|doesn't))\b[^?\n]{0,80}?(?:[.!;]\s+|,\s*|\s+))"
    r"(?:then\s+)?(?:(?:lets|let's|let\s+us|we\s+should|pls|please|plz|can\s+(?:you|we|someone)|could\s+(?:you|we|someone))\s+)*"
    r"(?:(?P<set>enforce|lock\s+(?:it|this|that)\s+down\s+to|restrict\s+(?:it|this|that)\s+to|limit\s+(?:it|this|that)\s+to|keep\s+(?:it|this|that))"
    r"|(?P<say>(?:add|create|write|set\s+up|put\s+in)\s+(?:a|an)\s+(?:check|test|rule)\s+(?:that\s+)?(?:it|this|that)|make\s+sure\s+(?:that\s+)?it|ensure\s+(?:that\s+)?it))"
    r"\s+(?P<rule>(?:[^?\n.!;]|\.(?=\d|\.))+)"
)
#: 'is there a GX expectation for "x has to be between 1 and 5"?', 'does Soda have something for
#: "y is never empty"?', 'which dbt test fits "z must be unique"?': a question that quotes the
#: rule it asks about; the quoted rule is read as a sentence (left quoted, it was a literal and
#: the question read no check, or the rule was lost beside the rest of the message)
_QUOTED_ASK = re.compile(
    r"(?i)(?P<q>\b(?:is|are)\s+there\s+(?:already\s+)?|\b(?:do|does|did)\s+(?:\S+\s+){1,2}?have\s+|\b(?:which|what)\s+)"
    r"(?:(?:a|an|any|some|the)\s+)?(?:[\w.-]+\s+){0,3}?(?:expectation|check|test|rule|thing|monitor|assertion|validation|way|something|anything)s?"
    r"(?:\s+(?:(?:should|would|could|can|do|does|shall)\s+)?(?:i|we|you)\s+(?:\w+\s+)?use|\s+(?:fits|covers|handles|does))?"
    r"\s+(?:(?:for|like|that\s+(?:says|does|checks|covers)|saying|to\s+say)\s+)?"
    r"(?P<o>[\"\u201c])(?P<rule>[^\"\u201c\u201d\n]{3,200})[\"\u201d]\s*\??"
)
#: "is speed_kmh ever over 400?", "does x ever go below 0?": a question whether the bad case
#: happens, with no "if so ..." after it (`_ASKED_RULE` reads those): the check is its negation
#: (read as a statement, the bad case was the check: `speed_kmh > 400`)
_ASKED_EVER = re.compile(
    r"(?im)(?:^|(?<=[.!?:\u2014\u2013]))(?P<lead>[ \t]*(?:\b(?:wait|quick\s+(?:q|question|one)|hey|hmm+|ok|btw|also|so|yo)\b[ \t,:\u2014\u2013-]*)*)"
    r"(?P<cop>is|are|does|do)[ \t]+(?:the[ \t]+)?(?P<subj>`?[a-z_][\w«».]*`?)(?:[ \t]+(?:col|column|field))?[ \t]+ever[ \t]+(?P<p>[^?\n]+)\?"
    # "... if so thats a radar glitch,": the verdict on the bad case, context
    r"(?P<tail>[ \t]*(?:and[ \t]+)?if[ \t]+(?:so|yes|it[ \t]+is|it[ \t]+does|they[ \t]+are)\b[ \t,]*"
    r"(?:that'?s|thats|that[ \t]+is|that[ \t]+would[ \t]+be|it'?s|its)\b[^.,;!?\n]*[.,;!])?"
)
#: "... so flag it pls", ", and catch them": the ask to catch the bad case just stated
_CATCH_IT = re.compile(
    r"(?i)(?:\s*,\s*|\s+)(?:(?:so|and|then)\s+)?(?:(?:pls|please|plz)\s+)?(?:flag|catch|reject|block)\s+(?:it|them|this|that|these|those)"
    r"(?:\s+(?:pls|please|plz|asap|too|thanks|thx))*\W*$"
)
#: a rule that only points back at the question before it ("enforce only those two", "enforce it")
_BACK_REFERENCE = re.compile(
    r"(?i)(?:only\s+)?(?:those|these|them|that|this|it|the\s+same)(?:\s+(?:two|three|four|five|values?|ones?|codes?|options?|statuses|states))?"
    r"(?:\s+(?:pls|please|plz|thanks|thx|too|asap))*\s*"
)
#: "sale_price: 10,000 <= x <= 5e7", "fee: value >= 0": a placeholder for the labelled column
_PLACEHOLDER = re.compile(
    r"^(?P<pre>\W*`?(?P<col>[A-Za-z_][\w.]*)`?\s*:\s*)(?P<a>(?:[^:\s][^:]*?(?:<=?|>=?|[\u2264\u2265])\s*)?)"
    r"(?<![\w.])(?:x|value|val|v|n)(?![\w.])(?P<b>(?:\s*(?:<=?|>=?|!=|<>|[\u2264\u2265\u2260])[^:]*)?)\s*$"
)
#: "...; otherwise it must be positive", "Else cost must be null": a rule on the rows the
#: condition just stated leaves out (read alone, "otherwise" became a column)
_OTHERWISE = re.compile(
    rf"(?is)^\W*(?:and\s+|but\s+)?(?:otherwise|else|if\s+not|in\s+all\s+other\s+cases|for\s+all\s+other\s+rows)\s*,?\s+"
    rf"(?P<main>[^;]*?\b(?:{MODAL})\b[^;]*)$"
)
_FOR_OTHER = re.compile(
    r"(?is)^\W*(?:[a-z][\w -]{0,20}?\d*\s*:\s*)?(?:for|with|on)\s+(?:any|all|every|each)\s+other\s+(?P<c>[\w«»`.]+(?:\s+[\w«»`.]+)?)s?\s*,?\s+"
    rf"(?P<main>(?:the\s+)?[\w«»`.]+\s+(?:{MODAL})\b.+)$"
)


#: "otherwise rev rec breaks", "or else the geocoder chokes": what happens when the rule fails
#: ", that's a dupe and scores 0", ", which is a sensor bug": a verdict on the bad case the rule
#: before it rules out, never a column of that rule
_VERDICT_AFTER = re.compile(
    r"(?i)^\s*(?:that'?s|thats|that\s+is|which\s+is|it'?s|its)\s+(?:(?:def|definitely|clearly|obviously|always|probably)\s+)?(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:dupe|duplicate|bug|error|mistake|typo|glitch|problem|issue|double[- ]count)s?\b"
    r"(?![^,;]*\b(?:must|should|shall|never|not|only|unless|if|when)\b)[^,;<>=]*$"
)
#: "no two rows may share (callsign, band, mode)": the bracketed columns are one key
_SHARE_KEY = re.compile(
    r"(?i)\bno\s+two\s+(?:[a-z]+\s+){0,2}?(?:(?:may|can|should|must|will|shall)\s+)?(?:ever\s+)?(?:share|have|repeat)\s+"
    r"(?:the\s+same\s+)?(?:(?:combination|tuple|pair|key)\s+(?:of\s+)?)?\(\s*(?P<l>[\w«»`]+(?:\s*,\s*[\w«»`]+)+)\s*\)"
)
_CONSEQUENCE = re.compile(
    r"(?i)^\s*(?:otherwise|or\s+else|else)\s+(?![^<>=]*[<>=])(?![^,;]*\b(?:must|should|shall|has\s+to|have\s+to|needs?\s+to)\b)"
    r"[^,;]*\b(?:breaks?|fails?|crash(?:es)?|chokes?|stops?|errors?(?:\s+out)?|blows?\s+up|goes\s+wrong|(?:is|are)\s+wrong|"
    r"will\s+\w+|won'?t\s+\w+|gets?\s+\w+|misfires?|double[- ]counts?|explodes?|dies?|hangs?)\b[^,;]*$"
)


_ALSO_VERDICT = re.compile(
    r"(?is)^(?P<a>.+?\s(?P<cop>is|are)\s+(?P<v>(?:an?\s+)?(?:data\s+errors?|bad\s+data|bugs?|errors?|invalid|impossible|wrong|"
    r"not\s+(?:allowed|ok|okay|valid|acceptable)|garbage|junk|suspicious|unacceptable)))\s*[,;]\s*(?:and\s+)?(?P<b>[^,;]+?)\s+(?:too|as\s+well|also)\W*$"
)
#: "<rule> where <condition>, and that <rule>": the condition ends at the comma, the clause
#: after it is a rule of its own
_GUARD_THEN_MORE = re.compile(
    rf"(?is)^(?!\W*(?:if|when|whenever|unless|where|fail|alert|flag)\b)(?P<a>[^;]+?\s{_COND_WORD}[^,;]+?),\s+(?:and|but)\s+(?:that\s+|also\s+)?"
    rf"(?P<b>[^,;]*?\b(?:{MODAL}|is|are)\b[^;]+)$"
)


def _and_unique_per(m: re.Match[str]) -> str:
    """A bound and a scoped key on one column, as two sentences (see `_AND_UNIQUE_PER`)."""
    subj, modal = m.group("s"), m.group("m")
    # "unique for each x" is "unique per x" (read as words, "for each" joined a made-up column)
    scoped = re.sub(r"(?i)^unique\s+for\s+(?:each|every)\s+", "unique per ", m.group("u"))
    head = f"{subj} {modal} be {m.group('a')}; " if m.group("a") else ""
    key = m.group("k")
    if key:
        cols = [c for c in re.split(r"\s*(?:\+|,|&|\band\b)\s*", key.strip()) if c]
        if subj in cols and len(cols) >= 2 and all(re.fullmatch(r"[a-z]\w*|«\d+»", c) for c in cols):
            return f"{head}({', '.join(cols)}) {modal} be unique"
        return f"{head}{subj} {modal} be {scoped} ({key})"
    return f"{head}{subj} {modal} be {scoped}"


def _has_col_and_it(m: re.Match[str]) -> str:
    """ "it" (or "the <a word of the column's name>") after the column just asked for: that
    column (see `_HAS_COL_AND_IT`); "the <other word>" is left as written."""
    col = m.group("col")
    word = m.group("w")
    if word and singular(word.lower()) not in {singular(p) for p in re.split(r"[_\s]+", col.lower()) if p}:
        return m.group(0)
    return f"{m.group('head')}{col}{m.group('sep')}{col} {'is ' if m.group('be') or m.group('be2') else ''}"


#: a comparison of a value with a number in words ("greater than 1", "at least 3", "under 7")
_WORD_COMPARISON = re.compile(
    r"(?i)\b(?:(?:greater|more|less|fewer|higher|lower|larger|smaller|bigger)\s+than|at\s+(?:least|most)|"
    r"above|below|over|under|exceeds?|exceeding)\s+-?\d"
)


#: "cut_grade filled in", "a value for cut_grade", "no cut_grade", "cut_grade is present": a
#: row condition on one column's presence (the rest of a Given / When after "<subject> has")
_PRESENT_STEP = re.compile(
    rf"(?i)^(?:(?P<c1>{IDENT})\s+(?:(?:is|are)\s+)?(?P<s1>filled(?:\s+in|\s+out)?|set|present|populated|entered|recorded|"
    r"provided|given|supplied|not\s+(?:null|empty|blank|missing))"
    rf"|(?:an?\s+|some\s+)?(?:value|entry)\s+(?:in|for)\s+(?P<c2>{IDENT})|an?\s+(?P<c3>{IDENT})|(?P<c4>{IDENT})\s+with\s+an?\s+value"
    rf"|(?P<c5>{IDENT})\s+(?:(?:is|are)\s+)?(?P<s5>missing|empty|blank|null|unset|not\s+(?:set|filled(?:\s+in)?|given|provided))"
    rf"|no\s+(?:value\s+(?:in|for)\s+)?(?P<c6>{IDENT}))$"
)
#: "When a stone has <words>": a step that states something of the rows
_ROW_HAS = re.compile(r"(?i)^(?:an?|the|every|each|any)\s+(?:[\w-]+\s+){1,3}?(?:has|have|with|where)\s+")


def _present_step(cond: str, columns: frozenset[str]) -> str | None:
    """A Given / When that asks whether one column is filled in, as "<col> is set" or "<col> is
    missing" (None when it is no such step); the column must be one of the table's, or look like
    a column name when the columns are not known."""
    m = _PRESENT_STEP.match(cond.strip())
    if not m:
        return None
    col = next(c for c in (m.group(f"c{i}") for i in range(1, 7)) if c)
    if (col.lower() not in columns) if columns else ("_" not in col):
        return None
    missing = m.group("c5") or m.group("c6")
    return f"{col} is {'missing' if missing else 'set'}"


def _step_names_column(cond: str, owned: bool, columns: frozenset[str]) -> bool:
    """Whether a Given / When step is about the rows: it names one of the table's columns (a
    name of one word only after "<subject> has", `owned`: "When the status check runs" is the
    process), or, with no columns known, "<subject> has <col_name> ..."."""
    if not columns:
        return owned and bool(re.match(r"(?i)(?:an?\s+|no\s+)?[a-z]\w*_\w+\b", cond))
    named = columns & {w.lower() for w in re.findall(r"[A-Za-z_]\w*", cond)}
    return any("_" in w or owned for w in named)


def _gherkin(text: str, context: list[str], columns: frozenset[str] = frozenset()) -> str:
    """A Gherkin scenario ("Given ... / When ... / Then ...") as the sentences it asks for:
    a Given that states a row condition guards each Then ("when <cond>, <then>"); a Given
    or When that describes the process ("the nightly load has finished", "I query the
    table") and the Scenario title are context; "Then it contains at least 1 row" is the
    table's row count and "Then it fails if ..." the bad case."""
    # a scenario with no Given: a When line (no rule of its own) right before its Then
    if not (
        # (or a Scenario title right before its Then: "Scenario: x never above y / Then ...")
        re.search(r"(?im)^\s*(?:given\b|when\b[^\n,]*\n\s*then\b|scenario(?:\s+outline)?\s*:[^\n]*\n\s*then\b)", text)
        and re.search(r"(?im)^\s*then\b", text)
    ):
        return text
    guards: list[str] = []
    thens: list[str] = []
    step = ""
    for line in text.splitlines():
        m = re.match(r"(?i)^\s*(scenario(?:\s+outline)?|feature|background|given|when|then|and|but)\b\s*:?\s*(.*)$", line)
        if not m:
            if line.strip():
                # a line with no keyword goes on the step before it ("Then x must be one of /
                # A, B, C")
                thens.append(f"\u2060{line.strip()}") if step == "then" else context.append(line.strip())
            continue
        kw, body = m.group(1).lower(), m.group(2).strip().rstrip(".")
        step = step if kw in ("and", "but") else kw
        if step in ("scenario", "scenario outline", "feature", "background"):
            context.append(line.strip())
        elif step in ("given", "when"):
            # "Given an order with status = 'X'", "When a repair order has flag = true": the
            # row condition guards each Then; "When I query the table" is the process
            cond = _ROW_HAS.sub("", body)
            present = _present_step(cond, columns)
            if present:
                # "When a stone has cut_grade filled in": the column's presence is the condition
                # (it was context, and the Then held on every row)
                guards.append(present)
            elif _ROW_CONDITION.search(cond) or _WORD_COMPARISON.search(cond):
                # "When a ride has seats greater than 2": a comparison in words is a row
                # condition too (as context it was dropped and the Then held on every row)
                guards.append(cond)
            elif _step_names_column(cond, cond != body, columns):
                # "When a stone has cut_grade polished": a condition on the rows this reader
                # cannot read (as context, the Then held on every row)
                raise QualityRequestError(
                    f"the scenario's step {line.strip()!r} reads as a condition on the rows that could not "
                    "be read; write it as 'when <column> = <value>' (or 'is set' / 'is missing'), or "
                    "'custom sql: NOT (<condition>) OR <requirement>'"
                )
            else:
                context.append(line.strip())
        elif step == "then":
            body = re.sub(r"(?i)^(?:it|the\s+(?:table|result|dataset|job|check))\s+(?:contains|has|returns)\s+", "the table must have ", body)
            body = re.sub(r"(?i)^(?:it|the\s+(?:job|check|test|dq\s+job|pipeline))\s+(?:fails|should\s+fail|must\s+fail)\s+(?=if|when)", "fail ", body)
            thens.append(body)
    if not thens:
        return text
    if len(guards) > 1:
        raise QualityRequestError(
            f"the scenario gives {len(guards)} conditions ({'; '.join(guards)}); one condition per rule, "
            "or write it as 'custom sql: NOT (<condition>) OR <requirement>'"
        )
    # one sentence a Then (a guarded line opens with "when", which a line before would take as
    # its own continuation)
    if guards:
        return "\n".join(f"when {guards[0]}, {t.lstrip(chr(0x2060))}." for t in thens)
    # each Then / And step a sentence of its own (an "And the site must ..." step, with its
    # keyword dropped, was read as the continuation of the step before: both rules went to
    # `site_id`); a line with no keyword stays the continuation it is
    out = ""
    for i, t in enumerate(thens):
        nxt = thens[i + 1] if i + 1 < len(thens) else ""
        body = t.lstrip("\u2060")
        ends = nxt and not nxt.startswith("\u2060") and not body.endswith((".", ";", ":", ","))
        out += body + ("." if ends else "") + ("\n" if nxt else "")
    return out


#: "a + b must be at most 10": a sum of columns as the subject of a rule
_SUM_SUBJECT = re.compile(
    rf"(?i)^\W*(?:the\s+)?(?P<sum>`?[a-z_]\w*`?(?:\s*\+\s*`?[a-z_]\w*`?)+)\s+(?:(?:{MODAL})|is|are|equals?|exceeds?)\b"
)
#: "for refunds, amount must be negative", "for cancelled orders, x must be null": a plural noun
#: phrase before a rule with its own subject scopes it to some rows ("for every order", "for
#: the ads pipeline", "for fct_orders" do not)
_SCOPE_FIRST = re.compile(
    r"(?i)^\W*for\s+(?!(?:every|each|all|any|the|our|this|that|these|those|now|example|instance|reference|"
    r"compliance|audit|reporting|safety|legal|security|privacy)\b)"
    r"(?P<scope>(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]{2,}(?<!ss)(?<!us)(?<!is)s)\s*,\s+"
    # "for quantities, values must be ...": the values are the scope's own
    rf"(?P<rule>(?!(?:the\s+)?(?:values?|its\s+values?|their\s+values?)\s)(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:{MODAL})\b.+)$"
)
#: "On repairs, fixed_on must be ...": where the rule runs, before a rule with its own subject
_ON_TABLE_FIRST = re.compile(
    r"(?i)^\W*on\s+(?!(?:every|each|all|any|the|our|this|that|these|those|average|top|time|date|day|days|weekdays|weekends|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|delivery|arrival|departure|insert|update|load|import|ingest|"
    r"second|first|last)\b)"
    r"(?P<scope>(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]{2,}s)\s*,\s+"
    rf"(?P<rule>(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:{MODAL})\b.+)$"
)
_EVERY_FIRST = re.compile(
    r"(?i)^\W*for\s+(?:every|each|all|any)\s+(?:[a-z][a-z-]*\s+){0,1}[a-z][a-z-]*\s*,\s+"
    rf"(?P<rule>(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:{MODAL})\b.+)$"
)
#: "also drop_zip", "same for drop_zip", "drop_zip too": the last rule on another column
_ALSO_COL = re.compile(
    r"(?i)^\W*(?:and\s+)?(?:(?:also|same\s+(?:for|goes\s+for|with)|ditto(?:\s+for)?)\s+(?:the\s+)?`?(?P<c>[a-z]\w*_\w+|«\d+»)`?"
    r"|`?(?P<c2>[a-z]\w*_\w+|«\d+»)`?\s+(?:too|as\s+well))\W*$"
)
#: a part of a sentence that states a check's bound or key (never dropped as context)
_BOUND_PART = re.compile(
    r"(?i)\b(?:between|from|within)\s+-?\d[\d,.]*\s+(?:and|to|btwand|through)\s+-?\d|\bRANGE\s+-?\d"
    r"|\b(?:at\s+(?:least|most)|GE|LE|GT|LT)\s+-?\d|\bunique\b|\bnot\s+null\b"
)


#: "also cap it at 20000", "floor qty at 0": a bound said as a command
_CAP = re.compile(
    # "temp_c: cap it at 120, floor -40": the column of the heading is "it"; a second bound
    # of the other kind after a comma makes a range
    r"(?i)^\s*(?:(?P<head>[\w«»`.]+)\s*:\s*)?(?:(?:and|also|so|then|pls|please|plz|we\s+should|let'?s)\s+)*(?:(?P<cap>cap)|(?P<floor>floor))\s+"
    r"(?:the\s+)?(?P<c>it|them|[\w«»`.]+)\s+at\s+(?P<n>-?\d+(?:\.\d+)?)"
    r"(?:\s*,\s*(?:and\s+)?(?P<kind2>cap|floor|ceiling|max|min)(?:\s+(?:it|them))?\s+(?:at\s+)?(?P<n2>-?\d+(?:\.\d+)?))?"
    r"(?P<rest>\s*(?:\(.*\))?\s*[.!]?)\s*$"
)
#: "column is energy_kwh", "the field is called cust_ref": the name of the column just meant
_COLUMN_IS = re.compile(
    r"(?i)^\s*(?:btw\s+|fyi\s+|oh\s+and\s+)?(?:the\s+)?(?:actual\s+|real\s+)?(?:col(?:umn)?|field)(?:\s+name)?\s+is\s+"
    r"(?:called\s+|named\s+|actually\s+)?`?(?P<c>[a-z_][a-z0-9_]*)`?\s*[.!]?\s*$"
)
#: words that end the noun phrase on the left of a comparison ("each", "must", "not", ...)
_NOT_NOUN = FILLERS | {"not", "no", "never", "none", "~", "may", "might", "than", "as"}


#: "x < x": one column compared with itself (a phrase read as the other side's column)
#: a column named as written (snake_case) or quoted: a part naming one is never mere context
_REQUIREMENT = re.compile(r"(?i)\b(?:needs?|requires?|must|shall|has\s+to|have\s+to)\b")
_NAMED_COLUMN = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|«\d+»")
#: a part that states a condition on the rows: a conditional opener, then a named column or a
#: comparison ("if grade is 1 or 2", "AC: when a flag_x is set"); never dropped as context
_CONDITION_PART = re.compile(
    r"(?i)\b(?:if|when|whenever|unless|provided|as\s+long\s+as|in\s+case)\b"
    r"(?=.*?(?:\b[a-z][a-z0-9]*_[a-z0-9_]+\b|«\d+»|[<>=]|\b(?:is|are)\s+(?:not\s+)?(?:true|false|null|set|filled|-?\d)))"
)
#: "(event_code = 'BR')", "(age < 18)": a condition spelled in brackets
_BRACKET_CONDITION = re.compile(r"\([^()]*?(?:[<>=]|\b(?:is|are)\s)[^()]*\)")
_SELF_COMPARISON = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\s*(?:<=|>=|<>|!=|<|>)\s*\1(?![\w.(])")


class RuleParser(CheckBuilder):
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
        self.prev_pair: list[str] = []
        self.subject_from_question = False
        #: the condition of the last rule read (its words and SQL), for "for any other X, ..."
        self.last_guard: tuple[str, str] | None = None
        self.per_entity = False
        #: the guard's SQL when the sentence just read was an "otherwise" rule
        self.otherwise_of: str | None = None

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
        refuse_event_consequence(text)
        text = rows_then_verdict(text)
        refuse_rows_only(text)
        text = list_forms(table_rule_forms(clock_runs(chat_null_forms(tag_question_rule(text, self.context)))))
        text = chat_conjunctions(chat_asides(text, self.context))
        text = split_bad_case_conjunction(text)
        text = row_count_prose(period_runs(own_practice_aside(table_headings(text, self.context), self.context)))
        text = code_runs(needed_things(always_qualifier(text)))
        if any(w in text for w in (" it ", " it'", " it\u2019", " that ", " this ", " the ")):
            # "every X needs a <col>, and it ...": "it" is <col>, resolved before "every X needs a
            # <col>" becomes "<col> must not be null" (after it, "it" went to a bracket's words)
            text = _HAS_COL_AND_IT.sub(_has_col_and_it, text)
        text = keys_in_words(that_pair(every_needs_column(verbless_matching(text))))
        text = and_never_repeat(for_filter_as_condition(apply_corrections(pronoun_is(drop_chat_fillers(text)))))
        text = verdict_clauses(both_bad_bounds(restated_bounds(context_remarks(text, self.context), self.context)))
        if "?" in text and re.search(r"(?i)\?\s*(?:and\s+)?if\s+(?:not|so|no|yes|it)\b", text):
            text = _ASKED_THEN_RULE.sub(self._asked_then_rule, text)
            text = _ASKED_RULE.sub(self._asked_rule, text)
        if '"' in text or "\u201c" in text:
            text = _QUOTED_ASK.sub(self._quoted_ask, text)
        if "?" in text and re.search(r"(?i)\bever\b", text):
            text = _ASKED_EVER.sub(self._asked_ever, text)
        text = state_and_rule(key_bracket_words(text))  # round 30a
        text = and_bracket_key(text, self.resolver.columns if self.resolver else None)  # round 32b
        text = unique_bracket_key(text, self.resolver.columns if self.resolver else None)  # round 31b
        if "unique" in text and any(w in text for w in (" per ", " within ", " for each ", " for every ")):
            text = _AND_UNIQUE_PER.sub(_and_unique_per, text)
        text = restated_key(text, self.resolver, self.context)  # round 31a
        protected, self.slots = protect(text)
        if "e" in protected or "like" in protected or "such" in protected:
            # round 32b: the values after "e.g." / "for example" / "such as" are context
            shown: list[str] = []
            protected = example_values(protected, shown)
            self.context += [self._restore(x) for x in shown]
        # round 29a: the words a person used for columns, keys and conditions (nl/colwords.py)
        protected = entity_event_column(hyphen_columns(protected, self.resolver), self.resolver)
        protected = once_per_key(spelled_conditions(protected), self.resolver)
        protected = needs_and_a_column(column_after_rule(guard_then_needs(nobody_bound_spelled(protected))))
        protected = needs_when(bracket_condition_needs(protected))  # round 32b
        table_cols = frozenset(c.lower() for c in self.resolver.columns) if self.resolver else frozenset()
        protected = _gherkin(protected, self.context, table_cols)
        # round 30a: conditions and the rules they guard (nl/conditions.py)
        protected = and_new_subject(else_branches(protected))
        if "\u2014" in protected or "\u2013" in protected:
            protected = _DASH_HEAD.sub(r"\g<head>: ", protected)
        checks: list[Check] = []
        self.header: list[list[str]] = []  # "order_id:" above a list of its checks
        # "notes may be null. amount may not.": the verb phrase an elliptical sentence leaves out
        last_vp = last_rule = ""
        n_before = 0  # where the checks of the last sentence start
        prev_start = 0  # and of the sentence before it
        if "both" in protected:
            # "end must be after start, both required": the remark on both columns is a
            # sentence of its own (read after the clause that names them)
            protected = _BOTH_AFTER_COMMA.sub("; ", protected)
        if ", and " in protected:
            protected = _HAS_TWO_AND.sub(r"\g<a>; ", protected)
        if "rows" in protected or "records" in protected:
            # "confirm zero rows where a is negative and zero rows where b is missing": two
            # checks (read as one, the second was a clause of the first's condition)
            protected = _TWO_ZERO_ROWS.sub(r"\g<a>; ", protected)
        folded: list[str] = []
        sentences = _join_verdicts(fold_chat_verdicts(split_sentences(protected), folded))
        self.context += [self._restore(x) for x in folded]
        if ", so " in protected:
            # "X above 2 million are typos, so please cap X at 2000000": the ask after "so" is a
            # sentence of its own (read as one, the verdict's bad case turned the cap over:
            # `X > 2000000`)
            sentences = [y for x in sentences for y in _SO_ASK.split(x)]
        told = [
            _TOLD.match(strip_greeting(x)) is not None and not re.search(rf"(?i)\b(?:{MODAL})\b", x)
            for x in sentences
        ]
        if any(told) and not all(told):
            # "Story: the contest only runs on six bands", "Problem: robots report impossible
            # coordinates", "Background: ...": a ticket's story, problem or background beside
            # its rules says why they are asked, never a rule (read as one, "only runs on six
            # bands" was a check on a column `contest`); alone it is still read, and one with a
            # modal ("Story: carrier must be one of ...") is read, context if it gives no check
            self.context += [self._restore(x) for x, t in zip(sentences, told, strict=True) if t]
            sentences = [x for x, t in zip(sentences, told, strict=True) if not t]
        subject = [bool(_EMAIL_SUBJECT.match(x)) for x in sentences]
        if any(subject) and not all(subject):
            # "Subject: discard reasons", "Subject: purge old rows": an email's subject line is
            # its title, never an ask to change the data (it refused the whole email) nor a rule
            self.context += [self._restore(x) for x, t in zip(sentences, subject, strict=True) if t]
            sentences = [x for x, t in zip(sentences, subject, strict=True) if not t]
        for k, sent in enumerate(sentences):
            self._tick(sent)
            sent = table_after_checks(strip_tag_question(strip_greeting(sent)))
            m = _SECTION_LABEL.match(sent) if re.search(r"(?i)runbook|playbook|procedure|checklist|sop|manual|section|step|part|stage|\u00a7", sent) else None
            if m:
                self.context.append(self._restore(sent[: m.end()]).strip(" :"))
                sent = sent[m.end() :]
            if SCHEDULE.match(sent):
                # "Run after the 02:00 load.": when the checks run, not a check
                self.context.append(self._restore(sent))
                continue
            sent = self._scope(sent)
            cap = _CAP.match(sent) if ("cap" in sent.lower() or "floor" in sent.lower()) else None
            if cap and cap.group("head") and cap.group("c").lower() not in ("it", "them"):
                cap = None  # "note: cap fee at 50": the heading is not the subject
            if cap and cap.group("kind2"):
                low2 = cap.group("kind2").lower() in ("floor", "min")
                if low2 == bool(cap.group("floor")):
                    cap = None  # "cap it at 5, max 9": two bounds of one kind, not read
            if cap:
                # "also cap it at 20000", "cap fee at 50": an inclusive bound
                col = cap.group("head") if cap.group("head") else cap.group("c")
                if cap.group("kind2"):
                    lo, hi = (cap.group("n"), cap.group("n2")) if cap.group("floor") else (cap.group("n2"), cap.group("n"))
                    sent = f"{col} must be between {lo} and {hi}{cap.group('rest')}"
                else:
                    sent = f"{col} must be {'at least' if cap.group('floor') else 'at most'} {cap.group('n')}{cap.group('rest')}"
            vp = re.match(rf"(?i)^\s*[\w\s]+?\s+{MODAL}\s+(?!not\b)(?P<vp>be\s+.+)$", sent)
            ellipsis = re.match(
                rf"(?i)^\s*(?P<subj>[\w\s]+?)\s+(?P<modal>{MODAL})\s*(?:not|n't|nt)\s*$", sent
            )
            if ellipsis and last_vp:
                sent = f"{ellipsis.group('subj')} must not {last_vp}"
            also = _ALSO_COL.match(sent)
            if also:
                # "pickup_zip must be 5 digits. also drop_zip", "same for drop_zip", "drop_zip
                # too": the rule just stated, on the named column (it was dropped as context)
                # one rule only: after "qty must be positive and sku unique", "also x" is ambiguous
                if not last_rule or len(split_clauses(f"x {last_rule}")) != 1:
                    raise QualityRequestError(
                        f"{self._restore(sent)!r}: which rule does this apply to? state it, e.g. "
                        f"'{self._restore(also.group('c') or also.group('c2'))} must not be null'"
                    )
                sent = f"{also.group('c') or also.group('c2')} {last_rule}"
            rule = re.search(rf"(?i)(?:^|\s)[\w«»`]+\s+(?P<r>(?:{MODAL})\s+[^;]+)$", sent)
            last_rule = rule.group("r") if rule else ""
            last_vp = vp.group("vp") if vp else ""
            if (
                re.search(r"(?i)\(|\b(?:after|before|following|prior\s+to)\b", sent)
                and (
                    (sent.endswith(":") and not re.search(rf"(?i)\b(?:{MODAL})\b|[<>=\u2264\u2265\u2260«\d]", sent))
                    or (
                        re.match(r"\s*#{1,6}\s", sent)
                        and not re.search(rf"(?i)\b(?:{MODAL})\b|[<>=\u2264\u2265\u2260]", sent)
                    )
                )
            ):
                # "Validation (run after ingest):", "Checks once the backfill is done:", a
                # markdown "### Checks before promoting `dim_x`": a heading that says when the
                # checks below run ("run after ingest" read as an order of two made-up columns)
                self.context.append(self._restore(sent))
                continue
            ph = _PLACEHOLDER.match(sent) if ":" in sent else None
            if ph and (ph.group("a") or ph.group("b")):
                sent = f"{ph.group('a')}{ph.group('col')}{ph.group('b')}"
            if is_sql_noise(sent) or is_chatter(sent):
                log.warning(
                    "quality request: ignored a fragment that is not a check: %r", sent[:80]
                )
                self.ignored.append(f"{self._restore(sent)[:200]} (not a check)")
                continue
            manage = _MANAGE_CHECK.search(sent) if _MANAGE_VERB.search(sent) else None
            if manage:
                # "remove the old uniqueness check and ...": a change to the checks, never a
                # data rule (read as one, its words made a column: `unique(remove_old)`); the
                # rest of the sentence is read on its own
                part = self._restore(manage.group("part")).strip()
                if self.strict:
                    raise QualityRequestError(
                        f"{part[:120]!r} asks to change the checks, not what the data must hold; "
                        "remove or disable checks where they are kept (the suite, the DAG), and state "
                        f"the rules that must hold here; {ACCEPTED_FORMS}"
                    )
                log.warning("quality request: ignored %r (a change to the checks, not a data rule)", part[:80])
                self.ignored.append(f"{part[:200]} (a change to the checks, not a data rule)")
                sent = (sent[: manage.start()] + sent[manage.end() :]).strip(" ,;.:")
                sent = re.sub(r"(?i)^(?:and|then|also|but|plus|so)\s+", "", sent)
                if not sent:
                    continue
            if _DELETE_ASK.match(_LABEL_HEAD.sub("", sent, count=1)):
                # "delete rows where amount < 0", "please purge the duplicates": a change to
                # the data, never a check (read as one, the rows to delete were the rule)
                raise QualityRequestError(
                    f"{self._restore(sent)[:120]!r} asks to change the data; a data check only "
                    "reads it: state what must hold instead, e.g. 'amount must be at least 0'"
                )
            if len(sent) > MAX_SENTENCE_CHARS:
                raise QualityRequestError(
                    f"the sentence {self._restore(sent)[:80]!r}... is over {MAX_SENTENCE_CHARS} "
                    "characters; one check per sentence, please"
                )
            named = _COLUMN_IS.match(sent) if checks else None
            if named:
                # "... kwh is between 0 and 1e4? column is energy_kwh": the name of the column
                # the rule just read was about; one column only, else it is ambiguous
                checks[n_before:] = self._rename(checks[n_before:], named.group("c"), sent)
                continue
            prev_start, n_before = n_before, len(checks)
            if (restates(sent) or is_remark(sent)) and checks:
                # "...; please validate them": the check just read, asked for again
                self.context.append(self._restore(sent))
                continue
            if is_narrative(sent) or not_asked(sent):
                # "A handful came through blank last month": what happened, not a check;
                # "there is no need to check it", "X is out of scope": what is not asked
                self.context.append(self._restore(sent))
                continue
            if "no two" in sent.lower():
                # (read at its commas, the key's columns were clauses of their own)
                sent = _SHARE_KEY.sub(
                    lambda m: "the combination of " + " and ".join(x.strip() for x in m.group("l").split(",")) + " must be unique",
                    sent,
                )
            edges = re.split(r",\s+", sent)
            if len(edges) > 1 and (
                is_report(edges[-1]) or _CONSEQUENCE.match(edges[-1]) or _VERDICT_AFTER.match(edges[-1]) or not_asked(edges[-1])
            ):
                # "a + b should be unique in t, we keep getting dupes from the replay", "...,
                # otherwise rev rec breaks": a report or a consequence after the rule
                self.context.append(self._restore(edges[-1]))
                sent = ", ".join(edges[:-1])
            elif len(edges) > 1 and is_report(edges[0]):
                self.context.append(self._restore(edges[0]))
                sent = ", ".join(edges[1:])
            dash = re.split(r"\s[\u2014\u2013]\s|\s-\s", sent) if ("\u2014" in sent or "\u2013" in sent or " - " in sent) else []
            if len(dash) > 1 and (ON_THE_RULE.match(dash[-1]) or (is_narrative(dash[-1]) and not is_narrative(sent[: -len(dash[-1])]))):
                # "x can't be above 120 \u2014 anything over that is a sensor glitch": a remark on
                # the rule just stated, after a dash; or what happened ("... \u2014 the dupes came
                # from the 2019 merge")
                self.context.append(self._restore(dash[-1]))
                sent = sent[: len(sent) - len(dash[-1])].rstrip(" -\u2014\u2013")
            elif len(dash) > 1 and _PHRASE_AFTER_DASH.match(dash[-1]) and _NAME_BEFORE_DASH.search(sent[: -len(dash[-1])]):
                # round 32a: "due_on must be after placed_on \u2014 a job can't be due the day it
                # is booked": a dash between spaces after a column name and before a phrase is
                # punctuation, never a minus ("placed_on - a"); a remark that states nothing is
                # context, anything else a sentence of its own (read, or refused, never dropped)
                tail = dash[-1]
                sent = sent[: len(sent) - len(tail)].rstrip(" -\u2014\u2013")
                if _DASH_REMARK.match(tail):
                    self.context.append(self._restore(tail))
                else:
                    sentences.insert(k + 1, tail)
            if "ever" in sent:
                # "shouldn't ever be below 0", "must not ever exceed": one negation, "never"
                sent = _NOT_EVER.sub(r"\1 never", sent)
            m = _STEP_TAIL.search(sent) if "then" in sent else None
            if m and m.start() > 0:
                # "..., then move on to step 5": the next step of a runbook, not a rule
                self.context.append(self._restore(sent[m.start() :]).strip(" ,."))
                sent = sent[: m.start()]
            m = _CHECK_STATE_LEAD.match(sent) if ("when" in sent.lower() or "if" in sent.lower()) else None
            if m and m.end() < len(sent):
                # "when the payouts check goes red, ...": when someone reads on, not a condition
                self.context.append(self._restore(sent[: m.end()]).strip(" ,"))
                sent = self._scope(sent[m.end() :])
            m = _REJECTS_ROWS.match(sent) if "rows" in sent or "records" in sent or "entries" in sent else None
            if m:
                # "the nightly import must reject rows where ...": what the process does is the
                # bad case; its name is context
                self.context.append(self._restore(sent[: m.start("v")]).strip())
                sent = sent[m.start("v") :]
            m = _FRESH_MONITOR.match(sent) if "reshness" in sent else None
            if m:
                # "if nothing new lands in ts for 10 minutes, page #ops": the action after its
                # condition, read as the action before it
                back = _FRESH_ACTION_AFTER.match(m.group("rest"))
                if back:
                    sent = f"{sent[: m.start('rest')]}{back.group('v')} if {back.group('body')}{back.group('end')}"
                    m = _FRESH_MONITOR.match(sent)
            f = (_FRESH_THRESHOLD.match(m.group("rest")) or _FRESH_NOTHING_NEW.match(m.group("rest"))) if m else None
            if m and (f or _FRESH_WORD.search(m.group("rest"))):
                # "add an MC freshness rule on t: field ts, threshold 2 hours", "freshness on
                # t - ts no older than 5 min": the table is context, the rule is on the column
                self.context.append(self._restore(sent[: m.start("rest")]).strip(" :,-—–"))
                rest = m.group("rest")
                if f:
                    g = {k: v for k, v in f.groupdict().items() if v is not None}
                    rest = (
                        f"{g.get('c') or g.get('c2')} must be no older than {g.get('n') or g.get('n2')} "
                        f"{g.get('u') or g.get('u2')}{g.get('end') or g.get('end2') or ''}"
                    )
                sent = rest
            m = _BAD_NOT_LIST.match(sent) if ("not" in sent or "n't" in sent or "never" in sent) else None
            if m:
                # "alert when tier isn't GOLD, SILVER or BRONZE": the bad case is a value outside
                # the list (the list was split at its commas)
                vals = re.sub(r"\s*/\s*", ", ", m.group("vals"))
                sent = f"{m.group('head')}is not one of {vals}{m.group('end')}"
            perm = permission_after(sent)
            if perm:
                sent = self._permission_after(perm, checks[prev_start:n_before], checks[:n_before])
                if not sent:
                    continue
            try:
                self.otherwise_of = None
                got = self._directive(sent)
                if self.otherwise_of and len(got) == 1 and n_before > 0:
                    got = self._either_way(checks, got[0], self.otherwise_of)
                checks.extend(one_guard(got))
            except QualityRequestError as exc:
                head = sent[: len(sent) - len(dash[-1])].rstrip(" -\u2014\u2013") if len(dash) > 1 else ""
                if head and _DASH_REMARK.match(dash[-1]):
                    # "<rule> \u2014 zero-length games are bots": a remark after a dash that states
                    # nothing (no modal, negation, number, column or value), when the rule before
                    # it reads on its own
                    try:
                        got = self._directive(head)
                    except QualityRequestError:
                        got = []
                    if got:
                        self.context.append(self._restore(dash[-1]))
                        checks.extend(got)
                        continue
                if self._soft(sent, protected) or (len(sentences) > 1 and _TOLD.match(sent)):
                    # a ticket title ("DATA-1423: Validate vitals feed"), a heading ("Checks
                    # before publishing the rate card:") or a user story above acceptance
                    # criteria: it states no check itself; if nothing else does, the request
                    # still raises below
                    self.context.append(self._restore(sent))
                    if _QUESTION.match(sent):
                        self._question_subject(sent)
                    continue
                if self.strict:
                    raise
                log.warning("quality request: ignored %r (%s)", self._restore(sent)[:80], exc)
                self.ignored.append(f"{self._restore(sent)[:200]} ({str(exc)[:200]})")
        if not checks:
            allowed = [c for c in self.context if c.startswith("allowed, no check")]
            if allowed:
                raise QualityRequestError(
                    f"{text.strip()[:200]!r} only says what is allowed, so there is no check to "
                    f"run; state what must hold; {ACCEPTED_FORMS}"
                )
            raise QualityRequestError(
                f"could not read any data check in {text.strip()[:200]!r}; {ACCEPTED_FORMS}"
            )
        kinds = {c.kind for c in checks}
        for remark in self.context:
            text = remark.removeprefix("allowed, no check: ")
            kind = permission_exception(text) if _PERMISSION_CUE.search(text) else None
            if kind in kinds:
                # "x must not be null; nulls are fine for kilns under maintenance": the
                # permission is an exception to the rule (dropped, the check would reject the
                # rows it allows)
                raise QualityRequestError(
                    f"{text[:120]!r} makes an exception to a {kind} check for some rows, and no column "
                    "says which; write it as 'when <col> is <value>, <rule>' or 'custom sql: ...'"
                )
        return merge_checks(checks)

    def _permission_after(self, perm: tuple[str | None, str, str], last: list[Check], earlier: list[Check]) -> str:
        """The rule of a sentence that ends in a permission for some rows (the permission is
        context), or "" when the sentence is the permission alone. After a conditional rule
        ("x between 1 and 9 when C, anything goes otherwise", "x required on closed ones (C),
        open ones can be blank") it is the rows the condition leaves out, which the check
        already passes. A missing value is allowed beside a value, range or format check
        (they pass a NULL); beside a not-null check of every row, or "anything goes" beside an
        unconditional rule, it is an exception no check here states: refused."""
        rule, tail, kind = perm
        before = last if rule is None else []  # a permission alone is on the sentence before
        conditional = (
            bool(RULE_CONDITION.search(rule))
            if rule is not None
            else bool(before) and all(c.kind == "custom_sql" for c in before)
        )
        if rule is None:
            before = earlier  # what it allows may be missing in any column read so far
        else:
            try:
                saved = list(self.context)
                before = self._directive(rule)
            except QualityRequestError:
                return f"{rule}, {tail}"  # the rule is not read: left to the grammar as it was
            finally:
                self.context[:] = saved
        if not conditional and (kind == "any" or any(c.kind == "not_null" for c in before)):
            raise QualityRequestError(
                f"{self._restore(tail)[:120]!r} makes an exception to the rule for some rows, and no column "
                "says which; write it as 'when <col> is <value>, <rule>' or 'custom sql: ...'"
            )
        self.context.append(f"allowed, no check: {self._restore(tail)}")
        return rule or ""

    def _scope(self, sent: str) -> str:
        """The sentence without a lead-in saying where or from when its rules apply (context)."""
        for _ in range(2):  # "Hello, going forward, for the audit extract: ..."
            lead = scope_lead(sent)
            if not lead or not lead[1].strip():
                break
            self.context.append(self._restore(lead[0]))
            sent = lead[1]
        m = _COL_ON_TABLE.match(sent) if " on " in sent else None
        if m and (self.resolver is None or self.resolver.resolve([m.group("t").lower()]) is None):
            # "price on wash_tickets is never negative": the table the column is in (read as a
            # subject, the table's name was the column: `wash_tickets >= 0`)
            self.context.append(self._restore(m.group("on").strip()))
            sent = sent[: m.start("on")] + sent[m.end("on") :]
        return sent

    def _quoted_ask(self, m: re.Match[str]) -> str:
        """The rule a question quotes, as a sentence of its own (the question is context)."""
        self.context.append(m.group(0).strip())
        rule = m.group("rule").strip().rstrip(".")
        return f"{rule}. "

    def _asked_then_rule(self, m: re.Match[str]) -> str:
        """The rule asked for after a question about the data, on the column it names."""
        self.context.append(f"{m.group('q').strip()} {m.group('mid').strip()}")
        subj, rule = m.group("subj").strip("`"), m.group("rule").strip()
        if _BACK_REFERENCE.fullmatch(rule):
            # "is x ever anything but A / B? if not lets enforce only those two": the rule is
            # the one the question states (its values, or the negation of its bad case)
            said = _ASKED_RULE.sub(self._asked_rule, f"{m.group('q').strip()} if so add a check.")
            self.context.pop()
            return said
        verb = re.match(r"(?i)(?P<v>caps|keeps|holds)\s+(?:it|them)\s+(?P<rest>.+)$", rule)
        if verb:
            # "add a check that caps it at 400", "... that keeps it under 9": the rule on "it"
            state = "be capped" if verb.group("v").lower() == "caps" else "be"
            return f"{subj} must {state} {verb.group('rest')}."
        if m.group("set"):  # "enforce 1..98", "lock it down to 1..5": the values it may take
            return f"{subj} must be {rule}."
        return f"{subj} {rule}."  # "add a check it stays between 6 and 9"

    def _asked_ever(self, m: re.Match[str]) -> str:
        """A question whether the bad case ever happens: the check is its negation."""
        subj, cop, pred = m.group("subj").strip("`"), m.group("cop").lower(), m.group("p").strip()
        self.context.append(m.group(0).strip())
        if re.match(r"(?i)anything\s+(?:but|besides|other\s+than|except|apart\s+from)\s", pred):
            if cop in ("does", "do"):
                return m.group(0)  # "does x ever say anything but ...": left as written
            return f"{m.group('lead')}{subj} {cop} never {pred}."
        if cop in ("does", "do"):
            # "does x ever go below 0?": the verb after "ever" in the third person
            verb, _, rest = pred.partition(" ")
            if not re.fullmatch(r"(?i)(?:go|drop|fall|exceed|hit|reach|dip|climb|rise|get)", verb):
                self.context.pop()
                return m.group(0)
            pred = f"{verb}{'es' if verb.lower() in ('go',) else 's'} {rest}".strip()
            return f"{m.group('lead')}flag rows where {subj} {pred}."
        return f"{m.group('lead')}flag rows where {subj} {cop} {pred}."

    def _asked_rule(self, m: re.Match[str]) -> str:
        """The rule a question proposes ("do we have a check that R? if not pls add": R)."""
        self.context.append(m.group(0).strip())
        if m.group("cop"):
            pred = m.group("pred").strip()
            ever = re.match(r"(?i)(?:ever|sometimes|ever\s+actually)\s+(?P<p>.+)$", pred)
            other = re.match(r"(?i)(?:ever|sometimes)\s+(?P<p>anything\s+(?:but|besides|other\s+than|except|apart\s+from)\s+.+)$", pred)
            if other:
                # "is x ever anything besides A / B? if not lets lock it down": the values it may take
                return f"{m.group('subj').strip('`')} {m.group('cop')} never {other.group('p')}."
            if ever:
                # "is fret_count ever above 24? if so add a check": the question asks whether
                # the bad case happens; the check is its negation (read as the rule, the bad
                # case was the check: `fret_count > 24`)
                return f"flag rows where {m.group('subj').strip('`')} {m.group('cop')} {ever.group('p')}."
            only = re.match(r"(?i)only\s+(?:ever\s+)?(?P<p>.+)$", pred)
            if only:  # "is x only ever true/false? if so add a check": the values it may take
                listed = re.match(r"(?i)(?:one|any)\s+of\b", only.group("p"))
                return f"{m.group('subj').strip('`')} must {'' if listed else 'only '}be {only.group('p')}."
            return f"{m.group('subj').strip('`')} {m.group('cop')} {pred}."
        return f"{(m.group('rule') or m.group('rule2')).strip()}."

    @staticmethod
    def _either_way(checks: list[Check], other: Check, guard: str) -> list[Check]:
        """ "when C, A; otherwise B": one check "(C AND A) OR (NOT C AND B)" when the rule
        before was read as "NOT C OR A" (else the two checks stay apart, as read)."""
        prev = checks[-1]
        g = f"coalesce({guard}, FALSE)"
        a = (prev.condition or "").removeprefix(f"NOT {g} OR ")
        b = (other.condition or "").removeprefix(f"{g} OR ")
        if prev.kind != "custom_sql" or other.kind != "custom_sql" or a == prev.condition or b == other.condition:
            return [other]
        cols = list(dict.fromkeys([*prev.columns, *other.columns]))
        checks.pop()
        return [Check(kind="custom_sql", columns=cols, condition=f"({g} AND {a}) OR (NOT {g} AND {b})")]

    def _rename(self, last: list[Check], name: str, sent: str) -> list[Check]:
        cols = {c for chk in last for c in chk.columns}
        if len(cols) != 1 or not last:
            raise QualityRequestError(
                f"{self._restore(sent)!r}: which column of the rule before is meant? name it in the rule"
            )
        new = name.lower()
        if self.resolver and self.resolver.resolve([new]) != new:
            raise QualityRequestError(f"{self._restore(sent)!r}: {new} is not a column of the table")
        old = cols.pop()
        return [
            chk.model_copy(
                update={
                    "columns": [new],
                    "condition": re.sub(rf"\b{re.escape(old)}\b", new, chk.condition)
                    if chk.condition
                    else chk.condition,
                }
            )
            for chk in last
        ]

    def _soft(self, sent: str, request: str) -> bool:
        """A sentence that frames the checks below it rather than stating one: a title line
        (ticket id or heading ending with ':') with no predicate, number or literal, or a user
        story in a request that has acceptance criteria of its own."""
        if (USER_STORY.match(sent) or USER_STORY.match(_LABEL_ID.sub("", sent).lstrip())) and _AC_SECTION.search(request):
            # ("ICE-7: As the ... I want ...": the story after its ticket key)
            return True
        if is_report(sent):
            return True  # "dupes again in ad_spend": a report that cannot be read
        if _QUESTION.match(sent) and re.search(re.escape(sent.strip().rstrip("?")) + r"\s*\?", request):
            # "does the dob column need a check?", "did we ever add the freshness check on
            # X?", "who owns dim_store?": a question about the checks, not one asked for
            return True
        if not (_TITLE.match(sent) or sent.rstrip().endswith(":")):
            return False
        if re.search(r"\d|«", _LABEL_ID.sub("", sent)) or re.search(rf"(?i)\b(?:{MODAL}|never|only|not|no)\b", sent):
            return False
        if sent.rstrip().endswith(":"):
            return True  # a heading: "Checks before publishing the rate card:"
        preds, _ = find_predicates(canonical(_LABEL_ID.sub("", sent)))
        return not preds

    def _motivation(self, sent: str) -> bool:
        """Why the writer asks, in the first person or as a verdict on a case just stated ("We
        cannot bill a client with a lapsed licence", "the docks on our canal can't take
        anything wider", "that can't be right", "that's impossible"): context, though it has a
        strong cue, when it names no column, value or number and no word a rule is made of."""
        if not _MOTIVATION.match(sent) or _RULE_WORD.search(sent) or re.search(r"\d|«|[a-z]\w*_\w", sent):
            return False
        if self.resolver is not None:
            words = set(re.findall(r"[a-z]+", sent.lower()))
            if any(c.lower() in words for c in self.resolver.columns):
                return False
        return True

    def _shape_of_named_column(self, sent: str) -> bool:
        """A part that names a column and describes the shape of its values ("tyre_size looks
        like 205/55R16 (3 digits, slash, ...)", "language_code is a 2 or 3 letter lowercase
        code"): a rule the parser could not read, never context to drop."""
        if is_narrative(sent) or not _SHAPE_WORDS.search(sent):
            return False
        names = re.findall(r"\b[a-z]\w*_\w+\b", sent)
        if self.resolver is not None:
            cols = {c.lower() for c in self.resolver.columns}
            names = [n for n in names if n.lower() in cols]
        return bool(names)

    def _directive(self, sent: str) -> list[Check]:
        """The checks of one sentence; a sentence (or a comma-separated part of one) that gives
        no check and has no directive cue is context ("The dataset is delivered hourly",
        "..., thats a bug if so"); a directive that is not understood still raises."""
        try:
            return self._sentence(sent)
        except QualityRequestError:
            if _CUSTOM.match(sent) or _SCOPE_FIRST.match(sent) or ROW_SCOPE_BEFORE_VERB.match(sent.lstrip()):
                raise  # a condition the user wrote, or a scope, is never trimmed
            if is_context(sent):
                if self._shape_of_named_column(sent):
                    raise
                self.context.append(self._restore(sent))
                # "Dimension tracking on the sales channel field; alert if ...": the one column
                # a remark names is what "it" refers to next
                self._question_subject(sent, answer=False)
                return []
            if self._motivation(sent):
                self.context.append(self._restore(sent))
                return []
            tail = _CATCH_IT.search(sent)
            if tail and tail.start() > 0:
                # "x under 2 is junk so flag it pls", "..., so catch them": the bad case, then
                # the ask to catch it; the sentence before it is read whole
                try:
                    checks = self._sentence(sent[: tail.start()])
                except QualityRequestError:
                    checks = []
                if checks:
                    self.context.append(self._restore(tail.group(0).strip(" ,")))
                    return checks
            parts = [
                strip_tag_question(p)
                for p in re.split(
                    rf"\s*(?:,|\s[\u2014\u2013]\s|\s-\s|\s(?:and|but|so)\s(?=(?:{MODAL})\b))\s*",
                    sent,
                )
                if p.strip()
            ]
            keep = [
                p
                for p in parts
                if not is_context(p) and not restates(p) and not _PERMISSION.search(p.strip(" .;"))
            ]
            if not keep and all(
                (not has_strong_cue(p) or asks_on_table(p) or is_narrative(p)) and not _BOUND_PART.search(p) for p in parts
            ):
                # "After last week's sale, in which two lots went out with the same VIN, we'd
                # like some guard rails on auction_lots": a story and an ask on a table, each
                # part context (the rules come in the next sentences)
                self.context.append(self._restore(sent))
                return []
            if not keep or len(keep) == len(parts):
                raise
            if any(p.count("(") != p.count(")") and re.search(r"[a-z]\w*_\w|«", p) for p in parts if p not in keep):
                # "(genus_code, accession_no) has to be unique — <remark>": a part cut inside a
                # bracket that names a column is half a list, never context to drop (it lost a
                # key's column)
                raise
            if any(
                _LIST_OPEN.search(p) and i + 1 < len(parts) and parts[i + 1] not in keep
                for i, p in enumerate(parts)
            ):
                # "country is one of US, CA, MX - ...": the parts after a list opener are its
                # values, never context to drop
                raise
            if any(
                p not in keep and not restates(p) and not is_narrative(p) and _BOUND_PART.search(p)
                for p in parts
            ):
                # "..., interest rate from 0 to 36, and ...": a part that states a bound or a
                # key is a check the parser could not place, never context to drop
                raise
            if any(p not in keep and _CONDITION_PART.search(p) and not is_narrative(p) for p in parts):
                # "AC: if grade is 1 or 2, x must be filled in": a condition the rule could not
                # take is refused with it, never dropped (the rule alone admits every row)
                raise
            if any(p not in keep and else_part_unread(p) for p in parts) and (
                _CONDITION_PART.search(sent) or _BRACKET_CONDITION.search(sent)
            ):
                # "..., everything else half that": the rule on the other rows could not be read;
                # refused with the sentence, never dropped (the rows it is about went unchecked)
                raise
            if self._dropped_rule(parts, keep):
                raise
            rest = ", ".join(keep)
            # a restated request ("add a dbt_expectations test for it") names no column "it"
            # could refer to
            dropped = " ".join(p for p in parts if p not in keep and not restates(p))
            names = set(re.findall(r"«\d+»|\b[a-z]\w*_\w+\b", dropped))
            if len(names) == 1:  # "the pct_complete col has values like 140, its a ...": "it"
                name = names.pop()
                self.prev_subject = [self._slot_text(name) if name.startswith("«") else name]
                if re.match(rf"(?i)\s*(?:{MODAL})\b", rest):
                    # "X is stored as a percentage and should be ...": the subject of the remark
                    rest = f"{name} {rest}"
            checks = self._sentence(rest)
            self.context += [self._restore(p) for p in parts if p not in keep]
            return checks

    def _dropped_rule(self, parts: list[str], keep: list[str]) -> bool:
        """Whether a part about to be dropped as context names a column and reads as a rule alone.

        "spins need a station_id, and isrc is 12 chars — <description>": the first part was
        taken for context (no strong cue) and its not-null silently lost.
        """
        saved = (self.prev_subject, self.prev_pair, self.last_guard, self.per_entity, len(self.context))
        try:
            for p in parts:
                if p in keep or restates(p) or is_narrative(p) or not _NAMED_COLUMN.search(p):
                    continue
                try:
                    if self._sentence(p):
                        return True
                except QualityRequestError:
                    # "every x needs a plate_number" (not read): a requirement on a named column
                    if _REQUIREMENT.search(p) and not _PERMISSION.search(p.strip(" .;")):
                        return True
            return False
        finally:
            self.prev_subject, self.prev_pair, self.last_guard, self.per_entity, n = saved
            del self.context[n:]

    def _sentence(self, raw: str) -> list[Check]:
        """The checks of one sentence: its frame (polarity, condition, context), then its core."""
        low = raw.lower()
        if low.lstrip(" -*\u2022").startswith("custom sql:"):
            # "custom sql: a IS NULL OR b > 2" (written, or built from a pasted spec): SQL, never
            # prose; the frame's rewrites ("x is either null or ...") changed its meaning
            return [self._custom(self._sql_text(raw.split(":", 1)[1]))]
        also = _ALSO_VERDICT.match(raw) if re.search(r"(?:too|as well|also)\W*$", low) else None
        if also:
            # "weights over 30 are data errors, weights under 0.1 too": the verdict again
            return self._sentence(also.group("a")) + self._sentence(
                f"{also.group('b')} {also.group('cop')} {also.group('v')}"
            )
        # (cheap tests first: both need a comma before "and" / "but")
        own = (
            (_OWN_GUARD.match(raw) or _GUARD_THEN_MORE.match(raw) or _AND_IF.match(raw))
            if (", and " in low or ", but " in low)
            else None
        )
        if own:
            # "spend can't be negative, and cpm must be > 0 whenever impressions > 0": the
            # condition after the last clause is that clause's own, never the first one's
            return self._sentence(own.group("a")) + self._sentence(own.group("b"))
        every = _EVERY_FIRST.match(raw)
        if every:
            # "for every parcel, fee_usd must be positive": every row, no condition (it gave
            # an extra check on `parcel`)
            self.context.append(self._restore(raw[: every.start("rule")].strip(" ,")))
            raw = every.group("rule")
        on = _ON_TABLE_FIRST.match(raw) if re.match(r"(?i)\W*on\s", raw) else None
        if on:
            # round 32a: "On repairs, fixed_on must be after booked_on": where the checks run
            # (as "on the repairs table," says), never a column (it gave `repair > booked_on`
            # beside the rule); a flag column of that name is the condition (as after "for")
            word = singular(on.group("scope").split()[-1].lower())
            flag = None
            if self.resolver is not None and len(on.group("scope").split()) == 1:
                try:
                    flag = self.resolver.resolve(["is", word])
                except QualityRequestError:
                    flag = None
            if flag:
                raw = f"when {flag} is true, {on.group('rule')}"
            else:
                self.context.append(self._restore(raw[: on.start("rule")].strip(" ,")))
                raw = on.group("rule")
        scope = _SCOPE_FIRST.match(raw)
        if scope:
            # "for refunds, amount must be negative": the rule holds on some rows only (it gave
            # a made-up check `refund < 0` beside it, or held on every row); a flag column of
            # that name is the condition, else the scope cannot be read
            word = singular(scope.group("scope").split()[-1].lower())
            flag = None
            if self.resolver is not None and len(scope.group("scope").split()) == 1:
                try:
                    flag = self.resolver.resolve(["is", word])
                except QualityRequestError:
                    flag = None
            if not flag:
                raise QualityRequestError(
                    f"{self._restore(raw)!r}: 'for {self._restore(scope.group('scope'))}' limits the rule to some "
                    "rows, and no column says which; write it as 'when <col> is <value>, <rule>'"
                )
            raw = f"when {flag} is true, {scope.group('rule')}"
        otherwise = _OTHERWISE.match(raw) if re.search(r"(?i)otherwise|else|if not|other", raw) else None
        if otherwise:
            if not self.last_guard:
                raise QualityRequestError(
                    f"{self._restore(raw)!r}: 'otherwise' refers to a condition that was not stated just before; "
                    "write it as 'unless <col> is <value>, <rule>'"
                )
            self.otherwise_of = self.last_guard[1]
            raw = f"{otherwise.group('main')} unless {self.last_guard[0]}"
        other = _FOR_OTHER.match(raw)
        if other:
            # "If method = 'card' then card_last4 is required. For any other method card_last4
            # must be NULL": the rows the previous condition leaves out
            if not self.last_guard or self._column(other.group("c").split(), raw) not in self.last_guard[1]:
                raise QualityRequestError(
                    f"{self._restore(raw)!r}: 'any other' refers to a condition that was not stated just before; "
                    "write it as 'unless <col> is <value>, <rule>'"
                )
            raw = f"{other.group('main')} unless {self.last_guard[0]}"
        m = ROW_SCOPE_BEFORE_VERB.match(raw.lstrip()) if raw.lstrip()[:4].lower() == "for " else None
        if m:
            # "For refunds, please check that ...": rows the check holds on, not read as a
            # condition (read on, the scope became a check of its own)
            raise QualityRequestError(
                f"{self._restore(m.group(0)).strip(' ,')!r} names the rows the check holds on; write it as "
                f"'when <col> is <value>, <rule>'; {ACCEPTED_FORMS}"
            )
        try:
            frame = read_frame(raw, schema=self.resolver is not None)
        except AggregateRuleError as exc:
            raise QualityRequestError(
                f"{self._restore(str(exc))!r} is about an aggregate (an average, a deviation, a "
                "change over time); no data check kind says that: checks are per row, row "
                f"counts, freshness or uniqueness; {ACCEPTED_FORMS}"
            ) from None
        except UnreadRuleError as exc:
            raise QualityRequestError(
                f"could not read {self._restore(str(exc))!r}; write it as 'custom sql: <boolean expression>'; "
                f"{ACCEPTED_FORMS}"
            ) from None
        except UnreadAlertError as exc:
            raise QualityRequestError(
                f"{self._restore(str(exc))!r} asks for an alert in words that were not understood; "
                "write the bad case as 'alert if <condition>' or the rule that must hold; "
                f"{ACCEPTED_FORMS}"
            ) from None
        for remark in frame.context:
            log.info("quality request: %r is context, not a check", remark)
            self.context.append(self._restore(remark))
        if frame.permission:
            # "Field ata may be null; if populated it must ...": the column a pronoun refers to
            self._remember_subject(frame.core)
            return []
        core = frame.core
        m = _SUM_SUBJECT.match(core) if "+" in core else None
        if m:
            # "net_amt + tax_amt must be at most 10": a sum is no column (it gave a made-up
            # `net_amt_tax_amt`, or only the last term); a key of several columns said with "+"
            # is read before this ("a + b must be unique")
            raise QualityRequestError(
                f"{self._restore(core)!r}: {self._restore(m.group('sum'))!r} is a sum, not a column; write it as "
                f"'custom sql: <boolean expression>'; {ACCEPTED_FORMS}"
            )
        if frame.guard is None and re.match(r"(?i)\W*(?:if|when|whenever|unless|provided|as\s+long\s+as)\b", core):
            # "if an account is on trial its plan_price has to be 0": a leading condition that
            # was not taken as one; read on, the rule would hold on every row
            raise QualityRequestError(
                f"could not read the condition in {self._restore(core)!r}; write it as "
                f"'when <col> is <value>, <rule>'; {ACCEPTED_FORMS}"
            )
        adj = _ADJ_ENTITY.match(core)
        if adj and frame.guard is None and self.resolver is not None:
            try:
                flag = self.resolver.resolve(["is", adj.group("adj")]) or self.resolver.resolve(["has", adj.group("adj")])
            except QualityRequestError:
                flag = None
            if flag:
                # "trial accounts shouldn't have a plan_price above 0" with an is_trial column:
                # the adjective is a condition on the row, never dropped
                raise QualityRequestError(
                    f"{self._restore(core)!r}: {adj.group('adj')!r} reads like a condition ({flag}); write it as "
                    f"'when {flag} is true, <rule>'"
                )
        if frame.guard is None and _STRAY_GUARD.search(core) and not _CUSTOM.match(core):
            # "site_code is set for every sample where depth_m is 0" with the condition not
            # taken as one: read on, the condition would become a check of its own
            raise QualityRequestError(
                f"could not read the condition in {self._restore(core)!r}; write it as "
                f"'<rule> when <col> is <value>' or 'custom sql: NOT (<condition>) OR <rule>'; {ACCEPTED_FORMS}"
            )
        both = _BOTH_REQUIRED.match(core) if "oth" in core else None
        if both:
            # "expiry must be after made_on, both required": "both" is the two columns the
            # clause before named
            if len(self.prev_pair) != 2:
                raise QualityRequestError(
                    f"{self._restore(core)!r}: which columns are 'both'? name the columns"
                )
            core = f"{self.prev_pair[0]} and {self.prev_pair[1]} {both.group('rest')}"
        pronoun = re.match(rf"(?i)\s*(?:it|they|the value)\s+(?={MODAL}\b)", core)
        if self.subject_from_question and not pronoun:
            # "does the dob column need a check? yeah - must be a real date": the answer's rule
            # has the question's column as its subject
            pronoun = re.match(rf"(?i)\s*(?:(?:yeah|yes|yep|yup|ok|so)\b\W*)?(?={MODAL}\b)", core)
        self.subject_from_question = False
        if pronoun and self.prev_subject:  # "... ; when present it must be ...": the last column
            core = " ".join(self.prev_subject) + " " + core[pronoun.end() :]
        elif len(self.prev_subject) == 1 and _BARE_STATE.match(core):
            # "x looks like AB-1234 (...). Never blank.": a bare state after a sentence on one
            # column is about that column
            core = f"{self.prev_subject[0]} {core.strip()}"
        copula = re.match(
            r"(?i)\s*(?:it's|its|it\s+is|they're|theyre|they\s+are)\s+(?=an?\b|the\b|\d|always|never|only|between|from\b)",
            core,
        )
        if copula:  # "its a percentage so 0% to 100% only": "it" is a column named before
            if not self.prev_subject:
                raise QualityRequestError(
                    f"{self._restore(core)!r}: which column is 'it'? name the column"
                )
            core = f"{' '.join(self.prev_subject)} is {core[copula.end() :]}"
        self.per_entity = frame.per_entity
        allowed_before = sum(c.startswith("allowed, no check") for c in self.context)
        try:
            checks = self._core(core)
        finally:
            self.per_entity = False
        if frame.guard is not None and sum(c.startswith("allowed, no check") for c in self.context) > allowed_before:
            # "discount may exceed price when fee > 0": a permission under a condition (often
            # meant as "only when"), never dropped and never the rule it allows
            raise QualityRequestError(
                f"{self._restore(raw)!r} allows something under a condition; state the rule that must hold, "
                f"e.g. 'when <col> is <value>, <rule>'; {ACCEPTED_FORMS}"
            )
        if not checks:  # "ata may be null": no check, but the column "it" refers to next
            self._remember_subject(core)
        named = {c for ch in checks for c in ch.columns}
        if len(named) == 1:
            self.prev_subject = [next(iter(named))]
        self.prev_pair = list(dict.fromkeys(c for ch in checks for c in ch.columns)) if checks else []
        if frame.optional:
            checks = [c for c in checks if c.kind != "not_null"]
        if frame.polarity and frame.guard is None:
            return checks
        guard = None
        if frame.guard is not None:
            try:
                guard = self._guard(frame.guard)
                self.last_guard = (frame.guard, guard) if not frame.guard_unless else None
            except QualityRequestError:
                if (
                    frame.guard_unless
                    or frame.guard_iff
                    or re.match(r"(?i)\W*(?:if|when|whenever|where|for rows where)\b", frame.unsplit)
                    # "Fraud rule: if X then Y", "..., when X, Y": a condition before its rule
                    or re.search(r"(?i)\b(?:if|when|whenever)\b[^,]*?(?:,|\bthen\b)", frame.unsplit)
                ):
                    # "unless" / "iff" / a leading "If ..., " always state a condition: never
                    # dropped to read the rest unconditionally
                    raise
                # "... when loaded daily based on updated_at": not a condition after all
                if _STRAY_GUARD.search(frame.unsplit):
                    raise
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
                Statement(
                    c,
                    frame.polarity,
                    guard,
                    frame.guard_unless,
                    self._restore(raw),
                    frame.guard_iff,
                ),
                cols,
            )
        ]

    def _unit_context(self, text: str) -> str:
        """The words before a duration bound, and the schema's columns sharing one of them
        ("Latency" -> latency_ms): where a unit of measure may be named."""
        if not self.resolver:
            return text
        words = {w for w in re.findall(r"[a-z]{3,}", text.lower())}
        cols = [c for c in self.resolver.columns if words & set(c.lower().split("_"))]
        return " ".join([text, *cols])

    def _question_subject(self, sent: str, answer: bool = True) -> None:
        """The one column a question names ("does the dob column need a check?", "a check for
        username length?"): what "it" or a subject-less rule right after it is about."""
        named = re.search(
            r"(?i)\b(?:the\s+)?(?P<a>[\w«»]+(?:\s+[\w«»]+)?)\s+(?:column|col|field)\b|\bchecks?\s+(?:for|on)\s+(?:the\s+)?(?P<b>[\w«»]+)"
            r"(?:\s+(?:length|format|values?))?\s*$",
            sent,
        )
        word = named and (named.group("a") or named.group("b"))
        if word:
            try:
                self.prev_subject = [self._column(word.split(), sent)]
                self.subject_from_question = answer
            except QualityRequestError:
                pass

    def _remember_subject(self, core: str) -> None:
        """The column a sentence without a check is about ("Field ata may be null"), for a
        pronoun in the next one; nothing when it does not name exactly one column."""
        core = re.sub(r"\([^()]*\)", " ", core)
        named = re.match(
            rf"(?i)^\s*(?:(?:the\s+)?(?:field|column)\s+)?(?P<s>[\w«»]+(?:\s+[\w«»]+){{0,2}}?)\s+(?:{MODAL}|is|are|does|do)\b",
            core,
        )
        if named:
            try:
                self.prev_subject = [self._column(named.group("s").split(), core)]
            except QualityRequestError:
                pass

    def _core(self, sent: str) -> list[Check]:
        checks: list[Check] = []
        header = self.header
        m = _CUSTOM.match(sent)
        if m:
            return [self._custom(self._restore(m.group("c")).strip())]
        m = _BAD_OR.match(sent)
        if m and any(_NULL_DISJUNCT.match(x) for x in (m.group("a"), m.group("b"))):
            # "alert if any dive has depth over 40, or a null diver_id": the null case is a
            # disjunct of its own column ("diver_id is null"); read with the comparison before
            # it, it made `diver_id <= 40`
            a, b = (
                f"{n.group('c')} is null" if (n := _NULL_DISJUNCT.match(x)) else x.rstrip(" ,")
                for x in (m.group("a"), m.group("b"))
            )
            sent = f"{m.group('act')}{a} or {b}"
            m = _BAD_OR.match(sent)
        if m and all(_own_case(x) for x in (m.group("a"), m.group("b"))):
            # "alert if lat is outside -90..90 or lon is outside -180..180": either bad case
            # is bad, so each is negated on its own column (each bound pair stays with its
            # column); a comparator with no subject of its own ("over 100 or under 0") is
            # one column's and is not split. A disjunct that is a conjunction ("..., or when
            # sealed_flag is true and humidity_pct is under 60") is one bad case: read as
            # clauses, its state became a rule and its comparison the rule's opposite
            return self._core(f"{m.group('act')}{m.group('a')}") + self._core(
                f"{m.group('act')}{m.group('b')}"
            )
        clauses = [self._analyse(p) for p in self._permission_apart(split_clauses(sent))]
        if (sent.rstrip().endswith(":") or _TITLE.match(self._restore(sent))) and not any(
            cl.preds for cl in clauses
        ):
            # a heading ("Acceptance criteria:", "checks for dim_customer:"); a lone
            # column name as heading is the subject of the lines below it
            one = [cl for cl in clauses if cl.kind != "empty"]
            lone = len(one) == 1 and len(one[0].subject) == 1 and len(one[0].subject[0]) == 1
            self.header = (
                one[0].subject
                if lone and re.fullmatch(rf"\W*(?:column\s+|field\s+)?{IDENT}\s*:", canonical(sent))
                else []
            )
            return []
        checks.extend(self._assemble(clauses, sent, header))
        for c in checks:
            cond = c.condition or ""
            if c.kind == "custom_sql" and ("<" in cond or ">" in cond):
                same = _SELF_COMPARISON.search(cond)
                if same:
                    # "the date of birth is before the hire date" with no column for the first
                    # phrase: both sides read as one column is a made-up comparison
                    raise QualityRequestError(
                        f"could not tell which columns {self._restore(sent).strip()!r} compares: "
                        f"both sides read as {same.group(1)}; name each column exactly"
                    )
        return checks

    # ------------------------------------------------------------------ clauses
    @staticmethod
    def _permission_apart(pieces: list[str]) -> list[str]:
        """ "x must be at least 0 but nulls are fine for kilns under maintenance": a permission
        after "but" is a clause of its own (read with the rule, its words were the rule's)."""
        out: list[str] = []
        for p in pieces:
            head, but, after = p.rpartition(" but ")
            if but and head.strip() and (
                (_PERMISSION_CUE.search(after) and permission_reason(after) is not None)
                # "x must be at least 0 but it can also be zero": a permission of one value
                or (_PERMISSIVE_CUE.search(after) and permitted_relation(after))
            ):
                out += [head, after]
            elif but and _PERMISSIVE_CUE.search(head) and permitted_relation(head.strip(" ,")):
                # "qty can go above 2 but never above 5", "x may exceed 2 but must never exceed
                # 5": what is allowed, then the rule on the same column (read as one, the
                # permission was a bound of the check: `qty > 2 AND qty <= 5`)
                subj = re.match(r"(?i)^\s*(?P<s>.+?)\s+(?:can|could|may|might|is|are)\b", head)
                rest = after.strip()
                if subj and not re.match(rf"(?i)^(?:the\s+)?[\w«»`.]+\s+(?:{MODAL})\b", rest):
                    rest = f"{subj.group('s')} {rest}"
                out += [head.strip(" ,"), rest]
            else:
                out.append(p)
        return out

    def _analyse(self, piece: str) -> Clause:
        if NOTHING_BEYOND.match(piece):
            # "x between 1450 and 1900, nothing later": the bound just stated, said again (its
            # words were read as a column `nothing_later` given the bound)
            self.context.append(self._restore(piece).strip())
            return Clause(piece, [], [], False, "empty")
        perm = permission_reason(piece) if _PERMISSION_CUE.search(piece) else None
        if perm is not None:
            rest, why = perm
            if rest == "":
                # "nulls are fine for amounts under 100": a permission held on a condition, which
                # no check states (read on, the condition was a check of its own)
                return Clause(piece, [], [], False, "unknown")
            # "nulls are allowed for kilns under maintenance", "ph may be null for batches under
            # review": a permission and the group it holds for, never a comparison in its words
            self.context.append(f"allowed, no check: {self._restore(piece).strip()}")
            if rest is None:
                return Clause(piece, [], [], False, "empty")
            piece = rest
        elif _PERMISSIVE_CUE.search(piece) and permitted_relation(piece):
            # "payer_id may equal payee_id", "end_at can be before start_at": a permission,
            # never a check that forces what it allows
            self.context.append(f"allowed, no check: {self._restore(piece).strip()}")
            return Clause(piece, [], [], False, "empty")
        elif ("uniq" in piece or "distinct" in piece) and _NOT_UNIQUE.search(piece):
            # "tag_no is not unique", "isn't unique", "non-unique", "should not be unique": the
            # values may repeat; no check says that (read on, it was `tag_no must be unique`,
            # the opposite: the negation was not read before the uniqueness words)
            self.context.append(f"allowed, no check: {self._restore(piece).strip()}")
            return Clause(piece, [], [], False, "empty")
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
            lhs = p.params.get("lhs") if p.kind == "custom_sql" and len(preds) == 1 else None
            if lhs and re.fullmatch(r"[a-z][a-z0-9]*", lhs):
                rest = self._compound_lhs(p, rest)
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
        if preds and _UNSPENT.search(rest):
            # a verdict no predicate took ("X above 5 is a data issue"):
            # reading the rest without it could mean the opposite, so it is not read at all
            return Clause(piece, [], subject, False, "unknown")
        unit = _DURATION_BOUND.search(c)
        if (
            preds
            and unit
            and not any(p.kind == "freshness" for p in preds)
            and not re.search(_UNIT_STEMS[unit.group("u")[:2]], self._unit_context(c[: unit.start()]))
        ):
            # "latency_ms should be under 3 seconds", "the page should load in under 3
            # seconds": a duration bound on a value not measured in that unit (or on no
            # column at all); dropping the unit would compare the wrong numbers
            return Clause(piece, [], subject, False, "unknown")
        if any(p.kind in ("range", "row_count") for p in preds) and re.search(
            r"\b\d+(?:\.\d+)? (?:[a-z]+ ){1,2}(?:characters|chars|letters|symbols|digits)\b", c
        ):
            # "exactly 8 alphanumeric characters": a count of characters, never a value bound
            return Clause(piece, [], subject, False, "unknown")
        if any(p.kind == "not_null" for p in preds) and re.search(
            r"\bnot (?:be )?(?:mandatory|required|needed|compulsory|obligatory)\b|\boptional\b|\bnullable\b", c
        ):
            # "promo_code is not mandatory, but ...": a permission inside a longer sentence is
            # never its opposite
            return Clause(piece, [], subject, False, "unknown")
        if preds and re.search(r"\b(?:hardly|rarely|seldom|barely|scarcely|infrequently)\b", c):
            # "hardly any shipment should be over 30", "x rarely exceeds 30": a share of rows,
            # and read without the adverb the bad case would be the check
            return Clause(piece, [], subject, False, "unknown")
        if preds and re.search(r"\b(?:exclusive|exclusively|inclusive|strictly)\b", rest):
            # a strictness word no rule took: the bounds would be read the other way
            return Clause(piece, [], subject, False, "unknown")
        if preds and _UNREAD.search(rest):
            # a number the predicates did not take ("from 0.5 up to 20000" read as "up to
            # 20000"): the check would misread the sentence, so say what was not understood
            return Clause(piece, [], subject, False, "unknown")
        if preds:
            return Clause(piece, preds, subject, composite, "pred")
        if not words:
            if re.search(
                r"\b(?:not allowed|disallowed|forbidden|prohibited|not permitted|invalid|unacceptable|not acceptable|wrong|rejected)\b",
                c,
            ):
                # "... and not allowed": a verdict with nothing of its own; never dropped
                return Clause(piece, [], [], False, "unknown")
            return Clause(piece, [], [], False, "empty")
        if (
            any(w in VERBAL for w in rest.split())
            or len(words) > 4
            or not subject
            or _COMMAND.match(c)
        ):
            return Clause(piece, [], subject, False, "unknown")
        return Clause(piece, [], subject, False, "subject")

    def _compound_lhs(self, p: Pred, rest: str) -> str:
        """The left side of a column comparison is the whole noun phrase before the comparator,
        not its last word: "delivery date on or after ship date" compares delivery_date (it
        gave `date`, or an ambiguity between the *_date columns)."""
        m = re.search(r"((?:[a-z][a-z0-9]*\s+){1,2})~", rest)
        if not m:
            return rest
        before = m.group(1).split()
        while before and before[0] in _NOT_NOUN:
            before = before[1:]
        if not before or any(w in _NOT_NOUN for w in before):
            return rest
        words = [*before, p.params["lhs"]]
        if self.resolver is not None and not self._resolves(words):
            try:
                if self._resolves([p.params["lhs"]]):
                    return rest  # "each order total > subtotal" with a `total` column
            except QualityRequestError:
                pass  # an ambiguous last word: the whole phrase is named in the error
        p.params["lhs"] = " ".join(words)
        seen = m.group(1).split()
        kept = " ".join(seen[: len(seen) - len(before)])
        return f"{rest[: m.start()]} {kept} ~{rest[m.end() :]}"

    def _subject(self, rest: str, composite: bool) -> list[list[str]]:
        def named(words: list[str]) -> bool:
            return any("_" in x or (self.slots.get(x) or ("",))[0] == "ident" for x in words)

        if self.resolver is None:
            return subject_phrases(rest, composite, named)
        return subject_phrases(rest, composite, named, self._resolves, self.resolver.other_quantity)

    def _assemble(
        self, clauses: list[Clause], sentence: str = "", header: list[list[str]] | None = None
    ) -> list[Check]:
        # words after an open value list are more values ("one of a, b and c")
        merged: list[Clause] = []
        for cl in clauses:
            prev = merged[-1] if merged else None
            if (
                prev
                and (
                    cl.kind in ("subject", "unknown")
                    # "one of A+, A, A-": a one-word value the subject reader drops ("A")
                    or (cl.kind == "empty" and len(cl.text.split()) == 1)
                )
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
                    # "x can not be empty and not negative": x's emptiness, not a row count
                    and not any(p.via == "empty" for p in last.preds)
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
                if not pending and _unit_of_last(cl, last_subject):
                    # "weight_kg at least 5, max 12 kg": the word after the other bound's number
                    # is the unit its column is named with, never a column `kg` of its own
                    cl.subject = []
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
                    # "must have a status and a customer_id": the predicate again, on the new
                    # words (a predicate that named its own column names this one instead)
                    again = Clause(
                        last.text,
                        [
                            dataclasses.replace(p, columns=[])
                            if p.columns and p.kind == "not_null"
                            else p
                            for p in last.preds
                        ],
                        last.subject,
                        last.composite,
                        last.kind,
                        last.extra_values,
                    )
                    out.extend(self._emit(again, cl.subject))
                else:
                    pending.extend(cl.subject)
        if pending:
            names = ", ".join(" ".join(p) for p in pending)
            raise QualityRequestError(
                f"could not read {self._restore(sentence)!r}: no check is stated for {names!r}; {ACCEPTED_FORMS}"
            )
        return out
