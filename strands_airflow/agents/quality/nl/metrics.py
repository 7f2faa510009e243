"""Checks written the way tools spell them, rewritten into the English the grammar reads.

SodaCL metrics (``missing_count(x) = 0``, ``duplicate_count(a, b) = 0``, ``freshness(ts) < 1d``,
``invalid_count(email) = 0 with valid format email``, ``values in (x) must exist in t (id)``),
dbt-style ``not_null(x)`` / ``accepted_values: x [a, b]`` and Great Expectations calls
(``expect_column_values_to_be_between(column="age", min_value=0, max_value=120)``).
The rewrite only produces text; the result is parsed like any other request.
"""

from __future__ import annotations

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.exceptions import QualityRequestError


def _dup(m: re.Match[str]) -> str:
    cols = [c.strip() for c in m.group(1).split(",") if c.strip()]
    if len(cols) > 1:
        return f"combination of {' and '.join(cols)} must be unique"
    return f"{cols[0]} must be unique"


_NUM = r"-?\d+(?:\.\d+)?"
_INVALID = re.compile(
    r"(?i)\binvalid_(?:count|percent)\(\s*([\w.]+(?:\s+[\w.]+){0,3})\s*\)\s*(?:=|<=|==)\s*0\b[\s,:]*(?:with\s+)?"
    rf"(?P<cfg>(?:valid\s+(?:min|max|values|regex)\s*:?\s*(?:{_NUM}|\[[^\]]*\]|\([^)]*\)|\S+)[\s,]*(?:and\s+)?)+)"
)


def _invalid(m: re.Match[str]) -> str:
    """SodaCL validity settings (``valid min: 1``, ``valid values: [a, b]``) as English."""
    col, cfg = m.group(1), m.group("cfg")
    out = []
    lo = re.search(rf"(?i)valid\s+min\s*:?\s*({_NUM})", cfg)
    hi = re.search(rf"(?i)valid\s+max\s*:?\s*({_NUM})", cfg)
    if lo and hi:
        out.append(f"{col} between {lo.group(1)} and {hi.group(1)}")
    elif lo or hi:
        out.append(f"{col} {'at least' if lo else 'at most'} {(lo or hi).group(1)}")  # type: ignore[union-attr]
    vals = re.search(r"(?i)valid\s+values\s*:?\s*(\[[^\]]*\]|\([^)]*\))", cfg)
    if vals:
        out.append(f"{col} must be one of {vals.group(1)}")
    rx = re.search(r"(?i)valid\s+regex\s*:?\s*(\S+)", cfg)
    if rx:
        out.append(f"{col} must match regex {rx.group(1).rstrip(',')}")
    return "; ".join(out) if out else m.group(0)


#: SodaCL-style metric checks data engineers paste in, turned into the English the grammar reads
_DEEQU_OPS = {
    "lessthan": "<",
    "lessthanorequalto": "<=",
    "greaterthan": ">",
    "greaterthanorequalto": ">=",
}


def _accepted_range(m: re.Match[str]) -> str:
    col, lo, hi, inclusive = m.group(1), m.group(2), m.group(3), (m.group(4) or "true").lower()
    if lo is None and hi is None:
        return m.group(0)
    strict = inclusive == "false"
    parts = []
    if lo is not None:
        parts.append(f"{col} {'>' if strict else '>='} {lo}")
    if hi is not None:
        parts.append(f"{col} {'<' if strict else '<='} {hi}")
    return " and ".join(parts)


def _ge_words(m: re.Match[str]) -> str:
    # "expect_column_values_to_be_in_set on currency" -> "currency must be in set"
    cols = m.group(2) or m.group(3)
    # a list of columns ends the phrase: the comma after it still ends the clause
    end = ", " if m.group(2) and "," in m.group(0)[m.end(2) - m.start(0) :] else " "
    return f"{cols} must {m.group(1).replace('_', ' ')}{end}"


def _recency(m: re.Match[str]) -> str:
    """dbt_utils.recency (datepart, field, interval in any order) -> a freshness sentence."""
    args = {
        k.lower(): v
        for k, v in re.findall(
            r"(?i)\b(datepart|field|interval)\b\s*[:=]?\s*['\"]?([\w.]+)", m.group(1)
        )
    }
    if {"datepart", "field", "interval"} <= set(args):
        return f"{args['field']} must be no older than {args['interval']} {args['datepart']}"
    return m.group(0)


_LENGTH_WORD = {"length": "exactly", "min_length": "at least", "max_length": "at most"}

def _extreme_length(m: re.Match[str]) -> str:
    """Soda ``max_length(c) <= N`` / ``min_length(c) >= N``: the longest (shortest) value
    bounded is every value bounded; the other direction is an aggregate."""
    which, col, op, n = m.group(1).lower(), m.group(2), m.group(3), m.group(4)
    if (which == "max" and op in ("<", "<=", "=", "==")) or (which == "min" and op in (">", ">=", "=", "==")):
        if op in ("=", "=="):
            raise QualityRequestError(f"{m.group(0)!r} is about one value's length; no row check says it")
        return f"custom sql: LENGTH({col}) {op} {n}"
    raise QualityRequestError(f"{m.group(0)!r} bounds an aggregate of the lengths; no row check says it")


def _share_rule(m: re.Match[str]) -> str:
    """ "% unique on c must be 100", "% null of c must be 0": the row check; any other share
    is an aggregate no row check says."""
    v = float(re.match(r"[\d.]+", m.group("v")).group(0))  # type: ignore[union-attr]
    if m.group("what").lower().startswith("uniq") and (v == 100 or (v == 1 and "." in m.group("v"))):
        return f"{m.group('c')} must be unique"
    if not m.group("what").lower().startswith("uniq") and v == 0:
        return f"{m.group('c')} must not be null"
    raise QualityRequestError(
        f"{m.group(0)!r} bounds a share of the rows, an aggregate; no row check says it"
    )


