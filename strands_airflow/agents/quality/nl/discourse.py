"""Discourse: is a fragment of a request a DIRECTIVE (a check is asked for) or CONTEXT
(narrative, a fact about the data, the motivation), read before its predicates are looked for.

A request written by a person carries more than checks: greetings, sign-offs, "finance
keeps complaining", "saw some junk sneak in yesterday", "The dataset is delivered hourly",
"X is stored as a percentage". Those are context: listed in the report, never a check.

The classification is table-driven and inspectable: a fragment is a directive when it has a
*directive cue* (a modal of obligation, a check word, an imperative verb, a comparison);
`STRONG_CUES` (modals, imperatives, "only", "never") make it a directive whatever else it
says. A fragment with a narrative marker (a past time: "yesterday", "last month", "came
through", "saw") and no strong cue is context before it is read at all; a fragment with no
cue at all is read, and is context only when it gives no check. A directive that is not
understood still raises (strict default): context never hides a request.
"""

from __future__ import annotations

from strands_airflow.agents.quality.nl import fastre as re

#: obligation, prohibition and imperative: a check is being asked for
STRONG_CUES = (
    r"must|mustn'?t|should|shouldn'?t|shall|shud|needs?\s+to|has\s+to|have\s+to|ought\s+to|"
    r"cannot|can'?t|cant|can\s+not|may\s+not|must\s+not|never|always|only|no\s+two|"
    r"required|mandatory|is\s+to|are\s+to|expected\s+to|expect|expects|"
    # "the stores table needs every region_id to exist in ...", "requires each x to be ...":
    # an obligation on every row, said with a verb of need and its object
    r"(?:needs?|requires?|wants?)\s+(?:every|each|all|any)\s+(?:[\w.]+\s+){1,3}?to|"
    r"ensure|make\s+sure|validate|verify|confirm|check|assert|enforce|guard|prevent|"
    r"fail|alert|flag|reject|page|raise|block|disallow|forbid|prohibit|"
    r"not\s+(?:allowed|acceptable|ok(?:ay)?|permitted)|unacceptable|impossible|"
    r"is\s+(?:an?\s+)?(?:error|bug|problem)|"
    # the imperative mood: a request to the reader ("make it snappy", "add a check")
    r"^\W*(?:please\s+|pls\s+)?(?:make|add|create|keep|set|use|do|run|write|put|give|let|stop|catch|"
    r"track|monitor|test|include|exclude|drop|remove|treat|count|ignore|allow|watch|report)|"
    # a condition is part of a rule, never context ("If an order is delivered, ...")
    r"^\W*(?:if|when|whenever|unless|where|provided|as\s+long\s+as|while|only\s+if|in\s+case)\b|"
    # an explicit condition label ("custom sql: ...", "condition: ...")
    r"custom\s+sql|(?:sql|condition|expression|expr|custom\s+check|sql\s+check)\s*:"
)
#: words that state a check on their own ("id unique", "email valid", "qty >= 0")
CHECK_CUES = (
    r"unique|distinct|duplicates?|dupes?|null|nulls|non-?null|blank|empty|missing|populated|"
    r"filled|present|valid|invalid|negative|positive|between|at\s+least|at\s+most|"
    r"no\s+more\s+than|no\s+less\s+than|exceeds?|above|below|over|under|more\s+than|less\s+than|"
    r"greater\s+than|fewer\s+than|within|older|newer|fresh|stale|format|pattern|matches|"
    r"one\s+of|exists?\s+in|references?|rows?|records?|before|after|earlier|later|differ|"
    r"equals?|percent|%|isComplete|isUnique|(?-i:is[A-Z]\w+|has[A-Z]\w+)|accepted_\w+|\w+_count|"
    r"not_null|required|enum|range|exactly|exclusive|inclusive|excluding|strictly|except|unless|or\s+(?:more|less|fewer|greater|higher|lower|above|below|over|under|later|earlier)|"
    r"\d+\s+(?:characters|chars)|"
    r"[<>=\u2264\u2265\u2260\u2208\u2209]"
)
#: a past time or a past-tense report: the fragment tells what happened, not what must hold
NARRATIVE = (
    r"yesterday|last\s+(?:week|month|night|year|quarter|time|run|load|sprint|release|friday|monday)|"
    r"\w+\s+ago|earlier\s+today|this\s+morning|the\s+other\s+day|recently|"
    r"came\s+(?:through|in|from)|snuck|sneaked|sneak\s+in|slipped\s+through|showed\s+up|"
    r"keeps?\s+complaining|complained|"
    # "it went stale over easter", "the feed went quiet during the outage": what happened to
    # the table, past tense
    r"went\s+(?:stale|quiet|silent|dark|missing|empty|down|dead)|"
    r"we\s+(?:had|saw|got|found|noticed)|i\s+(?:saw|noticed|found)|(?:^|\s)saw\s|"
    # "orders gets like 40 rows/day normally", "it usually has ~2k rows": the usual volume, a
    # fact (the rule, if any, is stated apart)
    r"(?:normally|usually|typically|on\s+average)\s+(?:has|have|gets?|sees?|lands?|receives?)\s+(?:like\s+|about\s+|around\s+|roughly\s+|~\s*)?\d|"
    r"(?:gets?|has|have|sees?|lands?|receives?)\s+(?:like\s+|about\s+|around\s+|roughly\s+|~\s*)?\d[\d,.]*k?\s*(?:rows?|records?)\b[^.;,]*\b(?:normally|usually|typically)"
)
#: an ongoing report of the bad case ("seeing dupes since tuesday's backfill", "we keep getting
#: dupes", "dupes again in ad_spend"): alone it states the bad case; next to a rule, or when it
#: cannot be read, it is context
REPORT = (
    r"(?:keeps?|kept)\s+(?:getting|seeing|finding|hitting)|(?:seeing|getting|finding)\s+(?:\w+\s+){0,2}?(?:dupes|duplicates|nulls|negatives|errors|junk|garbage)|"
    r"since\s+(?:(?:last|this|the)\s+)?(?:[\w-]+'s\s+)?(?:[\w-]+\s+)?(?:backfill|deploy|deployment|release|migration|replay|incident|outage|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"again"
)
#: a report of a value seen in the data ("the CSV had qty = -3 again", "we saw x = 0", "found
#: rows with x = 0", "the feed has x = -1 again"): the bad case that prompted the request,
#: never an equality rule; a present tense ("has", "shows") is a report only with a marker of
#: a report ("again", "still", "sometimes", "FYI", ...), else "each row has x = 1" is a rule
_SEEN_PAST = r"had|got|contained|showed|returned|included|saw|found|spotted|produced|reported|came\s+(?:in|through)\s+with"
_SEEN_NOW = r"has|have|contains|shows|returns|includes|gets|getting|seeing|finding"
_SEEN_TAIL = (
    r"(?:\s+(?:a|an|some|one|two|few|several|a\s+few|many|rows?|records?|values?|entries|lines?|cases?|ones)"
    r"(?:\s+(?:with|where|having|of|in\s+which))?)*\s+`?[a-z_][\w.]*`?\s*(?:==?|:)\s*(?:-?\d|«)"
)
_VALUE_SEEN = re.compile(rf"(?i)(?:^|\s)(?:{_SEEN_PAST}){_SEEN_TAIL}")
_VALUE_SEEN_NOW = re.compile(rf"(?i)(?:^|\s)(?:{_SEEN_NOW}){_SEEN_TAIL}")
_REPORT_MARK = re.compile(
    r"(?i)(?:^|\W)(?:again|still|sometimes|occasionally|lately|today|fyi|btw|heads[\s-]up|once\s+more)(?:\W|$)"
)


