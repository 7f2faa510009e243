"""The parser's guarded regular expressions answer exactly like `re`, only sooner."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import fastre


def test_the_needles_are_literals_every_match_contains():
    assert fastre.needles(r"\bshan't\b|\bwon't\b") == (frozenset({"shan't", "won't"}), False)
    assert fastre.needles(r"[a-z]+ed\b") == (frozenset({"ed"}), False)
    assert fastre.needles(r"(?:the )?negative (?:value )?of ") == (frozenset({"negative "}), False)
    assert fastre.needles(r"(\d)\s*\.\.\s*(-?\d)") == (frozenset({".."}), False)
    assert fastre.needles(r"(?:ab){2,}x?") == (frozenset({"ab"}), False)


def test_a_pattern_that_can_match_without_a_literal_has_no_needles():
    for pattern in (r"\s+", r"x*", r"(?:ab)?", r"a|\d", r"(?:ab){0,3}", r"^"):
        assert fastre.needles(pattern)[0] is None, pattern


def test_case_insensitive_needles_are_lower_case_and_compared_with_the_lower_cased_text():
    assert fastre.needles(r"(?i)Subject:") == (frozenset({"subject:"}), True)
    # a scoped (?i:...) group makes every needle compare lower-cased
    needles, ic = fastre.needles(r"^(?:(?i:jira|ticket)\b:|[A-Z]+-\d+)")
    assert ic and needles == frozenset({"jira", "ticket", "-"})
    rx = fastre.compile(r"^(?:(?i:jira|ticket)\b:|[A-Z]+-\d+)")
    assert rx.search("Ticket: fix it") and rx.search("ABC-12 fix") and not rx.search("fix it")
    # non-ASCII text is always searched (lower() is not a plain case fold there)
    assert fastre.compile(r"(?i)strasse").search("STRASSE \u00e9") is not None


def test_a_guarded_pattern_keeps_the_pattern_api_and_matches_refer_to_the_real_pattern():
    rx = fastre.compile(r"(?P<col>\w+) must not be null")
    assert rx.pattern == r"(?P<col>\w+) must not be null" and rx.groupindex == {"col": 1}
    m = rx.search("email must not be null")
    assert m is not None and m.group("col") == "email"
    # Match.re is the compiled re pattern: compare patterns, not objects, with a guarded one
    assert m.re.pattern == rx.pattern and m.re is not rx
    assert fastre.compile(rx) is rx
    assert fastre.sub(rx, "x", "email must not be null") == "x"


_ATOMS = st.sampled_from(
    [
        "a",
        "b",
        "ab",
        "ba",
        "'",
        "-",
        "\\d",
        "[ab]",
        ".",
        "\\b",
        "\\s",
        "A",
        "\u00e9",
        "(?=a)",
        "(?<!b)",
    ]
)


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            inner.map(lambda p: f"(?:{p})?"),
            inner.map(lambda p: f"(?:{p})*"),
            inner.map(lambda p: f"(?:{p})+"),
            inner.map(lambda p: f"(?:{p}){{2,3}}"),
            inner.map(lambda p: f"(?i:{p})"),
            inner.map(lambda p: f"({p})"),
        )

    return st.recursive(_ATOMS, extend, max_leaves=6)


@settings(max_examples=400, deadline=None)
@given(
    pattern=_patterns(),
    flags=st.sampled_from([0, re.IGNORECASE]),
    text=st.text(alphabet="abAB'- 1\u00e9\u0130", max_size=12),
)
def test_every_answer_is_the_one_re_gives(pattern, flags, text):
    real = re.compile(pattern, flags)
    ours = fastre.compile(pattern, flags)

    def span(m: re.Match[str] | None) -> tuple[int, int] | None:
        return None if m is None else m.span()

    assert span(ours.search(text)) == span(real.search(text))
    assert span(ours.match(text)) == span(real.match(text))
    assert span(ours.fullmatch(text)) == span(real.fullmatch(text))
    assert ours.sub("<>", text) == real.sub("<>", text)
    assert ours.subn("<>", text, 1) == real.subn("<>", text, 1)
    assert ours.findall(text) == real.findall(text)
    assert ours.split(text) == real.split(text)
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in real.finditer(text)]
