"""Pattern descriptions in words compile to the anchored regex they say: units (count x case x
class, or a literal) in any number and order, joined by commas / "followed by" / "then"; and
shape examples ("12-34-56", "NNN-NN-NNNN")."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

COLUMNS = ["code", "name"]
# (english, regex atom, a value it admits)
CLASSES = [
    ("uppercase letter", "[A-Z]", "Q"),
    ("lowercase letter", "[a-z]", "q"),
    ("digit", r"\d", "7"),
    ("lowercase hex character", "[0-9a-f]", "c"),
    ("uppercase alphanumeric character", "[A-Z0-9]", "Z"),
]
COUNTS = [("a", "", 1), ("one", "", 1), ("two", "{2}", 2), ("3", "{3}", 3), ("exactly 4", "{4}", 4),
          ("one or two", "{1,2}", 2), ("2 to 4", "{2,4}", 3)]  # fmt: skip
LITERALS = [("a dash", "-", "-"), ("a slash", "/", "/"), ("an X", "X", "X"), ("a dot", r"\.", ".")]
SEPS = [", ", " followed by ", ", then ", " then "]


@st.composite
def units(draw):
    out = []
    for i in range(draw(st.integers(1, 4))):
        if i and draw(st.booleans()):
            out.append(draw(st.sampled_from(LITERALS)))
        word, atom, sample = draw(st.sampled_from(CLASSES))
        count, quant, n = draw(st.sampled_from(COUNTS))
        plural = "" if n == 1 and count in ("a", "one") else "s"
        article = count if not (count == "a" and word[0] in "aeiou") else "an"
        out.append((f"{article} {word}{plural}", atom + quant, sample * n))
    return out


@settings(max_examples=80, deadline=None)
@given(
    units(),
    st.sampled_from(SEPS),
    st.sampled_from(["code must be ", "code has to be ", "code is "]),
)
def test_a_description_compiles_to_the_regex_it_says(parts, sep, lead):
    text = lead + sep.join(p[0] for p in parts)
    pattern = "^" + "".join(p[1] for p in parts) + "$"
    if re.fullmatch(r"\^\\d(\{\d+\})?\$", pattern):
        return  # one plain digit count: the older "N digits" rule reads it (same meaning)
    (c,) = parse_request(text, COLUMNS)
    assert (c.kind, c.format, c.columns) == ("format", "regex", ["code"])
    assert c.pattern == pattern
    assert re.fullmatch(c.pattern, "".join(p[2] for p in parts))


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("code is always in the form 12-34-56", r"^\d{2}-\d{2}-\d{2}$"),
        ("code must follow the NNN-NN-NNNN layout with digits", r"^\d{3}-\d{2}-\d{4}$"),
        ("code must be in the format 1234/56", r"^\d{4}/\d{2}$"),
        ("code: an S, two digits, an E, two digits, nothing else", r"^S\d{2}E\d{2}$"),
        ("code must be an uppercase letter followed by one or two digits (like B7 or C12)",
         r"^[A-Z]\d{1,2}$"),
    ],
)  # fmt: skip
def test_shapes_and_spelled_patterns(text, pattern):
    (c,) = parse_request(text, COLUMNS)
    assert (c.kind, c.pattern) == ("format", pattern)


@pytest.mark.parametrize(
    "text", ["code must be a number", "name must be one of a, b", "code must be between 1 and 12"]
)
def test_no_pattern_where_none_is_described(text):
    try:
        checks = parse_request(text, COLUMNS)
    except QualityRequestError:
        return  # "must be a number" is a type, not a data check: refused, never a pattern
    assert all(c.format != "regex" for c in checks)


@pytest.mark.parametrize("fmt", ["uuid", "url", "email"])
@pytest.mark.parametrize(
    "form",
    [
        "name must not be a malformed {f}",
        "name may never be an invalid {f}",
        "name must contain a {f} in every row",
        "Field health monitor on `name`: none of the values may be a malformed {f}",
        "name must be a valid {f} on each record",
    ],
)
def test_a_negated_bad_format_is_the_valid_format(fmt, form):
    (c,) = parse_request(form.format(f=fmt.upper() if fmt == "uuid" else fmt), COLUMNS)
    assert (c.kind, c.columns, c.format) == ("format", ["name"], fmt)