def is_value_report(fragment: str) -> bool:
    """True for a report of a value seen in the data, with no obligation in it."""
    if "=" not in fragment and ":" not in fragment:
        return False
    if not (_VALUE_SEEN.search(fragment) or (_VALUE_SEEN_NOW.search(fragment) and _REPORT_MARK.search(fragment))):
        return False
    return not has_strong_cue(fragment) and not re.search(r"(?i)^\W*(?:every|each|all|any|no)\s", fragment)


_STRONG = re.compile(rf"(?i)(?:^|[^\w])(?:{STRONG_CUES})(?![\w])")
_CHECK = re.compile(rf"(?:^|[^\w])(?:{CHECK_CUES})(?![\w])", re.I)
_NARRATIVE = re.compile(rf"(?i)(?:^|[^\w])(?:{NARRATIVE})(?![\w])")
_REPORT = re.compile(rf"(?i)(?:^|[^\w])(?:{REPORT})(?![\w])")
#: a quoted literal or a bare value list: ("status: a, b, c", "region in {..}") reads as a check
_LISTING = re.compile(r"«\d+»|:\s*\S+\s*(?:,|\|)|:\s*-?\d")


def has_strong_cue(fragment: str) -> bool:
    return bool(_STRONG.search(fragment))


def is_directive(fragment: str) -> bool:
    """True when the fragment asks for a check (any directive cue)."""
    return has_strong_cue(fragment) or bool(_CHECK.search(fragment) or _LISTING.search(fragment))