_SHARE_FULL = r"(?:100\s*%|100\s+percent|1\.0+)"
_SHARE_NONE = r"(?:0\s*%|0\s+percent|0(?:\.0+)?)(?!\d|\.\d)"
_METRICS: list[tuple[re.Pattern[str], object]] = [
    # monitor field health in shares: "must be 100% unique", "% null must be 0", "% unique
    # must be 100" on a column named before (a lower share is an aggregate and stays unread)
    (re.compile(rf"(?i)\b(must|should|has\s+to|needs\s+to)\s+be\s+{_SHARE_FULL}\s+(unique|distinct)\b"), r"\1 be \2"),
    (re.compile(rf"(?i)\b(must|should|has\s+to|needs\s+to)\s+be\s+{_SHARE_FULL}\s+(?:complete|populated|filled|non-?null)\b"), r"\1 not be null"),
    # "bol_number 100% unique" in a list (no verb); "% unique on the serial number must be 100"
    (re.compile(rf"(?i)(?<![\w%])(?<!be\s){_SHARE_FULL}\s+(unique|distinct)\b(?!\s+(?:values?|count|ratio|share|rate)\b)"), r"must be \1"),
    (re.compile(rf"(?i)(?<![\w%])(?<!be\s){_SHARE_FULL}\s+(?:complete|populated|filled(?:\s+in)?|non-?null)\b"), r"must not be null"),
    (
        re.compile(
            r"(?i)(?:the\s+)?(?:%|percent(?:age)?)\s*(?:of\s+)?(?P<what>unique|uniqueness|nulls?|missing)\s+(?:on|of|for|in)\s+"
            r"(?P<c>(?:the\s+)?[\w.`]+(?:\s+(?!must\b|should\b)[\w`]+){0,3}?)\s+(?:must|should|has\s+to|needs\s+to)\s+be\s+"
            r"(?P<v>\d+(?:\.\d+)?(?:\s*%|\s+percent)?)(?!\d|\.\d)"
        ),
        lambda m: _share_rule(m),
    ),
    (
        re.compile(
            r"(?im)\b(?:for|on)\s+(?P<c>[A-Za-z_][\w.]*)\s*[:,]\s*(?P<rest>(?:the\s+)?(?:%|percent(?:age)?)\s*(?:of\s+)?(?:nulls?|missing|unique|uniqueness|duplicates?)\b.*)$"
        ),
        lambda m: re.sub(
            rf"(?i)(?:the\s+)?(?:%|percent(?:age)?)\s*(?:of\s+)?(?:(?P<null>nulls?|missing)\s+(?:must|should)\s+be\s+{_SHARE_NONE}|"
            r"(?P<uniq>unique|uniqueness)\s+(?:must|should)\s+be\s+(?:100(?:\s*%|\s+percent)?|1\.0+)(?!\d|\.\d)|"
            rf"(?P<dup>duplicates?)\s+(?:must|should)\s+be\s+{_SHARE_NONE})",
            lambda x: f"{m.group('c')} must {'not be null' if x.group('null') else 'be unique'}",
            m.group("rest"),
        ),
    ),
    # "the pk is (a, b)", "so for `t` the primary key is (a, b)": a key of several columns,
    # each not null and the combination unique
    (
        re.compile(
            r"(?im)^(?P<pre>[^\n]*?)(?:\b(?:so\s+)?(?:for|in|on)\s+`?[\w.]+`?\s*,?\s*)?\b(?:the\s+)?(?:pk|primary\s+key|composite\s+key)\s+(?:is|=|:)\s*"
            r"\(\s*(?P<cols>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+)\s*\)\s*\.?\s*$"
        ),
        lambda m: m.group("pre")
        + "; ".join(
            [*(f"{c.strip()} must not be null" for c in m.group("cols").split(",")),
             f"the combination of {' and '.join(c.strip() for c in m.group('cols').split(','))} must be unique"]
        ),
    ),
    # "every loan record must have an LEI of exactly 20 alphanumeric characters": the column
    # must be there, and it must be what follows
    (
        re.compile(
            r"(?i)(?P<pre>\b(?:every|each|all|any)\b[^,;.\n]*?\b(?:(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+(?:have|has|carry|contain)|to\s+have))"
            r"\s+(?:an?|the)\s+(?P<c>[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)?)\s+(?:of|with)\s+(?P<spec>(?:exactly|at\s+least|at\s+most|between|\d)[^,;\n]*?)(?=[.;\n]|$)"
        ),
        lambda m: f"{m.group('pre')} a {m.group('c')}; {m.group('c')} must be {m.group('spec')}",
    ),
    # "alert if a value outside {web, app} shows up (in channel)": a value not in the list is
    # the bad case, so the column must be one of them ("it" without a column: the one before)
    (
        re.compile(
            r"(?i)\b(?:alert|fail|flag|warn|page|notify|error)\w*\s+(?:me\s+|us\s+)?(?:if|when|whenever)\s+(?:a|any)\s+(?:new\s+|unknown\s+|unexpected\s+)?"
            r"values?\s+(?:outside(?:\s+of)?|not\s+in|other\s+than)\s+(?:the\s+set\s+)?(?P<l>\{[^{}]*\}|\([^()]*\)|\[[^\[\]]*\])\s+"
            r"(?:shows?\s+up|appears?|turns?\s+up|occurs?|arrives?|comes?\s+in|is\s+seen)(?:\s+in\s+(?:the\s+)?(?P<c>[A-Za-z_][\w.]*)(?:\s+(?:column|field))?)?"
        ),
        lambda m: f"{m.group('c') or 'it'} must be one of {m.group('l')[1:-1]}",
    ),
    (
        re.compile(
            r"(?i)\b(?:alert|fail|flag|warn|page|notify|error)\w*\s+(?:me\s+|us\s+)?(?:if|when|whenever)\s+(?:the\s+)?(?P<c>[A-Za-z_][\w.]*)(?:\s+(?:column|field))?\s+"
            r"(?:has|gets|shows|contains)\s+(?:a|any)\s+(?:new\s+|unknown\s+|unexpected\s+)?values?\s+(?:outside(?:\s+of)?|not\s+in|other\s+than)\s+(?:the\s+set\s+)?"
            r"(?P<l>\{[^{}]*\}|\([^()]*\)|\[[^\[\]]*\])"
        ),
        lambda m: f"{m.group('c')} must be one of {m.group('l')[1:-1]}",
    ),
    (re.compile(r"(?i)\b(max|min)_length\(\s*([\w.]+)\s*\)\s*(<=|>=|==|=|<|>)\s*(\d+)"), _extreme_length),
    # Deequ satisfies("<condition>", "<description>"): the condition, as written
    (
        re.compile(
            r"""(?i)\.?\bsatisfies\s*\(\s*(["'])(.+?)\1\s*(?:,\s*(["'])[^"']*\3\s*)?\)(?:\s+(?:must|should)\s+hold\b.*)?"""
        ),
        r"custom sql: \2",
    ),
    # Soda "<col> missing_count = 0" / "duplicate_count = 0" written after the column
    (
        re.compile(
            r"(?i)\b([a-z_]\w*(?:\s+[a-z_]\w*){0,3}?)\s+missing_(?:count|percent)\s*(?:=|==|<=)\s*0\b"
        ),
        r"\1 must not be null",
    ),
    (
        re.compile(
            r"(?i)\b([a-z_]\w*(?:\s+[a-z_]\w*){0,3}?)\s+duplicate_(?:count|percent)\s*(?:=|==|<=)\s*0\b"
        ),
        r"\1 must be unique",
    ),
    # Soda "valid length 10 for x" / "valid min_length 3 for x", then "invalid_count must be 0"
    (
        re.compile(
            r"(?i)\bvalid\s+(length|min_length|max_length)\s*:?\s*(\d+)\s+(?:for|on|of)\s+(?:column\s+)?([\w.]+)"
        ),
        lambda m: (
            f"{m.group(3)} must be {_LENGTH_WORD[m.group(1).lower()]} {m.group(2)} characters long"
        ),
    ),
    (
        re.compile(
            r"(?i)\s*,?\s*\binvalid_(?:count|percent)\s*(?:must\s+be|should\s+be|=|==|<=)\s*0\b"
        ),
        "",
    ),
    # dbt_expectations value lengths: "expect_column_value_lengths_to_equal on x, value 3"
    (
        re.compile(
            r"(?i)\bexpect_column_value_lengths_to_equal\s+(?:on|for)\s+(?:column\s+)?([\w.]+)\s*,?\s*(?:with\s+)?value\s*[:=]?\s*(\d+)"
        ),
        r"\1 must be exactly \2 characters long",
    ),
    (
        re.compile(
            r"(?i)\bexpect_column_value_lengths_to_be_between\s+(?:on|for)\s+(?:column\s+)?([\w.]+)\s*,?\s*(?:with\s+)?min_value\s*[:=]?\s*(\d+)\s*,?\s*(?:and\s+)?max_value\s*[:=]?\s*(\d+)"
        ),
        r"\1 must be at least \2 characters long and \1 must be at most \3 characters long",
    ),
    # dbt "must exist in ref('t'), field c" / "references t.c"
    (
        re.compile(
            r"""(?i)\bexist(?:s)?\s+in\s+ref\(\s*['"]([\w.]+)['"]\s*\)\s*,?\s*(?:(?:field|column)\s*[:=]?\s*)?([\w.]+)"""
        ),
        r"exist in \1.\2",
    ),
    (
        re.compile(r"(?i)\b(?:column\s+)?([a-z_]\w*)\s+references\s+([a-z_]\w*)\.([a-z_]\w*)\b"),
        r"\1 must exist in \2.\3",
    ),
    # a data contract's name and its property lines: "Data contract energy.meters_v2,",
    # "property meter_serial: required: true"
    (re.compile(r"(?i)\bdata\s+contract\s+[\w.]+\s*[,:]\s*"), ""),
    (re.compile(r"(?i)\bproperty\s+([a-z_]\w*)\s*:"), r"\1:"),
    # ODCS "rowCount for <table>: minimum 1000, maximum 250000"
    (
        re.compile(
            r"(?i)\b(?:row_?count|row\s+count)\s+(?:for|of|on|in)\s+(?:the\s+)?(?:[a-z]+\s+){0,3}?[\w.]+\s*:\s*"
        ),
        "row count ",
    ),
    (
        re.compile(
            r"(?i)\bminimum\s*:?\s*(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*,?\s*(?:and\s+)?maximum\s*:?\s*(-?\d+(?:,\d{3})*(?:\.\d+)?)"
        ),
        r"between \1 and \2",
    ),
    # dbt package prefixes: "dbt_utils.accepted_range", "dbt_expectations.expect_..."
    (re.compile(r"(?i)\bdbt_(?:utils|expectations)\s*\.\s*"), ""),
    (re.compile(r"(?i)\bexpect_table_row_count_to_be_between\b\s*(?:with\s+)?"), "row count "),
    (
        re.compile(
            r"(?i)\bexpect_column_values_to_(\w+?)\s+(?:on|for)\s+(?:columns?\s+)?"
            # "for ad_id and campaign_id": every column of a list ending the phrase
            r"(?:[`'\"]?((?:[\w.]+[`'\"]?\s*,\s*[`'\"]?)*[\w.]+[`'\"]?\s+(?:and|&)\s+[`'\"]?[\w.]+)[`'\"]?(?=\s*(?:[,;.]|$))"
            r"|[`'\"]?([\w.]+)[`'\"]?)\s*,?\s*(?:with\s+)?(?:value_set|regex|pattern)?\s*[:=]?\s*"
        ),
        _ge_words,
    ),
    (
        re.compile(r"(?i)\bhaspattern\s+(?:on|for)\s+[`'\"]?([\w.]+)[`'\"]?\s*[:=,]\s*(\S+)"),
        r"\1 must match regex \2",
    ),
    # "a relationship to customers.customer_id", "should have a matching orders.order_id"
    (
        re.compile(
            r"(?i)\b(?:(?:has|have|with|and)\s+)?(?:a\s+)?(?:relationship|foreign key relationship)\s+(?:to|with)\s+([A-Za-z_]\w*\.[A-Za-z_]\w*)"
        ),
        r" must exist in \1",
    ),
    (
        re.compile(
            r"(?i)\b(?:should|must|has to|needs? to)\s+(?:have|has)\s+(?:a\s+)?(?:matching|corresponding)\s+([A-Za-z_]\w*\.[A-Za-z_]\w*)"
        ),
        r"must exist in \1",
    ),
    (
        re.compile(r"(?i)\b(not_null|unique)\s*\(\s*([A-Za-z_][\w.]*)\s*\)"),
        lambda m: f"{m.group(2)} must be {m.group(1).replace('_', ' ')}",
    ),
    (
        re.compile(
            r"(?i)\baccepted_values\s*:?\s*\(?\s*([\w.]+)\s*,?\s*(?:values\s*[:=]\s*)?(\[[^\]]*\]|\([^)]*\))\s*\)?"
        ),
        r"\1 in \2",
    ),
    (
        re.compile(
            r"(?i)\bmissing_(?:count|percent)\(\s*([\w.]+(?:\s+[\w.]+){0,3})\s*\)\s*(?:=|<=|==)\s*0\b"
        ),
        r"\1 must not be null",
    ),
    (
        re.compile(r"(?i)\bduplicate_(?:count|percent)\(\s*([\w.,\s]+?)\s*\)\s*(?:=|<=|==)\s*0\b"),
        _dup,
    ),
    (
        re.compile(
            r"(?i)\binvalid_(?:count|percent)\(\s*([\w.]+)\s*\)\s*(?:=|<=|==)\s*0\b[\s,:]*(?:with\s+)?valid\s+format\s*:?\s*"
            r"(email|phone(?: number)?|uuid|url|date\w*)"
        ),
        r"\1 must be a valid \2",
    ),
    (_INVALID, _invalid),
    # Delta Live Tables: "CONSTRAINT valid_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW",
    # "@dlt.expect_or_fail('valid_count', 'count > 0')"
    (
        re.compile(
            r"(?i)\b(?:constraint\s+\w+\s+)?expect\s*\((.+)\)(?:\s+on\s+violation\s+(?:fail\s+update|drop\s+row))?"
        ),
        r"\1",
    ),
    (
        re.compile(
            r"""(?i)@?\bdlt\.expect(?:_or_drop|_or_fail)?\(\s*["'][\w\s-]+["']\s*,\s*["'](.+)["']\s*\)"""
        ),
        r"\1",
    ),
    # Deequ: ".isComplete("x")", "isContainedIn(x, Array("a", "b"))", "hasSize(_ >= 10)"
    (
        re.compile(r"""(?i)\.?\bis(?:complete)\(\s*["']?([\w.]+)["']?\s*\)"""),
        r"\1 must not be null",
    ),
    (re.compile(r"""(?i)\.?\bis(?:unique)\(\s*["']?([\w.]+)["']?\s*\)"""), r"\1 must be unique"),
    (
        re.compile(r"""(?i)\.?\bisprimarykey\(\s*["']?([\w.]+)["']?\s*\)"""),
        r"\1 is the primary key",
    ),
    (
        re.compile(r"""(?i)\.?\bisnonnegative\(\s*["']?([\w.]+)["']?\s*\)"""),
        r"\1 must not be negative",
    ),
    # Deequ's isPositive is strict (> 0); isNonNegative above is >= 0
    (
        re.compile(r"""(?i)\.?\bispositive\(\s*["']?([\w.]+)["']?\s*\)"""),
        r"\1 must be strictly positive",
    ),
    (
        re.compile(
            r"""(?i)\.?\bhaspattern\(\s*["']?([\w.]+)["']?\s*,\s*(?:r?\"\"\"(.+?)\"\"\"|"(.+?)"|'(.+?)')(?:\.r)?\s*\)"""
        ),
        lambda m: (
            f"{m.group(1)} must match regex '{(m.group(2) or m.group(3) or m.group(4)).replace(chr(39), chr(39) * 2)}'"
        ),
    ),
    (
        re.compile(
            r"""(?i)\.?\bcontains(url|email|creditcardnumber|socialsecuritynumber)\(\s*["']?([\w.]+)["']?\s*\)"""
        ),
        lambda m: f"{m.group(2)} must be a valid {m.group(1).lower()}",
    ),
    (
        re.compile(
            r"""(?i)\.?\bis(lessthan|lessthanorequalto|greaterthan|greaterthanorequalto)\(\s*["']?([\w.]+)["']?\s*,\s*["']?([\w.]+)["']?\s*\)"""
        ),
        lambda m: f"{m.group(2)} {_DEEQU_OPS[m.group(1).lower()]} {m.group(3)}",
    ),
    (
        re.compile(
            r"""(?i)\.?\bhas(max|min)\(\s*["']?([\w.]+)["']?\s*,\s*(?:_\s*(>=|>|<=|<|==)\s*)?(-?\d+(?:\.\d+)?)\s*\)"""
        ),
        lambda m: (
            f"{m.group(2)} {m.group(3) or ('<=' if m.group(1).lower() == 'max' else '>=')} {m.group(4)}"
        ),
    ),
    # "hasMaxLength("callsign", _ <= 8)" in prose: the length of each value (the "_" is the
    # assertion's argument, never a column)
    (
        re.compile(
            r"""(?i)\.?\bhas(max|min)length\(\s*["']?([\w.]+)["']?\s*,\s*_\s*(>=|>|<=|<|==)\s*(\d+)\s*\)"""
        ),
        lambda m: f"{m.group(2)} must be " + {
            "<=": f"at most {m.group(4)}", "<": f"at most {int(m.group(4)) - 1}",
            ">=": f"at least {m.group(4)}", ">": f"at least {int(m.group(4)) + 1}",
            "==": f"exactly {m.group(4)}",
        }[m.group(3)] + " characters long",
    ),
    (
        re.compile(
            r"""(?i)\.?\bhascompleteness\(\s*["']?([\w.]+)["']?\s*,\s*_\s*(?:==|>=)\s*1(?:\.0+)?\s*\)"""
        ),
        r"\1 must not be null",
    ),
    # dbt-utils: "accepted_range on x: min_value 0, max_value 100, inclusive false"
    (
        re.compile(
            r"(?i)(?:\bdbt(?:[_ -]utils)?(?:\s+tests?)?\s*:?\s*)?\baccepted_range\s*(?:\(|:)?\s*(?:on|for|column)?\s*:?\s*([\w.]+)\s*[:,]?\s*(?:with\s+)?"
            r"(?:min_value\s*[:=]?\s*(-?\d+(?:\.\d+)?))?\s*,?\s*(?:and\s+)?(?:max_value\s*[:=]?\s*(-?\d+(?:\.\d+)?))?\s*,?\s*(?:inclusive\s*[:=]?\s*(true|false))?\s*\)?"
        ),
        _accepted_range,
    ),
    (
        re.compile(
            r"(?i)\bunique_combination_of_columns\s*[:(]?\s*(?:(?:on|for|of)\s+)?(?:combination_of_columns\s*[:=]\s*)?[\[(]?\s*([\w.]+(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)[\w.]+)+)\s*[\])]?\s*\)?"
        ),
        lambda m: (
            "the combination of "
            + " and ".join(x.strip() for x in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(1)))
            + " must be unique"
        ),
    ),
    (
        re.compile(
            r"""(?i)\brelationships(?:\s+tests?)?\s*[:(]?\s*(?:on|for|column)?\s*:?\s*([\w.]+)\s*(?:to|->|,|:)\s*(?:to\s*[:=]?\s*)?ref\(\s*['"]([\w.]+)['"]\s*\)\s*,?\s*(?:field\s*[:=]?\s*)?([\w.]+)\s*\)?"""
        ),
        r"\1 must exist in \2.\3",
    ),
    # SodaCL validity: "valid min: 0", "valid max: 100"
    (re.compile(r"(?i)\bvalid\s+min(?:imum)?\s*:?\s*(?=-?\d)"), "at least "),
    (re.compile(r"(?i)\bvalid\s+max(?:imum)?\s*:?\s*(?=-?\d)"), "at most "),
    (
        re.compile(
            r"""(?i)\.?\biscontainedin\(\s*["']?([\w.]+)["']?\s*,\s*(?:Array|Seq|List)?\s*[(\[]([^)\]]*)[)\]]\s*\)"""
        ),
        r"\1 must be one of (\2)",
    ),
    (re.compile(r"(?i)\.?\bhassize\(\s*_\s*(>=|>|<=|<|==)\s*(\d+)\s*\)"), r"row count \1 \2"),
    # foreign keys drawn as arrows: "payments.order_id -> orders.id"
    (
        re.compile(
            r"(?<![\w.])([A-Za-z_][\w.]*)\s*(?:->|=>|\u2192)\s*([A-Za-z_]\w*)\s*[.(]\s*(\w+)\s*\)?"
        ),
        r"\1 must exist in \2.\3",
    ),
    # "x: add the not_null and unique tests": the test names are the checks
    (
        re.compile(
            r"(?i)\b(?:(?:can|could|would)\s+(?:you|we|someone|somebody|u)\s+(?:please\s+|pls\s+)?)?"
            r"(?:add|adds|added|apply|applies|include|includes|put|with)\s+(?:the\s+|a\s+|an\s+)?"
            r"((?:not[-_ ]null|unique|uniqueness)(?:\s*(?:,|and|&|\+)\s*(?:not[-_ ]null|unique|uniqueness))*)"
            # "add a not-null on x": the test's name alone, before the column it is on
            r"(?:\s+(?:tests?|checks?|constraints?)\b|(?=\s+(?:on|for)\s+[A-Za-z_`]))"
        ),
        r"\1",
    ),
    # "Adds tests so that x is not null": the request is what follows
    (
        re.compile(
            r"(?i)(?:^|(?<=[:.]\s))(?:please\s+)?(?:add|adds|added|write|writes|create|creates)\s+(?:some\s+|a\s+few\s+)?(?:tests?|checks?|validations?)\s+"
            r"(?:so\s+that|to\s+ensure(?:\s+that)?|to\s+check\s+that|to\s+make\s+sure(?:\s+that)?|ensuring(?:\s+that)?)\s+"
        ),
        "",
    ),
    # dbt test names written as words: "not_null on x", "accepted_values for status: a, b"
    (re.compile(r"(?i)\bnot_null\b(?!\s*\()"), "not null"),
    (re.compile(r"(?i)\baccepted_values\b(?!\s*\()"), "accepted values"),
    # dbt source freshness: "error_after: {count: 24, period: hour}", "loaded_at_field: ts"
    (
        re.compile(
            r"(?i)\b(?:error|warn)[_ ]after\s*:?\s*\{?\s*(?:count\s*:?\s*)?(\d+(?:\.\d+)?)\s*,?\s*(?:period\s*:?\s*)?([a-z]+)\s*\}?"
        ),
        r"no older than \1 \2",
    ),
    (re.compile(r"(?i)\s*,?\s*\bloaded_at_field\s*(?:[:=]\s*|\s+)"), " based on "),
    # "source freshness for raw.orders: error_after ...": the table is the request's, not a column
    (re.compile(r"(?i)\bsource\s+freshness\s+(?:for|of|on)\s+[\w.]+\s*:?\s*(?=no older than)"), ""),
    (
        re.compile(r"(?i)\bfreshness\(\s*([\w.]+)\s*\)\s*<=?\s*(\d+(?:\.\d+)?)\s*([a-z]+)\b"),
        r"\1 no older than \2 \3",
    ),
    (re.compile(r"(?i)\b(?:min|max)\(\s*([\w.]+)\s*\)\s*(>=|>|<=|<|=)\s*(-?\d)"), r"\1 \2 \3"),
    (
        re.compile(
            r"(?i)\bvalues\s+in\s*\(\s*([\w.]+)\s*\)\s*must\s+exist\s+in\s+([\w.]+)\s*\(\s*([\w.]+)\s*\)"
        ),
        r"\1 must exist in \2.\3",
    ),
    # "min_value 1 max_value 100" (dbt / GE keyword arguments written inline)
    (
        re.compile(
            r"(?i)(?:\bbetween\s*,?\s*)?\bmin_value\s*[:=]?\s*(-?\d+(?:\.\d+)?)\s*,?\s*(?:and\s+)?max_value\s*[:=]?\s*(-?\d+(?:\.\d+)?)"
        ),
        r"between \1 and \2",
    ),
    (re.compile(r"(?i)\brecency\s*[:(]\s*((?:[^()]|\([^()]*\))*?)\s*\)?\s*$"), _recency),
    (
        # (not "write an expression_is_true test: <prose>": the kind of test, then the rule)
        re.compile(r"(?i)\bexpression_is_true(?!\s+(?:tests?|checks?)\b)\s*[:(]?\s*(?:with\s+)?(?:expression\s*[:=]\s*)?"),
        "custom sql: ",
    ),
]


