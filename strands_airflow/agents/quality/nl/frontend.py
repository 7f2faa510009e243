"""Sentence frame: what wraps the core of a sentence, read before its predicates.

A `Frame` says, for one sentence, (1) the core text the grammar reads, (2) its polarity:
each wrapping negation ("it is not acceptable for X to ...", "X being ... is not allowed")
flips it exactly once and is removed from the text, so the core is read affirmatively and
the logical form (`logic.Statement`) is negated afterwards, (3) a condition ("... unless
B is true", "when B is set, ...") that the compiled check must carry, (4) whether the
column is optional ("X is optional, but when present it must ..."), and (5) context: a
parenthetical remark that states a fact, never a check ("(credits are stored as negatives)").

Negations that sit inside the core ("must not", "never", "cant", "no user may have ...",
"neither X nor Y may ...") are put into one canonical spelling here ("not" after the modal)
and read by the grammar; see `NEGATIVE_SUBJECT` and `NEITHER`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.agents.quality.nl.lexicon import CONNECTIVE as _CONNECTIVE
from strands_airflow.agents.quality.nl.lexicon import PRESENT_STATE

MODAL = (
    r"(?:must|should|shall|can|cannot|can't|cant|may|will|could|would|has to|have to|needs? to|"
    r"is allowed to|are allowed to|is permitted to|are permitted to|ought to|is to|are to)"
)
_BAD = (
    r"(?:not acceptable|unacceptable|not ok(?:ay)?|not allowed|disallowed|forbidden|prohibited|"
    r"not permitted|invalid|an error|a bug|wrong|bad|a problem|not fine)"
)
#: "it is unacceptable for X to be above 50", "it's not ok that X exceeds Y"
WRAP_BEFORE = re.compile(
    rf"(?i)^(?:(?:and|but|also)\s+)?(?:it\s+is|it's|its|it\s+would\s+be|that\s+is)\s+{_BAD}\s+"
    r"(?:for|that|if|when|whenever|should)\s+(?P<core>.+)$"
)
#: "X being negative is not allowed", "X having more than 3 carts is an error"
WRAP_AFTER = re.compile(
    rf"(?i)^(?P<core>.+?\s(?:being|having|to be|to have|exceeding)\s.+?)\s+(?:is|are|would be)\s+{_BAD}$"
)
#: "negative amounts are not allowed", "zero or negative prices are unacceptable"
_BAD_ADJECTIVE = re.compile(
    r"(?i)^(?:any\s+|all\s+)?(?P<adj>(?:zero|0|negative|positive|null|empty|blank|missing|duplicated?|future)"
    r"(?:\s+or\s+(?:zero|0|negative|positive|null|empty|blank|missing))?)\s+(?P<subj>.+?)\s+"
    rf"(?:is|are|would be)\s+{_BAD}$"
)
#: "we never want quantity above 5", "we don't expect any nulls in x"
_NOT_WANTED = re.compile(
    r"(?i)^(?:we|i|you|they|one|anyone|nobody)\s+(?:(?:should|must|shall|will|would|can|could|may|ought\s+to)\s*(?:never|not|n't)|shouldn't|shouldnt|mustn't|mustnt|"
    r"never|don't|do not|dont|do n't|won't|will not|wont|cannot|can't|cant)\s+"
    r"(?:ever\s+)?(?:(?:want|expect|accept|allow|like|tolerate)(?:\s+to\s+(?:see|find|get|have))?|see|find|get|receive|encounter|have|load|ingest|be\s+(?:seeing|getting|receiving|finding|loading|ingesting|having))\s+(?P<bad>.+)$"
)
#: "do not allow X above 5", "never let X exceed 5", "reject X > 5": a prohibition
_PROHIBIT = re.compile(
    r"(?i)^(?:please\s+|pls\s+)?(?:(?:do\s+not|don't|dont|do\s+n't|never|never\s+ever|we\s+(?:must|should)\s+not|we\s+(?:mustn't|shouldn't|shouldnt|mustnt))\s+"
    r"(?:allow|accept|let|permit|tolerate|load|keep|pass)|reject|block|refuse|disallow|forbid|prohibit|deny)\s+"
    r"(?:any\s+|a\s+|an\s+|the\s+|rows?\s+(?:with|where)\s+|records?\s+(?:with|where)\s+)?(?P<bad>.+?)(?:\s+(?:through|in|into the table|to load|to pass))?$"
)
#: "X > 5 must not happen", "X above 5 should never occur", and rows said not to be in the
#: data at all: "wood seasoned less than 5 years shouldn't be in the table at all", "x over 9
#: must never show up in the feed", "... should not make it into the export" (a connective
#: before it, "and wood seasoned less than 5 years shouldn't be ...", is no part of the bad case)
_MUST_NOT_HAPPEN = re.compile(
    rf"(?i)^(?:{_CONNECTIVE})*(?P<bad>.+?)\s+(?:must|should|shall|can|may)\s*(?:not|never|n't|nt)\s+(?:ever\s+)?"
    r"(?:happen|occur|exist|appear|be seen|show up|turn up|end up|be loaded|get loaded|"
    r"(?:be|appear|show\s+up|turn\s+up|end\s+up|get|land|make\s+it|go)\s+(?:in|into|inside|to)\s+"
    r"(?:the|this|that|our|any|a)\s+(?:[\w-]+\s+)?(?:table|data|dataset|feed|export|file|extract|warehouse|model|database|db|report|load))"
    r"(?:\s+at\s+all)?$"
)
#: "Bug: we're seeing duplicate invoice_number values ...": a reported bad case
_SEEING = re.compile(
    r"(?i)^(?:(?:bug|issue|problem|incident)\s*:\s*)?(?:we|i|users|customers)(?:'re|'m|\s+are|\s+am|\s+keep)\s+"
    r"(?:seeing|getting|finding|having|hitting)\s+(?P<bad>(?:duplicate|duplicated|null|missing|empty|blank|negative)\b[^,;]*?)"
    r"(?:\s+(?:in|from)\s+the\s+[\w\s]+?)?(?:\s*[,;-].*)?$"
)
#: "Found rows where end_date < start_date", "we saw records with a negative qty": a report
_FOUND_ROWS = re.compile(
    r"(?i)^(?:(?:we|i)\s+(?:have\s+|just\s+)?)?(?:found|saw|seen|noticed|spotted|observed|discovered|there\s+(?:are|were))\s+"
    r"(?:some\s+|a\s+few\s+|several\s+|many\s+|\d+\s+)?(?:rows?|records?|entries|lines)\s+(?:where|with|in\s+which|whose)\s+(?P<bad>.+)$"
)
#: a report of rows in the bad state: "the contracts table shows some renewals where end_date
#: comes before start_date", "some shipments have a delivered_at earlier than picked_up_at",
#: "the amt column has negatives in it", "the events table is empty again": what happens, so
#: the check is its negation (as for "found rows where ...")
_SOME_REPORT = re.compile(
    r"(?i)^(?:(?:bug|issue|problem|incident)\s*:\s*)?(?P<bad>"
    r"(?:the\s+)?[\w.`«»]+\s+(?:table|model|dataset|feed|extract)\s+(?:shows|has|contains|showed|had)\s+"
    r"(?:some|several|a\s+few|a\s+handful\s+of|many|lots\s+of|a\s+lot\s+of)\s+(?:[\w«»]+\s+){1,2}?(?:where|with|whose)\s+.+"
    r"|(?:some|several|a\s+few|a\s+handful\s+of|many|lots\s+of|a\s+lot\s+of)\s+(?:[\w«»]+\s+){1,2}?(?:have|has|had|show|showed)\s+.+"
    r"|(?:the\s+)?[\w`«»]+\s+(?:column|col|field)\s+(?:has|had|contains|shows)\s+(?:some\s+)?"
    r"(?:negatives|negative\s+values|nulls|null\s+values|dupes|duplicates|blanks|empty\s+values)(?:\s+in\s+it)?"
    r"|(?:the\s+)?[\w.`«»]+\s+(?:table|model|dataset|feed|extract)\s+(?:is|was)\s+empty)"
    r"(?:\s+again)?(?:\s+(?:today|now|this\s+(?:morning|week)))?$"
)
#: "no encounter may lack an admission timestamp", "there shouldn't be any rows without a
#: tenant_id", "we can't have orders with no customer": a required column, said negatively
_NONE_LACK = re.compile(
    r"(?i)^(?:(?:please\s+)?(?:ensure|make sure|check|verify)(?:\s+that)?\s+)?(?:(?:no|not\s+a\s+single|not\s+one)\s+(?:\w+\s+){0,2}?(?:may|can|should|must|shall|is\s+allowed\s+to|are\s+allowed\s+to)\s+"
    r"(?:ever\s+)?(?:lack|miss|be\s+missing|be\s+without|have\s+no|go\s+without)"
    r"|(?:there\s+(?:should|must|ca|can|may|will|wo)\s*(?:not|n't|nt|'t)\s+be|we\s+(?:ca|can|should|must|will|do|wo)\s*(?:not|n't|nt|'t)\s+(?:have|want|accept|allow)|"
    r"there\s+(?:should|must|can|may|will)\s+be\s+no|we\s+(?:want|need|expect)\s+no|no)\s+(?:any\s+)?(?:\w+\s+){0,2}?(?:without|with\s+no|missing|lacking))"
    r"\s+(?:an?\s+|the\s+|any\s+|its\s+|their\s+)?(?P<col>[^,;]+?)$"
)
#: ", we had dupes last week", ", it broke the dashboard yesterday": an anecdote, not a check
_ANECDOTE = re.compile(
    r"(?i)\s*[,;-]\s*(?:(?:and|but|since|because|as)\s+)?(?:we|i|it|this|that)\s+(?:had|have\s+had|'ve\s+had|saw|got|hit|broke|caused|crashed)\b[^,;]*$"
)
#: "a shipment can't be delivered before it was shipped": the event times, in passive voice
_EVENT_ORDER = re.compile(
    r"(?i)^(?:an?|the|no|every)\s+\w+\s+(?:(?P<modal>can(?:not|'t|\s+not)?|cant|must(?:\s+not|n't)?|may(?:\s+not)?|should(?:\s+not|n't)?)\s+be|(?P<modal2>is|are|was|were)(?:\s+(?P<neg2>not))?)\s+"
    r"(?P<a>[a-z]+(?:ed|en|wn|ne|un|lt|nt))(?:\s+(?P<pa>off|up|out|in|down|back))?\s+(?P<op>before|after|prior\s+to|earlier\s+than|later\s+than)\s+(?:it|they)\s*(?:was|were|is|are|'s|'re|has\s+been|had\s+been|have\s+been)\s+(?P<b>[a-z]+(?:ed|en|wn|ne|un|lt|nt))(?:\s+(?P<pb>off|up|out|in|down|back))?$"
)
#: "only card, bank_transfer and wallet are valid payment methods"
_ONLY_LIST = re.compile(
    r"(?i)^only\s+(?P<list>.+?)\s+(?:are|is)\s+(?:the\s+)?(?:valid|allowed|accepted|permitted|acceptable|possible)\s+(?P<subj>[\w\s]+?)$"
)
#: "no values other than 'Y' and 'N' are allowed for consent"
_OTHER_THAN_FOR = re.compile(
    r"(?i)^(?:no|none|nothing)\s+(?:values?\s+|else\s+)?(?:other\s+than|but|except|besides)\s+(?P<list>.+?)\s+(?:are|is)\s+"
    r"(?:allowed|permitted|accepted|valid|acceptable|ok)\s+(?:for|in|on)\s+(?:the\s+)?(?P<subj>[\w\s]+?)(?:\s+(?:column|field))?$"
)
#: "env: 'prod' | 'staging' | 'dev'", "final grade: A, B, C or I", "region ∈ {EMEA, APAC}"
_COLON_LIST = re.compile(
    r"(?i)^(?P<col>[\w`.]+(?:\s[\w`.]+)?)\s*(?::|\u2208|\bin\b(?=\s*\{))\s*\{?\s*(?P<list>(?:«\d+»|[\w+-]+)(?:\s*(?:\||,|,?\s*or\b)\s*(?:«\d+»|[\w+-]+)){1,})\s*\}?$"
)
_CHECK_ITEM = re.compile(
    r"(?i)^(?:unique|not_null|not|null|nulls|required|mandatory|positive|negative|valid|optional|pk|primary|-?\d.*|"
    r"more|less|greater|fewer|higher|lower|above|below|over|under|older|newer|later|earlier|up|down)$"
)
#: "CTR is a ratio, so it has to stay within 0 and 1": a description, then the rule on "it"
_SO_IT = re.compile(
    rf"(?i)^(?P<subj>[\w\s]+?)\s+(?:is|are)\s+(?:an?\s+)?[\w\s-]+?,\s*(?:so|and\s+so|hence|therefore|thus)\s+(?:it|they)\s+(?P<rest>{MODAL}\b.+)$"
)
#: "I want a failing check when ...", "we need an alert if ...": the bad case follows
_WANT_FAILING = re.compile(
    r"(?i)^(?:as\s+an?\s+[\w\s]+?,?\s+)?(?:i|we)\s+(?:want|need|would\s+like|'d\s+like)\s+(?:a|an)\s+(?:failing\s+(?:check|test)|(?:check|test)\s+that\s+fails|alert|alarm|failure|error)\s+(?:when|if|whenever)\s+"
)
#: a request for a check before the rule it states: "add a check that says ...", "create a
#: test that ...", "we need a rule saying ...", "and add one that says ...": the rule is what
#: follows "that (says) / saying / to ensure", never the lead-in (it made a column
#: `add_one_says_phone`). At the start or after ",", ";", "and", "then", "also".
_CHECK_LEADIN = re.compile(
    r"(?i)(?P<b>^|[,;:]\s*|\b(?:and|then|also|plus)\s+)(?:(?:and|then|also|so)\s+)*"
    r"(?:(?:please|pls|plz|kindly)\s+)?(?:(?:can|could|would)\s+(?:you|we|someone|somebody)\s+(?:please\s+)?|let'?s\s+|lets\s+)?"
    r"(?:(?:i|we)\s+(?:also\s+)?(?:want|need|would\s+like|'d\s+like)(?:\s+(?:you\s+)?to\s+(?:add|create|write|set\s+up|have))?|i'd\s+like|we'd\s+like"
    r"|(?:set\s+up|set|add|create|write|make|put\s+in|include|have))\s+"
    r"(?:(?:an?|another|the|one\s+more|also\s+an?)\s+(?:[\w.-]+\s+){0,2}?(?:rule|check|test|validation|assertion|monitor|constraint|expectation)"
    r"|(?:another|one\s+more)(?:\s+one)?|one)"
    # "add a check on `t` that ...": the table the check runs on
    r"(?:\s+(?:on|for|in|against)\s+(?:the\s+)?[\w.`«»]+(?:\s+(?:table|model|dataset|feed|data))?)?"
    r"\s+(?:(?:that|which)\s+(?:says|states|checks|verifies|ensures|asserts|confirms|enforces|requires)(?:\s+that)?|saying(?:\s+that)?|stating(?:\s+that)?"
    r"|that|so\s+that|to\s+(?:ensure|make\s+sure|check|verify|confirm|enforce)(?:\s+that)?)\s+"
    # "we need a check that fails when ...": the bad case (read by `_WANT_FAILING`)
    r"(?!(?:fails?|alerts?|errors?|warns?|fires?|flags?|pages?|trips?|catches|blocks?)\b)"
)
_CHECK_LEADIN_CUE = re.compile(
    r"(?i)\b(?:rule|check|test|validation|assertion|monitor|constraint|expectation|one)\s+(?:\S+\s+){0,4}?(?:that|which|saying|stating|so|to)\s"
)
#: "every ticket must be assigned to an existing agent (agents.agent_id)", "every encounter
#: must reference a known patient (patient_mrn in dim_patient.mrn)": the brackets name the key
_REFERENCE = re.compile(
    r"(?i)^(?P<pre>.*?)\s*\b(?:must|should|shall|has\s+to|have\s+to|needs?\s+to)\s+(?:always\s+)?(?:reference|references|belong\s+to|be\s+assigned\s+to|point\s+to|"
    r"exist\s+in|link\s+to|refer\s+to|be\s+present\s+in|map\s+to|match)\s+[^()]*?\(\s*(?:(?P<local>\w+)\s+(?:in|->|references|=)\s+)?(?P<tbl>\w+)\.(?P<col>\w+)\s*\)"
    # "..., and qty at least 1": another rule after the bracket stays
    r"(?P<tail>\s*[,;]\s*(?:and\s+|also\s+)?(?=[a-z_`])[^()]*)?$"
)
#: "and" between two rules, each with its own subject (round 32b)
_JOINED_RULE = re.compile(r"(?i)(?:\s*,\s*|\s+)(?:and|but|plus|also)\s+(?:also\s+)?")
#: words that make the part before "and" a rule of its own
_RULE_WORDS = (
    rf"(?i)\b(?:{MODAL}|between|at\s+(?:least|most)|unique|distinct|null|positive|negative|one\s+of|match(?:es)?)\b"
    r"|[<>=\u2264\u2265]|«\d+»"
)
#: "<col> (in <t>) should map to a row in <t2> (<key>)", "... point to a record in <t2> on <key>"
_MAP_TO_ROW = re.compile(
    rf"(?i)^(?:every\s+|each\s+|all\s+)?(?P<c>[a-z]\w*|«\d+»)(?:\s+(?:in|on|of|from)\s+(?:the\s+)?[\w«».]+(?:\s+table)?)?\s+(?:{MODAL})\s+(?:always\s+)?"
    r"(?:map|link|point|resolve|join|tie)\s+(?:back\s+)?to\s+(?:a|an|one|exactly\s+one|some)\s+(?:existing\s+|valid\s+|real\s+)?(?:row|record|entry)\s+"
    r"in\s+(?:the\s+)?(?P<t>[a-z]\w*(?:\.[a-z]\w*)?|«\d+»)(?:\s+table)?\s*(?:\(\s*(?P<rc>[a-z]\w*|«\d+»)\s*\)|\s+(?:on|via|by)\s+(?P<rc2>[a-z]\w*|«\d+»))\W*$"
)
#: "there must not be any claim whose member_id is missing from members.member_id"
_ORPHAN = re.compile(
    r"(?i)^(?:there\s+(?:must|should|can|may)\s*(?:not|n't)\s+be\s+(?:any\s+)?|no\s+)\w+\s+(?:whose|with\s+an?)\s+(?P<local>\w+)\s+(?:is\s+|that\s+is\s+)?(?:missing|absent|not\s+found)\s+(?:from|in)\s+(?P<tbl>\w+)\.(?P<col>\w+)$"
)
#: "quantity over 5 is never acceptable", "any quantity above 5 should be flagged": a noun
#: phrase with no verb of its own, then a verdict
#: what a bad case is called: "a bug", "a data issue", "a sensor fault", "the pipeline is stuck",
#: "a no-go" ("wind_kts over 15 is a no go" was `wind_kts > 15`)
VERDICT = (
    r"(?:(?:an?|the)\s+)?(?:[a-z-]+\s+){0,2}(?:bug|problem|error|issue|failure|incident|fault|defect|glitch|anomaly|"
    r"mistake|typo|red\s+flag|corruption|outage|violation|breach(?:e)?|no[\s-]?go)s?"
    # "... is bad data", "= garbage readings": the value is named bad
    r"|(?:bad|invalid|wrong|corrupt(?:ed)?|garbage|junk|dirty|broken|bogus|suspect|impossible|fake)\s+"
    r"(?:data|values?|rows?|records?|readings?|inputs?|entries|numbers?|measurements?)"
    r"|(?:the\s+)?(?:pipeline|job|feed|load|sensor|device|system|data|ingest(?:ion)?|etl|sync)\s+(?:is|was|has)\s+(?:stuck|broken|down|stale|dead|late|failing|failed|hung)"
    # "means the upload broke", "means the driver app didn't sync": a run (named by any noun)
    # that failed, in the past tense
    r"|(?:the\s+|our\s+|an?\s+)?(?:[\w-]+\s+){1,3}?(?:broke|failed|crashed|died|stalled|(?:did\s*n[o']?t|has\s*n[o']?t)\s+"
    r"(?:sync|run|finish|complete|load|land|arrive|go\s+through|upload|export|import)(?:ed)?)"
)
#: "fail if depth_m, values under 2": a bad case whose column stands before a comma
_BAD_LABEL_COMMA = re.compile(
    r"(?i)^((?:fail|alert|warn|flag|error)\w*\s+(?:if|when|whenever)\s+(?:the\s+)?[\w«».]+(?:\s+(?:on|in|of|from|for)\s+(?:the\s+)?[\w«».]+)?)\s*,\s+"
    r"(?=(?:(?:any|all|the)\s+)?(?:(?:values?|anything|readings?|numbers?|entries|figures?)\s+)?"
    r"(?:over|above|under|below|more|less|greater|fewer|higher|lower|outside|beyond|past|GT|LT|GE|LE|[<>])(?:\s|\d|$))"
)
_BAD_PHRASE = re.compile(
    # a connective before it ("also x over 5 is a typo") joins it to the sentence before and
    # is no part of the bad case (inside it, the negation of the bad case was lost)
    rf"(?i)^(?:{_CONNECTIVE})*(?:any\s+|all\s+|the\s+)?(?:(?:rows?|records?|entries|values?)\s+(?:with|where|having)\s+)?"
    r"(?P<bad>(?:(?!\b(?:is|are|must|should|shall|can|cannot|may|will|be|being|has|have)\b)[^\s]+\s+){1,9}?"
    r"(?!\b(?:is|are|must|should|shall|can|cannot|may|will|be|being|has|have)\b)[^\s]+)\s+"
    rf"(?:(?:means|mean|indicates|indicate|signals|signal|is a sign of|are a sign of|points to)\s+(?:that\s+)?{VERDICT}|"
    r"(?:makes?|make)\s+no\s+sense|(?:can(?:not|'t)|could\s*n[o']t)\s+(?:be|possibly\s+be)\s+(?:right|correct|real|true|valid)|"
    # "anything over 12 isn't real": not a real value
    r"(?:is|are)\s*(?:not|n't|nt)\s+(?:real|genuine|legit(?:imate)?|true)|"
    r"(?:is|are|would be|should be|must be|will be|=|==)\s+(?:(?:an?\s+)?(?:[\w-]+\s+){1,3}?(?:and|so|hence|thus)\s+(?:are\s+|is\s+)?)?(?:(?:definitely|def|defo|clearly|certainly|always|obviously|probably|likely|almost\s+certainly|physically|simply|totally|completely|just|technically|logically)\s+)?(?:never\s+acceptable|not\s+acceptable|unacceptable|not\s+allowed|"
    r"disallowed|forbidden|prohibited|errors|invalid|wrong|bad|flagged|rejected|impossible|suspicious|bogus|broken|corrupt(?:ed)?|not\s+ok(?:ay)?|"
    r"(?:not|never)\s+(?:permitted|tolerated|accepted|expected|supported|legal|allowed)|unexpected|illegal|banned|unsupported|unlawful|"
    r"impermissible|out\s+of\s+(?:range|bounds)|"
    r"incorrect|unrealistic|implausible|nonsense|nonsensical|garbage|junk|weird|odd|strange|fishy|never\s+ok(?:ay)?|never\s+fine|"
    rf"not\s+(?:correct|right|valid|realistic|plausible|possible|sensible|believable|credible)|{VERDICT}))$"
)
_COMPARISON = re.compile(
    r"(?i)\b(?:more|less|greater|fewer|higher|lower|smaller|larger|bigger)\s+than\b|\b(?:above|below|over|under|"
    r"exceeding|at\s+(?:least|most)|up\s+to|in\s+excess\s+of|or\s+(?:more|less|fewer|greater|higher|lower))\b|"
    r"[<>=\u2264\u2265]|\bnegative\b|\bbefore\b|\bafter\b"
)


def _is_comparison(phrase: str) -> bool:
    """True when `phrase` compares (read like the core is: typos corrected, "les than")."""
    from strands_airflow.agents.quality.nl.text import canonical

    return bool(
        _COMPARISON.search(phrase)
        or re.search(r"\b(?:GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE)\b|\bnegative\b", canonical(phrase))
    )


#: "under no circumstances may X exceed Y", "at no time should X be null": a fronted
#: negative adverbial with subject-verb inversion; one negation on the verb
_NO_CIRCUMSTANCES = re.compile(
    r"(?i)^(?:under\s+no\s+circumstances?|in\s+no\s+(?:case|event|situation)|at\s+no\s+(?:time|point)|on\s+no\s+account|never\s+ever)\s*,?\s+"
    r"(?:(?P<modal>should|may|must|can|could|shall|will|would|is|are)\s+(?P<subj>.+?)\s+(?P<verb>be|exceed|equal|match|contain|precede|"
    r"go|drop|fall|dip|sink|rise|climb|reach|become|have|hold|take|get|appear|exist|lack|miss)\b|(?P<plain>.+))(?P<rest>.*)$"
)
#: "neither X nor Y may be null": one negation over both subjects
NEITHER = re.compile(
    rf"(?i)^(?P<pre>.*?)\bneither\s+(?P<a>.+?)\s+nor\s+(?P<b>.+?)\s+(?P<modal>{MODAL}|is|are|has|have)\s+(?P<rest>.+)$"
)
#: "nobody may ...", "no one should have ...": a negative subject, one negation
NEGATIVE_SUBJECT = re.compile(
    rf"(?i)^(?P<pre>(?:(?:please\s+)?(?:ensure|make sure|check|verify)(?:\s+that)?\s+)?)"
    rf"(?:nobody|no\s+one|no-one|noone|no\s+(?:single\s+)?(?:rows?|records?|entries|entry|lines?)|none\s+of\s+(?:the\s+)?(?:values|rows|records|entries|them)|"
    # "no user should be younger than 13": a negative subject naming the table's entity
    rf"no\s+(?:single\s+)?(?P<ent>(?!(?:duplicate|dupe|null|nulls|missing|empty|blank|negative|zero|two|value|values|more|less|fewer|other|such|further|longer|later|earlier)\b)[a-z_]+)(?=\s+(?:may|should|can|must|shall|is|are|will)\b(?!\s+(?:be\s+)?(?:null|empty|blank|missing|duplicated?|negative)\b)))(?:'?s\s+(?P<subj>[\w\s]+?))?(?:\s+(?:in|on|from|of)\s+(?:the\s+)?[\w.]+(?:\s+(?:table|dataset|data|model|list|feed))?)?\s+(?P<modal>{MODAL}|is|are|has|have)\s+(?P<rest>.+)$"
)
_LEAD_NEGATIVE = re.compile(
    r"(?i)^(?P<lead>(?:[^\s«»]+\s+){1,7}?)(?:(?:please\s+)?(?:ensure|make\s+sure|check|verify|confirm|validate|assert|expect)(?:\s+that)?|that)\s+"
    r"(?=(?:nobody|no\s+one|no-one|noone|no\s+(?:single\s+)?[a-z_]+\s+(?:may|should|can|must|shall|is|are|will|has|have|ever)\b))"
)
_NOTHING_IN = re.compile(
    rf"(?i)^(?:nothing|no\s+values?|none\s+of\s+the\s+values)\s+(?:in|of|from|for)\s+(?:the\s+)?(?P<col>[\w«»]+)(?:\s+(?:column|field))?\s+(?P<modal>{MODAL}|is|are)\s+(?P<rest>.+)$"
)
_NO_COL_STATE = re.compile(
    r"(?i)^(?P<pre>(?:(?:please\s+)?(?:ensure|make sure|check|verify)(?:\s+that)?\s+)?)no\s+(?P<col>[\w«»]+(?:\s+[\w«»]+)?)\s+"
    r"(?:(?:may|should|can|must|shall|will|is\s+allowed\s+to|are\s+allowed\s+to)\s+(?:ever\s+)?(?:be|go|become|end\s+up)|is|are)\s+"
    r"(?P<state>null|empty|blank|missing|negative|zero|duplicated|duplicates?|in\s+the\s+future|unset)\b(?P<rest>.*)$"
)
_OPTIONAL = re.compile(
    r"(?i)\b(?:optional|nullable|not required|not mandatory|(?:may|can|could|is allowed to|are allowed to)\s+be\s+"
    r"(?:null|empty|blank|missing|left (?:empty|blank)))\b"
)
_WHEN_PRESENT = re.compile(
    r"(?i)[,;]?\s*(?:but\s+)?(?:only\s+)?(?:if|when|where)\s+(?:there\s+is\s+one|there\s+are\s+any|one\s+exists|it\s+exists|they\s+exist|any\s+exists?)\b,?|"
    r"[,;]?\s*(?:but\s+)?(?:only\s+)?(?:when|if|where|whenever|wherever)\s+(?:it\s+is\s+|it[’']?s\s+|they\s+are\s+|they[’']?re\s+|the\s+value\s+is\s+|a\s+value\s+is\s+|one\s+is\s+|any\s+(?:is|are)\s+|some\s+(?:is|are)\s+)?"
    rf"{PRESENT_STATE}\b,?"
    r"|[,;]?\s*(?:when|if|where)\s+(?:both|all|they)\s+(?:are\s+)?(?:set|present|given|provided|populated|not\s+null|known|filled(?:\s+in)?)\b,?"
    # "but when a coupon code is used it must ...", "once a promo code is applied, it must ...":
    # the optional column (named before) being used, then "it"
    r"|[,;]?\s*(?:but\s+)?(?:only\s+)?(?:when|if|where|whenever|once)\s+(?:an?|the|one|any)\s+(?:[a-z_]\w*\s+){0,2}?[a-z_]\w*\s+"
    r"(?:is|are|gets|get|was|were|has\s+been)\s+(?:used|applied|entered|supplied|redeemed|provided|given|specified|attached)\b,?(?=\s*(?:it|they)\b)"
)
#: "A must be 0 unless B is true", "A must be set when B is 'shipped'"
_GUARD_MID = re.compile(
    r"(?i)^(?P<main>.+?\b(?:"
    + MODAL
    + r"|(?:is|are) (?:required|mandatory|needed|expected|populated|filled(?: in)?|present|set))\b.*?)[,]?\s+(?P<how>if and only if|iff|unless|except when|except if|when|whenever|while|as long as|if|where|for rows where|in rows where|provided that)\s+(?P<cond>.+)$"
)
_NO_TWO_SHARE = re.compile(
    r"(?i)^(?:(?:make\s+sure|ensure|check)\s+(?:that\s+)?)?no\s+two\s+(?:[a-z]+\s+){0,2}?(?:(?:may|can|should|must|will|shall)\s+)?(?:ever\s+)?"
    r"(?:share|have|use|get|reuse)\s+(?:(?:an?\s+|the\s+same\s+|one\s+and\s+the\s+same\s+)(?P<c>[\w«»`.]+(?:\s+[\w«»`]+)?)|(?P<c2>one|it|that))$"
)
_HAS_MATCHING = re.compile(
    r"(?i)^(?:every|each|all|any)\s+(?P<c>[\w«»`.]+)\s+(?:has|have|must\s+have|should\s+have|needs\s+a)\s+(?:an?\s+)?(?:matching|corresponding|existing)\s+"
    r"(?:row\s+in\s+)?(?P<t>[\w«»`]+\.[\w«»`]+)\s*$"
)
#: "every lot has a sale_id present in sales.sale_id", "each order has a customer_id that is
#: found in crm.customers.id": the entity's column, then the table it is looked up in
_HAS_COL_IN = re.compile(
    r"(?i)^(?P<pre>.*?\b)(?:every|each|all|any)\s+[a-z]\w*\s+(?:has|have|must\s+have|should\s+have|needs|carries|carry)\s+(?:an?\s+|the\s+)?"
    r"(?P<c>[a-z]\w*_\w+|[«»\w]*«\d+»[«»\w]*)\s+(?:(?:that|which)\s+(?:is|are)\s+|(?:that|which)\s+(?=exists?\b))?"
    r"(?:present|found|listed|exists?|existing)\s+in\s+(?P<t>[\w«»`]+(?:\.[\w«»`]+)+)(?P<rest>\s*(?:,|;|\band\b|$).*)$"
)
_FOR_ENTITY = re.compile(
    rf"(?i)^for\s+(?:all\s+|every\s+|each\s+|any\s+)?(?:(?P<c>[a-z]+\s+(?:in|with|whose|having|where)\s+[^,]+?)\s*,\s*"
    rf"|(?P<adj>[a-z]+)\s+(?P<ent>[a-z]+?)s?\s*,?\s+(?=(?:the\s+|their\s+|its\s+)?[\w`«»]+(?:\s+[\w`«»]+)?\s+(?:{MODAL})\b))(?P<m>.+)$"
)
#: "assignee not null if status = 'x'": a verbless rule, then its condition
#: the rows a rule holds on, named by a noun and the writer's own filter: "invoice_total > 0
#: for every closed order (status = 'CLOSED')", "every dose of a class A drug (drug_class =
#: 'A') needs a witness_id", "a pallet with hazmat = true must have un_number filled in": a
#: condition (read apart, the filter's value became a check on the rule's column, or the rule
#: held on every row)
_FILTER_COND = (
    r"(?P<c>[a-z_][\w.]*\s*(?:==|=|!=|<>|>=|<=|>|<)\s*(?:«\d+»|-?\d+(?:\.\d+)?|true|false|[A-Z][A-Z0-9_]*))"
)
_FILTER_AFTER = re.compile(
    r"(?i)^(?P<rule>[^(),;]+?)\s+(?:for|on|in)\s+(?:all\s+|every\s+|each\s+|any\s+|the\s+)?(?:[\w'-]+\s+){0,4}?[\w'-]+\s*"
    rf"\(\s*{_FILTER_COND}\s*\)\s*$"
)
_FILTER_SUBJECT = re.compile(
    r"(?i)^(?P<np>(?:(?:every|each|all|any|a|an|the)\s+)?(?:[\w'-]+\s+){0,5}?[\w'-]+)\s*"
    rf"(?:\(\s*{_FILTER_COND}\s*\)|\s+with\s+{_FILTER_COND.replace('?P<c>', '?P<c2>')})"
    r"\s+(?P<rest>(?:must|should|shall|needs?|has\s+to|have\s+to|requires?|cannot|can'?t|may\s+not)\b[^(),;]+)$"
)
_GUARD_BARE = re.compile(
    r"(?i)^(?P<main>[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:not\s+null|non-null|required|mandatory))\s*,?\s+"
    r"(?P<how>if|when|whenever|where|unless)\s+(?P<cond>.+)$"
)
#: "temp_f between 110 and 180 when phase = 'DRYING'", "qty >= 1 unless is_void": a verbless
#: bound, then its condition (read apart, the condition's value became a check on the column,
#: `temp_f IN ('DRYING')`, or was lost: the bound held on every row); also with a copula and
#: no modal: "animal_count is 0-5 when species = 'MOUSE'" (it gave `animal_count IN ('MOUSE')`)
_GUARD_VERBLESS = re.compile(
    r"(?i)^(?P<head>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*\s*:\s+)?(?:(?:please\s+|also\s+)?(?:verify|check|confirm|ensure|make\s+sure)(?:\s+that)?\s+)?(?P<col>[\w«»`.]+)\s+(?:(?:is|are|stays?|remains?)\s+)?(?P<pred>between\s+-?[\d.]+\s+and\s+-?[\d.]+|-?[\d.]+\s*(?:to|\.\.|\u2013|-)\s*-?[\d.]+"
    r"|(?:>=|<=|>|<|\u2265|\u2264)\s*-?[\d.]+|(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|(?:not|never)\s+(?:above|below|over|under))\s+-?[\d.]+"
    # "a_on is on or after b_on whenever ...": a column compared with a named column (round 30a)
    r"|(?:on\s+or\s+)?(?:after|before)\s+[a-z][a-z0-9]*_[a-z0-9_]+)"
    r"\s*,?\s+(?P<how>if|when|whenever|unless|while|where)\s+(?P<cond>.+)$"
)
#: "X is null if and only if Y is true": a state of the column, stated with "is"
_GUARD_STATE = re.compile(
    # ("x is never empty when ...", "x is always filled in when ...": the same, with an adverb)
    # ("make sure the permit number is always filled in when ...": an ask before it, and a
    # subject of up to four words)
    r"(?i)^\s*(?:(?:(?!(?:not|never|no|nobody|don't|dont|doesn't)\b)[\w']+\s+){0,8}?(?:make\s+sure|ensure|check|verify|confirm)(?:\s+that)?\s+)?"
    r"(?P<main>(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+){0,3}?\s+(?:is|are)(?:\s+not|\s+never|\s+always)?\s+"
    r"(?:null|empty|blank|set|populated|missing|true|false|filled(?:\s+in)?|present|provided|recorded))"
    r"[,]?\s+(?P<how>if and only if|iff|unless|when|whenever|if)\s+(?P<cond>.+)$"
)
_GUARD_FIRST = re.compile(
    r"(?i)^(?P<how>if|when|whenever|where|unless|for rows where|in rows where)\s+(?P<cond>[^,]+?)(?:,\s*(?:then\s+)?|\s+then\s+)(?P<main>.+)$"
)
#: "if status is 'delivered' delivered_at must be filled": a leading condition on one value,
#: then the rule, with neither a comma nor "then" between them
_GUARD_FIRST_BARE = re.compile(
    r"(?i)^(?P<how>if|when|whenever|unless)\s+(?P<cond>[\w«»`.]+\s+(?:is\s+not|isn't|is|=|==|!=|<>|equals)\s*"
    r"(?:«\d+»|-?\d+(?:\.\d+)?|true|false|null)(?!\S))\s+"
    r"(?P<main>(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:" + MODAL + r"|(?:is|are)\s+(?:required|mandatory))\b.+)$"
)
_OTHER_THAN_REQUIRES = re.compile(
    r"(?i)^(?:any|every|each|all)\s+(?:rows?\s+with\s+(?:an?\s+)?)?(?P<c>[\w«»`.]+(?:\s+[\w«»`.]+)?)\s+(?:other\s+than|except(?:\s+for)?|besides|apart\s+from)\s+"
    r"(?P<v>«\d+»|-?\d+(?:\.\d+)?|true|false)\s+(?:requires?|needs?|must\s+have|should\s+have|has\s+to\s+have|have\s+to\s+have)\s+"
    r"(?:an?\s+|the\s+|its\s+)?(?P<y>[\w«»`.]+(?:\s+[\w«»`.]+)?)\s*$"
)
_CONTEXT_VERBS = re.compile(
    r"(?i)\b(?:is|are|was|were|be|been|stored|kept|means?|meaning|e\.g|i\.e|eg|ie|note|because|since|"
    r"so|which|we|they|it|this|that|these|those|used|come|comes|from|per|see|as)\b"
)
#: "(order_id, line_no)", "(0, 1)": a list of short items, not a remark
_LIST = re.compile(
    r"\s*[\w«»`'\".-]+(?:\s[\w«»`'\".-]+)?(?:\s*[,|]\s*[\w«»`'\".-]+(?:\s[\w«»`'\".-]+)?)*\s*"
)
#: "status: a, b or c only", "status: only a, b or c"
_COLON_ONLY = re.compile(
    r"(?i)^(?P<col>[\w«»`.]+(?:\s[\w«»`.]+)?)\s*:\s*(?:only\s+(?P<a>.+)|(?P<b>.+?)\s+only)$"
)
#: "Bug: rows where email is null are broken": the bad case again
_BROKEN_ROWS = re.compile(
    r"(?i)^(?:(?:bug|issue|problem|incident|defect)\s*:\s*)?(?:any\s+|all\s+|the\s+)?(?:[a-z_]+s|rows?|records?|entries)\s+(?:where|with|in which|whose)\s+(?P<bad>.+?)\s+"
    r"(?:are|is|count as|should be treated as|must be treated as)\s+(?:broken|wrong|bad|invalid|errors?|corrupt(?:ed)?|a bug|bugs|failures?)"
    r"(?:\s*[,;-]\s*(?:please|pls|so|and|can|could)\b.*)?$"
)
#: "<someone or something> requires / says / states that <clause>": the clause is the rule
_REQUIRES_THAT = re.compile(
    r"(?i)^(?:[\w'().-]+\s+){1,6}?(?:requires?|mandates?|demands?|stipulates?|specifies|specify|says?|states?|dictates?)\s+"
    r"that\s+(?P<clause>.+)$"
)
#: a table as the subject of a sentence about its rows: "journal_entries", "the ledger table"
_TABLE_SUBJECT = r"(?:the\s+)?[\w.`«»]+(?:\s+(?:table|model|dataset|view))?\s+"
#: a table that has rows where ..., or must not have any: the bad case, stated
_TABLE_BAD_ROWS = re.compile(
    r"(?i)^" + _TABLE_SUBJECT +
    r"(?:(?:must|should|shall|may|can|will)\s*(?:not|n't|nt)\s+(?:contain|have|hold|include|return)\s+(?:any\s+)?"
    r"|(?:contains|has|have|holds|includes|returns)\s+(?:some\s+)?)"
    r"(?:rows?|records?|entries|lines)\s+(?:where|in which|whose|for which)\s+(?P<bad>.+)$"
)
#: "no rows where email is missing", "journal_entries contains no rows where ...", "the
#: table must have zero records where ...": the bad case is stated, as after "fail if"
_NO_ROWS_WHERE = re.compile(
    r"(?i)^(?:(?:please\s+)?(?:ensure|make sure|check|verify|confirm|assert|validate)(?:\s+that)?\s+)?(?:there\s+(?:(?:should|must|can|may|will)\s+be|are|is)\s+|we\s+(?:want|need|expect|have)\s+)?"
    # a table as the subject: "<table> contains / has / must contain / should have"
    rf"(?:{_TABLE_SUBJECT}(?:(?:must|should|shall|may|can|will)\s+)?"
    r"(?:contains?|has|have|holds?|includes?|returns?)\s+)?"
    r"(?:(?:no|zero|0)\s+|(?:there\s+(?:should|must|can|may|will)\s*(?:not|n't|nt)\s+be|we\s+(?:should|must|do)\s*(?:not|n't|nt)\s+(?:have|see))\s+any\s+)"
    r"(?:rows?|records?|entries|lines|[a-z]+s)\s+(?:where|in which|whose|for which)\s+(?P<bad>.+)$"
)
_CHECK_WORDS = re.compile(
    r"(?i)\b(?:must|should|shall|need|needs|required|cannot|can't|cant|never|not null|unique|between|at least|at most)\b"
)


#: a ticket label before the sentence: "AC:", "STORY-17:", "DQ-412:", "Bug:" (the bad-case
#: reading of "Bug: rows where ... are broken" is in `_BROKEN_ROWS`)
_LABEL = re.compile(
    # "Monitor gov.tax_filings - ...", "Rule on sales.orders -": a monitor's heading and its table
    r"^\s*(?:(?:[a-z][\w-]*\s+){0,2}?(?:monitor|rule|check|validation)\s+(?:on\s+|for\s+)?[a-z_][\w]*\.[\w.]+\s*(?:[\u2014\u2013:]|\s-)\s*"
    # "Validation monitor on instruments: flag any ...", "Daily: confirm zero rows where ...": a
    # monitor on a table, or when it runs, before the verb that asks for the check
    r"|(?:(?:[a-z][\w-]*\s+){0,2}?(?:monitor|rule|check|validation)s?\s+(?:on|for)\s+[a-z_]\w*|daily|nightly|hourly|weekly|monthly|"
    r"(?:every|each)\s+(?:morning|evening|night|day|week|month|hour|run|load))\s*:\s*"
    r"(?=(?:(?:please|pls)\s+)?(?:flag|alert|fail|warn|confirm|check|verify|ensure|make\s+sure|validate|assert|reject)\b)"
    r"|(?:ac|acceptance criteri(?:a|on)|story|task|ticket|jira|req(?:uirement)?|rule|note|dq|todo|step|runbook|playbook|sop|"
    r"done\s+when|definition\s+of\s+done|dod|given|then|and\s+then|finally|also)"
    # ("Step 4 (parking):", "AC2 (billing):": the step's name in brackets is its label too)
    r"(?:[\s#\u00a7-]*\d+(?:\.\d+)*[a-z]?)?(?:\s*\([^()«»:<>=]{1,40}\))?\s*:\s*|\[?[A-Z][A-Z0-9]+-\d+\]?\s*:?\s+"
    # a tool, a regulation or a kind of rule named before the sentence: "Soda check:",
    # "Volume monitor:", "HIPAA:", "EPA reporting:", "Sanity check:", "Post-load:"
    r"|(?:soda|deequ|dbt|bigeye|anomalo|monte\s+carlo|great\s+expectations|gx|hipaa|gdpr|sox|aml|kyc|"
    r"pci(?:[\s-]dss)?|ccpa|basel|ifrs|epa|fda|sec|finra|iso\s*\d+)(?:\s+[\w-]+){0,5}?\s*:\s*"
    # "write a dbt expression_is_true test:", "add a soda check:": what kind of check follows
    r"|(?:(?:please|pls)\s+)?(?:write|add|create|set\s+up|make)\s+(?:an?\s+)?(?:[\w.-]+\s+){0,3}?(?:test|check|rule|validation|assertion)\s*:\s*"
    # ("PM2.5 sanity:": a number with a decimal point in the heading's words)
    r"|(?:[a-z][\w-]*(?:\.\d+)?\s+){0,2}?(?:monitor|check|metric|sla|suite|validation|control|guardrail|policy|expectation|constraint|assertion|rule|"
    r"reporting|requirement|quality\s+rule|sanity\s+check|post-load|pre-load|post\s+load|pre\s+load|"
    # a heading noun: "GPS pings sanity:", "Provider registry:", "Operator checklist:", "Triage:"
    r"sanity|checklist|registry|triage|runbook|playbook|procedure|notes?|summary|spec|specification|audit|recon|"
    r"reconciliation|qa|qc|health|hygiene|story|epic|ticket|issue)s?(?:[\s#-]*\d+[a-z]?)?(?:\s+\[?[A-Z][A-Z0-9]+-\d+\]?)?(?:\s+(?:pls|please|plz))?\s*:\s*"
    # "Sanity checks after the quarterly re-org load:": when the checks run, not a comparison
    r"|(?:[a-z][\w-]*\s+){0,2}?(?:checks?|tests?|rules?|validations?|assertions?)\s+(?:before|after|following|prior\s+to)\s+[^:;«»<>=]{1,50}?:\s*"
    # any short heading before a negative subject ("Post-load check 2: no booking may ..."):
    # left in place it would hide the negation
    r"|(?=[^:;«»]{0,60}?\s[^:;«»]*?:)[^:;«»]{1,60}?:\s*"
    r"(?!no\s+(?:more|less|fewer|later|earlier|greater|higher|lower|longer|shorter|bigger|smaller)\b|nothing\s+(?:other|else|but)\b)"
    r"(?=(?:no|nobody|none|nothing|never|neither|no\s+one|not\s+a\s+single|under\s+no)\b))",
    re.I,
)
#: Great Expectations prose: "Expect (the) (column) values in X to ...", "Expect X values to ..."
_WANT_X_TO = re.compile(
    r"(?i)^(?:[\w'-]+\s+){0,6}?(?:requires?|need|needs|wants?|expects?|would\s+like)\s+(?:that\s+)?"
    r"(?P<x>(?:the\s+|every\s+|each\s+|all\s+)?[\w.«»`]+(?:\s+[\w.«»`]+){0,3}?)\s+to\s+"
    r"(?P<rest>(?:always\s+|never\s+|not\s+)?(?:be|exist|have|match|stay|remain|fall|lie|contain|follow|look|equal|exceed|reference|belong)\b.+)$"
)
_EXPECT = re.compile(
    r"(?i)^expect\s+(?:that\s+)?(?P<none>none\s+of\s+)?(?:the\s+)?(?:column\s+)?(?:values?\s+(?:in|of|for)\s+)?"
    r"(?:the\s+)?(?:column\s+)?(?P<subj>[^\s]+(?:\s+[^\s]+)?)(?:\s+column)?(?:\s+values?)?\s+to\s+(?P<rest>.+)$"
)
#: an aggregate or anomaly rule: no row-level check kind says it
_AGGREGATE = re.compile(
    r"(?i)\b(?:avg|mean|median|stddev|stdev|std|variance|var|sum|percentile)\s*\(|"
    # "the avg x per panel", "x averages out above 4", "on average": a mean over rows
    r"\b(?:the|an?|its|their)\s+avg\.?\s+\w|\baverages?\s+(?:out\s+)?(?:above|below|over|under|at|to|more|less|greater|fewer|higher|lower)\b|"
    r"\bon\s+average\b|"
    # "at least 80% of clutches should have a y": a share of the rows has a value, not every row
    # (100% is every row; "95% of emails must be valid" is left to the older reading, the format)
    r"\b(?:at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|over|under|more\s+than|less\s+than|fewer\s+than|above|below|min(?:imum)?|max(?:imum)?)\s+"
    r"(?!100(?:\.0+)?\s*%)\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+|all\s+|our\s+)?[a-z]+\s+(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to|may|can|will)\s+"
    r"(?:have|has|carry|get|include|contain)\b|"
    r"\b(?:average|median|standard deviation|std ?dev|variance|percentile|p9[059])\s+(?:of\s+)?\w|"
    r"\b(?:the|a|its|their)\s+mean\b|\bmean\s+(?:of|value)\b|"
    # a metric's threshold: "hasCompleteness on x should be 0.95", "not_null_proportion at_least 0.9",
    # "the share / proportion / percentage of rows with ...": a ratio over rows, not a row check
    r"\bhas(?:completeness|uniqueness|distinctness|entropy|mean|sum|standarddeviation|approxquantile|correlation|"
    r"mutualinformation|approxcountdistinct|uniquevalueratio)\b|\b\w+_proportion\b|"
    # "the number of distinct users per day drops": a distinct count is a metric, not a key
    r"\b(?:number|count|counts|#)\s+of\s+(?:distinct|unique|different)\s+[a-z_]|"
    # "count distinct x must not be 0", "the distinct count of x", "distinct x count": the same
    # metric (read as a key and a bound on x: "must not be 0" was `x between 0 and 0`)
    r"\bcount\s*\(?\s*(?:distinct|unique)\s+[a-z_]|\b(?:distinct|unique)\s+(?:value\s+)?counts?\b|"
    r"\b(?:distinct|unique)\s+[a-z_][\w.]*\s+counts?\b(?!\s*(?:column|field))|"
    # "the null rate of coupon_code goes above 20%", "duplicate ratio", "missing share"
    r"\b(?:null|nulls|missing|empty|blank|duplicate|dupe|error|failure|fill|completeness|uniqueness)\s+"
    r"(?:rate|ratio|share|percentage|percent|pct|proportion|fraction)\b|"
    # "the share of pressings with defects stays under 2%", "the proportion of orders that are
    # refunded": a ratio over the rows (read as a row check it compared the flag with the number)
    r"\b(?:share|proportion|percentage|fraction|ratio|rate|percent|pct|number|count)\s+of\s+(?:the\s+|all\s+|our\s+)?(?:[a-z][a-z-]*\s+)?[a-z][a-z-]*s\s+"
    r"(?:with|that|which|where|having|who|flagged|marked|showing|carrying)\b(?=[^.;!?\n]*(?:\d\s*%|\bper\s+(?:day|week|month|year|hour|batch|run|load)\b))|"
    # "the refund rate per merchant", "conversion ratio by campaign": a ratio per group of rows
    # ("the rate per head" / "a fee per night" names a column of each row: "the" is no metric)
    r"\b(?!(?:the|a|an|its|their|our|your|this|that|each|every)\s)[a-z]+\s+(?:rate|ratio|share|proportion|fraction)\s+(?:per|by|for\s+each|across)\s+[a-z]+\b|"
    # "no more than 5000 rows per session", "at most 3 records for each customer": a count per
    # entity (one row per load / batch is the row count of the run as checked)
    r"\b\d+(?:\.\d+)?(?:\s*(?:k|m|thousand|million|billion))?\s+(?:rows|records|entries)\s+(?:per|for\s+each|for\s+every)\s+"
    r"(?!(?:single\s+)?(?:daily\s+|nightly\s+|hourly\s+|weekly\s+|monthly\s+|(?:morning|evening|night|hour|day|week|month|\d\d?:\d\d)[\s-])?(?:load|run|batch|refresh|delivery|file|extract|partition|snapshot|ingest|ingestion|drop|import|day)s?\b)[a-z_]+|"
    # "each pilot's total flying hours across the season", "the total weight over all lines": a
    # sum over many rows (read as a row check, its words were a made-up column)
    r"\btotal\s+(?:[a-z]+\s+){0,3}?(?:across|over|per|for\s+(?:each|every|the|a))\s+(?:the\s+|a\s+|each\s+|every\s+|all\s+(?:the\s+)?)?"
    r"(?:season|year|month|week|day|quarter|period|term|shift|trip|tour|lines|items|rows|records|entries|orders)\b|"
    r"\b(?:day|week|month|hour)[- ]over[- ](?:day|week|month|hour)\b|\b\d+\s+(?!(?:rows|records)\s+(?:(?:land|arrive|come\s+in|get\s+loaded)\s+)?(?:a|per|each|every|in\s+a)\s+day\b)[a-z]+s\s+(?:(?:land|arrive|come\s+in|get\s+loaded)\s+)?(?:a|per|each|every|in\s+a)\s+(?:minute|hour|day|week|month|year)\b(?!-)|\b(?:drops?|falls?|spikes?|jumps?)\s+(?:by\s+)?(?:more than\s+)?\d+\s*%"
)
#: "alert when updated_at hasn't moved in more than 6 hours", "... goes stale for more than 3 hours",
#: "breach if there are no new rows (by created_at) for 90 minutes", "alert if max(ts) is > 20
#: min old", "page if ingested_at is more than 1 hr behind": the bad case of a freshness
_STALE = re.compile(
    r"(?i)^(?:alert|fail|warn|error|page|notify|breach)\w*(?:\s+(?:me|us|the team))?\s+(?:when|if|whenever)\s+(?:the\s+)?"
    r"(?:(?P<col>[\w.]+)\s+(?:has\s*n[o']?t|hasn't|hasnt|did\s*n[o']?t|didn't|didnt)\s+(?:moved|changed|advanced|been updated|updated|refreshed|increased|grown|landed|arrived|been loaded)"
    r"|(?:table|data|dataset|feed|source|\w+ table)\s+(?:goes|is|gets|becomes|has been|went)\s+stale"
    r"|(?:\w+\s+)?(?:table|data|dataset|feed|source)\s+(?:has\s*n[o']?t|hasn't|hasnt)\s+been\s+(?:loaded|updated|refreshed|ingested)"
    # "alert if the table hasn't received new rows in 30 minutes", "... didn't get any data"
    r"|(?:\w+\s+)?(?:table|dataset|feed|source)\s+(?:has\s*n[o']?t|hasn't|hasnt|did\s*n[o']?t|didn't|didnt)\s+(?:received|receive|got|gotten|get|ingested|loaded)"
    r"\s+(?:any\s+)?(?:new\s+|fresh\s+)?(?:rows?|data|records?|events?)"
    r"|(?:there\s+(?:are|is|have\s+been|has\s+been)\s+)?no\s+(?:new\s+|fresh\s+)?(?:rows?|data|records?|events?|loads?|updates?|arrivals?|refresh(?:es)?|writes?|inserts?)"
    r"(?:\s*\((?:by|on|based\s+on|using|per)\s+(?P<col3>[\w.]+)\))?(?:\s+(?:have\s+|has\s+)?(?:arrived|landed|been\s+loaded|come\s+in|loaded))?"
    # "alert if nothing has landed for 20 minutes", "... nothing new has arrived in adoptions for
    # 36 hours": no row at all in that time (the table it names is context, never the column)
    r"|nothing\s+(?:new\s+)?(?:has\s+|have\s+)?(?:landed|arrived|come\s+in|came\s+in|been\s+loaded|loaded|shown\s+up|showed\s+up|lands|arrives|comes\s+in|shows\s+up|gets\s+loaded)"
    r"(?:\s+(?:in|into|on|for)\s+(?:the\s+)?(?P<tbl>[a-z][\w.]*)(?:\s+(?:table|feed|dataset|model))?(?=\s+(?:for|in)\s))?)"
    r"(?:\s+(?:in|for))?\s+(?:more than|over|longer than|at least)?\s*(?P<dur>\d+(?:\.\d+)?\s*[a-z]+)"
    r"(?:\s*\((?P<col2>[\w.]+)\))?(?:\s*,?\s*(?:based\s+on|by|using|judging\s+by)\s+(?P<col4>[\w.]+))?$"
    # "max(recorded_at) is > 20 min old", "ingested_at is more than 1 hr behind", "the latest
    # fetched_at is older than 25 hours": an age above the bound (a bare "more than N days"
    # with no age word could be a duration column's value, so the age word is required)
    r"|^(?:alert|fail|warn|error|page|notify|breach)\w*(?:\s+(?:me|us|the team))?\s+(?:when|if|whenever)\s+"
    r"(?:max\(\s*(?P<mcol>[\w.]+)\s*\)|(?:the\s+)?(?:latest|newest|most\s+recent|last|max|maximum)\s+(?P<lcol>[\w.]+)|(?P<bcol>[a-z_]\w*(?:\.\w+)?))"
    r"(?:\s+(?:on|in|of|from|for)\s+[\w.]+)?\s+(?:is\s+|are\s+|gets\s+|falls\s+|lags\s+)?"
    r"(?:(?:older\s+than|more\s+than\s+(?=\d[^,]*\b(?:old|behind|stale|late|ago|lagging)\b)|over\s+(?=\d[^,]*\b(?:old|behind|stale|late|ago)\b)|(?:>|GT)\s*(?=\d[^,]*\b(?:old|behind|stale|late|ago)\b))\s*"
    r"(?P<dur2>\d+(?:\.\d+)?\s*[a-z]+)(?:\s+(?:old|behind|stale|late|ago|lagging))?)$"
)
#: "no outing may be launched with river_level_m above 2.4", "an order must not be shipped with
#: weight_kg over 30": a negated event of the entity with a column's value, the bad case
_NO_ENTITY_WITH = re.compile(
    r"(?i)^(?:no\s+(?:[a-z]+\s+){1,2}?(?:may|can|must|should|shall|will)\s+(?:ever\s+)?be"
    r"|(?:an?|the|any)\s+(?:[a-z]+\s+){1,2}?(?:may\s+not|cannot|can'?t|cant|must\s+not|mustn'?t|should\s+not|shouldn'?t|"
    r"(?:must|may|can|should)\s+never)\s+be)\s+[a-z]+ed\s+(?:with|while\s+having|having)\s+(?:an?\s+|the\s+|its\s+|their\s+)?"
    r"(?P<bad>(?:[a-z]\w*_\w*|«\d+»)\s+[^,;]+)$"
)
#: the same with any negative subject and any verb phrase: "nobody should be booked into a room
#: with a party size above 20", "nobody may book a room with party_size above 20", "no flight
#: should be booked for more than 52 weeks (duration_weeks)", "no booking should last more than
#: 52 weeks": the entity's event is no rule, the comparison after it is the bad case (the
#: negation was lost on the subject: `party_size > 20`)
_NEG_SUBJECT_EVENT = re.compile(
    r"(?i)^(?:no\s+(?:[a-z]+\s+){1,2}?|nobody\s+|no\s*-?\s*one\s+|none\s+of\s+the\s+[a-z]+\s+)"
    r"(?:may|can|must|should|shall|will)\s+(?:ever\s+)?"
    r"(?:(?:be\s+)?(?!(?:have|has|had)\b)[a-z]+(?:\s+(?!(?:with|for|having)\b)[a-z]+){0,4}?\s+"
    r"(?:with|while\s+having|having|for)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?P<bad>[^,;]+)"
    # a verb of its own, the comparison right after it ("last more than 52 weeks (col)")
    r"|(?!(?:have|has|had|be|get|go|exceed)\b)[a-z]+\s+"
    r"(?P<bare>(?:(?:more|less|fewer|longer|shorter)\s+than|over|under|above|below|beyond|past)\s+-?\d[^,;]*))$"
)
#: "more than 52 weeks (duration_weeks)": a bound in a unit, its column in brackets after it
_BOUND_THEN_COLUMN = re.compile(
    r"(?i)^(?P<cmp>(?:(?:more|less|fewer|longer|shorter|greater)\s+than|over|under|above|below|beyond|past|at\s+least|at\s+most)\s+-?\d+(?:\.\d+)?)"
    r"(?:\s+[a-z]+)?\s*\(\s*(?P<col>[a-z]\w*)\s*\)$"
)
#: "the outings table needs water_temp_c recorded on every outing", "for safety we need
#: cert_no filled in for each job": a column that must be set on every row
_NEEDS_SET = re.compile(
    r"(?i)^(?:for\s+[a-z]+(?:\s+[a-z]+)?\s*,?\s+)?(?:(?:the\s+)?[\w.«»]+\s+(?:table|model|dataset|feed|extract)\s+|(?:we|i)\s+)?"
    r"(?:needs?|requires?|wants?)\s+(?:an?\s+|the\s+)?(?P<c>[a-z]\w*_\w*|«\d+»)\s+"
    r"(?:recorded|filled(?:\s+in)?|set|populated|captured|present|entered|logged)\s+(?:on|for|in)\s+(?:every|each|all|any)\s+[a-z]+$"
)
#: "... record its freezer_id", "... carry a crew_id": a verb of keeping a named column
_RECORDS_ITS = re.compile(
    r"(?i)\b(?:records?|carry|carries|captures?|logs?|stores?)\s+(?P<d>its|their|an?|the)\s+(?=[a-z]\w*_\w*\b|«\d+»)"
)
_DATA_IN_TABLE = re.compile(
    rf"(?i)^(?:the\s+)?(?:data|rows|records|events)\s+(?:in|from|of|for)\s+(?:the\s+)?(?P<t>(?![\w.]*(?:_at|_ts|_time|_date|_on)\b)[a-z][\w.]*)"
    rf"(?:\s+(?:table|model|dataset|feed))?\s+(?=(?:{MODAL}|is|are)\b)"
)
_AGE_WORD = re.compile(r"(?i)\b(?:older|old|behind|stale|late|lagging|fresh|freshness|ago)\b")
#: "a freshness check on _ingested_at, 6 hours max", "Freshness monitor on lake.clicks with a
#: 2-day threshold on ingested_at", "pls add freshness on raw_clicks, clicked_at shouldn't be
#: more than 30 min stale": the ask names a table or a time column, and maybe the bound
_FRESHNESS_ASK = re.compile(
    r"(?i)^(?:(?:pls|please|can\s+we|could\s+we|can\s+you|could\s+you|can\s+someone|we\s+need|i\s+need|need)\s+)*"
    r"(?:(?:get|add|set\s+up|setup|create|configure|have|put)\s+)?(?:an?\s+)?(?:[\w-]+\s+)?(?:freshness|recency)"
    r"(?:\s+(?:check|monitor|test|rule|sla|alert|threshold))?\s+(?:on|for)\s+(?:the\s+)?(?P<x>[a-z_][\w.]*)(?:\s+(?:table|model|dataset|feed))?"
    # "... on mart.kpis using kpi_date, threshold 36 hours": the time column before the bound
    r"(?:\s+(?:using|on|based\s+on|by|via)\s+(?:the\s+)?(?P<c0>[a-z_][\w.]*)(?:\s+(?:column|field))?|\s*\(\s*(?P<c1>[a-z_][\w.]*)\s*\))?"
    r"(?:\s*(?:,|:|-|\()?\s*(?:with\s+|using\s+|at\s+)?(?:an?\s+)?(?:"
    r"(?:max(?:imum)?|at\s+most|of|within|under|<|LT|LE)\s*(?P<d1>\d+(?:\.\d+)?\s*[a-z]+)"
    # Monte Carlo's wording: "threshold 2 hours", "alert threshold = 90 min", "SLA: 6h"
    r"|(?:(?:alert|breach|freshness|staleness)\s+)?(?:threshold|sla|max(?:imum)?\s+age|max\s+lag|limit|tolerance)\s*(?:of|=|:|is|at)?\s*(?P<d3>\d+(?:\.\d+)?\s*[a-z]+)"
    r"|(?P<d2>\d+(?:\.\d+)?)[- ]?(?P<u2>[a-z]+)\s+(?:max(?:imum)?|tops|at\s+most|threshold|sla|limit|window|tolerance|max\s+age)"
    r")(?:\s+(?:on|using|based\s+on|by|for)\s+(?P<c>[a-z_][\w.]*))?\)?\s*$"
    r"|\s*[,:;]\s+(?P<rest>\S.*)$)"
)
_TIME_NAME = re.compile(r"(?i)(?:_at|_ts|_time|_timestamp|_date|_on|_dt)$")
#: a user story: "As an analyst(,) I want ...", "As a compliance officer we need ..."
USER_STORY = re.compile(
    r"(?i)^as\s+(?:an?|the|our)\s+[\w\s/&-]{1,40}?,?\s+(?P<i>(?:i|we)(?:'d|\s+would)?\s+(?:want|need|like|expect|require)s?)\b"
)
#: the reason of a user story: "..., so that finance reconciliations tie out"
#: a "so that" clause that states a rule of its own ("so that amount is never negative")
_PCT_RANGE = re.compile(r"(?<![\w.])(?P<a>-?\d+(?:\.\d+)?)\s*%\s*(?P<sep>\.\.|\u2013|\u2014|-|\s+to\s+)\s*(?P<b>-?\d+(?:\.\d+)?)\s*%")
_SO_THAT_RULE = re.compile(
    rf"(?i)\b(?:{MODAL}|never|not|no|null|nulls|unique|between|negative|positive|zero|digits?|characters?|format|match(?:es)?|exists?|"
    rf"at\s+(?:least|most)|more|less|fewer|greater|above|below|over|under|before|after|within|older|newer|always|filled|populated|"
    rf"set|present|empty|blank|missing|valid|required|mandatory|distinct|duplicated?|duplicates?)\b|[<>=\d«]"
)
_SO_THAT = re.compile(r"(?i)\s*,?\s+so\s+that\s+(?!\w+\s+(?:is|are|must|should)\s+(?:unique|not\s+null|between)\b).+$")
#: "..., so the build sheets line up", "..., so our invoices tie out": the purpose of the rule
#: before it (never an imperative after "so": "..., so flag them", "..., so cap x at 5")
_SO_PURPOSE = re.compile(
    r"(?i),\s+so\s+(?!that\b)(?!(?:please|pls|plz|kindly|also|just|then|flag|catch|reject|block|alert|page|fail|cap|floor"
    r"|make|ensure|check|verify|validate|confirm|enforce|add|drop|remove|delete|fix|keep|treat|mark|set|use|let|warn|notify"
    r"|ping|stop|halt|raise|skip|ignore|filter|exclude|quarantine|send|write|create|apply|run|test|monitor)\b)"
    r"(?P<c>[a-z][^,;:()]*?)\s*[.!]?\s*$"
)
#: what makes a clause after "so" a rule of its own: a modal, a comparator, a number or literal,
#: a named column, or a check's word
_SO_PURPOSE_RULE = re.compile(
    rf"(?i)\b(?:{MODAL}|null|nulls|unique|between|negative|positive|zero|digits?|characters?|format|exists?|"
    rf"at\s+(?:least|most)|(?:more|less|fewer|greater|higher|lower|later|earlier|bigger|smaller)\s+than|above|below|over|under|"
    rf"exceeds?|before|after|within|older|newer|always|never|filled|populated|empty|blank|missing|valid|invalid|required|"
    rf"mandatory|distinct|duplicated?|duplicates?|dupes?|one\s+of)\b|[<>=\d«`.]|\b[a-z]\w*_\w"
)
_NOT_A_COLUMN = frozenset({"table", "data", "dataset", "feed", "source", "it", "this", "that"})
#: "The null rate for session_id should be zero", "duplicate count of id must be 0"
_ZERO_RATE = re.compile(
    r"(?i)^(?:the\s+)?(?P<what>null|missing|blank|empty|duplicate)(?:\s+values?)?\s+(?:rate|ratio|share|percentage|percent|fraction|count|number)\s+"
    r"(?:for|of|in|on)\s+(?:the\s+)?(?P<col>.+?)\s+(?:should|must|has to|needs to|shall|is to)\s+(?:be|equal|stay at|remain)\s+(?:0|zero)\s*%?$"
)
#: "we shouldnt see any payment_method other than card, paypal or bank_transfer"
_ONLY_SEE = re.compile(
    r"(?i)^(?:we|you|i|they)\s+(?:should|must|shall|do|will|can)\s*(?:not|n't|nt)\s+(?:ever\s+)?(?:see|have|get|find|allow|accept|store|receive)\s+"
    r"(?:any\s+)?(?P<subj>.+?)\s+(?:other than|besides|except|apart from|outside(?: of)?)\s+(?P<list>.+)$"
)
_NOTHING_ELSE = re.compile(
    r"(?i)\s*[,;-]?\s*(?:and\s+|but\s+)?(?:nothing|no)\s+(?:else|other values?|others)\s*$"
)


#: a permission, not a requirement: "X doesn't need to be unique", "X is not required",
#: "nulls in X are fine", "it's ok if X is null" -> no check (said back as context)
_PERMISSION = re.compile(
    r"(?i)\b(?:does\s*n[o']?t|doesnt|do\s*n[o']?t|dont|did\s*n[o']?t|need\s*n[o']?t|neednt|is\s*n[o']?t|isnt|are\s*n[o']?t|arent)\s+"
    r"(?:(?:need|have|has)\s+to|required(?:\s+to)?|necessarily|strictly\s+need\s+to)(?:\s+be)?\b"
    r"|\b(?:need|have|has)\s+not\s+(?:to\s+)?be\b|\bneed\s+not\b|\bneednt\b"
    r"|\b(?:is|are)\s+(?:not\s+(?:required|mandatory|needed|necessary)|optional|nullable)\s*$"
    r"|^(?:any\s+)?(?:nulls?|null values?|duplicates?|dupes|blanks?|blank values?|empty|empty values?|missing|missing values?)\s+(?:(?:in|on|for|of)\s+.+?\s+)?(?:are|is)\s+"
    r"(?:fine|ok|okay|allowed|acceptable|expected|permitted|tolerated|not a problem)(?:\s+(?:tho|though|btw|here|there))?"
    # "nulls are fine for pens that weren't counted", "null is ok when the survey was skipped":
    # the reason for the permission, in words with no value, column or comparison of a guard
    r"(?:\s+(?:for|when|if|whenever|since|because|as|where)\s+(?![^=<>«»\d_]*\b(?:is|are|equals?|has|have)\b)[^=<>«»\d_]+?)?\s*$"
    r"|^(?:it\s+is|it's|its)\s+(?:fine|ok|okay|acceptable|allowed|expected|not a problem)\s+(?:if|when|for|that)\b"
)
_MISSING_NOUN = r"(?:nulls?|null\s+values?|duplicates?|dupes|blanks?|blank\s+values?|empty|empty\s+values?|missing|missing\s+values?)"
#: a permission clause with the reason or group it holds for: "nulls are allowed for kilns
#: under maintenance", "blanks are ok for orders over the phone", "ph may be null for batches
#: under review". The head says what is allowed; the reason is read apart (see
#: `permission_reason`), never by the grammar ("under" in it was the comparator "<")
_PERMISSION_HEAD = re.compile(
    rf"(?i)^(?:(?:but|and|though|although|yet|while|also)\s+)?(?P<head>(?:any\s+)?(?P<noun>{_MISSING_NOUN})(?:\s+(?:in|on|for|of)\s+.+?)?\s+(?:are|is)\s+"
    r"(?:fine|ok|okay|allowed|acceptable|expected|permitted|tolerated|not a problem)(?:\s+(?:tho|though|here|there))?"
    r"|(?!(?:no|not|none|nothing|never)\b)[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:may|can|could|is\s+allowed\s+to|are\s+allowed\s+to|is\s+permitted\s+to|are\s+permitted\s+to)\s+"
    r"(?:also\s+)?be\s+(?:null|empty|blank|missing|left\s+(?:empty|blank)))"
    r"\s+(?P<why>(?:for|when|if|whenever|since|because|as|where)\s+.+?)\s*$"
)
#: a reason in words: no value, column name, comparison symbol or verb of a condition
_MERE_REASON = re.compile(r"(?i)^(?![^=<>«»\d_]*\b(?:is|are|was|were|equals?|has|have)\b)[^=<>«»\d_]+$")


def permission_reason(clause: str) -> tuple[str | None, str] | None:
    """A permission clause with its reason or group: (what is still to read, the reason).

    "nulls are allowed for kilns under maintenance" -> (None, reason): nothing to read, the
    permission states no check; "ph may be null for batches under review" -> ("ph may be
    null", reason): the column, read as optional. A reason with a value, a column or a
    comparison ("for amounts under 100") is a condition: ("", reason) after a missing-value
    noun ("nulls are fine for ..."), which no check can hold, so the clause is not read; after
    a column ("amount may be null when ...") it is left to the grammar (None is returned)."""
    m = _PERMISSION_HEAD.match(clause.strip(" .;,"))
    if not m:
        return None
    why = m.group("why")
    if _MERE_REASON.match(why):
        return (None if m.group("noun") else m.group("head")), why
    return ("", why) if m.group("noun") else None


#: a permission for the rows a rule leaves out, after the rule: "..., where anything goes",
#: "..., open ones can be blank", "; adults can leave it empty", ", nulls ok for the stainless
#: ones", ", nulls are fine (cash tips aren't logged)", ", so nulls are fine". `kind` is what it
#: allows: "any" (any value) or "null" (a missing value)
_PERMISSION_AFTER = re.compile(
    r"(?i)^(?:(?P<rule>.+?)(?:\s*(?:,|;|\s[\u2014\u2013-])\s+|\s+(?=(?:where|in\s+which\s+case)\s+(?:anything|any\s+value|whatever)\s)))?(?P<tail>(?:(?:and|but|so|though|while|otherwise)\s+)?(?:"
    r"(?P<any>(?:(?:where|in\s+which\s+case|then|there|otherwise)\s+)?(?:anything|any\s+value|whatever)\s+(?:goes|is\s+(?:fine|ok|okay|allowed))"
    r"(?:\s+(?:for|during|in|on|when|while|otherwise)\s+[^,;=<>«»]+|\s+(?:otherwise|else))?)"
    rf"|(?P<nulls>(?:any\s+)?{_MISSING_NOUN}\s+(?:(?:are|is)\s+)?(?:fine|ok|okay|allowed|acceptable|expected|permitted|tolerated)"
    r"(?:\s+(?:for|when|if|on|in|during|because|since|as)\s+[^,;=<>«»\d]+|\s*\([^()=<>«»]*\))?)"
    r"|(?P<others>(?!(?:no|not|none|never|nothing|nobody)\b)(?:the\s+)?(?:[a-z]+\s+){0,2}?(?:ones|others|rest|[a-z]+s)\s+(?:can|may|could|are\s+allowed\s+to)\s+"
    r"(?:be\s+(?:left\s+)?(?:blank|empty|null|missing|unset)|leave\s+(?:it|them|this|that)\s+(?:empty|blank|unset|out))"
    r"(?:\s+(?:for|during|when)\s+[^,;=<>«»]+)?)"
    r"))\s*[.!]?\s*$"
)
_PERMISSION_AFTER_CUE = re.compile(r"(?i)\b(?:goes|fine|ok|okay|allowed|acceptable|expected|permitted|tolerated|blank|empty|unset)\b")
#: a rule that holds on some rows only: a condition word, or a condition in brackets
RULE_CONDITION = re.compile(
    r"(?i)\b(?:when|whenever|unless|if|where|while|except|only\s+for)\b|\([^()]*(?:=|<|>|\bis\b|«)[^()]*\)"
)


def permission_after(sentence: str) -> tuple[str | None, str, str] | None:
    """(the rule before it or None, the permission, "any" or "null") when a sentence ends in a
    permission for some rows ("..., open ones can be blank", "nulls ok for X", "where anything
    goes"). The caller decides: after a conditional rule it is the rows the condition leaves
    out (context); beside a check it makes an exception to, it cannot be held (refused)."""
    if not _PERMISSION_AFTER_CUE.search(sentence):
        return None
    m = _PERMISSION_AFTER.match(sentence.strip())
    if not m:
        return None
    rule = m.group("rule")
    if rule and re.fullmatch(r"(?i)(?:it'?s\s+|it\s+is\s+)?optional\b[^,;=<>«»\d]*", rule.strip()):
        # "Optional for pre-1990 records, so nulls are fine": the whole sentence allows
        return None, sentence.strip(" .;,"), "null"
    if rule is not None and not rule.strip():
        rule = None
    return rule, m.group("tail").strip(" .;,"), "any" if m.group("any") else "null"


def permission_exception(clause: str) -> str | None:
    """The check kind a permission for a group is an exception to: "nulls are fine for kilns
    under maintenance" -> "not_null", "duplicates are ok for orders over the phone" -> "unique"
    (None for a blanket permission or none at all). Beside a check of that kind the permission
    limits it to some rows, which no check here states."""
    m = _PERMISSION_HEAD.match(clause.strip(" .;,"))
    if not m:
        return None
    noun = (m.group("noun") or "").lower()
    return "unique" if noun.startswith(("dup", "dupe")) else "not_null"



_SYSTEM = (
    r"(?:pipeline|job|run|check|test|load|dag|task|build|batch|process|ingest(?:ion)?|import|export|"
    r"sync|etl|elt|workflow|flow|step|stage|suite|monitor|rule|validation|assertion|expectation)"
)
_FAIL_VERB = r"(?:fails?|errors?(?:\s+out)?|aborts?|stops?|breaks?|halts?|alerts?|warns?|pages?|blocks?|rejects?)"
#: "the pipeline fails if ...", "our nightly load must abort when ...", "the check should error if"
_FAILS_IF = re.compile(
    rf"(?i)^(?:(?:hey|hi|yo)\s+)?(?:@[\w.-]+[,:]?\s+)*(?:(?:and|so|then)\s+)?(?:the|this|that|our|a|an|each|every)?\s*(?:[\w-]+\s+){{0,2}}?{_SYSTEM}s?\s+"
    # "the pipeline for iot.pings should fail if ...", "the job on raw.orders must abort when ..."
    rf"(?:(?:for|on|of|in|loading|that\s+loads)\s+(?:the\s+)?[\w.]+(?:\s+(?:table|model|dataset|feed))?\s+)?"
    rf"(?:(?:should|must|shall|will|has\s+to|needs\s+to|is\s+to|ought\s+to)\s+)?(?:always\s+)?"
    rf"(?:fail|fails|error|errors|error\s+out|errors\s+out|abort|aborts|stop|stops|break|breaks|halt|halts|go\s+red|goes\s+red|be\s+red)\s+"
    r"(?:if|when|whenever|in\s+case)\s+(?:there\s+(?:is|are)\s+)?"
)
#: a request for an alert on the bad case: "can we get an alert if ...", "I'd like a page
#: when ...", "we want to be notified if ...", "let me know if ...", "ping #data-eng when ..."
_WANT_ALERT = re.compile(
    r"(?i)^(?:(?:hey|so|also|and|pls|please|ideally|basically)\s+)*"
    r"(?:(?:can|could|would|will)\s+(?:we|you|i|someone|somebody)\s+(?:please\s+)?(?:get|have|set\s+up|setup|add|create|configure)"
    r"|(?:i|we)(?:'d|\s+would)?\s+(?:like|want|need|love)(?:\s+to\s+(?:get|have|receive|see))?"
    r"|(?:i|we)\s+(?:should|must|want\s+to|need\s+to)\s+(?:get|receive)"
    r"|(?:please\s+)?(?:set\s+up|setup|add|create|configure|give\s+(?:me|us)|send\s+(?:me|us|the\s+team))"
    r"|there\s+should\s+be)"
    r"\s+(?:an?\s+|some\s+(?:kind\s+of\s+)?)?(?:alerts?|alarms?|pages?|notifications?|warnings?|pings?|heads[- ]up|slack\s+(?:alert|message|ping)s?|e-?mails?)"
    r"(?:\s+(?:to|for|in|on)\s+[#\w@-]+){0,2}\s+(?:if|when|whenever|in\s+case)\s+"
    r"|^(?:(?:hey|so|also|pls|please)\s+)*(?:can|could|would|shall)\s+(?:we|you|someone)\s+(?:please\s+)?(?:alert|page|warn|notify|ping)"
    r"(?:\s+(?:me|us|the\s+team|someone|on-?call|[#@][\w-]+))?\s+(?:if|when|whenever|in\s+case)\s+"
    r"|^(?:(?:i|we)\s+(?:want|need|would\s+like|'d\s+like)\s+to\s+be|(?:i|we)\s+(?:should|must)\s+(?:get|be))\s+"
    r"(?:alerted|paged|notified|warned|pinged|told)\s+(?:if|when|whenever|in\s+case)\s+"
    r"|^(?:please\s+)?(?:let\s+(?:me|us|the\s+team|someone|on-?call)\s+know|(?:ping|notify|tell|email|message|page)\s+(?:me|us|the\s+team|someone|on-?call|[#@][\w-]+))"
    r"\s+(?:if|when|whenever|in\s+case)\s+"
)
#: the same request after its condition: "if X is over 5 we should get paged", "..., let me know"
_ALERT_AFTER = re.compile(
    r"(?i)^(?:if|when|whenever)\s+(?P<bad>.+?),?\s+(?:then\s+)?(?:(?:i|we|someone|on-?call)\s+(?:should|must|want\s+to|need\s+to)\s+(?:get|be)\s+"
    r"(?:alerted|paged|notified|warned|pinged|told)|(?:please\s+)?let\s+(?:me|us|the\s+team)\s+know|(?:please\s+)?(?:ping|notify|page|alert)\s+(?:me|us|the\s+team|someone|on-?call|[#@][\w-]+))\s*$"
)
#: "raise an alert for any row where ...", "open an incident for each record with ...", "page
#: someone for rows where ...", "alert on any shipment where ...": an action taken on the rows
#: the condition selects, so the condition is the bad case (read as a scope, the action phrase
#: became a column and the bad case the rule)
_ACTION_VERB = r"(?:raise|send|trigger|fire|open|create|emit|throw|file|log|generate|post|cut|surface)"
_ACTION_ALONE = r"(?:alert|warn|flag|error|fail|page|notify|ping|escalate)"
_ACTION_OBJECT = (
    r"(?:alert|alarm|error|exception|incident|page|warning|notification|ticket|issue|bug|failure|"
    r"message|e-?mail|p[0-4]|sev\s*[0-4])"
)
_ACTION_WHOM = r"(?:\s+(?:someone|somebody|us|me|the\s+team|(?:the\s+)?on-?call(?:\s+engineer)?|[#@][\w-]+))?"
_ACTION_WHAT = rf"\s+(?:(?:an?|one|the|some)\s+)?(?:[\w-]+\s+){{0,2}}?{_ACTION_OBJECT}s?"
#: "raise a P2 if ...", "page the on-call when ...", "escalate to on-call if ...", "halt the
#: pipeline if ...": an action taken on the bad case
_ACTION_IF = re.compile(
    r"(?i)^(?:(?:please|pls)\s+)?(?:raise|page|escalate|halt|notify|abort|block|alert|warn|fail|stop|open|create|file|send|trigger)"
    r"(?:\s+(?!if\b|when\b|whenever\b)[\w'.-]+){1,4}?\s+(?:if|when|whenever|in\s+case)\s+(?:there\s+(?:is|are)\s+)?"
    # "fire an alert when ...", "emit a warning if ...", "log an error whenever ...": any action
    # verb with an alert of some kind as its object
    rf"|^(?:(?:please|pls)\s+)?{_ACTION_VERB}{_ACTION_WHOM}{_ACTION_WHAT}(?:\s+(?:to|in|via)\s+[#@]?[\w-]+)?"
    r"\s+(?:if|when|whenever|in\s+case)\s+(?:there\s+(?:is|are)\s+)?"
)
_FAILED_ROWS = re.compile(
    r"(?i)^(?:(?:soda|dbt|check|test)\s*:?\s*)?(?:failed|failing|bad|invalid)\s+(?:rows?|records?)(?:\s+(?:query|condition|check|when|if|where))?\s*:\s*"
    r"|^(?:rows?|records?)\s+(?:failing|that\s+fail|to\s+fail)\s*:\s*"
    r"|^(?:fail|failure|error)\s+(?:condition|when|if)\s*:\s*"
    # "alert condition: customer_id is null", "Validation monitor alert condition: ..."
    r"|^(?:[\w-]+\s+){0,3}?(?:alert|alarm|warning|trigger|breach|incident)\s+(?:condition|criteria|criterion|rule)\s*(?::|\bis\b|=)\s*"
)
#: the consequence of a rule failing: "... or the job should fail", "..., otherwise page
#: on-call", "... or else something is broken upstream"
_OR_ELSE = re.compile(
    r"(?i)\s*,?\s+(?:or\s+else|or|otherwise|else)\s*,?\s+(?:"
    r"(?:the\s+|our\s+|this\s+|that\s+)?(?:[\w-]+\s+){0,2}?(?:pipeline|job|run|check|test|load|dag|task|build|batch|process|import|sync|etl|workflow|"
    r"step|monitor|something|it|we|someone|on-?call|dashboards?|reports?|things?|data|feed|table)\s+"
    r"(?:(?:should|will|must|would|shall|is|are|gets?|goes?|has\s+to|needs\s+to)\s+)?(?:be\s+|get\s+|go\s+)?(?:probably\s+|likely\s+)?"
    r"(?:fail|error|abort|stop|break|broken|alert|page|paged|alerted|notified|wrong|red|halt|off|stale|bad|corrupt)\w*"
    r"|(?:(?:please|pls)\s+)?(?:fail|alert|page|abort|halt|stop|block|raise|notify|warn|error)\b)"
    r"(?:\s+\S+){0,8}\s*$"
)
_HEADING_COMMAND = re.compile(
    r"(?i)^(?P<head>[^:;,()«»]{1,60}?)\s*(?::|\s[-\u2013\u2014]\s)\s*"
    r"(?P<rest>(?:(?:please|pls)\s+)?(?:check|verify|ensure|confirm|make\s+sure|validate|assert|expect)(?:\s+that)?\s+"
    r"(?:no|nobody|none|nothing|never|neither|no\s+one|not\s+a\s+single|there\s+(?:are|is|should\s+be|must\s+be)\s+no)\b)"
)
_HEADING_BAD_CASE = re.compile(
    r"(?i)^(?P<head>[^:;,()«»]{1,60}?)\s*(?::|\s[-\u2013\u2014]\s)\s*"
    r"(?P<rest>(?:(?:please|pls)\s+)?(?:alert|fail|flag|raise|error|warn|page|notify|reject|breach)\w*\b"
    r"(?:\s+(?!if\b|when\b|whenever\b)[\w'.-]+){0,4}?\s+(?:if|when|whenever|in\s+case)\s"
    # "SQL rule on loans: flag rows where ...", "Gate - raise an alert for any row with ...":
    # the rows selected are the bad case
    r"|(?:(?:please|pls)\s+)?(?:flag|find|detect|catch|report|list|show|return|highlight|surface|select)\s+"
    r"(?:(?:all|any|each|every|the)\s+)?(?:rows?|records?|entries)\s+(?:where|with|having|that|which|in\s+which)\s"
    rf"|(?:(?:please|pls)\s+)?(?:{_ACTION_VERB}|{_ACTION_ALONE})\b[^:;]*?\s(?:for|on|about|against)\s+(?:(?:any|each|every|all|the)\s+)?"
    r"(?:rows?|records?|entries)\s+(?:where|with|having|that|which|in\s+which|if|when)\s)"
)
_ACTION_FOR_ROWS = re.compile(
    r"(?i)^(?:(?:please|pls|then|and|so|also)\s+)*"
    rf"(?:{_ACTION_ALONE}{_ACTION_WHOM}(?:{_ACTION_WHAT})?|{_ACTION_VERB}{_ACTION_WHOM}{_ACTION_WHAT})"
    r"(?:\s+(?:to|in|via)\s+[#@]?[\w-]+)?\s+"
    r"(?:(?:for|on|about|against)\s+(?:(?:any|each|every|all(?:\s+the)?|the|those|such)\s+)?"
    r"(?P<noun>[\w.-]+(?:\s+(?:table|model|dataset|rows?|records?))?)\s+"
    r"(?P<conn>where|when|whenever|if|with|having|in\s+which|that\s+(?:have|has)|which\s+(?:have|has)|whose)"
    r"|(?P<conn2>where|wherever))\s+"
)
_IF_THEN_ACTION = re.compile(
    r"(?i)^(?:if|when|whenever|should)\s+(?P<bad>.+?)(?:,\s*(?:then\s+)?|\s+then\s+)(?:please\s+)?"
    # the action has no condition of its own ("if X, fail if Y" is X guarding the bad case Y)
    r"(?:fail|halt|stop|abort|block|alert|page|raise|escalate|notify|warn|flag|reject|error)\b"
    r"(?:(?!\b(?:if|when|whenever|where|unless)\b)[^,;])*$"
)
_CHECK_FOR_BAD = re.compile(
    r"(?i)^(?:(?:hey|so|also|pls|please)\s+)*(?:(?:can|could)\s+(?:we|you|someone)\s+(?:please\s+)?(?:get|add|have|set\s+up|setup|create|write|build)\s+"
    r"|(?:add|set\s+up|setup|create|build|write|put\s+in)\s+|(?:we|i)\s+(?:need|want|would\s+like|'d\s+like)\s+|need\s+)"
    r"(?:an?\s+|some\s+)?(?:[\w.-]+\s+)?(?P<kind>monitor|check|test|alert|alarm|page|rule|validation|assertion)s?\s+(?:for|on|against|catching|to\s+catch|that\s+catches)\s+"
    rf"(?![^:;]*(?::|\b(?:{MODAL})\b|\band\s+(?:validate|check|ensure|make|verify)\b))"
    r"(?:any\s+)?(?:(?P<bad>(?:duplicated?|duplicates|dupes?|null|nulls|missing|blank|empty|negative|invalid|orphan(?:ed)?)\s+.+)"
    r"|(?P<cmp>.+?(?:[<>]|\b(?:above|over|below|under|greater|less|more|fewer|exceed\w*|outside|before|after|later|earlier)\b).*))$"
)
_TREAT_AS_BAD = re.compile(
    r"(?i)^(?:(?:please|pls|we\s+should|let's|lets)\s+)?(?:treat|consider|count|mark|regard|flag)\s+(?P<bad>.+?)\s+(?:as\s+)?(?:an?\s+)?"
    r"(?:errors?|invalid|bad(?:\s+data)?|failures?|broken|bugs?|violations?|suspicious|anomal(?:y|ies)|garbage|junk|wrong)\W*$"
)
_ARROW_BAD = re.compile(
    r"(?i)^(?P<bad>[^→⇒]+?)\s*(?:\u2192|->|=>|\u21d2|\u27f6)\s*(?:(?:an?|raise|open|send|fire)\s+)?(?:alert|fail(?:ure)?|page|incident|error|flag|bad|reject|p[0-4]|sev\s*\d)\b[^,;]*$"
)
_NOTHING_CMP = re.compile(
    r"(?i)^nothing\s+(?P<cmp>(?:over|above|under|below|more\s+than|less\s+than|greater\s+than|fewer\s+than|[<>]=?)\s+-?[\d.,]+\S*)\s+"
    r"(?:in|for|on)\s+(?:the\s+)?(?P<col>[\w«»`.]+)(?:\s+column)?\s*$"
)
_ZERO_ROWS = re.compile(
    r"(?i)^(?:(?:expect|assert|want|there\s+should\s+be|there\s+must\s+be)\s+)?(?:zero|0)\s+(?:rows?|records?)\s+(?:where|with|having|in\s+which)\s+(?P<c1>.+)$"
    r"|^(?:the\s+)?(?:count|number)\s+of\s+(?:rows|records|[a-z]+s)\s+(?:where|with|having)\s+(?P<c2>.+?)\s+(?:must|should|has\s+to|needs\s+to)\s+(?:be|equal|stay|remain)\s+(?:0|zero)$"
    r"|^fail\s+if\s+(?:the\s+)?(?:count|number)\s+of\s+(?:rows|records|[a-z]+s)\s+(?:where|with|having)\s+(?P<c3>.+?)\s+(?:is\s+)?"
    r"(?:non-?zero|not\s+(?:0|zero)|(?:greater|more)\s+than\s+(?:0|zero)|>\s*0|above\s+(?:0|zero)|positive)$"
)
#: a bad case that is a conjunction: "alert when qty > 5 and price < 2" is bad only when both
#: hold, so the check is "when qty > 5, fail if price < 2" (NOT A OR NOT B), never each alone
_BAD_AND = re.compile(
    r"(?i)^(?P<act>(?:fail|alert|warn|flag|error|stop|page|raise|reject)\w*(?:\s+[\w-]+){0,2}?\s+(?:if|when|whenever|where|on)\s+"
    r"(?:(?:any|some|a|the)\s+(?:rows?|records?|entries|lines)\s+(?:have|has|with|where|having|in\s+which)\s+)?)"
    r"(?P<a>[^,;]+?)\s+(?:and|but|while)\s+(?P<b>[^,;]+)$"
)
_CMP_CUE = re.compile(
    r"(?i)(?:[<>=]|\b(?:is|are|has|have|exceeds?|greater|less|more|fewer|above|below|over|under|null|missing|empty|blank|"
    r"between|negative|positive|before|after|earlier|later|outside|set|populated)\b)"
)
_LEAD_CMP = re.compile(
    r"(?i)^(?:is\s+|are\s+)?(?:not\s+)?(?:greater|less|more|fewer|above|below|over|under|at\s+least|at\s+most|<|>|=|!=|<>|"
    r"null|missing|empty|blank|negative|positive|before|after|earlier|later|exceeds?)\b"
)


#: a process step: "before promoting", "after closing the incident", "prior to publishing it"
_GERUND = (
    r"(?:promot|clos|publish|releas|deploy|merg|sign(?:ing)?\s+off|approv|export|send|report|refresh|"
    r"run|runn|start|finish|complet|submit|hand|go|mov|push|ship(?:p)?ing\s+the\s+(?:data|file|extract|release)|"
    r"cutt|roll|kick|trigger|load|ingest|archiv|migrat|switch|resolv|escalat)ing"
)
#: a run of the pipeline named by a noun: "after the morning load", "before the weekly
#: refresh", "following the backfill" (when the check runs, never a time column)
_PROCESS_NOUN = (
    r"(?:the|each|every|a|an|our|this|that|its)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:loads?|reloads?|backfills?|runs?|re-?runs?|refresh(?:es)?|merges?|deploy(?:ment)?s?|migrations?|"
    r"ingestions?|imports?|syncs?|batch(?:es)?|jobs?|releases?|cutovers?|rebuilds?|etl|dag\s+run|upgrades?|rollouts?|go-?lives?|"
    r"publish|close|month[- ]end\s+close)"
)
_PROCESS_LEAD = re.compile(
    rf"(?i)^(?:step\s+\d+\s*:\s*)?(?:before|after|prior\s+to|once|until|when|following)\s+(?:{_GERUND}\b[^,:]{{0,60}}|{_PROCESS_NOUN}(?:\s+(?:is|has|finishes|completes|lands)(?:\s+\w+)?)?),\s*(?:then\s+)?"
    # "Before publishing the monthly report: ...", "Race-day runbook: after each upload, ...":
    # a heading, then the step of the process (a colon ends it as a comma does)
    rf"|^(?:[A-Za-z][\w -]{{0,40}}:\s*)?(?:before|after|prior\s+to|once|following)\s+"
    rf"(?:{_GERUND}\b[^,:=<>«»]{{0,60}}|(?:the|each|every|a|an|our|this|that|its)\s+(?:(?:[a-z-]+|\d{{1,2}}:\d{{2}})\s+){{0,2}}?(?:loads?|uploads?|reloads?|backfills?|runs?|"
    rf"refresh(?:es)?|syncs?|batch(?:es)?|jobs?|imports?|ingestions?|releases?|deploy(?:ment)?s?|extracts?))\s*[,:]\s*(?:then\s+)?"
)
#: "after the backfill the table must ...", "Recovery step: once the reload x should ...": a
#: run of the pipeline with no comma after it, before the subject of a rule
_PROCESS_LEAD_BARE = re.compile(
    rf"(?i)^(?P<head>[A-Za-z][\w ]{{0,40}}:\s*)?(?:before|after|once|following)\s+{_PROCESS_NOUN}\s+"
    rf"(?=(?:the|every|each|all|no|any)\b|[\w«»`.]+\s+(?:{MODAL})\b)"
    # "after each 10-min batch confirm ...", "before publishing results verify that ...": a
    # step of the process, then the verb that asks for the check
    rf"|^(?P<head2>[A-Za-z][\w ]{{0,40}}:\s*)?(?:before|after|once|following)\s+"
    rf"(?:(?:the|each|every|a|an|our|this|that|its)\s+(?:[\w-]+\s+){{0,2}}?(?:loads?|reloads?|backfills?|runs?|re-?runs?|refresh(?:es)?|"
    rf"syncs?|batch(?:es)?|jobs?|imports?|ingestions?|releases?|deploy(?:ment)?s?)|{_GERUND}(?:\s+[a-z]+){{0,3}}?)\s+"
    rf"(?=(?:please\s+)?(?:confirm|check|verify|ensure|make\s+sure|assert|validate)\b)"
)
#: "before the gates open, check ...", "Every morning after the POS export lands, confirm ...",
#: "Before the courier pickup verify on t: ...", "Before the file goes to the vendor, the members
#: table needs: ...": when (in the life of the business) the checks are run, before the verb that
#: asks for them or the table they are on; the lead names no column (no underscore, quote or
#: comparator) and no condition word ("when", "if", "once" stay a condition)
_CHECK_VERB = r"(?:please\s+|pls\s+|kindly\s+|also\s+)?(?:confirm|check|verify|ensure|make\s+sure|assert|validate|test)\b"
_OCCASION_LEAD = re.compile(
    r"(?i)^(?:(?:every|each)\s+(?:morning|evening|night|day|week|month|quarter|hour|shift|run|time)\s+)?"
    r"(?:before|after|prior\s+to|following|ahead\s+of)\s+"
    # (no number of its own and no time span: "after 30 days, verify ..." is a condition)
    r"(?![^,]*?\b(?:\d+|one|two|three|four|five|six|seven|ten|\d+\s*[a-z]+)\s+(?:days?|hours?|hrs?|minutes?|mins?|weeks?|months?|years?)\b)"
    # (a word is one run of its characters with a letter in it: "[..]*[a-z][..]*" backtracked
    # over every split of every word, seconds on a long sentence with no comma)
    r"(?:(?=[0-9'\u2019-]*[a-z])[a-z0-9'\u2019-]+\s+){0,8}?(?=[0-9'\u2019-]*[a-z])[a-z0-9'\u2019-]+"
    rf"(?:\s*,\s*(?:then\s+)?(?={_CHECK_VERB})|\s+(?={_CHECK_VERB})"
    r"|\s*,\s*(?=(?:the\s+|our\s+)?(?:[a-z-]+\s+){0,2}?(?:table|extract|dataset|file|feed|export|model)\s+"
    r"(?:needs|must|should|requires|has\s+to)\b))"
)
#: "For the catch_log export to the state, please check ...", "For our monthly return, verify
#: ...": what the checks are for, before the verb that asks for them (its words were a column:
#: `catch_log` between -90 and 90). Only "the / our / this / that" (a plural noun after "for"
#: is a row scope, `parser._SCOPE_FIRST`), no number, comparison, quote or row-selecting word
_PURPOSE_LEAD = re.compile(
    r"(?i)^for\s+(?:(?:the|our|this|that|these|those|your|their)\s+"
    r"(?!(?:[\w'\u2019-]+\s+){0,8}?(?:where|with|whose|when|if|over|under|above|below|than|rows?|records?|entries|which|that)\b)"
    r"(?:[a-z_'\u2019-]+\s+){0,8}?[a-z_'\u2019-]+"
    # "For every order, check ...", "For compliance, verify ...": every row, or a purpose
    r"|(?:every|each|any|all)\s+[a-z-]+(?:\s+[a-z-]+)?|[a-z-]{3,}(?<!s))"
    rf"\s*,\s*(?:then\s+)?(?:(?:can|could|would)\s+(?:you|we|someone)\s+)?(?={_CHECK_VERB})"
)
#: "For refunds, please check that amount is negative", "For the rows with kind = 'X', check
#: that ...": rows a check holds on, before the verb that asks for it; not read as a condition
#: (the scope's words became a check of their own beside the rule on every row), so it raises
ROW_SCOPE_BEFORE_VERB = re.compile(
    r"(?i)^for\s+(?!(?:every|each|all|any|example|instance|now|reference|context|info)\b)"
    r"(?:(?:the|our|those|these|all)\s+(?:[\w'-]+\s+){0,3}?(?:rows?|records?|entries|lines)\s+(?:with|where|whose|that|which)\b[^,]*"
    r"|(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]{2,}(?<!ss)(?<!us)(?<!is)s)"
    rf"\s*,\s*(?:then\s+)?(?:(?:can|could|would)\s+(?:you|we|someone)\s+)?(?={_CHECK_VERB}\s+(?:that\s+)?)"
)
_PROCESS_TAIL = re.compile(
    rf"(?i)\s*,?\s+(?:before|after|prior\s+to|until|once|following)\s+(?:{_GERUND}\b(?:\s+(?:the|a|an|it|this|that|them)\b[\w\s]{{0,40}})?|{_PROCESS_NOUN})\s*$"
)
#: "... before invoices go out", "... before the gates open": when the check is run, a clause
#: with its own subject and verb after the rule (its words were a column compared:
#: `instrument_id < invoices_go_out`); "after" / "once" / "until" stay (a row's state: "x must
#: be null until the order ships" is a condition)
_OCCASION_TAIL = re.compile(
    r"(?i)\s*,?\s+(?:before|by\s+the\s+time)\s+(?:the\s+|all\s+|our\s+|any\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}?[a-z-]+\s+"
    r"(?:(?:go|goes)\s+(?:out|live)|(?:is|are|gets?)\s+(?:sent|issued|posted|published|released|filed)|open|opens|close|closes)\s*$"
)
#: "... on every row of the liquidity return", "... in each row of daily_stats": the table the
#: rule holds on (every row is what a row check means), never a column
_EVERY_ROW_OF = re.compile(
    r"(?i)\s+(?:on|in|for|across)\s+(?:every|each|all(?:\s+the)?|any)\s+rows?\s+(?:of|in|from)\s+(?:the\s+|our\s+)?"
    r"[\w.`«»-]+(?:\s+[\w.`-]+){0,2}?(?:\s+(?:table|extract|dataset|feed|model|return|file|export|view))?(?=\s*$|\s+(?:is|are|must|should|has|have|needs?)\b)"
)
_ROWS_OF = re.compile(
    r"(?i)\b(?:the\s+)?(?:row[\s_]?count|number\s+of\s+(?:rows|records)|record[\s_]?count|volume)\s+(?:of|in|for|on|from)\s+"
    # "the row count for the daily snapshot of `t`": the table after the words that qualify it
    r"(?:the\s+)?(?:(?:[a-z]+\s+){1,3}?(?:of|for|in|from)\s+(?:the\s+)?)?"
    r"(?P<t>[\w.«»`]+(?:\s+(?:table|model|partition|view|dataset|source))?)(?=\s+(?:is|are|was|should|must|has|needs|may|can|will|shall|stays?|remains?|drops?|falls?|dips?|goes|exceeds?|rises?|climbs?|hits?|reaches|gets)\b)"
)
_TABLE_EMPTY = re.compile(
    r"(?i)^(?P<pre>(?:please\s+)?(?:confirm|check|ensure|verify|make\s+sure)(?:\s+that)?\s+)?(?:the\s+)?(?P<t>(?:stg|fct|fact|dim|raw|int|src|mart|tmp|staging|landing|bronze|silver|gold)_[\w]+(?:\s+(?:table|model|view))?)\s+"
    r"(?P<v>must|should|shall|can|may|is|are)\s*(?P<neg>not|never|n't|nt)\s+(?:ever\s+)?(?:be\s+)?empty$"
)
_CHATTER_TAIL = re.compile(
    r"(?i)\s*(?:,|\s-\s|\s\u2014\s)\s*(?:(?:pls|please|plz|kindly|can\s+you|could\s+you)\s+)?"
    r"(?:(?:add|do|ship|implement|enforce|set\s+up)(?:\s+(?:it|this|that|them|one|a\s+check|the\s+check))?"
    r"|thanks?|thx|ty|asap|pls|please|cheers"
    # emphasis after the rule ("..., full stop", "- no exceptions", ", non-negotiable"): no column
    r"|full\s+stop|period|no\s+exceptions?|without\s+(?:any\s+)?exceptions?|no\s+ifs,?\s+(?:and|or)\s+buts"
    r"|end\s+of\s+(?:story|discussion)|non-?\s?negotiable|no\s+matter\s+what|zero\s+tolerance|every\s+single\s+time"
    r"|(?:and\s+)?that'?s\s+(?:final|that|non-?negotiable))(?:\s+(?:pls|please|thanks|thx|asap|too|as\s+well))*\W*$"
)
#: what a failing row means, after the rule: "(fewer = upload problem)", ", anything outside
#: that = broken probe", "- more means a double load": a remark with no column, value or
#: comparison of its own (read as a rule it was a check on its words)
_MEANING_TAIL = re.compile(
    r"(?i)\s*(?:,|;|\s-{1,2}\s|\s[\u2013\u2014]\s|\()\s*(?:and\s+)?"
    r"(?:fewer|less|more|lower|higher|below|above|over|under|otherwise|else|zero|none|missing|empty|nulls?|blanks?|dupes?|duplicates?|mismatch(?:es)?|"
    r"anything\s+(?:else|outside(?:\s+(?:of\s+)?(?:that|this|it|the\s+range))?|below|above|over|under|beyond(?:\s+(?:that|this))?))"
    r"\s*(?:==?|->|=>|\u2192|means)\s*(?:an?\s+|the\s+)?[a-z][a-z '-]{0,60}?\)?\W*$"
)
#: an alert on the rule's own failure, after it: "-- alert on any row where it is", ", page
#: #ops when it does", "; flag every record where that happens"
_ALERT_BACK = re.compile(
    r"(?i)\s*(?:,|;|\s-{1,2}\s|\s[\u2013\u2014]\s)\s*(?:and\s+|then\s+|so\s+)?(?:please\s+|pls\s+)?(?:alert|page|ping|notify|warn|flag|fail)"
    r"(?:\s+(?:me|us|the\s+team|someone|on-?call|[#@][\w-]+))?"
    r"(?:\s+(?:on|for)\s+(?:any|every|each|all|the)\s+(?:rows?|records?|cases?|ones?)|\s+(?:any|every|each|all)\s+(?:rows?|records?))?"
    r"\s+(?:where|when|if|whenever|in\s+which)\s+(?:it|this|that|they)\s+(?:is|are|does|do|happens?|occurs?)\W*$"
)
#: "rows where ... are invalid", "records with ... are bad": a bad case before its verdict
_ROWS_INVALID = re.compile(
    r"(?i)^(?:any\s+|all\s+|the\s+)?(?:rows?|records?|entries|lines)\s+(?:where|with|in\s+which|whose)\s+(?P<cond>.+)\s+(?:are|is)\s+"
    r"(?:invalid|bad|wrong|broken|errors?|not\s+(?:allowed|valid|ok(?:ay)?|acceptable))\W*$"
)
_BAD_WITH = re.compile(
    r"(?i)^\s*(?:(?:please|pls)\s+)?(?:fail|alert|warn|flag|reject|block)\w*\s+(?:any|every|each|all|the)?\s*(?:rows?|records?|entries)\s+(?:with|having)\b"
)
#: two states of two columns in a bad case: "a is set but b is missing"
_BAD_STATES = re.compile(
    r"(?i)\b(?P<a>[a-z]\w*_\w*|«\d+»)\s+(?:(?:is|are)\s+)?(?P<s1>set|populated|filled(?:\s+in)?|present|missing|unset|not\s+set|absent)"
    r"\s+(?P<conj>but|and|while|yet)\s+(?:the\s+)?(?P<b>[a-z]\w*_\w*|«\d+»)\s+(?:(?:is|are)\s+)?(?P<s2>set|populated|filled(?:\s+in)?|present|missing|unset|not\s+set|absent)\b"
)


def _bad_state(m: re.Match[str]) -> str:
    def state(word: str) -> str:
        null = word.lower().replace("  ", " ") in ("missing", "unset", "not set", "absent")
        return "is null" if null else "is not null"

    return f"{m.group('a')} {state(m.group('s1'))} and {m.group('b')} {state(m.group('s2'))}"


#: "re the weighbridge: ...", "Regarding the intake form, ...": what the message is about
_ABOUT_HEAD = re.compile(r"(?i)^(?:re|regarding|concerning|wrt)\s*:?\s+(?:the\s+)?[a-z][a-z -]{0,40}?\s*[:,]\s+(?=\S)")
_DECIMALS = re.compile(
    r"(?i)^(?:(?:alert|fail|flag|warn|error)\w*\s+(?:if|when|whenever)\s+(?:any\s+)?(?P<c1>[\w«»]+)\s+(?:has|have)\s+(?:more\s+than|over)"
    r"|(?P<c2>[\w«»]+)\s+(?:(?:must|should|may|can)\s+(?:only\s+)?(?:have|has)\s+(?:at\s+most|no\s+more\s+than|up\s+to|max(?:imum)?(?:\s+of)?)"
    r"|(?:must|should|may|can)(?:\s+not|n't|\s+never)\s+have\s+more\s+than))"
    r"\s+(?P<n>\d+)\s+decimal\s+(?:places?|digits?)$"
)
#: a rule's scope over every row: "for every prescription", "on each invoice", "across all
#: accounts", "in every record"
_SCOPE_TAIL = re.compile(
    r"(?i)\s*,?\s+(?:for|on|in|across|of)\s+(?:every|each|all(?:\s+the)?|any)\s+(?:[a-z]+\s+){0,2}?[a-z]+(?<!_)\s*$"
)
#: "<rows> of N or more in <col> need <x> to be <v>": a guard on <col>, then the rule on <x>
_NEED_TO_BE = re.compile(
    r"(?i)^(?:any\s+|all\s+|every\s+)?[a-z]+\s+(?:of|with|having|worth)\s+(?P<cmp>.+?)\s+(?:in|on|by)\s+(?:the\s+)?(?P<col>«\d+»|[a-z_]\w*)\s+"
    r"(?:need|needs|require|requires|must\s+have|should\s+have)\s+(?P<x>«\d+»|[a-z_]\w*(?:\s+[a-z_]\w*)?)\s+to\s+be\s+(?P<v>.+)$"
)
_WITH_GUARD = re.compile(
    r"(?i)^(?:any\s+|all\s+|every\s+|the\s+)?[a-z]+\s+(?:with|where|whose|having)\s+(?:an?\s+|the\s+)?"
    # (a comparison word is no second word of the column: "boards with density over 500 should
    # not happen" is a bad case, never "when density over is 500")
    r"(?P<cond>[\w«»]+(?:\s+(?!(?-i:GE|GT|LE|LT|EQ|NE|RANGE|OUTSIDE)\b|(?:over|under|above|below|beyond|past|than|"
    r"exceeds?|exceeding|least|most|within|between|upto|less|more|greater|fewer|higher|lower|bigger|smaller|at)\b)[\w«»]+)?\s+(?:(?:is|=|==|of|set\s+to|equal\s+to)\s+)?(?:«\d+»|true|false|-?\d+(?:\.\d+)?))\s+"
    rf"(?P<main>(?:{MODAL}|have|has)\s+.+)$"
)
_POLITE = re.compile(
    r"(?i)^(?:it\s+would\s+be\s+(?:great|nice|good|helpful|awesome|ideal)|i'?d\s+(?:appreciate\s+it|love\s+it|be\s+grateful)|"
    r"i\s+would\s+(?:appreciate\s+it|love\s+it)|i\s+was\s+wondering|we\s+were\s+wondering)\s+if\s+(?:we|you|someone|somebody|the\s+team)\s+"
    r"(?:could|can|would|might)\s+(?:please\s+)?(?:(?:check|verify|ensure|make\s+sure|confirm|validate|enforce)(?:\s+that)?\s+)?"
)
#: "every payment must belong to an order in the orders table": the entity's key, in that table
_BELONGS = re.compile(
    r"(?i)^(?:every|each|all|any)\s+\w+\s+(?:must|should|has\s+to|needs\s+to|shall)\s+(?:always\s+)?(?:belong\s+to|reference|refer\s+to|point\s+to|be\s+linked\s+to|link\s+to|match)\s+"
    r"(?:an?\s+|the\s+|an\s+existing\s+|a\s+(?:valid|known|real)\s+)(?P<ent>[a-z]\w*)\s+(?:in|from)\s+(?:the\s+)?(?P<tbl>[a-z]\w*(?:\.[a-z]\w*)?)(?:\s+(?:table|dataset|model))?$"
)
_ONLY_SET_WHEN = re.compile(
    rf"(?i)^(?P<col>[\w«»]+(?:\s+[\w«»]+)?)\s+(?:{MODAL})\s+only\s+be\s+(?P<state>set|populated|filled(?:\s+in)?|present|provided|given|non-?null|null|empty|blank|missing)\s+"
    r"(?:when|if|where|whenever|for\s+rows\s+where)\s+(?P<cond>.+)$"
)
#: "x may only exceed y when C", "status can only be 'closed' if closed_at is set", "x may
#: exceed y only when C": what is allowed only under a condition. The "only" restricts the
#: permission: if x > y then C (`NOT (x > y) OR C`), never "if C then x > y" (the "only" was
#: lost). Read as "x must not exceed y unless C".
_ONLY_WHEN = re.compile(
    rf"(?i)^(?P<subj>(?!(?:no|not|none|nothing|nobody|never|neither|only)\b)(?:the\s+)?[\w«»`.]+(?:\s+[\w«»`.]+)?)\s+(?P<modal>{MODAL})\s+"
    r"(?:(?P<only>only)\s+)?(?P<rest>(?:ever\s+)?\w.*?)\s*,?\s+(?(only)|only\s+)"
    r"(?P<how>when|if|whenever|where|while|for\s+rows\s+where|in\s+rows\s+where|provided\s+(?:that\s+)?|as\s+long\s+as|once|after|unless)\s+(?P<cond>.+)$"
)
#: what "only" may close instead of the permission ("x should only contain digits when C",
#: "status can only be a or b if C": the content or list, under C?): ambiguous, refused
_ONLY_AMBIGUOUS = re.compile(
    r"(?i)^(?:not|never|n't)\b|\b(?:or|and|nor|either|one\s+of|between|from)\b|,|/|\b(?:contains?|consists?|includes?|holds?|have|has|takes?|uses?|accepts?|allows?|digits|letters|characters)\b"
)
#: a subject with a comparison after it: "amount under 100 must not be null", "orders over
#: 500 must have an approver", "readings below zero must be flagged". The comparison says
#: which rows the rule holds on (a condition), never a rule of its own (it was `amount < 100`
#: beside the not-null check)
_MODIFIED_SUBJECT = re.compile(
    rf"(?i)^(?:(?:the|all|any|every|each)\s+)?(?P<np>(?!(?:no|not|none|nothing|anything|everything|something|nobody|anyone|it|they|this|that|"
    r"when|whenever|if|unless|where|while|once|after|before|for)\b)[a-z_«`][\w«»`.]*(?:\s+[a-z_][\w.]*)?)\s+"
    r"(?P<cmp>(?:of\s+|with\s+(?:a\s+)?(?:value\s+)?(?:of\s+)?)?(?:over|above|under|below|beneath|exceeding|greater\s+than|more\s+than|less\s+than|fewer\s+than|higher\s+than|lower\s+than|"
    r"at\s+least|at\s+most|>=|<=|>|<|\u2265|\u2264))\s+(?P<num>-?[$\u20ac\u00a3]?\d[\d,]*(?:\.\d+)?\s*[kmb%]?|zero|«\d+»)(?:\s+(?P<unit>[a-z]+))??"
    rf"\s+(?P<modal>{MODAL})\s+(?P<rest>.+)$"
)
_HAVE_A = re.compile(r"(?i)^(?:always\s+)?(?:have|has|get|carry)\s+(?:an?|the|some)\s+(?P<x>[\w«»`.]+(?:\s+[\w«»`.]+)?)$")
_NOT_BOTH = re.compile(
    rf"(?i)^(?:the\s+)?(?P<a>[a-z_]\w*|«\d+»)\s+and\s+(?:the\s+)?(?P<b>[a-z_]\w*|«\d+»)\s+(?:{MODAL})\s*(?:not|n't|never)\s+both\s+be\s+(?:null|empty|blank|missing)$"
)
_ONE_OF_SET = re.compile(
    rf"(?i)^at\s+least\s+one\s+of\s+(?:the\s+)?(?P<a>[a-z_]\w*|«\d+»)\s+(?:or|and|,)\s+(?:the\s+)?(?P<b>[a-z_]\w*|«\d+»)\s+(?:{MODAL}|is|are)\s+"
    r"(?:be\s+)?(?:set|populated|present|provided|given|filled(?:\s+in)?|non-?null|not\s+null)$"
)
_EVERY = re.compile(
    rf"(?i)(?P<pre>\b(?:{MODAL})\s+)(?:arrive|report|land|come\s+in|update|refresh|be\s+(?:updated|refreshed|loaded|delivered)|load|sync|be\s+synced)\s+"
    r"(?:at\s+least\s+)?(?:once\s+)?(?:every\s+(?P<n>\d+(?:\.\d+)?)\s+(?P<u>(?:second|minute|hour|day|week)s?)\b"
    # "at least daily", "once a day", "hourly": one of the unit
    r"|(?P<adv>hourly|daily|weekly)\b|(?:a|per|each|every)\s+(?P<u1>minute|hour|day|week)\b)"
)
_ADVERB_UNIT = {"hourly": "hour", "daily": "day", "weekly": "week"}
_EVENT_NOUNS = re.compile(
    r"(?i)^(?:the\s+|an?\s+)?(?P<a>[a-z]+(?:\s+[a-z]+)?)\s+(?P<modal>can(?:not|'t|\s+not)?|cant|must(?:\s+not|n't)?(?:\s+ever)?|may(?:\s+not)?|should(?:\s+not|n't)?|shouldnt|never|must\s+never|should\s+never)\s+"
    r"(?:ever\s+)?(?:happen|occur|take\s+place|come|be\s+recorded|be\s+logged)\s+(?P<op>before|after|prior\s+to|earlier\s+than|later\s+than)\s+(?:the\s+)?(?P<b>[a-z]+(?:\s+[a-z]+)?)$"
)
_TWICE = re.compile(
    rf"(?i)^(?:no\s+(?P<c1>[\w«»]+)\s+(?:{MODAL})\s+(?:ever\s+)?|(?P<c2>[\w«»]+)\s+(?:{MODAL})\s*(?:not|n't|never)\s+(?:ever\s+)?)"
    r"(?:appear|occur|show\s+up|be\s+repeated|repeat|be\s+duplicated|be\s+used)\s+(?:twice|more\s+than\s+once|again)$"
)
#: "alert if the same shipment_id shows up twice", "fail when any order_id appears more than once"
_TWICE_BAD = re.compile(
    r"(?i)^(?:fail|alert|warn|flag|error|page)\w*\s+(?:if|when|whenever)\s+(?:the\s+same|a|an|any|one)\s+(?P<c>[\w«»]+)\s+"
    r"(?:ever\s+)?(?:appears|occurs|shows\s+up|is\s+repeated|repeats|is\s+duplicated|is\s+seen|turns\s+up|comes\s+in|lands)\s+"
    r"(?:twice|more\s+than\s+once|again)$"
)
_AUTHORITY = re.compile(
    r"(?i)\b(?:permitted|allowed|acceptable|prohibited|forbidden|disallowed|required|mandatory|tolerated)"
    r"(?P<why>\s+(?:under|per|as\s+per|according\s+to|by|in\s+line\s+with|pursuant\s+to)\s+(?:the\s+|our\s+|their\s+|company\s+|internal\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:policy|policies|treaty|rules?|regulations?|law|laws|contracts?|agreements?|guidelines?|standards?|sla|terms|covenants?|mandate))\s*$"
)
_HAVE_STATE = re.compile(
    rf"(?i)^(?:{MODAL})\s*(?:not|n't|never)\s+(?:ever\s+)?have\s+(?:an?|any|the|their|its)\s+(?P<col>[\w«»]+(?:\s+[\w«»]+)?)\s+"
    r"(?P<state>in\s+the\s+future|in\s+the\s+past|that\s+is\s+in\s+the\s+future)$"
)
_NO_MATCH_BAD = re.compile(
    r"(?i)^(?:fail|alert|warn|flag|error|page)\w*\s+(?:if|when|whenever)\s+(?:an?\s+|any\s+|the\s+)?(?P<c>[\w«»]+)\s+"
    r"(?:has\s+no\s+(?:match|matching\s+(?:row|record|key|value|id))|is\s+(?:missing|not\s+found|absent)|"
    r"does\s*(?:not|n't)\s+(?:exist|appear)|doesnt\s+(?:exist|appear)|cannot\s+be\s+found)\s+(?:in|from)\s+(?P<t>[\w«»]+\.[\w«»]+)$"
)
#: "SELECT * FROM t WHERE <cond> -- alert if it returns rows": the query selects the bad rows
_BAD_QUERY = re.compile(
    r"(?is)^select\s+.+?\s+from\s+[\w.«»\"`]+(?:\s+(?:as\s+)?\w+)?\s+where\s+(?P<cond>.+?)\s*(?:--|\u2014|\u2013|;|,|\s-\s)?\s*"
    r"(?:alert|fail|flag|page|warn|error)\w*\s+(?:(?:me|us)\s+)?(?:if|when|whenever)\s+(?:it|this|the\s+query|that)\s+(?:returns|finds|yields|gives)\s+(?:any\s+)?(?:rows?|records?|results?|anything)\s*(?:--)?$"
)
#: "..., alert on it", "..., lets flag it": the clause before it is the bad case
_ACT_ON_IT = re.compile(
    r"(?i)\s*(?:,|\s-\s|\s\u2014\s)\s*(?:(?:so\s+)?(?:lets|let's|let\s+us|pls|please|we\s+should|can\s+we|can\s+you)\s+)?"
    r"(?:alert|flag|fail|page|warn|catch|reject)(?:\s+(?:on|for))?\s+(?:it|this|that|them|those|these)(?:\s+(?:pls|please))?\s*$"
)
#: "humidity_pct outside 0-100 should alert", "a null id must fail the run", "x over 9 should
#: trigger an alert": a clause whose modal verb is the alert itself states the bad case
_SHOULD_ALERT = re.compile(
    r"(?i)\s+(?:should|must|will|shall|needs?\s+to|has\s+to|ought\s+to)\s+(?:always\s+)?"
    r"(?:(?:trigger|raise|fire|open|send)\s+(?:an?\s+)?(?:alert|alarm|incident|page|error|warning)"
    r"|alert|page|fail|error\s+out|warn|flag)"
    r"(?:\s+(?:the\s+)?(?:check|test|run|dag|task|job|pipeline|load|build|someone|on-?call|us|me|team|ops))?\s*$"
)
#: "In production, ...", "each day, ...", "for the outings table, ...": a lead-in before the bad
#: case of `_SHOULD_ALERT` (a scope or a time, never a column of the bad case)
_LEAD_BEFORE_BAD = re.compile(
    r"^(?P<lead>(?i:in|on|at|during|each|every|across|after|before|within|from|over)\s+(?:(?![A-Z]{2,}\b)[^,;<>=\d«'\"]){1,60}?"
    r"|(?i:for\s+the\s+(?:[\w.-]+\s+){0,2}?(?:table|model|dataset|feed|extract|monitor|rule|check|pipeline|job)))\s*,\s+(?=\S)"
)
#: a lead-in before a bad case that limits it to some rows ("for cancelled orders, ...", "for
#: rows with status 'X', ...", "in status CLOSED, ..."): not read (dropped, the bad case would
#: hold on every row; kept, it was a condition and the bad case the rule)
_SCOPE_BEFORE_BAD = re.compile(r"(?i)^(?:for|in|with|among|where)\s+[^,;]{1,60}?\s*,\s+(?=\S)")
_OWN = re.compile(
    r"(?i)^(?:an?|the|no)\s+(?P<ent>[a-z]+)\s+(?:can(?:not|'t|\s+not)?|cant|must\s+not|may\s+not|should\s+not|shouldn't|must\s+never|should\s+never|may\s+never)\s+"
    r"be\s+(?:their|its|his|her)\s+own\s+(?P<role>[a-z]+)$"
)
_COLUMN_PREAMBLE = re.compile(
    r"(?i)^(?:[\w-]+\s+){0,4}?(?:monitor|check|test|rule|validation|metric|suite|expectation)\s+(?:on|for)\s+"
    r"(?:the\s+)?(?:column\s+|field\s+)?(?P<col>«\d+»|[a-z]\w*)\s*:\s*(?P<rest>.+)$"
)
_TABLE_PREAMBLE = re.compile(
    r"(?i)^(?:[\w-]+\s+){0,4}?(?:on|for|of|in|against)\s+(?:the\s+)?(?:(?:table|dataset|model|source)\s+)?"
    r"(?:[a-z]\w*\.[a-z]\w*(?:\.[a-z]\w*)?(?:\s+(?:table|dataset|model|source|view))?|[a-z]\w*\s+(?:table|dataset|model|source|view))\s*:\s*"
    r"|^given\b[^,]*,\s*(?:when\b[^,]*,\s*)?(?:then\s+)?"
    # "In the GE suite for shipments I want ...", "in our dbt project for orders, ...": where
    # the check is kept, not a column
    r"|^in\s+(?:the|our|my)\s+(?:[\w.-]+\s+){0,2}?(?:suite|project|checks?\s+file|files?|ya?ml|config|tests?|monitors?|checks?|schema\.yml|contract)"
    r"\s+(?:for|on|of)\s+(?:the\s+)?[\w.]+(?:\s+(?:table|model|data|view|dataset))?\s*,?\s+(?=\w)"
    # "For iot_readings, battery_pct must ...": a snake_case or dotted name before the comma of
    # a rule with its own subject is the table (it was a check on the table's name)
    r"|^(?:for|on|in)\s+(?:the\s+)?`?(?:[a-z]\w*_\w+|[a-z]\w*\.[a-z][\w.]*)`?(?:\s+(?:table|model|view|dataset))?\s*,\s+"
    r"(?=(?:the\s+)?[a-z]\w*\s+(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|is|are|can|cannot|may)\b)"
)
#: where and from when the rules below apply, said before them: "going forward, ...", "For the
#: inspections extract, ...", "for each route, ...", "for shop.orders please check ...", "for
#: stock_levels: ...", "this is what it covers: ..." (read with the rule, the lead-in's words
#: were a column of their own: `billing_export IN (...)`, `going_forward_qty <= 32`)
_ARTIFACT = (
    r"(?:extract|export|report|feed|snapshot|dataset|file|spreadsheet|sheet|dashboard|pipeline|job|table|view|"
    r"model|upload|import|load|migration|backfill|sync|refresh|release|handover|hand-off|delivery\s+file|list|roster|register)"
)
_SCOPE_LEAD = re.compile(
    r"(?i)^(?:(?:going|moving)\s+forward|from\s+now\s+on|from\s+today\s+on|from\s+today(?=\s*,)|as\s+of\s+(?:now|today)|"
    r"henceforth|from\s+here\s+on(?:\s+out)?|in\s+(?:the\s+)?future(?=\s*,))\s*,?\s+(?=\S)"
    rf"|^(?:for|on|in|across)\s+(?:the|this|our|that|each|every)\s+(?:[\w-]+\s+){{0,3}}?{_ARTIFACT}(?:\s*[,:]\s+(?=\S)|\s+(?=(?:every|each|all|no)\s)"
    # "for the officials list please check that ...": the ask after the artifact, no comma
    r"|\s+(?=(?:please|pls|kindly|can\s+(?:you|we|someone)|could\s+(?:you|we|someone))\s))"
    # "Step 4 — validate samples: ...", "verify the bookings: ...": a step that names what it checks
    r"|^(?:validate|check|verify|confirm|audit)\s+(?:the\s+|all\s+)?[a-z]+(?:\s+[a-z]+)?\s*:\s+(?=\S)"
    r"|^(?:for|on|in)\s+`?[a-z]\w*(?:\.[a-z]\w*)+`?\s+(?=(?:please\s+|pls\s+|kindly\s+)?(?:check|verify|ensure|make\s+sure|confirm|validate)\b)"
    r"|^(?:for|on|in)\s+`?[a-z]\w*(?:_\w+|(?:\.[a-z]\w*)+)`?\s*:\s+(?=\S)"
    # "can we add a check on loan_master — maturity_date should ...": the ask names the table
    r"|^(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+|pls\s+|please\s+)?(?:add|get|put|set\s+up|create|have)\s+(?:an?\s+)?(?:[\w-]+\s+)?"
    r"(?:check|test|rule|monitor|validation)s?\s+(?:on|for)\s+(?:the\s+)?`?[a-z][\w.]*`?(?:\s+table)?\s*(?:[\u2014\u2013:]|\s-)\s+(?=\S)"
    # "In Monte Carlo, ...", "for Soda, ...": the tool the checks are written for
    r"|^(?:in|for|on|via|using|with|inside)\s+(?:the\s+)?(?:monte\s+carlo|mc|soda(?:cl)?|great\s+expectations|gx|dbt|deequ|airflow|datadog|bigeye|anomalo)"
    r"(?:\s+(?:ui|monitors?|rules?|checks?|tests?|suites?))?\s*,\s+(?=\S)"
    r"|^(?:this|here)\s+is\s+what\s+(?:it|the\s+check|this\s+check|the\s+test|the\s+monitor|we)\s+"
    r"(?:covers|checks|tests|verifies|looks\s+at|asserts|means|validates)\s*:\s+(?=\S)"
)
#: "for each route, route_priority must be one of 1, 2 or 3": a rule on every row holds for
#: every route; the lead-in is no column (a rule "per route" of uniqueness or a count is not
#: this: it keeps the lead-in)
_FOR_EACH_LEAD = re.compile(
    r"(?i)^for\s+(?:each|every|all)\s+(?P<noun>[a-z]+(?:\s+[a-z]+)?)\s*,\s+"
    r"(?=(?:the\s+)?[\w«»`.]+\s+(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|is|are|can(?:not|'t)?|may)\b)"
)
_PER_GROUP_WORDS = re.compile(r"(?i)\b(?:unique|uniqueness|distinct|duplicates?|dupes?|once|count|number\s+of|total|sum|at\s+most\s+one|only\s+one)\b")


_KEY_OR_STEP = re.compile(r"(?i)^(?:\[?[A-Z][A-Z0-9]+-\d+\]?\s*:?\s+|step\s+\d+[a-z]?\s*(?::|\s[\u2014\u2013-])\s*)")


def scope_lead(sentence: str) -> tuple[str, str] | None:
    """(the lead-in, the rest) when the sentence opens with where or from when its rules apply
    (after a ticket key or a step number, which stay: "ROADS-48: for each route, ...")."""
    key = _KEY_OR_STEP.match(sentence)
    if key:
        lead = scope_lead(sentence[key.end() :])
        # ("Step 4 — validate ...": the step's dash becomes the label's colon)
        head = re.sub(r"\s*[\u2014\u2013-]\s*$", ": ", sentence[: key.end()])
        return (lead[0], head + lead[1]) if lead else None
    m = _SCOPE_LEAD.match(sentence)
    if m:
        return sentence[: m.end()].strip(" ,:"), sentence[m.end() :]
    m = _FOR_EACH_LEAD.match(sentence)
    if m and not _PER_GROUP_WORDS.search(sentence[m.end() :]):
        return sentence[: m.end()].strip(" ,:"), sentence[m.end() :]
    m = _FOR_THE_RECORDS.match(sentence) if sentence[:3].lower() == "for" else None
    if m and (m.group("book") or _same_noun(m.group("noun"), m.group("each"))):
        return sentence[: m.end()].strip(" ,:"), sentence[m.end() :]
    return None


#: "For the dog register, microchip_no should be ...", "For the show-cave tours, every tour needs
#: a guide_id ...": the records the rule is on, said before it (read as a subject, the lead's
#: words were one more column: `dog_register`, `show_cave_hour`); a plural lead only before
#: "every / each <the same noun>" (before a named column it may be a condition on some rows)
_FOR_THE_RECORDS = re.compile(
    r"(?i)^for\s+(?:the|our|this|that)\s+(?:(?![a-z]{3,}ed\s|(?:open|active|new|old|late|paid|unpaid|free|premium|current|past|future|pending|live|frozen|broken|lost|stolen|overdue|empty|full)\s)[a-z][a-z-]*\s+){0,2}?"
    r"(?:(?P<book>register|registry|log|logbook|ledger|roster|list|inventory|catalog(?:ue)?|records|database|archive|index|data)"
    r"|(?P<noun>[a-z][a-z-]*s))\s*,\s+"
    r"(?=(?:(?:every|each|all|any)\s+(?P<each>[a-z][a-z-]*)\b"
    r"|(?(book)(?:the\s+)?`?[a-z][a-z0-9]*_[a-z0-9_]+`?\s+(?:must|should|shall|has|have|needs?|is|are|can|may|cannot|can't|match|matches)\b|(?!))))"
)


def _same_noun(plural: str | None, each: str | None) -> bool:
    """True when `each` names the noun of `plural` ("tours" / "tour", "boxes" / "box")."""
    if not plural or not each:
        return False
    p, e = plural.lower(), each.lower()
    return e in (p, p[:-1], p[:-2]) or (p.endswith("ies") and e == p[:-3] + "y")


#: "a and b must never be the same value", "a and b must be different", "a and b must match"
_PAIR_SAME = re.compile(
    rf"(?i)^(?P<a>[\w«»]+(?:\s[\w«»]+)?)\s+and\s+(?P<b>[\w«»]+(?:\s[\w«»]+)?)\s+(?P<modal>{MODAL})\s+(?:always\s+)?(?P<neg>not\s+|never\s+)?(?:ever\s+)?"
    r"(?:be\s+(?:(?P<same>the\s+same|equal|identical)|different|distinct)(?:\s+values?)?|(?P<same2>match)|differ)(?:\s+(?:from\s+each\s+other|from\s+one\s+another))?$"
)
#: the modals of MODAL that carry their own negation
_NEGATIVE_MODALS = frozenset({"cannot", "can't", "cant"})
#: the modals of MODAL that allow, never require: with no negation after them the sentence is
#: a permission ("a and b can be the same" allows equal values, it does not demand them)
_PERMISSIVE_MODALS = frozenset(
    {"can", "could", "may", "is allowed to", "are allowed to", "is permitted to", "are permitted to"}
)
_PERMISSIVE = (
    r"(?:can|could|may|might|is\s+allowed\s+to|are\s+allowed\s+to|is\s+permitted\s+to|are\s+permitted\s+to)(?![\w'\u2019])"
)
#: "payer_id may equal payee_id", "end_at can be before start_at", "discount may exceed list
#: price": a relation a permissive modal allows (read as a rule it was forced on every row)
_PERMITTED_RELATION = re.compile(
    rf"(?i)^(?:(?:but|and|though|although|yet|while|also)\s+)?(?!(?:no|not|none|nothing|nobody|never|neither)\b)[\w«»`.]+(?:\s+[\w«»`.]+)?\s+{_PERMISSIVE}\s+"
    r"(?:(?:also|sometimes|occasionally|legitimately|even|well|still)\s+)?"
    r"(?:be\s+(?:the\s+same\s+as|equal\s+to|identical\s+to|different\s+(?:from|than|to)|distinct\s+from|earlier\s+than|later\s+than|"
    r"before|after|greater\s+than|larger\s+than|bigger\s+than|higher\s+than|more\s+than|less\s+than|lower\s+than|smaller\s+than|above|below|over|under)"
    r"|equal|match|differ\s+from|exceed|precede|follow)\s+(?:the\s+)?[\w«»`.-]+(?:\s+[\w«»`.-]+)?$"
)


#: one value or state of one column a permissive modal allows: "qty may be zero", "status may
#: be 'draft'", "discount can be 0", "end_date is allowed to be in the future", "it's fine if
#: qty is zero" (read as a rule it forced that value on every row: `qty = 0`)
_VALUE = (
    r"(?:exactly\s+|also\s+)?(?:zero|0|-?\d[\d,]*(?:\.\d+)?\s*%?|«\d+»|'[^']*'|\"[^\"]*\"|true|false|yes|no|"
    r"in\s+the\s+(?:future|past)|(?:a\s+)?(?:future|past)\s+dates?|negative|positive|non-?zero|empty\s+strings?|an?\s+empty\s+string)"
)
_PERMITTED_VALUE = re.compile(
    rf"(?i)^(?:(?:but|and|though|although|yet|while|also)\s+)?(?:(?:it'?s|it\s+is|its|that'?s|that\s+is)\s+"
    r"(?:fine|ok|okay|acceptable|allowed|permitted|legit(?:imate)?|expected|no\s+problem|not\s+a\s+problem)\s+(?:if|when|for|that)\s+"
    r"(?!(?:no|not|none|nothing|nobody|never|neither)\b)[\w«»`.]+(?:\s+[\w«»`.]+)?\s+(?:is|are|to\s+be|being)\s+(?:sometimes\s+|occasionally\s+|also\s+)?"
    rf"|(?!(?:no|not|none|nothing|nobody|never|neither)\b)[\w«»`.]+(?:\s+[\w«»`.]+)?\s+{_PERMISSIVE}\s+"
    r"(?:(?:also|sometimes|occasionally|legitimately|even|well|still|validly)\s+)?(?:be|equal|become|go|reach|hit)\s+"
    # "qty can go above 2", "x may be below zero": a permitted comparison with one value
    r"(?:(?:above|over|below|under|past|beyond|(?:higher|lower|more|less|greater|bigger|smaller)\s+than)\s+)?"
    r"|(?!(?:no|not|none|nothing|nobody|never|neither)\b)[\w«»`.]+(?:\s+[\w«»`.]+)?\s+"
    rf"{_PERMISSIVE}\s+(?:(?:also|sometimes|occasionally|even|still)\s+)?(?:exceed|top|pass)\s+)"
    rf"{_VALUE}(?:\s+(?:too|as\s+well|sometimes|occasionally|at\s+times))?$"
)


#: a permission of one value after a rule: ", it's fine if qty is zero", "; but that's ok for x to be 0"
_PERMISSION_TAIL = re.compile(
    r"(?i)(?:\s*[,;]\s*|\s+)(?:(?:but|and|though|although)\s+)?(?P<p>(?:it'?s|it\s+is|its|that'?s|that\s+is)\s+"
    r"(?:fine|ok|okay|acceptable|allowed|permitted|legit(?:imate)?|expected|no\s+problem|not\s+a\s+problem)\s+(?:if|when|for|that)\s+[^,;]+)$"
)


def permitted_relation(clause: str) -> bool:
    """ "payer_id may equal payee_id": a relation of two values a permissive modal allows, with
    no negation (a permission: no check; "may not", "can't", "only" are rules); "qty may be
    zero", "it's fine if status is 'draft'": one value or state of a column, allowed the same
    way ("must be zero", "can't be zero" are rules)."""
    clause = clause.strip(" .;,")
    return bool(_PERMITTED_RELATION.match(clause) or _PERMITTED_VALUE.match(clause))
_CONFIG_FILE = re.compile(
    r"(?i)(?:^|(?<=\s))(?:in|from|per|see|via|inside)\s+(?:the\s+)?(?:file\s+)?[\w/-]+(?:\.[\w-]+)*\.(?:ya?ml|json|sql|py|csv|toml|md)\b\s*,?"
)


@dataclass
class Frame:
    """How one sentence is wrapped (see the module docstring)."""

    core: str
    polarity: bool = True
    guard: str | None = None
    guard_unless: bool = False
    guard_iff: bool = False  # "A must be set if and only if B": both directions
    optional: bool = False
    permission: bool = False  # the sentence allows something: no check
    context: list[str] = field(default_factory=list)
    unsplit: str = ""  # the core before a condition was split off (read whole if it is none)
    #: "no user may have more than 3 carts": a count per entity (rows are not users)
    per_entity: bool = False


#: "0 = blocked slot", "1 = worst, 5 = best", "N = not seen": a value and, in words, what it
#: means (a number or a short code on the left; words with no column name on the right)
_VALUE_GLOSS = re.compile(
    r"(?:(?:-?\d+(?:\.\d+)?|[A-Z]{1,3}|«\d+»)\s*=\s*(?!(?:true|false|null)\b)[A-Za-z][A-Za-z' -]*?)"
    r"(?:\s*[,;/]\s*(?:-?\d+(?:\.\d+)?|[A-Z]{1,3}|«\d+»)\s*=\s*(?!(?:true|false|null)\b)[A-Za-z][A-Za-z' -]*?)*"
)


#: a bracket that spells a condition on one named column ("is_clearance is true", "status is
#: not null"): what the words before it say, kept for the condition
_SPELLED_CONDITION = re.compile(
    r"(?i)[a-z][a-z0-9]*_[a-z0-9_]+\s+(?:is|are)\s+(?:not\s+)?(?:true|false|null|set|empty|«\d+»)"
)


def split_context(sentence: str) -> tuple[str, list[str]]:
    """The sentence without parentheticals that only state context, and those remarks."""
    context: list[str] = []
    if re.match(r"(?i)\W*custom\s+sql\s*:", sentence):
        return sentence, context  # SQL as written: its brackets are its own

    def drop(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        words = inner.split()
        if _SPELLED_CONDITION.fullmatch(inner):
            return m.group(0)  # "(is_clearance is true)": a condition spelled out, never a remark
        if (
            len(words) >= 3
            and _CONTEXT_VERBS.search(inner)
            and not _CHECK_WORDS.search(inner)
            and not _LIST.fullmatch(inner.replace(" or ", ",").replace(" and ", ","))
            or re.match(r"(?i)(?:e\.g|i\.e|eg|ie|note|fyi|context)\b", inner)
            # "(0 = blocked slot)", "(1 = worst, 5 = best)": what a value means, not a rule
            or _VALUE_GLOSS.fullmatch(inner)
            # "(grams, not kilograms)", "(plain semver, no pre-release tags)": a contrast
            or re.search(r"(?i),\s*(?:not|no)\s+[a-z]", inner)
            and not re.search(r"[<>=\d]|\b(?:null|empty|blank|unique)\b", inner)
        ):
            context.append(inner)
            return " "
        return m.group(0)

    # a list-of-words test above keeps "(order_id, line_no)" and "(0, 1)"; a remark has verbs
    out = re.sub(r"\(([^()]*)\)", drop, sentence)
    if context:
        return re.sub(r"\s+", " ", out).strip(" ,"), context
    return sentence, context


#: "(status = 'CLOSED')", "(age < 18)", "(is_peak = true)": a bracket that states a condition
#: on a column of the row (a comparison of a column with a literal)
_GROUP_CONDITION = re.compile(
    r"(?i)(?<=[a-z])\s*\(\s*(?P<c>(?P<col>[a-z_][a-z0-9_]*)\s*(?:==?|!=|<>|<=|>=|<|>)\s*"
    r"(?:«\d+»|-?\d+(?:\.\d+)?|true|false|[A-Z][A-Z0-9_]*)|(?P<col2>[a-z_][a-z0-9_]*)\s+is\s+(?:not\s+)?(?:true|false|null))\s*\)"
)
#: the words that open a phrase naming the rows a rule is about ("on a closed order", "during
#: peak", "when the kiln is drying", "for minors")
_GROUP_OPENER = re.compile(r"(?i)\b(?:on|for|during|in|when|while|if|at|of)\s+(?:[\w'-]+\s+){0,4}?[\w'-]+\s*$")


#: "hints_used at most 5 for rooms with difficulty = 'EASY'": the rows the rule is about, named
#: by a condition on a column after "with / having / whose" (read apart, the column took the
#: rule, `difficulty <= 5`, and the condition's value was a check of its own)
_ROWS_WITH = re.compile(
    r"(?i)\s+(?:for|on|in)\s+(?:all\s+|any\s+|every\s+|each\s+|the\s+)?(?:[a-z]+\s+){0,2}?[a-z]+\s+(?:with|having|whose)\s+"
    r"(?=[\w«»`.]+\s*(?:=|==|!=|<>|<=|>=|<|>|\u2264|\u2265|\bis\s|\bin\s*\()[^,;]*$)"
)

_BAD_ACTION_WORD = re.compile(
    r"(?i)\b(?:flag|alert|ticket|incident|raise|fail|warn|reject|page|notify|report|list|show|find|count|open|error|catch|block|drop|quarantine)\w*\b"
)


def group_condition(core: str) -> str:
    """ "tech_id must not be empty on a closed order (status = 'CLOSED')", "hazardous cargo
    (is_hazmat = true) must have a un_number", "temp between 1 and 9 when the kiln is drying
    (phase = 'DRYING')": the bracket says which rows the words before it mean, so it is the
    rule's condition ("... when status = 'CLOSED'"); read apart it was a check of its own
    (`tech_id IN ('CLOSED')`, `is_hazmat = true`). A bracket on the column it restates ("qty
    must be positive (qty > 0)") or on a number ("(0 = blocked slot)") is not one."""
    if "(" not in core:
        return core
    for m in list(_GROUP_CONDITION.finditer(core))[::-1]:
        col = m.group("col") or m.group("col2")
        rest = core[: m.start()] + " " + core[m.end() :]
        head = core[: m.start()]
        clause_start = max(head.rfind(sep) for sep in (",", ";", ":", ". ", "\n")) + 1
        opener = _GROUP_OPENER.search(head, clause_start)
        cond = m.group("c")
        if re.search(rf"(?i)\b{re.escape(col)}\b", rest):
            continue  # the column's own rule restated
        named = head[clause_start : opener.start()].strip() if opener else ""
        if opener and re.fullmatch(r"[a-z][a-z0-9]*_[a-z0-9_]+", named):
            # "x_col for juniors (kind = 'J') tops out at 93": a named column, the rows it is
            # about, then its rule: the condition goes to the end of the clause (left in place
            # it was read as the column's values, `x_col IN ('J')`)
            tail = core[m.end() :]
            end = re.search(r"[,;]\s|\.(?:\s|$)|\n|$", tail)
            assert end is not None
            core = f"{head[: opener.start()].rstrip()}{tail[: end.start()]} when {cond}{tail[end.start() :]}"
            continue
        if not re.search(rf"(?i)\b(?:{MODAL}|required|mandatory|between|one of)\b", rest):
            continue  # no rule to qualify
        if opener:
            # "on a closed RO (status = 'CLOSED')": the phrase and its bracket are one condition
            after = core[m.end() :]
            if not head[clause_start : opener.start()].strip() and re.match(r"\s+[a-z]", after):
                # "for cave dives (kind = 'CAVE') x_col has to be 10, 20 or 30": the condition
                # opens the clause, and its rule follows with no comma (run together, the rule's
                # list was cut at its first comma: `x_col = 10`)
                after = "," + after
            core = f"{head[: opener.start()]}when {cond}{after}"
            continue
        subject = head[clause_start:]
        if len(subject.split()) > 4 or re.search(rf"(?i)\b(?:{MODAL}|is|are|be|between)\b|\d", subject):
            continue  # not a noun phrase: the bracket follows a rule, not the rows it is about
        # "hazardous cargo (is_hazmat = true) must ...": the subject's rows; the condition
        # goes to the end of the clause
        tail = core[m.end() :]
        end = re.search(r"[,;]\s|\.(?:\s|$)|\n|$", tail)
        assert end is not None
        if re.match(rf"(?i)\s*(?:{MODAL})(?:\s+not|n't)?\s+(?:have|carry|contain|include|hold)\b", tail):
            # "minors (age < 18) can't have ...": the subject is the rows, never a column
            head = head[:clause_start] + " rows"
        core = f"{head}{tail[: end.start()]} when {cond}{tail[end.start() :]}"
    return core


#: a Given clause that states a condition on a row ("a contact has opted_in = false",
#: "loan_status = 'closed'", "is_flagged is true"), not a step of a process ("the nightly
#: load has finished")
ROW_CONDITION = re.compile(
    r"(?i)(?:[<>]=?|!=|<>|(?<![<>!])=|\b(?:is|are)\s+(?:not\s+)?(?:true|false|null|set|populated|missing|empty|«\d+»)\b)"
)
_GIVEN_THEN = re.compile(r"(?i)^\s*given\s+(?P<c>.+?)\s*,?\s+then\s+(?P<m>.+)$")


class AggregateRuleError(ValueError):
    """A sentence about an aggregate (average, deviation, day-over-day change)."""


_NUMBER = r"-?\d+(?:[.,]\d+)*(?:\.\d+)?"
_STRICT_BETWEEN = re.compile(
    rf"(?i)\bstrictly\s+between\s+(?P<a>{_NUMBER})\s+and\s+(?P<b>{_NUMBER})\b"
    rf"|\bbetween\s+(?P<c>{_NUMBER})\s+and\s+(?P<d>{_NUMBER})\s*,?\s*\(?\s*(?:both\s+)?"
    r"(?:exclusive(?:ly)?|non-?inclusive|not\s+inclusive)(?:\s+(?:of\s+)?(?:both(?:\s+(?:ends|bounds))?|the\s+(?:bounds|ends|endpoints|limits)))?\s*\)?(?=\W|$)"
)
_INCLUSIVE = re.compile(
    r"(?i)(?<=\d)(?:\s*%)?\s*,?\s*\(?\s*(?:both\s+)?(?:inclusive(?:ly)?|bounds\s+included|ends\s+included)\s*\)?(?=\W|$)"
)


_VALID_IE = re.compile(
    rf"(?i)^(?P<s>.+?\b(?:{MODAL})\s+be)\s+(?:an?\s+)?valid\s+(?:[\w-]+\s+){{0,3}}?[\w-]+\s*,?\s*\(?\s*"
    r"(?:i\.e\.?|ie|that\s+is|namely|meaning)\s*[,:]?\s*(?P<post>[^()]+?)\)?\s*$"
)
#: "after started_at (strictly)", "greater than 0 (strictly)": emphasis on a strict comparison
_STRICTLY_AFTER = re.compile(
    r"(?i)(?P<cmp>\b(?:after|before|later\s+than|earlier\s+than|greater\s+than|more\s+than|less\s+than|fewer\s+than|"
    r"above|below|over|under|higher\s+than|lower\s+than|exceeds?|larger\s+than|smaller\s+than)\b|[<>](?!=))"
    r"(?P<x>\s*[^,;()<>=]*?)\s*\(\s*strictly\s*\)"
)


def _strictness(core: str) -> str:
    """ "strictly between 0 and 10", "between 0 and 10 (exclusive)" -> both bounds strict;
    "(inclusive)" is what "between" says already. A strictness on one bound only ("exclusive
    of 10", "excluding the upper bound") is not read: a range check would admit it."""

    def strict(m: re.Match[str]) -> str:
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
        lo, hi = sorted((a, b), key=lambda x: float(x.replace(",", "")))
        return f"greater than {lo} and less than {hi}"

    core = _STRICTLY_AFTER.sub(lambda m: f"{m.group('cmp')}{m.group('x')}", core)
    core = _STRICT_BETWEEN.sub(strict, core)
    core = _INCLUSIVE.sub("", core)
    if re.search(
        r"(?i)\bbetween\b[^,;]*\b(?:exclusive|exclusively|excluding|inclusive|non-?inclusive)\b"
        r"|\b(?:exclusive|excluding|including)\s+(?:of\s+)?(?:the\s+)?(?:upper|lower|both|max|min|-?\d)",
        core,
    ):
        raise UnreadRuleError(core)
    return core


class UnreadRuleError(ValueError):
    """A sentence in a form no rule reads that would be misread without it (a precision in
    decimal places read as a bound on a column "place")."""


class UnreadAlertError(ValueError):
    """A sentence asking for an alert on a condition in words no bad-case frame knows: read
    without the alert it would be the bad case itself, so it is not read at all."""


#: an alert still in a sentence after every bad-case frame was tried
_STRAY_ALERT = re.compile(
    r"(?i)\b(?:alert(?:ed|s|ing)?|alarm(?:ed|s|ing)?|paged|paging|notif(?:y|ied|ications?|ying)|warned|pinged|pinging|"
    r"let\s+(?:me|us|the\s+team)\s+know)\b(?:\s+[#@\w'-]+){0,6}?\s+(?:if|when|whenever|in\s+case)\b"
    r"|\b(?:if|when|whenever)\b.+\b(?:get|be|are|is)\s+(?:alerted|paged|notified|warned|pinged)\b"
)


def _freshness_ask(m: re.Match[str], context: list[str]) -> str:
    """The freshness rule of a freshness ask (`_FRESHNESS_ASK`): the name after "on" is the
    time column when it reads like one (`*_at`, `*_ts`, ...) and the table otherwise."""
    x = m.group("x")
    col = m.group("c") or m.group("c0") or m.group("c1")
    if not _TIME_NAME.search(x):
        context.append(x)
    elif col is None:
        col = x
    rest = m.group("rest")
    bare = re.fullmatch(r"(?i)(?:max(?:imum)?\s+|at\s+most\s+|within\s+)?(\d+(?:\.\d+)?\s*[a-z]+)(?:\s+(?:max(?:imum)?|tops))?", rest or "")
    if bare:  # "freshness SLA for the orders table: 2 hours"
        rest = f"data must be no older than {bare.group(1)}"
    if rest is not None:
        return rest if col is None else f"{rest} based on {col}"
    dur = m.group("d1") or m.group("d3") or f"{m.group('d2')} {m.group('u2')}"
    return f"data must be no older than {dur}" + (f" based on {col}" if col else "")


_NAMED_IN_BRACKETS = re.compile(
    r"(?i)(?P<pre>\b(?:exceed|exceeds|above|below|over|under|than|before|after|to|equal|match|matches)\s+)(?:the\s+|its\s+|their\s+|a\s+)?"
    # (never a column of another table: "exist in events (event_id)", "match a row in t (c)")
    r"(?:(?!(?:in|from|exist|exists|row|rows|record|records)\b)[a-z]+\s+){0,3}\(\s*(?P<c>[a-z][a-z0-9]*_[a-z0-9_]+)(?:\s+(?:col|column|field))?\s*\)"
)
_NAMED_BOUND = re.compile(
    r"(?i)(?P<cmp>\b(?:below|above|under|over|exceed|exceeds|(?:less|more|greater|lower|higher|fewer)\s+than|at\s+least|at\s+most))\s+"
    r"(?:the|a|an|our|its|their)\s+(?:[a-z-]+\s+){1,3}?(?:of|at)\s+(?=[-$\u20ac\u00a3]?\d)"
)
#: a short heading (no check of its own) before a leading condition
_ROWCOUNT_ASK = re.compile(
    r"(?i)^(?:(?:pls|please|can\s+we|could\s+we|can\s+you|can\s+someone|we\s+need|i\s+need|need|let'?s)\s+)*"
    r"(?:(?:get|add|set\s+up|setup|create|configure|have|put)\s+)?(?:an?\s+)?(?:row[- ]?count|record[- ]?count|volume|size)\s+"
    r"(?:check|monitor|test|rule|alert|assertion)\s+(?:on|for|against)\s+(?:the\s+)?(?P<t>[a-z_][\w.]*)(?:\s+(?:table|model|dataset))?"
    rf"\s*(?:,|:|;|-|\u2014)\s*(?:(?:it|this|that|the\s+table)\s+)?(?P<rest>(?:{MODAL})\b.+)$"
)
_ROW_BOUND = (
    r"(?:more|fewer|less|greater)\s+than|at\s+(?:least|most)|over|under|above|below|>=?|<=?"
)
_ROW_NUM = r"\d[\d,.]*(?:\s+(?:thousand|million|billion|[kKmM]\b))?"
_ROWS_BOTH = re.compile(
    rf"(?i)(?P<a>\b(?:{_ROW_BOUND})\s+{_ROW_NUM}\s+(?P<noun>rows|records|entries))\s+(?P<conj>or|and)\s+"
    rf"(?P<b>(?:{_ROW_BOUND})\s+{_ROW_NUM})(?=\s*$|\s*[,;.!?)]|\s+(?:and|or|but|then|in|on|for)\b)"
)
_ROWS_BOTH_FIRST = re.compile(
    rf"(?i)(?P<a>\b(?:{_ROW_BOUND})\s+{_ROW_NUM})\s+(?P<conj>or|and)\s+(?P<b>(?:{_ROW_BOUND})\s+{_ROW_NUM})\s+(?P<noun>rows|records|entries)\b"
)
_MOVE = r"(?:drops?|falls?|dips?|sinks?|goes|rises?|climbs?|gets|jumps?|spikes?|exceeds?)"
_MOVE_VERB = re.compile(rf"\b{_MOVE}\b")
_OR_MOVE = re.compile(
    r"(?i)^(?P<head>(?:.*?\b(?:when|if|whenever)\s+)?)(?P<subj>(?:the\s+)?[\w.«»`]+(?:\s+[\w.«»`]+){0,2}?)\s+"
    rf"(?P<v1>{_MOVE}\s+(?:below|under|above|over|past|beyond)\s+\S+)\s+or\s+(?P<v2>{_MOVE}\s+(?:below|under|above|over|past|beyond)\s+.+)$"
)
_LAND_BETWEEN = re.compile(
    rf"(?i)\b(?P<m>{MODAL})\s+(?:stay|land|remain|sit|fall|lie|be)\s+(?:somewhere\s+|anywhere\s+)?between\b"
)
_SOURCE_LEAD = re.compile(
    r"(?i)^\s*(?:(?:as\s+)?per|according\s+to|in\s+line\s+with|pursuant\s+to|following|on\s+behalf\s+of)\s+"
    r"(?:the\s+|our\s+|a\s+|an\s+|this\s+|that\s+|their\s+|my\s+)?[\w'&/.-]+(?:\s+[\w'&/.-]+){0,4}?\s*,\s+"
)
_HEADING_CONDITION = re.compile(
    r"(?i)^\s*(?P<h>[^:;.?!«»<>=]{1,50}?)\s*:\s*(?=(?:if|when|whenever|unless|provided(?:\s+that)?)\b)"
)



def _plain_rule(text: str) -> bool:
    """A rule stated with a modal or a copula and no negation ("price must be above 0"):
    what an "or null" / "either null or" tail may make null-tolerant."""
    return bool(
        re.search(rf"(?i)\b(?:{MODAL}|is|are)\b", text)
        and not re.search(r"(?i)\b(?:not|never|cannot|no)\b|n't\b|\bcant\b", text)
    )

#: a stated bad case ("fail if ...", "alert when ...", "flag rows where ..."): a null in it is
#: bad too, never a tolerance ("fail if ph is null or qty > 14" is two bad cases)
_BAD_FRAME = re.compile(
    r"(?i)^\s*(?:(?:please|pls)\s+)?(?:fail|alert|warn|flag|error|raise|page|stop|halt|abort|reject|block|notify|breach)\w*\b"
    r"(?:\s+[\w'#@.-]+){0,5}?\s+(?:if|when|whenever|where|in\s+case)\b"
)


#: "can we flag any row where x <= 0?", "could we fail when ...?", "should we alert if ...?": a
#: question that proposes a check is that check; the action frame after it states the bad case
_PROPOSE = re.compile(
    r"(?i)^(?:(?:so|and|also|hey|ok|okay)\s*,?\s+)*(?:(?:can|could|should|shall|would|will)\s+(?:we|you|i|someone|somebody)"
    # "is there any way to flag ...?", "is it possible to alert when ...?", "how do we fail if ...?"
    r"|(?:is\s+there\s+(?:any|a|some)\s+way|any\s+way|is\s+it\s+possible|would\s+it\s+be\s+possible)\s+(?:for\s+(?:us|you)\s+)?to"
    r"|how\s+(?:do|can|could|would|should)\s+(?:we|i))\s+"
    r"(?:(?:please|pls|maybe|also|just)\s+)*(?=(?:alert|warn|flag|error|fail|page|notify|ping|escalate|reject|halt|abort|"
    r"raise|send|trigger|fire|open|emit|throw|file|log|generate)\b)"
)


#: a connective opening a sentence or clause that starts with its negation (see `read_frame`)
_LEAD_CONNECTIVE = re.compile(
    # ... and before a condition ("; and if x is over 350 then y must be true": with the
    # connective left in, the condition was read as a check of its own)
    rf"(?i)(?P<at>^|[,;]\s*)(?:{_CONNECTIVE})+(?=(?:no|nobody|none|nothing|never|neither|no-one|noone|(?:if|when|whenever|unless)\b(?!\s+(?:it\s+is\s+|it[’']?s\s+|they\s+are\s+|they[’']?re\s+)?{PRESENT_STATE}\b))\b)"
)
#: "never" opening a clause (the sentence's, or one after a comma, ";", "and", "but", "also")
_NEVER_PHRASE = re.compile(
    rf"(?i)(?P<sp>(?:^|[,;])\s*(?:{_CONNECTIVE})*|\s(?:{_CONNECTIVE})+)never\s+"
    # an article, or a first word that is no number, comparison, preposition or state ("but
    # never below the limit" is the rule's own bound, not a phrase)
    r"(?:(?:a|an|any)\s+(?=[\w«»`])|(?=[\w«»`])(?![\d-])(?!(?:below|above|under|over|less|more|greater|fewer|lower|higher|after|"
    r"before|earlier|later|outside|beyond|between|within|equal|than|at|in|on|to|from|by|for|with|without|exceed\w*|"
    r"negative|positive|zero|null|empty|blank|missing|late|early|past|again|ever|once|twice|the|this|that|it|"
    r"they|them|when|if|unless|where|while|ok|okay|allowed|fine)\b))"
)
_CLAUSE_END = re.compile(r"(?i)[,;]|\s(?:and|but|or)\s")
_VERB_AFTER = re.compile(
    rf"(?i)\b(?:{MODAL}|is|are|be|been|being|has|have|had|was|were|do|does|did|gets?|goes|happens?|exceeds?|"
    r"falls?|drops?|appears?|occurs?|contains?|matches?|equals?)\b"
)


def _never_phrases(core: str) -> str:
    """Each clause that opens with "never" and has no verb, read as "no ..."."""
    out, last = [], 0
    for m in _NEVER_PHRASE.finditer(core):
        end = _CLAUSE_END.search(core, m.end())
        clause = core[m.end() : end.start() if end else len(core)]
        if _VERB_AFTER.search(clause):
            continue
        out.append(f"{core[last : m.start()]}{m.group('sp')}no ")
        last = m.end()
    return "".join(out) + core[last:] if out else core


_SELECTS_ROWS = re.compile(
    r"(?i)\b(?:where|wherever|when|whenever|if|with|having|whose|in\s+case|(?:that|which)\s+(?:have|has))\b"
)


def _proposed(core: str) -> str:
    """The check a question proposes, when what follows its lead-in is an action frame."""
    m = _PROPOSE.match(core)
    if m is None:
        return core
    rest = core[m.end() :]
    if (
        _ACTION_FOR_ROWS.match(rest)
        or _ACTION_IF.match(rest)
        or _HEADING_BAD_CASE.match(f"x: {rest}")
        # "can we flag inspections where / with / whose ...": the rows it selects, of any noun,
        # are the bad case, as when the action is asked for without a question
        or _BAD_FRAME.match(rest)
        or _SELECTS_ROWS.search(rest)
    ):
        return rest
    return core


def read_frame(sentence: str, schema: bool = False) -> Frame:
    """Read the wrapping of one sentence (its literals already set aside as slots); `schema`
    says whether the table's columns are known (event verbs only name columns then)."""
    frame_optional = False
    given = _GIVEN_THEN.match(sentence)
    if given and ROW_CONDITION.search(given.group("c")):
        # "Given loan_status = 'closed' then closed_on must be populated": the Given is the
        # rule's condition (a Given that is a process step stays a table preamble)
        sentence = f"when {given.group('c')}, {given.group('m')}"
    core, context = split_context(_LABEL.sub("", sentence, count=1))
    core = group_condition(core)
    m = _ROWS_WITH.search(core) if (" with " in core or " having " in core or " whose " in core) else None
    if m and not _BAD_ACTION_WORD.search(core[: m.start()]):
        # (after an action, "open a ticket for any row with x < 0", the rows are the bad case)
        core = f"{core[: m.start()]} where {core[m.end() :]}"
    core = _proposed(core)
    if "ever" in core:
        # "never a qty above 5", "x unique, and never any refund after close": a verbless
        # negative phrase, like "no qty above 5" (the "never" was lost: the bad case became
        # the rule)
        core = _never_phrases(core)
    if "no" in core.lower() or re.search(r"(?i)\b(?:if|when|whenever|unless)\b", core):
        # "Also no report may have ...", "x unique, plus nobody ...", "But none of the ...":
        # the connective is no part of the rule; left in place it hid the negative subject
        core = _LEAD_CONNECTIVE.sub(lambda m: m.group("at"), core)
    if core.lower().rstrip(" .!").endswith(" either") and core.lower().count("either") == 1:
        # "no nulls either", "shouldn't ever be below 1 either": "also" said after a negation,
        # never a column (read as one, it was a check on a column "either")
        core = re.sub(r"(?i),?\s+either\s*([.!]?)\s*$", r"\1", core)
    if "/" in core:
        # "should only ever be true/false": both booleans (it was read as "true" alone)
        core = re.sub(r"(?i)\b(true|false)\s*/\s*(true|false)\b", r"\1 or \2", core)
    if (_BAD_FRAME.match(core) or _BAD_WITH.match(core) or _ROWS_INVALID.match(core)) and _BAD_STATES.search(core):
        # "flag rows where shipped_at is set but tracking_no is missing": a bad case of two
        # states of two columns, "but" being "and" (read apart, "is set" became the rule)
        core, n = _BAD_STATES.subn(_bad_state, core)
        w = _BAD_WITH.match(core)
        if w:
            core = f"flag rows where {core[w.end() :].lstrip()}"
        rows = _ROWS_INVALID.match(core) if n else None
        if rows and not _BAD_FRAME.match(core):
            core = f"flag rows where {rows.group('cond')}"
    m = _ABOUT_HEAD.match(core)
    if m:
        context.append(m.group(0).strip(" ,:"))
        core = core[m.end() :]
    m = _SOURCE_LEAD.match(core) if "," in core else None
    if m:
        # "per the audit finding, ...", "As per our SLA, ...", "according to finance, ...": where
        # the rule comes from is context (it was a column of its own)
        context.append(m.group(0).strip(" ,"))
        core = core[m.end() :]
    # "can't exceed warehouse capacity (capacity_units col)": the bracket names the column the
    # words before it mean (read apart, the column became the subject)
    core = _NAMED_IN_BRACKETS.sub(lambda m: f"{m.group('pre')}{m.group('c')}", core)
    # "below the minimum wage of 7.25", "over the legal limit of 40": the named bound is its number
    core = _NAMED_BOUND.sub(lambda m: f"{m.group('cmp')} ", core)
    heading = _HEADING_CONDITION.match(core)
    if heading:
        # "Validation rule R7: if a is 0, b must be NULL", "smth like: if ... then ...": a
        # heading before a condition; read with it, the condition was lost (and became a check)
        context.append(heading.group("h").strip())
        core = core[heading.end() :]
    core = re.sub(r"(?i)\bw/(?=\s)", "with", core)  # "rows w/ end_ts before start_ts"
    if "%" in core:
        # "within 0%..100%", "0%–30%": a range of percentages is the range of the numbers (as
        # "between 0% and 30%" is)
        core = _PCT_RANGE.sub(r"\g<a>\g<sep>\g<b>", core)
    low = core.lower()
    m = _OR_ELSE.search(core) if (" or" in low or "else" in low or "otherwise" in low) else None
    if m and m.start() > 0 and re.search(rf"(?i)\b(?:{MODAL}|need|needs|want|wants|require|requires|is|are|has|have)\b", core[: m.start()]):
        # "the orders table must have at least 10k rows or the job should fail", "... or
        # something is broken upstream": what happens when the rule fails, not a bad case (read
        # as "fail if ..." the rule was inverted)
        context.append(core[m.start() :].strip(" ,"))
        core = core[: m.start()]
    m = _MEANING_TAIL.search(core) if ("=" in core or "means" in core or "\u2192" in core) else None
    if m and m.start() > 0:
        context.append(core[m.start() :].strip(" ,;-()"))
        core = core[: m.start()]
    m = _ALERT_BACK.search(core)
    if m and m.start() > 0 and (re.search(rf"(?i)\b(?:{MODAL})\b", core[: m.start()]) or _BAD_FRAME.match(core)):
        # the rule is the good case; the alert after it is on its failure ("it" is the breach)
        context.append(core[m.start() :].strip(" ,;-"))
        core = core[: m.start()]
    why = _SO_THAT.search(core) if "so that" in core.lower() else None
    if (
        why
        and why.start() > 0
        and not _SO_THAT_RULE.search(core[why.start() :])
        and not re.search(r"(?i)\b(?:checks?|tests?|expectations?|rules?|monitors?|validations?|asserts?|assertions?|constraints?|alerts?)\b", core[: why.start()])
    ):
        # "lot_no must be unique per batch so that stock counts tie out": the reason for the
        # rule, never a rule of its own (read on, "tie out" was a column)
        context.append(core[why.start() :].strip(" ,"))
        core = core[: why.start()]
    m = USER_STORY.match(core)
    if m:
        # "As a compliance officer I need every record to have ...": who asks is context, the
        # want is read as the requirement ("I need X to be Y" -> "X must be Y")
        context.append(core[: m.start("i")].strip(" ,"))
        core = core[m.start("i") :]
        why = _SO_THAT.search(core)
        if why and why.start() > 0:
            context.append(core[why.start() :].strip(" ,"))
            core = core[: why.start()]
    why = _SO_PURPOSE.search(core) if ", so " in core.lower() else None
    if why and not _SO_PURPOSE_RULE.search(why.group("c")) and _SO_PURPOSE_RULE.search(core[: why.start()]):
        # "every order's model_code must exist in models.model_code, so the build sheets line
        # up": the purpose of the rule before it, never a rule of its own (read on, "build
        # sheets line up" was a second column given the rule: a made-up reference)
        context.append(core[why.start() :].strip(" ,."))
        core = core[: why.start()]
    # "promo_code isn't mandatory": a permission in any spelling of its negation (read as
    # "mandatory" it was the opposite)
    core = re.sub(r"(?i)\b(is|are|was|were)n[\u2019']?t\s+(mandatory|required|needed|compulsory|obligatory)\b", r"\1 not \2", core)
    core = re.sub(r"(?i)\b(flag|catch|reject)\s+(?:em|'em)\b", r"\1 them", core)
    # "the finance close requires that journal_entries contains no rows where ...", "the
    # carrier contract says that ...": who asks is context, the clause is the rule (read
    # with the wrapper, "requires" became a not_null and the clause's negation was lost)
    m = _REQUIRES_THAT.match(core)
    if m and len(m.group("clause").split()) >= 3:
        context.append(core[: m.start("clause")].strip())
        core = m.group("clause")
    # "Custom SQL rule: alert if ...", "Monitor rule - fail when ...": whatever heading is
    # before a bad-case action is a label; the bad case must be read as such, never the
    # comparison after it on its own (that keeps the bad rows)
    m = _HEADING_BAD_CASE.match(core)
    if m:
        context.append(m.group("head").strip())
        core = core[m.start("rest") :]
    m = _ACTION_FOR_ROWS.match(core) if re.search(r"(?i)\b(?:where|wherever|with|when|whenever|if|having|which|that|whose)\s", core) else None
    if m:
        # "raise an alert for any row where ...", "open an incident for each record with ...":
        # the rows the action is taken on are the bad case
        noun = m.group("noun")
        if noun and not re.fullmatch(r"(?i)(?:rows?|records?|entries|entry|lines?|cases?|ones?)", noun):
            context.append(noun)
        conn = (m.group("conn") or m.group("conn2") or "").lower()
        with_ = conn in ("with", "having") or conn.startswith(("that", "which"))
        core = f"fail if any row {'with' if with_ else 'where'} {core[m.end() :]}"
    # "Runbook §3.2: check that no shipment has ...", "Nightly gate: ensure nobody ...": any
    # heading before a command: left in place it hid the negation after the command (the
    # bad case became the check)
    m = _HEADING_COMMAND.match(core) if re.search(r"(?i)\bno|\bnever|\bneither|there", core) else None
    if m:
        context.append(m.group("head").strip())
        core = core[m.start("rest") :]
    # "Freshness monitor on telecom.cdr_events: ...", "rule for the flight_segments table: ...",
    # "Given the nightly load of warehouse_moves, then ...": which table, not a column
    m = _TABLE_PREAMBLE.match(core)
    given = re.match(r"(?i)^given\s+(?P<c>[^,]+?)\s*,\s*(?:then\s+)?", core) if m else None
    if given and (ROW_CONDITION.search(given.group("c")) or "«" in given.group("c")):
        # "given an order in status 'cancelled', ...": a condition on the row, never context
        core = f"when {given.group('c')}, {core[given.end() :]}"
    elif m and m.end() < len(core):
        context.append(core[: m.end()].strip(" ,:"))
        core = core[m.end() :]
    # "Before closing the incident, confirm ...", "... before promoting": when the check is
    # run (a step of a process), not a comparison
    m = _PROCESS_LEAD.match(core)
    if m:
        context.append(core[: m.end()].strip(" ,"))
        core = core[m.end() :]
    m = _PROCESS_LEAD_BARE.match(core) if ("fter " in core or "efore " in core or "nce " in core or "ollowing " in core) else None
    if m:
        context.append(core[: m.end()].strip(" ,"))
        core = core[m.end() :]
    m = _OCCASION_LEAD.match(core) if ("fter " in core or "efore " in core or "ollowing " in core or "head of " in core or "rior to " in core) else None
    if m:
        context.append(core[: m.end()].strip(" ,"))
        core = core[m.end() :]
    m = _PURPOSE_LEAD.match(core) if core[:4].lower() == "for " else None
    if m:
        context.append(core[: m.end()].strip(" ,"))
        core = core[m.end() :]
    m = _EVERY_ROW_OF.search(core) if " row" in core.lower() else None
    if m and m.start() > 0:
        context.append(core[m.start() : m.end()].strip(" ,"))
        core = core[: m.start()] + core[m.end() :]
    m = _OCCASION_TAIL.search(core) if ("efore " in core or " time " in core) else None
    if m and m.start() > 0:
        context.append(core[m.start() :].strip(" ,"))
        core = core[: m.start()]
    m = _PROCESS_TAIL.search(core)
    if m and m.start() > 0:
        context.append(core[m.start() :].strip(" ,"))
        core = core[: m.start()]
    low = core.lower()
    m = _ROWCOUNT_ASK.match(core) if ("count" in low or "volume" in low or "size" in low) else None
    if m:
        # "need a row count check on mart.x, it should have exactly 52 rows": the table is
        # context, "it" is the table whose rows are counted
        context.append(m.group("t"))
        core = f"the table {m.group('rest')}"
    # "the row count drops below 200 or climbs past 20000": the subject of the first verb is
    # the second's too
    if " or " in low and _MOVE_VERB.search(low):
        m = _OR_MOVE.match(core)
        if m:
            core = f"{m.group('head')}{m.group('subj')} {m.group('v1')} or {m.group('subj')} {m.group('v2')}"
    # "should land somewhere between 40k and 60k", "has to stay between 1 and 5": a range
    core = _LAND_BETWEEN.sub(r"\g<m> be between", core)
    # "more than 5 million rows or fewer than 1,000", "fewer than 10 or more than 500 rows":
    # the counted noun of one bound is the other's too (the bare number was a column value)
    if ("row" in low or "record" in low or "entries" in low) and (" or " in low or " and " in low):
        core = _ROWS_BOTH.sub(r"\g<a> \g<conj> \g<b> \g<noun>", core)
        core = _ROWS_BOTH_FIRST.sub(r"\g<a> \g<noun> \g<conj> \g<b> \g<noun>", core)
    # "the row count of stg_claims", "number of rows in fct_x", "the stg_returns table": the
    # table whose rows are counted is context; "<table> must not be empty" is its row count
    if "count" in low and "(" in core:
        # "row count (total)", "record count (overall)": the whole table's count, not a column
        core = re.sub(
            r"(?i)\b((?:row|record)[\s_]?count)\s*\(\s*(?:total|overall|in\s+total|all\s+rows|whole\s+table|full\s+table)\s*\)",
            r"\1",
            core,
        )
    m = _ROWS_OF.search(core)
    if m:
        context.append(m.group("t"))
        core = f"{core[: m.start()]}the row count{core[m.end() :]}"
    m = _TABLE_EMPTY.match(core)
    if m:
        context.append(m.group("t"))
        modal = "must" if m.group("v").lower() in ("is", "are") else m.group("v")
        core = f"{m.group('pre') or ''}the table {modal} not be empty"
    core = re.sub(r"(?i)\b(be|is|are)\s+(?:somewhere|roughly|approximately|approx\.?|around|about)\s+(?=between\b)", r"\1 ", core)
    m = _CHATTER_TAIL.search(core)
    if m and m.start() > 0:
        # "..., pls add", "..., please add it", "- thanks": the ask around the rule
        context.append(core[m.start() :].strip(" ,-"))
        core = core[: m.start()]
    # "amount must have at most 2 decimal places", "alert when amount has more than 2
    # decimal places": a precision, said as the value equal to itself rounded
    either = re.search(r"(?i)\b(?P<v>is|be|are)\s+(?:either\s+)?(?:null|empty|blank|missing)\s+or\s+(?=\S)", core)
    # a bad case anywhere before ("..., alert on any lot where the recipe is missing or the
    # weight is 0") is a list of bad cases, never "null or <rule>" (read so, the other bad
    # case became the rule)
    bad_before = re.search(r"(?i)\b(?:alert|fail|flag|warn|reject|error|raise|page)\w*\b", core[: either.start()] if either else "")
    if either and _plain_rule(core[: either.end()]) and not _BAD_FRAME.match(core) and not bad_before:
        # "promo_code is either null or exactly 8 alphanumeric characters": null-tolerant
        frame_optional = True
        core = f"{core[: either.start()]}{'must be' if either.group('v').lower() != 'be' else 'be'} {core[either.end() :]}"
    or_null = re.search(r"(?i)\s*,?\s+or\s+(?:be\s+)?(?:null|empty|blank|missing|absent|unset|not\s+set)\s*$", core)
    if or_null and _plain_rule(core[: or_null.start()]) and not _BAD_FRAME.match(core):
        # "price must be above 0 or null": null-tolerant (read whole, "null" became a
        # not_null check, the opposite)
        frame_optional = True
        core = core[: or_null.start()]
    valid = _VALID_IE.match(core)
    if valid:
        # "status_code should be a valid HTTP code, i.e. 100-599": the restatement is the rule
        # ("valid" alone names no format)
        core = f"{valid.group('s')} {valid.group('post')}"
    core = _strictness(core)
    m = _DECIMALS.match(core)
    if m:
        col = m.group("c1") or m.group("c2")
        core = f"custom sql: {col} = ROUND({col}, {m.group('n')})"
    elif re.search(r"(?i)\bdecimal\s+(?:places?|digits?)\b", core) and re.search(r"\d", core):
        raise UnreadRuleError(core)  # a precision in other words: never a bound on a "place"
    m = re.search(r"(?i)\s+for\s+(?P<adj>non-?[a-z]+|[a-z]+-[a-z]+|[a-z]+)\s+(?P<ent>[a-z]+s)\s*$", core)
    if m and m.start() > 0 and not re.match(
        r"(?i)(?:every|each|all|any|the|both|these|those|its|their|our|all\s+the|many|most|some|several)$", m.group("adj")
    ) and re.search(
        rf"(?i)\b(?:(?:{MODAL})\s+(?:not\s+|never\s+|only\s+|always\s+|ever\s+)*(?:be|have|exceed|contain|go|fall)|is|are)\b", core[: m.start()]
    ) and not re.search(r"(?i)\bexcept(?:ing)?\s*$", core[: m.start()]):
        # "plan_price may only be above 0 for non-trial accounts": which rows, a condition the
        # rule was read without (it held on every row)
        raise UnreadRuleError(core)
    m = _SCOPE_TAIL.search(core) if re.search(r"(?i)\b(?:every|each|all|any)\b", core) else None
    if m and m.start() > 0 and re.search(rf"(?i)\b(?:{MODAL}|is|are)\b|[<>=\u2264\u2265]", core[: m.start()]):
        # "... no more than 1000 for every prescription", "... on every invoice", "a <= b for
        # every kennel" (a Then line): which rows
        # (all of them), never a column
        context.append(core[m.start() :].strip(" ,"))
        core = core[: m.start()]
    # "Field health monitor on `device_uuid`: none of the values may be ...": the column is
    # the subject of what follows the colon ("the values", "it", "none of them")
    m = _COLUMN_PREAMBLE.match(core)
    if m:
        col, rest = m.group("col"), m.group("rest")
        none = re.match(rf"(?i)none\s+of\s+(?:the\s+)?(?:values|them|rows|records|entries)\s+(?P<modal>{MODAL})\s+(?!not\b)", rest)
        some = re.match(r"(?i)(?:(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?values?|the\s+values?|values|it|they)\s+", rest)
        if none:
            context.append(core[: m.start("rest")].strip(" ,:"))
            core = f"{col} {_negated_modal(none.group('modal'))} {rest[none.end() :]}"
        elif some:
            context.append(core[: m.start("rest")].strip(" ,:"))
            core = f"{col} {rest[some.end() :]}"
    # "... are not permitted under our reinsurance treaty", "... is not allowed per company
    # policy": where the rule comes from, not a column
    m = _AUTHORITY.search(core)
    if m:
        context.append(core[m.start("why") :].strip())
        core = core[: m.start("why")].rstrip()
    # "In schema.yml, ...", "per contracts/orders.yaml": where the rule is written, not a column
    core, n = _CONFIG_FILE.subn(" ", core)
    if n:
        core = re.sub(r"\s+", " ", core).strip(" ,")
    m = _PERMISSION_TAIL.search(core) if "fine" in core or "ok" in core.lower() or "allowed" in core or "accept" in core else None
    if m and m.start() > 0 and _PERMITTED_VALUE.match(m.group("p")):
        # "qty must be at least 0, it's fine if qty is zero": a permission after the rule (its
        # "if" was read as the rule's condition)
        context.append(f"allowed, no check: {m.group('p')}")
        core = core[: m.start()]
    frame = Frame(core=core, context=context, optional=frame_optional)
    if _PERMISSION.search(core) and not _WHEN_PRESENT.search(core):
        frame.permission = True
        frame.context.append(f"allowed, no check: {core}")
        return frame
    agg = _AGGREGATE.search(core)
    if agg and not (
        re.match(r"(?i)(?:null|nulls|missing|empty|blank|duplicate|dupe)\s", agg.group(0))
        and re.search(r"(?i)\b(?:be|stay|remain|equal|equals|=|is)\s+(?:zero|0)(?:\s*%|\s+percent)?\s*$", core)
    ):  # a null rate of zero is every row: the row check, not an aggregate
        raise AggregateRuleError(core)
    # "sessions table is stale again, can we alert if ...": a remark, then the request
    ask = re.search(
        r"(?i)(?:^|\s)(?:can|could)\s+(?:we|you)\s+(?=(?:alert|fail|warn|flag|add|check|make|ensure|verify|get|set\s+up|create|have)\b)",
        core,
    )
    if ask and ask.start() > 0 and not _CHECK_WORDS.search(core[: ask.start()]):
        frame.context.append(core[: ask.start()].strip(" ,;-"))
        core = core[ask.end() :]
    # "fail the dag if ...", "alert the team when ...": the bad case follows
    core = re.sub(
        r"(?i)^(?:(?:can|could)\s+(?:we|you)\s+)?(fail|alert|warn|flag|stop)\s+(?:the\s+)?(?:dag|run|pipeline|task|job|build|load|team|us|me)\s+(if|when|whenever)\s+",
        r"\1 \2 ",
        core,
    )
    m = _BAD_QUERY.match(core)
    if m:  # the query selects the bad rows: the check is that none is selected
        core = f"custom sql: NOT ({m.group('cond').strip()})"
    m = _ACT_ON_IT.search(core)
    if m and m.start() > 0:
        rest = core[: m.start()]
        context.append(core[m.start() :].strip(" ,-\u2014"))
        core = rest if (_BAD_PHRASE.match(rest) or re.search(rf"(?i)\b(?:{MODAL})\b", rest)) else f"fail if {rest}"
    m = _SHOULD_ALERT.search(core)
    if m and m.start() > 0 and not re.search(rf"(?i)\b(?:{MODAL})\b", core[: m.start()]):
        context.append(core[m.start() :].strip())
        bad = core[: m.start()]
        lead = _LEAD_BEFORE_BAD.match(bad)
        if not lead and _SCOPE_BEFORE_BAD.match(bad):
            raise UnreadRuleError(core)
        if lead:
            # "In production, fewer than 10 rows should alert": where / when, then the bad case
            # (inside "fail if", the lead became a condition and the bad case the rule)
            context.append(lead.group("lead"))
            bad = bad[lead.end() :]
        core = f"fail if {bad}"
    m = _NO_MATCH_BAD.match(core)
    if m:  # "alert when product_id has no match in dim_product.product_id": a reference
        core = f"every {m.group('c')} must exist in {m.group('t')}"
    m = _TWICE_BAD.match(core)
    if m:
        core = f"{m.group('c')} must be unique"
    m = _HAS_COL_IN.match(core) if " in " in core else None
    if m:
        core = f"{m.group('pre')}every {m.group('c')} must exist in {m.group('t')}{m.group('rest')}"
    # "the pipeline fails if ...", "the load should error when ...": a subject, then the
    # bad case; "raise a P2 if ...", "page the on-call when ...", "escalate to on-call if"
    core = _FAILS_IF.sub("fail if ", core, count=1)
    core = _WANT_ALERT.sub("fail if ", core, count=1)
    m = _ALERT_AFTER.match(core)
    if m:
        core = f"fail if {m.group('bad')}"
    core = _ACTION_IF.sub("fail if ", core, count=1)
    # "failed rows: ...", "rows failing: ...", "fail condition: ...": a bad-case marker
    core = _FAILED_ROWS.sub("fail if ", core, count=1)
    # "if X, halt the pipeline": the bad case first, the action after it
    m = _IF_THEN_ACTION.match(core)
    if m:
        core = f"fail if {m.group('bad')}"
    # "Set a rule that ...", "set up a check that ...", "..., and add one that says ...", "we
    # need a check saying ...": the request around the rule, at the start or after a clause
    # boundary ("set" is no presence word here; the lead-in is never the rule's subject)
    if _CHECK_LEADIN_CUE.search(core):
        core = _CHECK_LEADIN.sub(r"\g<b>", core)
    m = _CHECK_FOR_BAD.match(core)
    if m and m.group("bad"):  # "we need a test for negative amounts", "a monitor for duplicate ids": none of them
        core = f"no {m.group('bad')}"
    elif m and m.group("kind").lower().startswith(("alert", "monitor", "alarm", "page")):
        core = f"fail if {m.group('cmp')}"  # "add an alert for amount over 10000": the bad case
    elif m:
        # "a check for amounts above 10000": the rule itself, or the rows to catch? not guessed
        raise UnreadRuleError(core)
    m = _TREAT_AS_BAD.match(core)
    if m:  # "treat qty < 1 as an error", "consider nulls in x invalid": a verdict on the bad case
        core = f"fail if {m.group('bad')}"
    core = re.sub(
        r"(?i)^((?:fail|alert|warn|flag|error)\w*\s+(?:if|when|whenever)\s+)(?:any|some)\s+(?:rows?|records?|entries)\s+(?:have|has)\s+(?:an?\s+)?"
        r"([\w«»`.]+)\s+(in\s+the\s+(?:future|past))\W*$",
        r"\1\2 is \3",
        core,
    )
    m = _ARROW_BAD.match(core)
    if m:  # "refund_amount > 1000 -> alert": the bad case, then what happens to it
        core = f"fail if {m.group('bad')}"
    m = _NOTHING_CMP.match(core)
    if m:  # "nothing over 1000 in refund_amount": the column's values must not be over 1000
        core = f"fail if {m.group('col')} is {m.group('cmp')}"
    m = _ZERO_ROWS.match(core)
    if m:  # "expect zero rows where x > 5", "the count of rows where x > 5 must be 0"
        core = f"no rows where {m.group('c1') or m.group('c2') or m.group('c3')}"
    m = _BAD_AND.match(core)
    if (
        m
        and _CMP_CUE.search(m.group("a"))
        and _CMP_CUE.search(m.group("b"))
        and re.search(r"[a-z_]", m.group("b"))
        and not re.search(r"(?i)\bbetween\s+\S+$", m.group("a"))  # "between 1 and 5" is one interval
    ):
        a, b = m.group("a"), m.group("b")
        if _LEAD_CMP.match(b):  # "greater than 0 and less than 10": the same subject
            shared = re.match(
                r"(?i)^(?P<s>.+?)\s+(?=(?:is|are|=|==|!=|<>|<=|>=|<|>|exceeds?|greater|less|more|fewer|above|below|over|under)\b|[<>=!])",
                a,
            )
            if not shared:
                raise UnreadAlertError(core)
            b = f"{shared.group('s')} {b}"
        core = f"when {a}, fail if {b}"
    if re.search(r"(?i)alert|alarm|page|notif|warn|ping|know", core) and _STRAY_ALERT.search(core) and not re.match(
        r"(?i)\s*(?:please\s+|pls\s+|lets?\s+|let's\s+)*"
        r"(?:fail|alert|warn|flag|error|raise|page|notify|stop|abort|block|break|reject)s?\b",
        core,
    ):
        raise UnreadAlertError(core)
    core = re.sub(
        r"(?i)^(fail|alert|warn|flag|stop)\s+(if|when|whenever)\s+there\s+(?:are|is|exist|exists)\s+(?:any\s+|some\s+)?",
        r"\1 \2 ",
        core,
    )
    # "fail if depth_m, values under 2" (from "depth_m, anything under 2 is junk"): the column
    # named before its values, one bad case (split at the comma, the part after it lost the
    # frame and kept the bad case: `depth_m < 2`)
    core = _BAD_LABEL_COMMA.sub(r"\g<1> ", core, count=1)
    m = re.match(
        r"(?i)^(?:alert|fail|warn|error)\w*\s+(?:if|when|whenever)\s+max\(\s*(?P<col>[\w.]+)\s*\)\s+(?:(?:on|in|of|from|for)\s+[\w.]+\s+)?(?:is\s+)?(?:older\s+than|more\s+than)\s+(?P<dur>\d+(?:\.\d+)?\s*[a-z]+)(?:\s+old|\s+ago)?$",
        core,
    )
    if m:  # "alert if max(started_at) is older than 3 hours"
        core = f"data must be no older than {m.group('dur')} based on {m.group('col')}"
    core = re.sub(
        r"(?i)^(?:(?:hey|hi|so|ok|okay)\s*,?\s+)?(?:can|could)\s+(?:we|you)\s+(?:please\s+)?(?:add|create|write|have|get|set\s+up)\s+(?:a|an)\s+"
        r"(?:check|test|rule|validation|assertion)\s+(?:that|to\s+ensure(?:\s+that)?|to\s+make\s+sure(?:\s+that)?)\s+",
        "",
        core,
    )
    core = _WANT_FAILING.sub("fail if ", core, count=1)
    # "It would be great if we could check that ...", "I'd appreciate it if you could make
    # sure ...": politeness around the request
    core = _POLITE.sub("", core, count=1)
    # "can we enforce that ...", "please enforce that ...": the request around the rule
    core = re.sub(
        r"(?i)^(?:(?:(?:can|could|would)\s+(?:we|you|someone)|(?:is|would)\s+it\s+(?:be\s+)?possible\s+to|is\s+there\s+(?:a|any)\s+way\s+to)"
        r"\s+(?:please\s+)?(?:enforce|ensure|make\s+sure|check|verify|confirm|validate|guarantee)"
        r"|(?:(?:please|pls)\s+)?(?:enforce|guarantee))(?:\s+that)?\s+(?=\S)",
        "",
        core,
        count=1,
    )
    # "Every payment must belong to an order in the orders table": a reference by entity
    m = _BELONGS.match(core)
    if m:
        core = f"{m.group('ent')} must exist in {m.group('tbl')}"
    # "the feed has to be refreshed every 2 hours, judging by ingested_at": one clause
    core = re.sub(
        r"(?i)\s*,\s*(?:judging by|judged by|going by|based on|measured by|according to|keyed (?:on|off|by))\s+(?=[\w.]+$)",
        " based on ",
        core,
    )
    core = _event_order(core, schema)
    m = _ONLY_LIST.match(core) or _OTHER_THAN_FOR.match(core)
    if m:
        core = f"{m.group('subj')} must be one of {m.group('list')}"
    glossed = re.sub(r"(?<=[\w»])\s*\((?P<g>[a-z][\w\s-]*)\)", "", core)
    m = _COLON_LIST.match(glossed) if glossed != core else _COLON_LIST.match(core)
    if m and glossed != core:  # "final grade: A, B or I (incomplete)": a gloss on one value
        frame.context += re.findall(r"\(([a-z][\w\s-]*)\)", core)
        core = glossed
    if m:
        items = [x for x in re.split(r"\s*(?:\||,|\bor\b)\s*", m.group("list")) if x]
        if not any(_CHECK_ITEM.match(x) for x in items) and (
            any(x.startswith("«") for x in items) or re.search(r"\||\bor\b|\u2208|\{", core)
        ):
            core = f"{m.group('col')} must be one of {m.group('list')}"
    # "Orders with status 'cancelled' must have a zero order_total": rows with a value, then
    # the rule on them
    m = _WITH_GUARD.match(core)
    if m:
        cond = m.group("cond")
        if not re.search(r"(?i)\s(?:is|are|=|==|equals?)\s", cond):
            cond = re.sub(r"(?i)^(.+?)\s+(?:of\s+|set\s+to\s+|equal\s+to\s+)?(\S+)$", r"\1 is \2", cond)
        # "must have a zero order_total": the column's value
        main = re.sub(r"(?i)^(?:have|has)\b", "must have", m.group("main"))
        # "have a non-null email": the column must be set
        main = re.sub(
            r"(?i)^(?:must\s+)?(?:have|has)\s+an?\s+(?:non-?null|populated|filled[- ]in)\s+(?P<c>[\w«»]+(?:\s+[\w«»]+)?)\s*$",
            lambda x: f"{x.group('c')} must not be null",
            main,
        )
        main = re.sub(
            rf"(?i)^({MODAL})\s+(?:always\s+)?have\s+an?\s+(zero|0|null|empty|blank|negative|positive|non-?zero|non-?negative)\s+(?P<col>[\w«»]+(?:\s+[\w«»]+)?)\s*$",
            lambda m: f"{m.group('col')} {m.group(1)} be {m.group(2)}",
            main,
        )
        core = f"when {cond}, {main}"
    # "deleted_at should only be set when is_active is false": set only there, empty elsewhere
    m = _ONLY_SET_WHEN.match(core)
    if m:
        empty = m.group("state").lower() in ("null", "empty", "blank", "missing")
        # "... may only be null if C": set unless C; "... should only be set when C": empty unless C
        core = f"{m.group('col')} must {'not ' if empty else ''}be null unless {m.group('cond')}"
    m = _ONLY_WHEN.match(core) if re.search(r"(?i)\bonly\b", core) else None
    if m and not re.search(r"(?i)\b(?:if|when)\s+and\s+only\s+if\b|\biff\b", core):
        how = m.group("how").lower()
        rest = re.sub(r"(?i)^ever\s+", "", m.group("rest"))
        if (
            m.group("modal").lower() in _NEGATIVE_MODALS
            or how == "unless"
            or _ONLY_AMBIGUOUS.search(rest)
        ):
            # "x can't only exceed y when C", "x may only exceed y unless C", "status can only
            # be a or b if C": what "only" restricts is unclear; never read without it
            raise UnreadRuleError(core)
        # "x may only exceed y when C": if x > y then C (it was read "when C, x > y")
        core = f"{m.group('subj')} must not {rest} unless {m.group('cond')}"
    # "email and phone must not both be null", "at least one of email or phone must be set"
    m = _NOT_BOTH.match(core) or _ONE_OF_SET.match(core)
    if m:
        core = f"custom sql: {m.group('a')} IS NOT NULL OR {m.group('b')} IS NOT NULL"
    # "must report / arrive / be updated at least every 10 minutes": freshness
    core = _EVERY.sub(
        lambda m: f"{m.group('pre')}be no older than "
        + (
            f"{m.group('n')} {m.group('u')}"
            if m.group("n")
            else f"1 {_ADVERB_UNIT.get((m.group('adv') or '').lower()) or m.group('u1')}"
        ),
        core,
    )
    # "Discharge can't happen before admission": events named by nouns
    m = _EVENT_NOUNS.match(core)
    if m:
        neg = bool(re.search(r"(?i)not|n't|\bcant\b|never", m.group("modal")))
        core = f"{m.group('a')} must {'not ' if neg else ''}be {m.group('op')} {m.group('b')}"
    # "no txn_id may appear twice", "order_id must not be repeated": uniqueness
    m = _TWICE.match(core)
    if m:
        core = f"{m.group('c1') or m.group('c2')} must be unique"
    # "an employee cannot be their own manager": the role's key differs from the entity's
    m = _OWN.match(core)
    if m:
        core = f"{m.group('role')} must not equal {m.group('ent')}"
    core = re.sub(r"(?i)^([\w«»`]+(?:\s*\+\s*[\w«»`]+)+)\s+(?:is|are)\s+unique\b", r"\1 must be unique", core)
    core = _compound_key(core)
    # "the license expiry must also be filled": "also" is no second clause
    core = re.sub(rf"(?i)\b({MODAL})\s+also\b", r"\1", core)
    # "transactions of 10,000 or more in amount_usd need ctr_filed to be true"
    m = _NEED_TO_BE.match(core)
    if m:
        core = f"when {m.group('col')} is {m.group('cmp')}, {m.group('x')} must be {m.group('v')}"
    m = re.match(
        r"(?i)^(?P<cols>[\w]+(?:\s*\+\s*[\w]+)+)\s+(?P<rest>(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+be\s+unique.*)$",
        core,
    )
    if m:  # "student + course + term must be unique": one compound key
        names = " and ".join(re.split(r"\s*\+\s*", m.group("cols")))
        core = f"the combination of {names} {m.group('rest')}"
    m = _SO_IT.match(core)
    if m:
        core = f"{m.group('subj')} {m.group('rest')}"
    core = re.sub(
        r"(?i)(\b\w+\.\w+)\s*,\s*(?:so\s+|and\s+)?no\s+orphan(?:s|ed\s+(?:rows|records))?$",
        r"\1",
        core,
    )
    m = _MAP_TO_ROW.match(core) if " to " in core else None
    if m:
        # "berth_id in moorings should always map to a row in dim_berths (berth_id)": a
        # reference to the key named in brackets
        core = f"{m.group('c')} must exist in {m.group('t')}.{m.group('rc') or m.group('rc2')}"
    m = _REFERENCE.match(core) or _ORPHAN.match(core)
    if m:
        pre = m.groupdict().get("pre") or ""
        first = ""
        joined = list(_JOINED_RULE.finditer(pre))
        if joined and re.search(_RULE_WORDS, pre[: joined[-1].start()]):
            # round 32b: "fee has to sit between 0 and 150 and the pilot must exist in our pilots
            # table (pilots.pilot_id)": a rule of its own before "and", then the reference's own
            # subject (read as one, the first rule was lost and its column took the reference)
            first = f"{pre[: joined[-1].start()]}, and "
            pre = pre[joined[-1].end() :]
        idents = re.findall(r"\b[a-z]\w*_\w+\b", pre)
        local = m.group("local") or (idents[-1] if len(idents) == 1 else m.group("col"))
        tail = m.groupdict().get("tail") or ""
        core = f"{first}{local} must exist in {m.group('tbl')}.{m.group('col')}{tail}"
    m = _ANECDOTE.search(core)
    if m and m.start() > 0:
        frame.context.append(core[m.start() :].strip(" ,;-"))
        core = core[: m.start()]
    m = _NONE_LACK.match(core)
    if m:
        core = f"{m.group('col')} must not be null"
    mid = re.search(
        r"(?i),\s*(?:when|if|where|whenever)\s+(?:it\s+is\s+|it's\s+)?(?:present|given|provided|set|filled(?:\s+in)?|populated|supplied|not\s+null|non[- ]?null|there|available|known|specified)\s*,",
        core,
    )
    if mid and re.match(rf"(?i)\s*(?:{MODAL}|is|are)\b", core[mid.end() :]):
        # "referral_code, when present, must be unique": optional, the rest holds when set
        # ("..., when present, is on or after ...": the copula states the rule)
        frame.optional = True
        after = re.sub(r"(?i)^\s*(?:is|are)\b", "must be", core[mid.end() :].strip())
        core = f"{core[: mid.start()]} {after}"
    m = _WANT_X_TO.match(core)
    if m and not _EXPECT.match(core) and not re.match(r"(?i)(?:an?|some|any)\b", m.group("x")):
        # "finance requires gl_account to exist in coa.account_code", "we need the amount
        # due to be zero or more": the object must do what follows "to"
        core = f"{m.group('x')} must {m.group('rest')}"
    m = _EXPECT.match(core)
    if m and not re.match(r"(?i)(?:column|table|compound|multicolumn)_", m.group("subj")):
        rest = re.sub(r"(?i)^be\s+", "be ", m.group("rest"))
        neg = m.group("none") is not None  # "expect none of the X values to be null"
        core = f"{m.group('subj')} must {'not ' if neg else ''}{rest}"
    m = _FRESHNESS_ASK.match(core) if ("fresh" in core.lower() or "recency" in core.lower()) else None
    if m:
        core = _freshness_ask(m, context)
    m = _DATA_IN_TABLE.match(core)
    if m and _AGE_WORD.search(core[m.end() :]):
        # "data in shipments_live should be < 5 min behind": which table's data, not a column
        # (a freshness column is a time: "data in loaded_at" would keep it)
        context.append(m.group("t"))
        core = f"data {core[m.end() :]}"
    m = _NO_ENTITY_WITH.match(core)
    if m and _is_comparison(m.group("bad")):
        # "no outing may be launched with river_level_m above 2.4": the bad case (read as a
        # rule, the negation was lost on the entity: `river_level_m > 2.4`)
        context.append(core[: m.start("bad")].strip())
        core = f"fail if {m.group('bad')}"
    elif (m := _NEG_SUBJECT_EVENT.match(core)) is not None:
        bad = m.group("bad") or m.group("bare")
        unit = _BOUND_THEN_COLUMN.match(bad)
        if unit:
            bad = f"{unit.group('col')} {unit.group('cmp')}"
        if _is_comparison(bad):
            # the entity's event is context; what it is done with / for is the bad case
            context.append(core[: m.start("bad" if m.group("bad") else "bare")].strip())
            core = f"fail if {bad}"
    m = _NEEDS_SET.match(core)
    if m:
        # "the outings table needs water_temp_c recorded on every outing": the column is set
        context.append(core)
        core = f"{m.group('c')} must not be null"
    # "every batch must record its freezer_id", "each job should carry a crew_id": has one
    core = _RECORDS_ITS.sub("have a ", core)
    m = _STALE.match(core)
    if m:
        stale_names = [m.group(g) for g in ("col", "col2", "col3", "col4", "mcol", "lcol", "bcol")]
        named = next((n for n in stale_names if n and n.lower() not in _NOT_A_COLUMN), None)
        if named and m.group("col") == named and not _TIME_NAME.search(named) and "." not in named:
            # "alert if policies hasn't been updated in 24h": what was not updated is the table
            # (a time column is named like one: *_at, *_ts, ...), so the time column is not named
            context.append(named)
            named = None
        if m.group("tbl") and not named and _TIME_NAME.search(m.group("tbl")) and "." not in m.group("tbl"):
            named = m.group("tbl")  # "nothing new has landed in finished_at for 8 hours": the time column
        elif m.group("tbl"):
            context.append(m.group("tbl"))  # "nothing has landed in adoptions for 36 hours"
        col = f" based on {named}" if named else ""
        core = f"data must be no older than {m.group('dur') or m.group('dur2')}{col}"
    m = _ZERO_RATE.match(core)
    if m:
        what = "be unique" if m.group("what").lower() == "duplicate" else "not be null"
        core = f"{m.group('col')} must {what}"
    m = _ONLY_SEE.match(core)
    if m:
        core = f"{m.group('subj')} must be one of {m.group('list')}"
    if _NOTHING_ELSE.search(core) and re.search(r"(?i)\b(?:or|,|\|)\s", core):
        core = _NOTHING_ELSE.sub("", core)  # "active or inactive, nothing else": a closed list
    frame.core = core
    lead = _WHEN_PRESENT.match(core)
    if lead and re.match(rf"(?i)\s*(?:it|they|the value)\s+{MODAL}\b", core[lead.end() :]):
        # "when it is not null it must ...": the column was called optional just before
        frame.optional = True
        core = frame.core = core[lead.end() :].strip(" ,")
    tail = _WHEN_PRESENT.search(core)
    if tail and tail.end() >= len(core.rstrip(" .,")) - 1:
        # "X must be a valid url when it is not null / if present / where applicable": the
        # check holds where X is set (every row check passes a NULL), and no not_null
        frame.optional = True
        core = frame.core = core[: tail.start()].strip(" ,")
    if _OPTIONAL.search(core) and _WHEN_PRESENT.search(core):
        # "X is optional, but when present it must ...": no not_null, the rest holds when set
        frame.optional = True
        core = _WHEN_PRESENT.sub(" ", core)
        core = _OPTIONAL.sub(" ", core)
        core = re.sub(
            r"(?i)\b(?:is|are)\s*,?\s*(?:but\s+)?(?=\bit\b|\bthey\b|\bthe value\b)", " ", core
        )
        core = re.sub(r"(?i)\b(?:it|they|the value)\s+(?=" + MODAL + r"\b)", " ", core)
        frame.core = re.sub(r"\s+", " ", core).strip(" ,")
        core = frame.core
    m = _COLON_ONLY.match(core)
    if m:
        core = f"{m.group('col')} must be one of {m.group('a') or m.group('b')}"
    m = _NO_ROWS_WHERE.match(core) or _BROKEN_ROWS.match(core) or _TABLE_BAD_ROWS.match(core)
    if m:
        core = f"fail if {m.group('bad')}"
    m = _BAD_ADJECTIVE.match(core)
    if m:  # "zero or negative amounts are not acceptable": amounts must not be zero or negative
        core = f"{m.group('subj')} must not be {m.group('adj')}"
    m = (
        _NOT_WANTED.match(core)
        or _PROHIBIT.match(core)
        or _MUST_NOT_HAPPEN.match(core)
        or _SEEING.match(core)
        or _FOUND_ROWS.match(core)
        or _SOME_REPORT.match(core)
        or _BAD_PHRASE.match(core)
    )
    if m and (
        m.re.pattern != _BAD_PHRASE.pattern or _is_comparison(m.group("bad"))
    ):  # "we never want X above 5", "X above 5 is an error": the bad case, stated
        bad = m.group("bad")
        lead = _LEAD_BEFORE_BAD.match(bad)
        if not lead and (scope := _SCOPE_BEFORE_BAD.match(bad)) and _is_comparison(bad[scope.end() :]):
            raise UnreadRuleError(core)
        if lead and _is_comparison(bad[lead.end() :]):
            context.append(lead.group("lead"))  # "Each morning, x over 5 is a bug"
            bad = bad[lead.end() :]
        core = _BAD_LABEL_COMMA.sub(r"\g<1> ", f"fail if {bad}", count=1)
    m = WRAP_BEFORE.match(core) or WRAP_AFTER.match(core)
    if m:
        # the wrapping negation is spent once: on the core's verb when it has one, else on
        # the statement's polarity (negated after it is read)
        core = _affirmative(m.group("core"))
        negated = _negate_verb(core)
        if negated is None:
            frame.polarity = not frame.polarity
        else:
            core = negated
    core = _event_order(core, schema)
    m = _NO_CIRCUMSTANCES.match(core)
    if m and m.group("modal"):
        core = f"{m.group('subj')} must not {m.group('verb')}{m.group('rest')}"
    elif m:
        negated = _negate_verb(m.group("plain"))
        if negated is None:
            frame.polarity = not frame.polarity
            core = m.group("plain")
        else:
            core = negated
    m = _PAIR_SAME.match(core)
    if m and frame.polarity and not m.group("neg") and " ".join(m.group("modal").lower().split()) in _PERMISSIVE_MODALS:
        # "a and b can be the same", "x and y may differ": a permission, never a check that
        # forces what it allows (it was `a = b`)
        frame.permission = True
        frame.context.append(f"allowed, no check: {core}")
        frame.core = core
        return frame
    if m:  # "a and b must never be the same value", "a and b must differ": a <> b
        # a negative modal ("can't", "cannot", "cant") negates like "not" after the modal
        pair_negated = bool(m.group("neg")) != (m.group("modal").lower() in _NEGATIVE_MODALS)
        equal = bool(m.group("same") or m.group("same2")) != pair_negated
        core = f"{m.group('a')} must {'equal' if equal else 'not equal'} {m.group('b')}"
    m = NEITHER.match(core)
    if m:
        core = f"{m.group('pre')}{m.group('a')} and {m.group('b')} {_negated_modal(m.group('modal'))} {m.group('rest')}"
    m = _NOTHING_IN.match(core)
    if m:  # "nothing in discount_pct should be over 100": one negation on the column's values
        core = f"{m.group('col')} {_negated_modal(m.group('modal'))} {m.group('rest')}"
    m = _NO_COL_STATE.match(core)
    if m:  # "no email should be null": one negation, on the state ("email must not be null")
        core = f"{m.group('pre')}{m.group('col')} must not be {m.group('state')}{m.group('rest')}"
    m = _LEAD_NEGATIVE.match(core) if re.search(r"(?i)\bno", core) else None
    if m and not re.search(r"(?i)\b(?:if|when|whenever|unless|where|while|for|only|except|given|provided)\b", m.group("lead")):
        # "we also need to confirm that nobody may ...", "the agreement is that no reading
        # has ...": the lead-in is context, the negative subject starts the rule
        context.append(core[: m.end()].strip(" ,"))
        core = core[m.end() :]
    m = NEGATIVE_SUBJECT.match(core)
    if m and re.match(r"(?i)(?:ever\s+)?(?:have|has|own|hold)\b", m.group("rest")):
        frame.per_entity = True
    if m:
        subj = f"{m.group('subj')} " if m.group("subj") else ""  # "nobody's email should be ..."
        if m.group("ent") and not re.match(r"(?i)(?:ever\s+)?(?:have|has|own|hold)\b", m.group("rest")):
            # "no quantity may exceed 5": the word may be the column itself; "no user may have
            # ...": the entity, whose column follows
            subj = f"{m.group('ent')} "
        core = f"{m.group('pre')}{subj}{_negated_modal(m.group('modal'))} {m.group('rest')}"
    m = _HAVE_STATE.match(core)
    if m:  # "(nobody) must not have a dob in the future": the column must not be in that state
        core = f"{m.group('col')} must not be {m.group('state')}"
    core = _distribute_negation(core)
    frame.unsplit = core
    spelled = re.match(
        r"(?i)^for\s+[\w\s-]{1,40}?\s*\((?P<cond>[^()]+)\)\s*,?\s*(?P<main>.+)$", core
    )
    if spelled:  # "for trial subscriptions (is_trial true) the amount has to be 0"
        core = f"when {spelled.group('cond')}, {spelled.group('main')}"
    # "email is required except for deleted users": the exception is a condition on the row
    # ("unless the user is deleted"), never dropped
    core = re.sub(
        r"(?i),?\s+(?:except|excepting|other\s+than)\s+(?:for\s+)?(?:the\s+|any\s+)?(?P<adj>[a-z]+)\s+(?P<ent>[a-z]+?)s?\s*$",
        lambda x: f" unless the {x.group('ent')} is {x.group('adj')}",
        core,
    )
    other = _OTHER_THAN_REQUIRES.match(core)
    if other:
        # "any status other than 'cancelled' requires a provider": the rule holds on the rows
        # whose column is not that value (read whole, the condition was dropped)
        core = f"when {other.group('c')} is not {other.group('v')}, {other.group('y')} must not be null"
    if re.search(r"(?i)\bexcept(?:ing)?\b(?!\s+(?:when|if)\b)", core):
        raise UnreadRuleError(core)  # an exception no rule reads: the rule without it is stricter
    m = _NO_TWO_SHARE.match(core)
    if m:  # "no two clients share an api_key": the column is unique
        core = "it must be unique" if m.group("c2") else f"{m.group('c')} must be unique"
    if re.search(r"(?i)\bno\s+two\b", core) and not re.match(r"(?i)\s*(?:it|[\w«»`.]+)\s+must\s+be\s+unique", core):
        raise UnreadRuleError(core)  # "..., and that no two rows share one": which column?
    if re.search(r"(?:^|\s)~\s?-?\d", core):
        raise UnreadRuleError(core)  # "should be ~1M": an approximate value is no bound
    m = _HAS_MATCHING.match(core)
    if m:  # "every loan.borrower_id has a matching borrowers.id": a reference
        core = f"every {m.group('c')} must exist in {m.group('t')}"
    m = (_FILTER_AFTER.match(core) or _FILTER_SUBJECT.match(core)) if ("(" in core or " with " in core) else None
    if m and m.re.pattern == _FILTER_AFTER.pattern:
        core = f"when {m.group('c')}, {m.group('rule')}"
    elif m:
        # the noun of the rows only ("every dose of a class A drug": "every dose")
        np = re.split(r"(?i)\s+(?:of|with|in|on|for|from)\s+", m.group("np"))[0]
        core = f"when {m.group('c') or m.group('c2')}, {np} {m.group('rest')}"
    m = _FOR_ENTITY.match(core)
    if m and not re.match(r"(?i)(?:every|each|all|any|the|a|an|this|that|these|those|our|my|both)$", m.group("adj") or "-"):
        # "for orders in status 'cancelled', ...", "for erased customers the email must be
        # null": which rows the rule holds on, a condition (never an entity read as a column)
        cond = m.group("c") or f"the {m.group('ent')} is {m.group('adj')}"
        core = f"when {cond}, {m.group('m')}"
    m = _MODIFIED_SUBJECT.match(core) if re.search(r"\d|zero|«", core) else None
    if m and not re.search(
        r"(?i)\b(?:exist|exists|occur|appear|happen|allowed|accepted|acceptable|permitted|present|possible|fine|ok|okay|if|when|unless|whenever|where)\b",
        m.group("rest"),
    ) and not re.match(r"(?i)(?:be\s+)?(?:between|one\s+of|in\s+)", m.group("rest")):
        np, modal, rest = m.group("np"), m.group("modal"), m.group("rest")
        unit = f" {m.group('unit')}" if m.group("unit") else ""
        if " ".join(modal.lower().split()) in _PERMISSIVE_MODALS or (
            "_" not in np and not re.search(r"[«`]", np) and re.search(r"(?i)[^s]s$", np)
        ):
            # "orders over 500 must have an approver": the entity, not the column compared;
            # "amounts over 500 may be null": a permission under a condition
            raise UnreadRuleError(core)
        have = _HAVE_A.match(rest)
        if have:  # "... must have an approver_id": the column must be set on those rows
            need = f"{have.group('x')} {_negated_modal(modal)} be null"
        else:
            need = f"{np} {modal} {rest}"
        core = f"when {np} {m.group('cmp')} {m.group('num')}{unit}, {need}"
    bare = _GUARD_BARE.match(core)
    if bare:
        core = re.sub(r"(?i)\s+(?:not\s+null|non-null)$", " must not be null", bare.group("main"))
        core = re.sub(r"(?i)\s+(?:required|mandatory)$", " must not be null", core)
        core = f"{core} {bare.group('how')} {bare.group('cond')}"
    else:
        bare = _GUARD_VERBLESS.match(core) if re.search(r"(?i)\b(?:if|when|whenever|unless|while|where)\s", core) else None
        if bare:
            if bare.group("head"):  # "kiln temps: temp_f between ... when ...": a heading
                frame.context.append(bare.group("head").strip(" :"))
            pred = bare.group("pred")
            verb = "must never be" if pred.lower().startswith("never") else "must be"
            pred = re.sub(r"(?i)^never\s+", "", pred)
            core = f"{bare.group('col')} {verb} {pred} {bare.group('how')} {bare.group('cond')}"
    g = _GUARD_MID.match(core) or _GUARD_STATE.match(core)
    if g and not re.match(r"(?i)^\W*(?:fail|alert|warn|error|raise|flag|page)", core):
        frame.guard, frame.guard_unless = (
            g.group("cond").strip(" ,"),
            g.group("how").lower().startswith(("unless", "except")),
        )
        frame.guard_iff = g.group("how").lower() in ("if and only if", "iff")
        core = g.group("main")
        if g.re.pattern == _GUARD_STATE.pattern:  # "X is null" as the rule: "X must be null"
            core = re.sub(r"(?i)\s+(?:is|are)(\s+not|\s+never|\s+always)?\s+", r" must\1 be ", core, count=1)
    else:
        g = _GUARD_FIRST.match(core) or _GUARD_FIRST_BARE.match(core)
        if g:
            frame.guard, frame.guard_unless = (
                g.group("cond").strip(" ,"),
                g.group("how").lower() == "unless",
            )
            core = g.group("main")
    frame.core = re.sub(r"\s+", " ", core).strip(" ,")
    return frame


_CMP_WORD = (
    r"(?:above|over|below|under|beneath|beyond|past|exceed|more than|less than|greater than|fewer than|higher than|"
    r"lower than|smaller than|larger than|bigger than|[<>]=?)"
)
#: "X must not be above 1000 or below 0": the negation governs both comparisons
_STATE_WORD = r"(?:negative|positive|null|empty|blank|missing|in\s+the\s+future|in\s+the\s+past)"
_NOT_EITHER = re.compile(
    rf"(?i)(?P<neg>\bnot|\bnever|n't|\bcant|\bcannot)\b(?P<mid>(?:\s+\w+){{0,2}}?\s+(?:{_CMP_WORD}\s+[-\w.«»]+|{_STATE_WORD}))\s+(?:or|nor)\s+"
    # the second comparison has no subject of its own, at most a verb ("or go below 0"); with
    # one ("y is not null or x > 35" in a bad case) it is another clause, not distributed
    rf"(?=(?:(?:be|is|are|go|goes|fall|falls|drop|drops|dip|dips|get|gets|rise|rises|climb|climbs|run|runs|read|reads|sit|sits|ever)\s+)?(?:{_CMP_WORD}\s|{_STATE_WORD}\b))"
)


_UNIQ = re.compile(r"(?i)\b(?:unique|uniqueness|distinct|duplicates?|duplicated|dupes?|repeat(?:s|ed)?)\b")
_COL = r"[A-Za-z_][\w.]*|«\d+»"
#: "a together with b", "a combined with b", "a + b combo": one compound key
_TOGETHER = re.compile(
    rf"(?i)\b(?:the\s+)?(?P<a>{_COL})\s+(?:together|along|in\s+combination|combined|jointly|paired)\s+with\s+(?:the\s+)?(?P<b>{_COL})"
)
_COMBO = re.compile(rf"(?i)\b(?P<cols>(?:{_COL})(?:\s*\+\s*(?:{_COL}))+)\s+(?:combos?|combinations?|pairs?|tuples?|keys?)\b")
#: "no duplicate (a, b) pairs exist in t", "there must be no duplicated (a, b) combinations"
_NO_DUP_TUPLE = re.compile(
    rf"(?i)^(?:there\s+(?:are|is|should\s+be|must\s+be|may\s+be)\s+)?no\s+(?:duplicate[sd]?|dupes?|repeated)\s+"
    rf"\(\s*(?P<cols>(?:{_COL})(?:\s*,\s*(?:{_COL}))+)\s*\)\s*(?:pairs?|tuples?|combinations?|combos?|keys?|rows?|records?|entries|values?)?"
    r"(?:\s+(?:may\s+|can\s+|should\s+)?(?:exist|exists|occur|appear|are\s+allowed))?(?:\s+(?:in|on)\s+(?:the\s+)?[\w.]+(?:\s+table)?)?$"
)
#: "a + b + c must be unique", "a + b unique": a key of several columns joined by "+"
#: a column said in words before "+" ("shed + run date + shearer"): up to two words before
#: its last one, none of them a verb, filler or connective of the sentence
_KEY_WORD = (
    r"(?:(?!(?:make|sure|ensure|check|verify|that|the|a|an|and|or|each|every|must|should|is|are|be|please|pls|"
    r"also|plus|with|per|for|on|in|of|to|we|i|can|could|want|need|needs|ac|so|then|only|one)\b)[a-z]+\s+){0,2}"
)
_PLUS_KEY = re.compile(
    rf"(?i)(?<![\w«»+])(?P<cols>{_KEY_WORD}(?:{_COL})(?:\s*\+\s*{_KEY_WORD}(?:{_COL}))+)(?:\s+(?:together|combined|jointly))?"
    rf"(?=\s+(?:(?:{MODAL})\b|is\b|are\b|unique\b|distinct\b|uniqueness\b|has\s+to\b|have\s+to\b))"
)
_CHECK_NAMES = frozenset({"unique", "not_null", "not", "null", "notnull", "distinct", "required", "nonnull", "non_null", "pk"})
_NAMED_TUPLE = re.compile(
    rf"(?i)\b(?:the\s+)?(?:pair|tuple|combination|combo|composite\s+key|compound\s+key|key)\s*(?:of\s+)?"
    rf"\(\s*(?P<cols>(?:{_COL})(?:\s*,\s*(?:{_COL}))+)\s*\)"
)
#: "..., i.e. a together with b": a restatement that names the columns
_RESTATED = re.compile(r"(?i)^(?P<pre>.+?)[,;]?\s*\(?\b(?:i\.e\.?|ie\b|that\s+is\b|namely\b|meaning\b)\s*,?\s*(?P<post>.+?)\)?$")


def _compound_key(core: str) -> str:
    """Compound uniqueness said in prose, as "the combination of a and b must be unique"."""
    if not _UNIQ.search(core):
        return core
    m = _NO_DUP_TUPLE.match(core)
    if m:
        cols = re.split(r"\s*,\s*", m.group("cols"))
        return f"the combination of {' and '.join(cols)} must be unique"
    core = _TOGETHER.sub(lambda m: f"the combination of {m.group('a')} and {m.group('b')}", core)
    # "the pair (vendor_id, invoice_number) is unique", "uniqueness on (a, b)": one key
    core = _NAMED_TUPLE.sub(
        lambda m: "the combination of " + " and ".join(re.split(r"\s*,\s*", m.group("cols"))), core
    )
    core = _COMBO.sub(
        lambda m: "the combination of " + " and ".join(re.split(r"\s*\+\s*", m.group("cols"))), core
    )
    m = _PLUS_KEY.search(core)
    if m:
        cols = re.split(r"\s*\+\s*", m.group("cols"))
        if not any(c.lower() in _CHECK_NAMES for c in cols):
            # "player_id + event_ts unique", "`device_id` + `ts` should be unique in t": a key
            # of several columns ("unique + not null" are two checks, not a key)
            lead = core[: m.start()]
            if re.fullmatch(r"[^:_«»\d]*:\s*", lead) and not re.search(rf"(?i)\b(?:{MODAL}|not|never)\b", lead):
                # "each pupil appears once per term: pupil_id + term_code unique": the prose
                # before the colon says the key in words (read on, 'pupil' was a third column)
                lead = ""
            core = f"{lead}the combination of {' and '.join(cols)}{core[m.end() :]}"
            # "... is unique in fct_mrr": the table the key is unique in, not one more column
            core = re.sub(
                r"(?i)\b(unique|distinct)\s+(?:in|within|across|on)\s+(?:the\s+)?[a-z_][\w.]*(?:\s+(?:table|model|dataset))?\s*$",
                r"\1",
                core,
            )
    m = _RESTATED.match(core)
    if m and _UNIQ.search(m.group("pre")) and re.match(r"(?i)the combination of\b", m.group("post")):
        # "invoice numbers must be unique per supplier, i.e. supplier_id together with invoice_no"
        key = re.match(rf"(?i)the combination of (?:(?:{_COL})(?:\s+and\s+)?)+", m.group("post"))
        if key and key.end() >= len(m.group("post").rstrip(" .)")):
            return f"{key.group(0).strip()} must be unique"
    return core


#: "trips can't end before they start", "a session must end after it starts": event verbs
#: in the active voice; each verb names its time column by its participle (ended_at)
_EVENT_ACTIVE = re.compile(
    r"(?i)^(?:an?|the|no|every|any)?\s*\w+\s+(?P<modal>can(?:not|'t|\s+not)?|cant|must(?:\s+not|n't)?|may(?:\s+not)?|should(?:\s+not|n't)?|shouldnt|mustnt|never|do(?:es)?(?:\s+not|n't)|dont|doesnt)\s+"
    r"(?:(?:ever|never|always)\s+)?(?P<a>[a-z]+)\s+(?P<op>before|after|prior\s+to|earlier\s+than|later\s+than)\s+(?:it|they|the\s+\w+)\s+(?:(?:has|have|had|did|does|do)\s+)?(?P<b>[a-z]+)$"
)


def _stem(participle: str) -> str:
    """ "dropped" -> "drop", "picked" -> "pick", "checked" -> "check" (for a verb + particle)."""
    v = participle.lower()
    v = v[:-2] if v.endswith("ed") else v
    if len(v) > 2 and v[-1] == v[-2] and v[-1] not in "aeiouls":
        v = v[:-1]
    return v


def _participle(verb: str) -> str:
    """ "end" -> "ended", "ship" -> "shipped", "close" -> "closed", "start" -> "started"."""
    v = verb.lower()
    if v.endswith("ed"):
        return v
    if v.endswith("e"):
        return v + "d"
    if v.endswith("y") and len(v) > 2 and v[-2] not in "aeiou":
        return v[:-1] + "ied"
    if v.endswith("s"):
        v = v[:-1] if v.endswith(("ts", "ds", "ps", "ns")) else v  # "starts" -> "start"
    if len(v) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][bdgkmnprt]", v):
        return v + v[-1] + "ed"
    return v + "ed"


def _event_order(core: str, schema: bool) -> str:
    """Event order sentences as a comparison of the events' participles (schema only: the
    participles must name the table's columns, "delivered" -> delivered_at)."""
    if not schema:
        return core
    m = _EVENT_ORDER.match(core)
    if m:
        event_negated = bool(
            re.search(r"(?i)not|n't|cant", m.group("modal") or "") or m.group("neg2")
        ) or core.lower().startswith("no ")
        op = m.group("op").lower().replace("  ", " ")
        a, b = m.group("a"), m.group("b")
        if m.group("pa"):  # "dropped off" -> dropoff, "picked up" -> pickup
            a = _stem(a) + m.group("pa").lower()
        if m.group("pb"):
            b = _stem(b) + m.group("pb").lower()
        return f"{a} must {'not ' if event_negated else ''}be {op} {b}"
    m = _EVENT_ACTIVE.match(core)
    if m and m.group("a").lower() not in ("be", "is", "are", "go", "get", "have", "has"):
        # every negation before the first verb ("must never end", "can't end", "no trip may")
        before = core[: m.start("a")].lower()
        negs = len(re.findall(r"\bnot\b|n't\b|\b(?:cant|cannot|shouldnt|mustnt|dont|doesnt|never|no)\b", before))
        negated = negs % 2 == 1
        op = m.group("op").lower().replace("  ", " ")
        a, b = _participle(m.group("a")), _participle(m.group("b"))
        return f"{a} must {'not ' if negated else ''}be {op} {b}"
    return core


def _distribute_negation(core: str) -> str:
    """ "not above 1000 or below 0" -> "not above 1000 and not below 0" (De Morgan, once)."""
    return _NOT_EITHER.sub(lambda m: f"{m.group('neg')}{m.group('mid')} and not ", core)


def _negated_modal(modal: str) -> str:
    """The one canonical negation: "may" / "can" / "should" + not all mean "must not" here."""
    m = modal.lower()
    if m in _NEGATIVE_MODALS:
        return "must"  # "neither X nor Y can't ...": two negations cancel
    if m in ("is", "are"):
        return f"{m} not"
    if m in ("has", "have"):
        return "must not have"
    return "must not"


def _negate_verb(core: str) -> str | None:
    """The core with its first verb negated once ("X is above 50" -> "X is not above 50")."""
    m = re.search(
        rf"(?i)\b(?:{MODAL}\s+(?:not\s+|never\s+)?be|{MODAL}|is|are|was|were|has|have|exceeds|precedes|equals|matches|contains)\b(?:\s+(?P<neg>not|never)\b)?",
        core,
    )
    if not m:
        return None
    if m.group("neg"):  # "it is not acceptable that X is not set": two negations cancel
        return core[: m.start("neg")] + core[m.end("neg") :].lstrip()
    verb = m.group(0).lower()
    if verb in _BASE_FORM:
        return f"{core[: m.start()]}must not {_BASE_FORM[verb]}{core[m.end() :]}"
    return f"{core[: m.end()]} not{core[m.end() :]}"


_BASE_FORM = {"exceeds": "exceed", "precedes": "precede", "equals": "equal", "matches": "match",
              "contains": "contain"}  # fmt: skip


def _affirmative(core: str) -> str:
    """ "X to be Y" / "X being Y" -> "X is Y" (the wrapping negation is already counted)."""
    core = re.sub(r"(?i)\b(?:to be|being)\b", "is", core, count=1)
    core = re.sub(r"(?i)\b(?:to have|having)\b", "has", core, count=1)
    core = re.sub(r"(?i)\bto (exceed|equal|match|contain|precede|follow)\b", r"\1s", core, count=1)
    core = re.sub(r"(?i)\bexceeding\b", "exceeds", core, count=1)
    return core