def is_narrative(fragment: str) -> bool:
    """True for a report of what happened with no obligation in it ("A handful came through
    blank last month", "saw some junk sneak in yesterday"): context before it is read."""
    return (bool(_NARRATIVE.search(fragment)) and not has_strong_cue(fragment)) or is_value_report(fragment)


def is_report(fragment: str) -> bool:
    """True for an ongoing report of the bad case with no obligation in it."""
    return (bool(_NARRATIVE.search(fragment) or _REPORT.search(fragment)) and not has_strong_cue(fragment)) or is_value_report(
        fragment
    )


#: "can we get a check on the brite tank table?", "could someone add tests for the fleet
#: dataset": an ask for checks on a table, whose rules come in the next sentences
_ASK_ON_TABLE = re.compile(
    r"(?i)^\W*(?:(?:can|could|would|will)\s+(?:we|you|someone|somebody|anyone|u)\s+(?:please\s+|pls\s+)?|"
    r"(?:please|pls|plz)\s+|i'?d\s+like\s+(?:to\s+)?|we\s+need\s+(?:to\s+)?)?"
    r"(?:get|add|have|set\s+up|put|create|write|build)\s+(?:an?\s+|some\s+)?(?:(?:quick|basic|simple|new|few|dq|data\s+quality)\s+)*"
    r"(?:checks?|tests?|monitors?|validations?|rules?|expectations?)\s+(?:on|for|against|in)\s+(?:the\s+|our\s+)?"
    r"[\w.`-]+(?:\s+[\w.`-]+){0,3}?\s+(?:table|dataset|model|feed|extract|source|view)\W*$"
    # "we'd like some guard rails on auction_lots", "I'd like a few sanity checks for the
    # kennel_moves feed": the same ask, said as a wish, on a named table
    r"|^\W*(?:(?:so|and|also)\s+)?(?:we'?d|we\s+would|i'?d|i\s+would)\s+like\s+(?:to\s+(?:add|have|get|see)\s+)?(?:some\s+|a\s+few\s+|more\s+|a\s+couple\s+of\s+)?"
    r"(?:(?:basic|simple|new|quick|sanity|data\s+quality|dq)\s+)?(?:guard\s*rails?|checks?|tests?|safeguards?|validations?|rules?)\s+(?:on|for|around|in)\s+(?:the\s+|our\s+)?"
    r"`?[a-z]\w*(?:[_.]\w+)+`?(?:\s+(?:table|dataset|model|feed|extract|source|view))?\W*$"
)


def asks_on_table(fragment: str) -> bool:
    """True for an ask for checks on a named table whose rules come apart ("we'd like some
    guard rails on auction_lots")."""
    return bool(_ASK_ON_TABLE.match(fragment))


def is_context(fragment: str) -> bool:
    """True for a fragment that does not ask for a check (read only when parsing gave none)."""
    return (
        is_narrative(fragment) or not is_directive(fragment) or bool(_ASK_ON_TABLE.match(fragment)) or not_asked(fragment)
    )