#: a library's own spelling in the text: backticks around a column are then dropped, the
#: library's syntax names columns plainly ("accepted_range on `x` with ...")
_LIBRARY = re.compile(
    r"(?i)\bdbt\b|\b(?:accepted_range|accepted_values|relationships|unique_combination_of_columns|"
    r"expect_\w+|\w+_count|\w+_percent|satisfies|validvalues|enum|ref)\b|\bvalid\s+(?:min|max|length|values|format|regex)|"
    r"(?-i:\b(?:is|has|contains)[A-Z]\w+)|\bproperty\b|\breferences\s+`"
)

#: library check names -> the English the grammar reads. One table for the spellings of
#: Deequ (``isComplete on x``), Soda, dbt and data contracts (ODCS) written as words with the
#: column after ``on`` / ``for`` / ``of`` (or in brackets); ``{c}`` is the column words.
API_CHECKS: dict[str, str] = {
    "iscomplete": "{c} must not be null",
    "hascompleteness": "{c} must not be null",
    "not_null": "{c} must not be null",
    "notnull": "{c} must not be null",
    "isunique": "{c} must be unique",
    "hasuniqueness": "{c} must be unique",
    "unique": "{c} must be unique",
    "isprimarykey": "{c} must be unique and not null",
    "isnonnegative": "{c} must not be negative",
    "ispositive": "{c} must be greater than 0",
    "containsurl": "{c} must be a valid url",
    "containsemail": "{c} must be a valid email",
    "is_url": "{c} must be a valid url",
    "is_email": "{c} must be a valid email",
}
#: the camelCase spellings (Deequ) of `API_CHECKS`, which may follow their column
_CAMEL_APIS = ("isComplete", "isUnique", "isPrimaryKey", "isNonNegative", "isPositive", "containsURL", "containsEmail")
#: checks whose argument follows as prose after a colon: ``hasMax on amount due: no invoice
#: can exceed 250000`` (one number in the prose is the bound), ``hasPattern on x: <pattern
#: described in words>``
API_PROSE: dict[str, str] = {
    "hasmax": "{c} must be at most {n}",
    "hasmin": "{c} must be at least {n}",
    "haspattern": "{c} must match the pattern {p}",
    "accepted_values": "{c} must be one of {p}",
    "acceptedvalues": "{c} must be one of {p}",
    "validvalues": "{c} must be one of {p}",
    "valid_values": "{c} must be one of {p}",
    "enum": "{c} must be one of {p}",
    "iscontainedin": "{c} must be one of {p}",
}
_API_COL = r"(?:the\s+)?(?:column\s+|field\s+)?(?P<c>`[^`]+`|[A-Za-z_]\w*(?:\.\w+)*(?:\s+[A-Za-z_]\w*){0,3}?)"
#: "hasCompleteness on x should be 1.0", "isUnique(x) == 1": the full-compliance assertion
#: these checks take (anything else is a threshold, an aggregate no check kind says)
_FULL = r"(?P<{g}>\s*(?:,\s*)?(?:(?:should|must)\s+(?:be|equal)|==?|is)\s*(?:1(?:\.0+)?|100\s*%|100\s+percent)(?![\d.]))?"
_FULL1, _FULL2 = _FULL.replace("{g}", "full"), _FULL.replace("{g}", "full2")
#: metrics (a share of rows): a check only when asserted in full ("== 1.0")
_METRIC_APIS = ("hascompleteness", "hasuniqueness")
_API_WORD = re.compile(
    rf"(?i)(?<![\w.])\.?(?P<api>{'|'.join(API_CHECKS)})\s+(?:on|for|of)\s+{_API_COL}{_FULL1}(?=\s*(?:[,;.]|$|\s+and\b))"
    rf"""|(?<![\w.])\.?(?P<api2>{"|".join(API_CHECKS)})\s*\(\s*["'`]?(?P<c2>[A-Za-z_][\w.]*)["'`]?\s*\){_FULL2}"""
)
_API_PROSE = re.compile(
    rf"(?i)(?<![\w.])\.?(?P<api>{'|'.join(API_PROSE)})\s+(?:on|for|of)\s+{_API_COL}\s*:\s*(?P<p>[^;\n]+?)\s*(?=[;\n]|\.?\s*$)"
)
#: "property loyalty_tier: enum [...]", "column payment_method, validValues [...]": a data
#: contract's column line, then its value list
_CONTRACT_VALUES = re.compile(
    r"(?i)\b(?:property|column|field)\s+(?P<c>`[^`]+`|[A-Za-z_]\w*)\s*[:,]\s*(?:[^:\[]*?,\s*)?"
    r"(?:enum|validvalues|valid_values|allowed_values|accepted_values|values)\s*[:=]?\s*(?P<l>\[[^\]]*\])"
)


_EXPRESSION_IS_TRUE = re.compile(
    r"(?i)(?:\b(?:please\s+)?(?:add|create|write|set\s+up|need|want)\s+(?:an?\s+)?(?:dbt\s+)?)?(?:dbt_utils\.)?expression_is_true\s+(?:test\s+)?"
    # "... test on the model, expression: 'a <= b'": where it runs, then its expression
    r"(?:(?:on|for|against)\s+(?:the\s+)?(?:model|table|source|[\w.]+)(?:\s+(?:model|table))?\s*[,:]?\s*)?"
    r"(?:with\s+|using\s+)?(?:(?:the\s+)?expression\s*[:=]?\s*)?(?P<e>'[^']*'|\"[^\"]*\")"
)
_COLUMN_THEN_TEST = re.compile(
    r"(?im)^\s*(?P<c>[A-Za-z_]\w*)\s*:\s*(?:dbt_(?:utils|expectations)\s*\.\s*)?"
    r"(?P<t>expect_\w+|accepted_range|accepted_values)\b\s*,?\s*(?:with\s+)?(?=\w)"
)
_ACCEPTED_WORDS = re.compile(
    r"(?i)(?:\b(?:please\s+)?(?:add|create|write|set\s+up|need|want)\s+(?:an?\s+)?)?(?:\bdbt\s+)?\baccepted_values\s+(?:test\s+)?(?:on|for|of)\s+(?:(?:the\s+)?column\s+)?[`'\"]?(?P<c>[A-Za-z_]\w*)[`'\"]?"
    r"\s*[,:]?\s*(?:with\s+)?(?:values?|value_set)\s*[:=]?\s*(?P<l>\[[^\]]*\])(?:\s*,?\s*quote(?:_values)?\s*[:=]?\s*(?:true|false))?"
)
_API_AFTER = re.compile(
    r"(?<![\w.])(?P<c>(?!(?i:and|or|then|also|the|a|an|on|for|of|is|are|must|should)\b)[A-Za-z_]\w*(?:\s+(?!(?i:and|or)\b)[a-z_]\w*){0,2}?)\s+"
    rf"(?P<api>(?-i:{'|'.join(k for k in _CAMEL_APIS)}))(?=\s*(?:[,;.)]|$|\s+and\b))"
)