#: "please validate them", "let's enforce that", "guard against it": an imperative whose only
#: object is a pronoun restates the check just asked for (context once a check was read)
RESTATE = re.compile(
    r"(?i)^\W*(?:so\s+|and\s+|then\s+)?(?:(?:please|pls|plz|kindly)\s+|let'?s\s+|lets\s+)?"
    r"(?:validate|check|enforce|guard\s+against|flag|catch|test|verify|monitor|alert\s+on|block|reject|fix)\s+"
    r"(?:it|them|this|that|these|those|for\s+(?:it|them|this|that))"
    r"(?:\s+(?:too|as\s+well|please|pls|asap|going\s+forward|for\s+us|thanks))*\W*$"
    # "can we block that going fwd", "could you catch these from now on": the bad case just
    # reported, asked to be caught
    # ("Can the pipeline check that?": the system asked to do it)
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody|the\s+(?:pipeline|job|dag|suite|system|etl|platform|checker))\s+(?:please\s+)?|(?:so\s+|and\s+)?(?:please|pls|plz)\s+)"
    r"(?:block|catch|prevent|stop|flag|reject|alert\s+on|fail\s+on|guard\s+against|enforce|check|validate|verify|test|monitor)\s+(?:it|them|this|that|these|those)"
    r"(?:\s+(?:going\s+(?:fwd|forward)|from\s+now\s+on|in\s+(?:the\s+)?future|next\s+time|too|as\s+well|please|pls|asap))*\W*$"
    # "add a check that catches this", "we need a test which flags these": the same
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+|(?:so\s+|and\s+)?(?:please|pls|plz)\s+|(?:we|i)\s+need\s+|let'?s\s+)?"
    r"(?:add|write|create|set\s+up|get|have)?\s*(?:an?\s+)?(?:[\w.-]+\s+)?(?:check|test|rule|alert|monitor|validation)\s+(?:that|which|to)\s+"
    r"(?:catch(?:es)?|flags?|detects?|blocks?|prevents?|stops?)\s+(?:it|them|this|that|these|those)(?:\s+(?:going\s+(?:fwd|forward)|from\s+now\s+on))?\W*$"
    # "can we alert when that happens", "page us if it happens again": the same
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+|(?:so\s+|and\s+)?(?:please|pls|plz)\s+)?"
    r"(?:alert|page|fail|notify|ping|warn|flag)(?:\s+(?:us|me|the\s+team|on-?call))?\s+(?:when|if|whenever)\s+(?:that|this|it)\s+"
    r"(?:happens|occurs|shows\s+up)(?:\s+again)?\W*$"
    # "That should be impossible", "this must be a bug": a verdict on the bad case just stated
    r"|^\W*(?:that|this|it|which|those|these)\s+(?:should|must|would|will|could)\s+(?:(?:never|not)\s+)?be\s+"
    r"(?:impossible|invalid|wrong|an?\s+(?:bug|error|data\s+error)|bad\s+data|unacceptable|not\s+(?:possible|allowed|valid|ok(?:ay)?))\W*$"
    # "can we make that a check", "could you add this as a test": the check just stated
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+|please\s+|pls\s+|let'?s\s+)?"
    r"(?:make|turn|add|set\s+up|put)\s+(?:that|this|it|these|those|them)\s+(?:into\s+|as\s+)?(?:an?\s+)?"
    r"(?:check|test|rule|validation|alert|monitor)s?(?:\s+(?:too|as\s+well|please|pls|asap))*\W*$"
    # "Please add this to the nightly checks", "put these in the dq suite", "please enforce on
    # product_dim", "apply the same to stg_orders as well": where the checks just stated go
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+|(?:so\s+|and\s+)?(?:please|pls|plz|kindly)\s+|let'?s\s+)?"
    r"(?:add|put|include|enforce|apply|run|schedule|wire|hook|deploy|roll\s+out|set)\s+"
    r"(?:(?:it|them|this|that|these|those|the\s+same|(?:the\s+)?(?:above|these|those)(?:\s+(?:checks?|rules?|tests?))?)\s+)?"
    r"(?:(?:up\s+)?(?:to|in|into|on|for|against|as\s+part\s+of)\s+(?:the\s+|our\s+)?[\w.`-]+(?:\s+[\w.`-]+){0,3}?)"
    r"(?:\s+(?:too|as\s+well|please|pls|asap|going\s+forward|for\s+us|thanks|thx))*\W*$"
    # "add a dbt_expectations test for it", "write a soda check for that": a check of a named
    # tool on the thing just stated
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+|please\s+|pls\s+|let'?s\s+)?"
    r"(?:add|write|create|set\s+up|put\s+in)\s+(?:an?\s+|one\s+)?(?:[\w.-]+\s+){0,2}?(?:check|test|rule|validation|alert|monitor)s?\s+"
    r"(?:for|on|covering)\s+(?:it|them|this|that|these|those)(?:\s+(?:too|as\s+well|please|pls|asap))*\W*$"
    # "nothing else is valid for the NA feed", "anything else means the parser broke": the
    # closed list just stated, restated
    r"|^\W*(?:(?:and|so)\s+)?(?:nothing|anything|everything|any\s+other\s+(?:values?|codes?|statuse?s?))\s+else\b(?!.*\b(?:must|should|has\s+to|needs?\s+to)\s+be\b).*$"
    # "should never happen", "that must not happen": the bad case just stated, said again
    r"|^\W*(?:(?:this|that|it|which)\s+)?(?:should|must|can|may|will)\s*(?:not|n't|never)\s+(?:ever\s+)?(?:happen|occur|be\s+the\s+case)\W*$"
    # "readings outside that range indicate a device error": the range just stated
    r"|^\W*(?:any\s+|all\s+)?(?:values?|readings?|rows?|records?|anything|numbers?|measurements?)\s+(?:outside|beyond|out\s+of)\s+(?:of\s+)?(?:that|this|the\s+above|those)\s+(?:range|interval|bounds?|limits?)\b.*$"
    # "If either fails, page the on-call", "if stale, page on-call", "when any of these checks
    # fail, halt the DAG": what to do when the checks just stated fail, not a check of its own
    r"|^\W*(?:and\s+|then\s+)?(?:if|when|whenever|should)\s+(?:"
    r"(?:(?:it|this|that|they|the\s+(?:check|table|feed|data|load))\s+(?:is|are|goes|go|gets|get|becomes|become)\s+)?(?:stale|late|breached|violated|red)"
    r"|(?:either|any|one|this|that|it|they|both|all|(?:either|any|one|each|this|that|the|these|those)\s+(?:one|check|test|rule|condition)s?"
    r"|(?:any|either|one|none|each)\s+of\s+(?:them|these|those|the\s+(?:above|checks|tests|rules)))"
    r"\s+(?:fails?|breaks?|is\s+violated|are\s+violated|breach(?:es)?|trips?|trigger(?:s)?|goes\s+red|go\s+red))"
    r"\s*,?\s*(?:then\s+)?(?:please\s+|pls\s+)?(?:page|halt|alert|notify|fail|stop|block|abort|escalate|raise|open|create|file|ping|tell|e-?mail|message|let|post|send|pause|quarantine)\b.*$"
    # "Outside that range, stop downstream jobs", "Otherwise, page on-call": the same, after
    # the range just stated or with no condition of its own
    r"|^\W*(?:(?:and|but)\s+)?(?:(?:outside|beyond|out\s+of)\s+(?:of\s+)?(?:that|this|the\s+above|those)\s+(?:range|interval|bounds?|limits?|band|window)"
    r"|otherwise|else|if\s+not|on\s+failure|on\s+a\s+breach)"
    r"\s*,?\s*(?:then\s+)?(?:please\s+|pls\s+)?(?:page|halt|alert|notify|fail|stop|block|abort|escalate|raise|open|create|file|ping|tell|e-?mail|message|post|send|pause|quarantine)\b[^<>=]*$"
    # "tell #gaming-data", "alert the RM desk otherwise", "and ping @oncall": whom to tell
    # when the checks just stated fail (a channel, a desk or a team, never a column)
    r"|^\W*(?:(?:and|then|also)\s+)?(?:please\s+|pls\s+)?(?:tell|ping|notify|page|alert|e-?mail|message|escalate\s+to|post\s+(?:in|to))\s+"
    r"(?:[#@][\w-]+|(?:the\s+)?on-?call|the\s+(?:[a-z]+\s+){0,2}?(?:desk|team|channel|on-?call|owners?|lead|manager))(?:\s+(?:otherwise|on\s+failure|if\s+not))?\W*$"
    # "Could you set that up before the by-election?", "please wire it up by Friday": the
    # checks just stated, asked to be set up
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+(?:please\s+)?|(?:so\s+|and\s+)?(?:please|pls|plz|kindly)\s+|let'?s\s+)?"
    r"(?:set|wire|hook|spin)\s+(?:it|them|this|that|these|those)\s+up(?:\s+(?:before|by|for|after|ahead\s+of)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,2}?)?"
    r"(?:\s+(?:too|as\s+well|please|pls|asap|thanks))*\W*$"
    # "Please add a format check.", "can you add the checks?": the checks just stated, with
    # no kind of their own
    r"|^\W*(?:(?:can|could|would)\s+(?:we|you|someone|somebody)\s+(?:please\s+)?|(?:so\s+|and\s+)?(?:please|pls|plz|kindly)\s+|let'?s\s+)?"
    r"(?:add|write|create|set\s+up|put\s+in)\s+(?:an?\s+|the\s+|some\s+|these\s+|those\s+)?"
    r"(?:(?:format|data|quality|dq|sanity|validation|simple|quick|basic|new|regex|pattern)\s+)?(?:checks?|tests?|rules?|validations?)"
    r"(?:\s+(?:too|as\s+well|please|pls|asap|thanks))*\W*$"
)