_API_REPEAT = re.compile(
    rf"(?i)(?<![\w.])(?P<api>{'|'.join(API_CHECKS)})\s+(?P<on>on|for|of)\s+(?P<a>`[^`]+`|[A-Za-z_][\w.]*)\s+and\s+(?:on|for|of)\s+(?P<b>`[^`]+`|[A-Za-z_][\w.]*)"
)


def _api_word(m: re.Match[str]) -> str:
    api = (m.group("api") or m.group("api2")).lower()
    if api in _METRIC_APIS and not (m.group("full") or m.group("full2")):
        return m.group(0)  # a threshold below 100%: an aggregate, refused downstream
    return API_CHECKS[api].format(c=m.group("c") or m.group("c2"))


def _api_prose(m: re.Match[str]) -> str:
    api, col, prose = m.group("api").lower(), m.group("c"), m.group("p")
    if "{n}" in API_PROSE[api]:
        nums = re.findall(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?(?![\w.])", prose)
        if len(nums) != 1:
            return m.group(0)  # no single bound: left for the grammar (or its error)
        return API_PROSE[api].format(c=col, n=nums[0].replace(",", ""))
    return API_PROSE[api].format(c=col, p=prose)


def call_end(text: str, start: int, brackets: str = "([{") -> int | None:
    """Where a call whose opening bracket ends just before ``start`` closes: the index after
    its closing bracket (quoted text skipped; ``brackets`` are the opening ones counted),
    None when it never closes."""
    closing = brackets.translate(str.maketrans("([{", ")]}"))
    depth, i, quote = 1, start, ""
    while i < len(text) and depth:
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in brackets:
            depth += 1
        elif ch in closing:
            depth -= 1
        i += 1
    return None if depth else i


def split_call_args(body: str) -> list[str]:
    """Top-level arguments of a call (commas inside brackets / quotes kept)."""
    out, depth, quote, cur = [], 0, "", ""
    for ch in body + ",":
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    return [a for a in out if a]


def _split_args(body: str) -> tuple[list[str], dict[str, str]]:
    args: list[str] = []
    kwargs: dict[str, str] = {}
    for item in split_call_args(body):
        m = re.fullmatch(r"(\w+)\s*=\s*(.+)", item, re.S)
        if m:
            kwargs[m.group(1)] = m.group(2).strip()
        else:
            args.append(item)
    return args, kwargs


def _unquote(v: str) -> str:
    return v[1:-1] if len(v) > 1 and v[0] == v[-1] and v[0] in "'\"" else v


#: keyword arguments of a Great Expectations call the rewrite reads (or that do not change
#: which rows pass); any other raises rather than being dropped
_GE_KWARGS = frozenset(
    "column min_value max_value value_set regex mostly strict_min strict_max strictly value column_list "
    "sum_total strftime_format or_equal column_A column_B result_format catch_exceptions meta "
    "include_config notes description row_condition condition_parser ignore_row_if "
    "parse_strings_as_datetimes allow_cross_type_comparisons quote_values like_pattern".split()
)


def _ge_row_condition(cond: str) -> str:
    """A GE ``row_condition`` (pandas / spark / SQL spelling) as SQL: ``country=="US"`` ->
    ``country = 'US'``."""
    cond = _unquote(cond.strip()).replace("''", "'")
    cond = re.sub(r'"([^"]*)"', lambda q: "'" + q.group(1).replace("'", "''") + "'", cond)
    cond = re.sub(r"\bcol\(\s*'(\w+)'\s*\)", r"\1", cond)  # great_expectations__experimental__
    cond = re.sub(r"==", "=", cond)
    cond = re.sub(r"\s*&\s*", " and ", cond)
    return re.sub(r"\s*\|\s*", " or ", cond)


def _expectation(m: re.Match[str]) -> str:
    """A Great Expectations call written out as the English the grammar reads; a
    ``row_condition`` limits it to the rows that meet it ("when <cond>, <check>")."""
    said = _expectation_body(m)
    kw = _split_args(m.group(2))[1]
    if "row_condition" not in kw:
        return said
    if said.startswith("custom sql:"):
        # "expect_column_values_to_be_null(column=c, row_condition='s==\"x\"')": the
        # condition's rows only, as SQL
        return f"custom sql: NOT ({_ge_row_condition(kw['row_condition'])}) OR {said[len('custom sql:'):].strip()}"
    if said == m.group(0):
        raise QualityRequestError(
            f"{m.group(0)[:120]!r}: a row_condition on this expectation is not read; write it "
            "as 'custom sql: NOT (<condition>) OR <requirement>'"
        )
    return f"when {_ge_row_condition(kw['row_condition'])}, {said}"


def _expectation_body(m: re.Match[str]) -> str:
    """A Great Expectations call written out as the English the grammar reads."""
    name, (args, kw) = m.group(1).lower(), _split_args(m.group(2))
    unknown = set(kw) - _GE_KWARGS
    if unknown:
        raise QualityRequestError(
            f"{m.group(0)[:120]!r}: the argument {sorted(unknown)[0]!r} is not one the parser knows; "
            "state the check in words"
        )
    if kw.get("strictly", "").strip().lower() == "true":  # dbt_expectations: both sides strict
        kw.setdefault("strict_min", "True")
        kw.setdefault("strict_max", "True")
    if name.startswith("column_pair_values"):
        # column_A, column_B: by keyword or, as GX's signature allows, by position
        pos = [a for a in args]
        kw.setdefault("column_A", pos.pop(0) if pos else "")
        kw.setdefault("column_B", pos.pop(0) if pos else "")
        args = pos
    col = _unquote(kw.get("column") or (args.pop(0) if args and "column" in name else ""))
    lo = kw.get("min_value", args[0] if args else "None")
    hi = kw.get("max_value", args[1] if len(args) > 1 else "None")
    bounds = " and ".join(
        x
        for x in (f"at least {lo}" if lo != "None" else "", f"at most {hi}" if hi != "None" else "")
        if x
    )
    mostly = kw.get("mostly")
    if mostly is not None and re.fullmatch(r"\s*(?:0?\.\d+|0)\s*", mostly):
        # "mostly=0.98": a share of rows, an aggregate no row check says
        raise QualityRequestError(
            f"{m.group(0)[:120]!r} allows a share of rows to fail (mostly={mostly.strip()}): an "
            "aggregate, no data check kind says it; drop mostly= for a check on every row"
        )
    if re.search(r"not_match|not_contain|not_be_(?:json|dateutil)", name):
        # the opposite of a format ("values must NOT match this regex") is no check kind;
        # read as a match it would keep exactly the bad rows
        raise QualityRequestError(
            f"{m.group(0)[:120]!r} asks that values do NOT match a pattern; no check kind says "
            "that: write it as 'custom sql: NOT regexp_matches(<col>, ...)'"
        )
    extreme = re.match(r"column_(max|min)_to_be_between$", name)
    if extreme:
        # the largest value at most N is every value at most N (and the smallest at least N);
        # the other side bounds an aggregate, no row check says it
        other = "min_value" if extreme.group(1) == "max" else "max_value"
        if kw.get(other, "None").strip() != "None" or (len(args) > (0 if other == "min_value" else 1)):
            raise QualityRequestError(
                f"{m.group(0)[:120]!r} bounds the column's {extreme.group(1)} from the other side: an "
                "aggregate, no row check says it"
            )
    if _GE_AGGREGATE.search(name):
        raise QualityRequestError(
            f"{m.group(0)[:120]!r} is about an aggregate (a mean, median, deviation, sum or "
            "share); no data check kind says it: checks are per row, row counts, freshness or "
            "uniqueness"
        )
    if name.startswith("column_value_lengths_to"):
        if "equal" in name:
            return f"custom sql: LENGTH({col}) = {kw.get('value', args[0] if args else '')}"
        if lo != "None" and hi != "None":
            return f"custom sql: LENGTH({col}) BETWEEN {lo} AND {hi}"
        return f"custom sql: LENGTH({col}) {'>=' if lo != 'None' else '<='} {lo if lo != 'None' else hi}"
    if name in ("column_values_to_be_null",):
        return f"custom sql: {col} IS NULL"
    if name == "multicolumn_sum_to_equal":
        cols = [_unquote(c.strip()) for c in kw.get("column_list", args[0] if args else "").strip("[]()").split(",")]
        total = kw.get("sum_total", args[1] if len(args) > 1 else "")
        return f"custom sql: {' + '.join(cols)} = {total}"
    if name.startswith("table_row_count"):
        if "equal" in name:
            return f"exactly {kw.get('value', args[0] if args else '')} rows"
        if lo != "None" and hi != "None":
            return f"between {lo} and {hi} rows"
        return f"at least {lo} rows" if lo != "None" else f"at most {hi} rows"
    if "not_be_null" in name:
        return f"{col} must not be null"
    if "unique_within_record" in name:
        # the listed columns differ from each other on every row (not a compound key)
        cols = [_unquote(c.strip()) for c in kw.get("column_list", args[0] if args else "").strip("[]()").split(",") if c.strip()]
        if len(cols) < 2:
            return m.group(0)
        pairs = [f"{a} <> {b}" for i, a in enumerate(cols) for b in cols[i + 1 :]]
        return f"custom sql: {' AND '.join(pairs)}"
    if "compound_columns" in name or "multicolumn" in name or "select_column_values" in name:
        cols = [
            _unquote(c.strip())
            for c in kw.get("column_list", args[0] if args else "").strip("[]()").split(",")
        ]
        return f"combination of {' and '.join(cols)} must be unique"
    if "be_unique" in name:
        return f"{col} must be unique"
    if "not_be_in_set" in name:
        # an exclusion: said as such, so the compiler refuses it (no check kind says it)
        return f"{col} must not be one of {kw.get('value_set', args[0] if args else '')}"
    if name == "column_pair_values_to_be_equal":
        return f"custom sql: {_unquote(kw['column_A'])} = {_unquote(kw['column_B'])}"
    if name.startswith("column_pair_values_a_to_be_greater_than_b"):
        a_col, b_col = (_unquote(kw.get(k, "")) for k in ("column_A", "column_B"))
        strict = kw.get("or_equal", "False").strip().lower() != "true"
        return f"{a_col} must be {'greater than' if strict else 'at least'} {b_col}"
    if name == "column_values_to_be_dateutil_parseable":
        # dateutil reads a date (or a date and time) from the text: a valid date
        return f"{col} must be a valid date"
    if "match_strftime_format" in name:
        fmt = _unquote(kw.get("strftime_format", args[0] if args else ""))
        if fmt in ("%Y-%m-%d",):
            return f"{col} must be a valid date"
        return m.group(0)
    if "be_in_set" in name:
        vals = kw.get("value_set", args[0] if args else "").strip()
        if re.fullmatch(r"[\[({].*[\])}]", vals, re.S):
            # a Python / JSON list: its items, booleans as the grammar spells them
            items = [re.sub(r"^(True|False)$", lambda b: b.group(1).lower(), v.strip()) for v in split_call_args(vals[1:-1])]
            return f"{col} must be one of {', '.join(items)}"
        return f"{col} in {vals}"
    if "match_regex" in name:
        return f"{col} must match regex {kw.get('regex', args[0] if args else '')}"
    if name.endswith("to_match_like_pattern") and "not_match" not in name:
        # a SQL LIKE pattern: % is any run of characters, _ any one character
        like = _unquote(kw.get("like_pattern", args[0] if args else ""))
        if not like or "'" in like or "\\" in like or "[" in like:
            return m.group(0)
        body = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) if ch in ".^$*+?{}|()" else ch for ch in like)
        return f"{col} must match regex '^{body}$'"
    if "be_between" in name:
        strict_lo = kw.get("strict_min", "False").strip().lower() == "true"
        strict_hi = kw.get("strict_max", "False").strip().lower() == "true"
        if (strict_lo and lo != "None") or (strict_hi and hi != "None"):
            # a strict side is a comparison, not an inclusive range bound
            sides = []
            if lo != "None":
                sides.append(f"{'more than' if strict_lo else 'at least'} {lo}")
            if hi != "None":
                sides.append(f"{'less than' if strict_hi else 'at most'} {hi}")
            return f"{col} must be {' and '.join(sides)}"
        return (
            f"{col} between {lo} and {hi}" if lo != "None" and hi != "None" else f"{col} {bounds}"
        )
    return m.group(0)


#: expectations on a column's aggregate (not per row)
_GE_AGGREGATE = re.compile(
    r"^column_(?:mean|median|stdev|quantile_values|sum|proportion_of_unique_values|"
    r"unique_value_count|most_common_value|kl_divergence)_|^column_values_to_be_(?:increasing|decreasing)"
)
_GE_CALL = re.compile(r"(?i)\bexpect_(\w+?)\s*\(((?:[^()]|\([^()]*\))*)\)")
#: an expectation written as words with its keyword arguments (value lengths have rules of
#: their own in `_METRICS`): "expect_column_values_to_match_
#: strftime_format on enrolled_on with strftime_format '%Y-%m-%d'", "expect_compound_columns_to_be_
#: unique over ['a', 'b']", "expect_column_values_to_be_between on x, min_value 0, max_value 5,
#: strictly: true": spelled as the call it names, so the call's reader has one set of rules
_GE_ARG_NAMES = (
    r"strftime_format|column_list|min_value|max_value|value_set|regex|mostly|strictly|strict_min|"
    r"strict_max|or_equal|value|column_a|column_b|sum_total"
)
_GE_ARG = rf"(?:{_GE_ARG_NAMES})\s*[:=]?\s*(?:'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\([^()]*\)|-?[\w.%-]+)"
_GE_WORDS = re.compile(
    r"(?i)\bexpect_(?!column_value_lengths_)(?P<name>\w+?)\s+(?:(?:on|for|over|of|across)\s+(?:(?:the\s+)?columns?\s+)?|with\s+column_list\s*[:=]?\s*)"
    r"(?P<col>\[[^\]]*\]|\([^()]*\)|[`'\"]?[A-Za-z_][\w.]*[`'\"]?)"
    rf"(?P<args>(?:\s*,?\s*(?:(?:with|and|using)\s+)?{_GE_ARG})*)"
)