#: the checks just stated failing (or the data they watch going stale or silent): "if
#: anything fails", "if any check fails", "if something's off", "if it stays red", "if stale",
#: "if readings stop arriving"; never a column's state
_FAILED = (
    r"(?:(?:(?:it|this|that|they|the\s+(?:check|table|feed|data|load|export|extract))\s+(?:is|are|goes|go|gets|get|becomes|become|stays?|remains?|turns?)\s+)?(?:stale|late|breached|violated|red)"
    r"|(?:either|any|one|this|that|it|they|both|all|anything|something|(?:either|any|one|each|this|that|the|these|those|a)\s+(?:one|check|test|rule|condition|step)s?"
    r"|(?:any|either|one|none|each)\s+of\s+(?:them|these|those|the\s+(?:above|checks|tests|rules)))"
    r"\s+(?:fails?|failed|breaks?|is\s+violated|are\s+violated|breach(?:es)?|trips?|goes\s+red|go\s+red|stays?\s+red|turns?\s+red|is\s+(?:off|wrong|red))"
    r"|(?:something|anything)(?:'s|\u2019s|\s+is|\s+looks)\s+(?:off|wrong|red)"
    # "If it doesn't, hold the feed", "if not, ...": the rule just stated does not hold
    r"|(?:(?:it|this|that|they|either|any|one)\s+(?:doesn'?t|does\s+not|don'?t|do\s+not|isn'?t|is\s+not|aren'?t|are\s+not|didn'?t|did\s+not|won'?t|will\s+not)|not)(?=\s*,)"
    # "If any reading is outside that, escalate ...", "if a value falls outside those limits":
    # the bad case of the rule just stated, pointed back at
    r"|(?:any|a|the|one)\s+[a-z]+\s+(?:is|are|falls?|goes|lies|sits)\s+(?:outside|beyond|over|above|under|below)\s+"
    r"(?:that|this|those|these|it|them|(?:that|this|the|those|these)\s+(?:range|limits?|bounds?|window|band|spec))(?=\s*,)"
    # "if it's outside that the export broke", "Alert if it drifts outside that" (after a
    # range): the bad case of the range just stated, pointed back at by a pronoun
    r"|(?:it|this|that|they|the\s+(?:count|number|total|volume|row\s+count))\s+(?:is|are|'s|drifts?|goes|falls?|lands?|ends?\s+up|comes?\s+in)\s+"
    r"(?:outside|out\s+of|beyond)\s+(?:that|this|those|these|it|them|(?:that|this|the|those|these)\s+(?:range|limits?|bounds?|window|band))\b"
    # "If it is, stop downstream jobs" (after "x must not be empty"): the bad case just stated
    r"|(?:it|this|that|they)\s+(?:is|are|does|do|happens|occurs)(?=\s*,)"
    # "if the `appointments` check fails", "if the robot_faults DQ fails": a named check
    r"|the\s+[\w`.«»-]+\s+(?:dq\s+)?(?:check|test|monitor|rule|dq|gate|suite)s?\s+(?:fails?|failed|breaks?|goes\s+red|turns\s+red|trips?)"
    r"|(?:the\s+)?(?:data|readings?|rows|records|files?|events|updates|loads?|feeds?)\s+stops?\s+(?:arriving|coming(?:\s+in)?|landing|updating|flowing))(?![\w'\u2019])"
)
#: what to do when the checks just stated fail, in any words, with no rule of its own: "If
#: anything fails, ground the kart and tell race control", "If stale, restart the sync",
#: "Escalate to the dispatch lead if it stays red after the next run"
ON_FAILURE = re.compile(
    rf"(?i)^\W*(?:(?:and|then|but)\s+)?(?:if|when|whenever|should)\s+{_FAILED}(?:\s*,\s*|\s+)(?:then\s+)?"
    r"(?![^<>=]*\b(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|cannot|can'?t|may\s+not)\b)[a-z][^<>=«]*$"
    r"|^\W*(?:(?:and|then|also)\s+)?(?:please\s+|pls\s+)?(?:escalate|page|call|tell|notify|alert|ping|e-?mail|message|hold|halt|stop|pause|"
    r"quarantine|contact|inform|raise|open|file|restart|rerun|re-run|block|ground|post)\b[^<>=«;]{0,80}?\s"
    rf"(?:if|when|whenever|should)\s+{_FAILED}(?:\s+(?:after|for|past|beyond|by|on|in|during|until)\s+[^<>=«;,]{{0,40}})?\W*$"
)