def _ge_words_call(m: re.Match[str]) -> str:
    col, args = m.group("col"), m.group("args")
    listed = col.startswith(("[", "("))
    if not args.strip() and not listed:
        return m.group(0)
    kw = [f"column_list={col}" if listed else f"column={_q_arg(col)}"]
    for a in re.finditer(rf"(?i)(?P<k>{_GE_ARG_NAMES})\s*[:=]?\s*(?P<v>'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\([^()]*\)|-?[\w.%-]+)", args):
        kw.append(f"{a.group('k')}={a.group('v')}")
    return f"expect_{m.group('name')}({', '.join(kw)})"


def _q_arg(col: str) -> str:
    return "'" + col.strip("`'\"") + "'"


def rewrite_metrics(text: str) -> str:
    """Rewrite metric-style checks (``missing_count(x) = 0``, Great Expectations calls)
    into plain requests."""
    if _LIBRARY.search(text):
        text = re.sub(r"`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)`", r"\1", text)
    # "upc: dbt_expectations.expect_column_value_lengths_to_equal, value 12", "amount:
    # dbt_utils.accepted_range, min_value 0": the column heading, then its test in words
    text = _COLUMN_THEN_TEST.sub(r"\g<t> on \g<c> ", text)
    if "expect_" in text.lower():
        text = _GE_WORDS.sub(_ge_words_call, text)
    text = _GE_CALL.sub(_expectation, text)
    # "accepted_values on status with values ['a', 'b']", "accepted_values for x, values [true,
    # false], quote: false": a dbt test in words with its arguments
    if "accepted_values" in text.lower():
        text = _ACCEPTED_WORDS.sub(
            lambda m: f"{m.group('c')} must be one of {', '.join(x.strip() for x in split_call_args(m.group('l')[1:-1]))}",
            text,
        )
    # "dbt_utils.expression_is_true with expression 'a <= b'": the quoted expression is the check
    text = _EXPRESSION_IS_TRUE.sub(lambda m: f"custom sql: {m.group('e')[1:-1]}", text)
    # "voltage between 0 and 480 (isContainedIn)": the library's name for the check just said
    text = re.sub(r"\s*\((?:is|has|contains)[A-Z]\w*\)", "", text)
    # "sensor id isComplete", "price isPositive": the check name after its column
    text = _API_AFTER.sub(lambda m: API_CHECKS[m.group("api").lower()].format(c=m.group("c")), text)
    text = _API_PROSE.sub(_api_prose, text)
    # "isComplete on ticker and on trade_date": the check name again for the second column
    text = _API_REPEAT.sub(r"\g<api> \g<on> \g<a> and \g<api> \g<on> \g<b>", text)
    text = _API_WORD.sub(_api_word, text)
    # a data-contract rule's own keys ("type library, rule validValues, ..."): not columns
    text = re.sub(
        r"(?i)(?:(?<=^)|(?<=:\s)|(?<=,\s))(?:type|rule|dimension|severity|name)\s+[A-Za-z_]\w*\s*,\s*",
        "",
        text,
    )
    text = _CONTRACT_VALUES.sub(lambda m: f"{m.group('c')} must be one of {m.group('l')}", text)
    for rx, rep in _METRICS:
        text = rx.sub(rep, text)  # type: ignore[call-overload]
    if " terms" in text or "that's" in text or "that is" in text:
        # "..., in deequ terms <the same rule>", "-- in deequ that's <call>": the rule again in a
        # library's words (read, and merged with the rule before it)
        text = _IN_LIBRARY_TERMS.sub(r"\g<sep>", text)
    return text


_IN_LIBRARY_TERMS = re.compile(
    r"(?i)(?P<sep>,|;|\s--|\s[\u2014\u2013-])\s*(?:which\s+is\s+|i\.e\.\s+)?(?:in|as)\s+(?:py)?(?:deequ|gx|ge|great\s+expectations|soda(?:cl)?|dbt|monte\s+carlo|mc)"
    r"(?:\s+(?:terms|speak|syntax|lingo))?\s*,?\s*(?:that'?s|that\s+is|this\s+is|it'?s)?\s+"
    r"(?=[\w«»`]+(?:\s+[\w«»`]+)?\s+(?:must|should)\b)"
)