#: when the checks run, alone in its sentence: "Run after the 02:00 load.", "Runs nightly.",
#: "These checks run every morning after the export lands": a schedule, never a rule (no
#: comparator, modal, check word or list after a colon)
SCHEDULE = re.compile(
    r"(?i)^\W*(?:(?:please\s+|pls\s+)?(?:run|runs|schedule|scheduled|execute)\s+"
    r"(?:(?:it|them|this|these|all|the\s+checks?|these\s+checks?|this\s+check|the\s+suite)\s+)?"
    r"|(?:these|the|all|both)\s+(?:checks?|tests?|rules?)\s+(?:run|runs|are\s+run|get\s+run|should\s+run|will\s+run)\s+)"
    r"(?:daily|nightly|hourly|weekly|monthly|every|each|after|before|at|once|following|right\s+after|twice|as\s+part\s+of)(?![\w-])"
    r"(?![^;]*(?::\s|\b(?:must|shall|has\s+to|have\s+to|needs?\s+to|cannot|can'?t|never|only|unique|null|between|valid)\b))[^<>=«;]*$"
)


#: what is NOT asked: "there is no need to check it in the pipeline", "we don't need to
#: validate the totals", "Nothing to do on that yet", "Nothing else to add for now", "Kilobars
#: aren't in scope for this one", "the rest of the audit is handled by ops", "the naming issue
#: is a separate ticket": a remark on the scope of the request, never a check (no comparator
#: or literal; the subject of a scope remark has no modal, number or column name, checked by
#: `not_asked`)
_NOT_ASKED = re.compile(
    r"(?i)^\W*(?:(?:and|so|but|also|though)\s+)?(?:"
    r"(?:there\s+is\s+|there'?s\s+|there\u2019s\s+)?(?:no\s+need|not\s+necessary|unnecessary)\s+(?:for\s+(?:us|you|them)\s+)?to\s+"
    r"(?:check|validate|test|verify|monitor|cover|look\s+at|alert\s+on)\b"
    r"|(?:we|you|i)\s+(?:don'?t|do\s+not|won'?t|will\s+not|dont)\s+need\s+to\s+(?:check|validate|test|verify|monitor|cover)\b"
    r"|nothing\s+(?:else\s+|more\s+)?(?:to\s+(?:do|add|change)|needed)\b"
    r")[^<>=«]*$"
    r"|^\W*(?:(?:and|so|but|also|though)\s+)?(?P<subj>[^<>=«,;:]{1,80}?)\s+(?:"
    r"(?:is|are)\s*(?:n'?t|\u2019t|\s+not)\s+in\s+scope|(?:is|are)\s+out\s+of\s+scope"
    r"|(?:is|are)\s+(?:handled|covered|owned|dealt\s+with|tracked)\s+(?:by|elsewhere|separately|in\s+another)"
    r"|(?:is|are)\s+(?:a\s+)?separate\s+(?:ticket|issue|thread|request|story|task|conversation)s?"
    r")\b[^<>=«]*$"
)


def not_asked(fragment: str) -> bool:
    """True for a remark on what the request does NOT ask for (never a check)."""
    m = _NOT_ASKED.match(fragment)
    if m is None:
        return False
    subj = m.group("subj")
    return subj is None or not (has_strong_cue(subj) or re.search(r"\d|_", subj))


#: "..., nothing later", "— none lower than that", "nobody older": a negative pronoun and a
#: comparative with no number restate the bound just stated (the words were read as a column)
_NOTHING_BEYOND = (
    r"^\W*(?:(?:and|so|but|i\.e\.|ie|i\s+mean)\s+)?(?:nothing|none|nobody|no\s*-?\s*one)\s+(?:(?:any|even|at\s+all)\s+)?"
    r"(?:later|earlier|older|newer|younger|higher|lower|bigger|smaller|larger|greater|more|less|fewer|above|below|over|under"
    r"|beyond|past|longer|shorter|heavier|lighter|hotter|colder|warmer|cooler|cheaper|dearer|pricier|faster|slower|deeper"
    r"|shallower|taller|wider|narrower|thicker|thinner|before|after|outside|bigger|costlier)"
    r"(?:\s+than)?(?:\s+(?:that|this|it|those|these|them|the\s+(?:max(?:imum)?|min(?:imum)?|limit|cap|floor|range)))?"
    r"(?:\s+(?:at\s+all|ever|please|pls|allowed|accepted|permitted|thanks|thx))*[\W]*$"
)
NOTHING_BEYOND = re.compile("(?i)" + _NOTHING_BEYOND)


#: a remark on the bound or the closed list just stated (never an action: "- flag it" after a
#: bad case is the polarity of the sentence)
ON_THE_RULE = re.compile(
    r"(?i)"
    # "those are the only windows the platform supports": the closed list just stated
    r"^\W*(?:(?:and|so|because|since)\s+)?(?:those|these|they|that|which)\s*(?:are|is|'re)\s+the\s+only\s+(?![^<>=]*\b(?:must|should|allowed)\b)[^<>=\d]*$"
    # "anything over that is a sensor glitch", "values below this mean the meter broke": the
    # bound just stated
    r"|^\W*(?:(?:and|so)\s+)?(?:anything|any\s+values?|values?|readings?|numbers?|rows?)\s+(?:over|above|under|below|beyond|past|outside(?:\s+of)?|more\s+than|less\s+than)\s+"
    r"(?:that|this|those|it)\b(?!\s*(?:range|interval|bounds?|limits?)?\s*(?:must|should|has\s+to|needs?\s+to)\b)[^<>=\d]*$"
    # "nothing later", "none lower than that", "nobody older": the bound just stated, said again
    r"|" + _NOTHING_BEYOND
)


#: a short label before a line ("AC:", "Ask:", "TODO:")
_LABEL = re.compile(r"^\W*[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}\s*\d*\s*:\s+")


#: "Those rows are breaking the recon", "that means something is stuck": a remark about what was
#: just stated, led by a pronoun
_REMARK = re.compile(
    r"(?i)^\W*(?:(?:and|so|but|because)\s+)?(?:this|that|these|those|it|which|they)"
    r"(?:\s+(?:rows?|records?|ones|values|entries|cases|lines|dupes|duplicates|nulls|errors|issues?))?\s+(?P<rest>.+)$"
)


def is_remark(fragment: str) -> bool:
    """True for a pronoun-led remark with no rule in it: no modal, no check word, no
    comparator, number, literal or column name (read as context only after a check)."""
    m = _REMARK.match(fragment)
    if m is None:
        return False
    return not is_directive(m.group("rest")) and not re.search(r"\d|«|_|[<>=]", fragment)


def restates(fragment: str) -> bool:
    m = _LABEL.match(fragment)
    return bool(
        RESTATE.match(fragment)
        or ON_THE_RULE.match(fragment)
        or ON_FAILURE.match(fragment)
        or (m and (RESTATE.match(fragment[m.end() :]) or ON_FAILURE.match(fragment[m.end() :])))
    )
