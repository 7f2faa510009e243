"""Round 28 (Jira, emails, runbooks, Monte Carlo and configs) classes, read as general rules:
each test uses sentences of its own, in domains of its own, never a corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)


# ------------- class 1: a question that quotes the rule it asks about reads the quoted rule
@given(
    st.sampled_from(
        [
            "is there a GX expectation for",
            "Is there a built-in Soda check for",
            "does dbt have a test for",
            "does Great Expectations have something for",
            "which Deequ check should I use for",
            "what monitor fits",
            "is there a way to say",
        ]
    ),
    st.sampled_from(['"', "\u201c"]),
)
@settings(max_examples=30, deadline=None)
def test_a_question_quoting_a_rule_reads_the_rule(ask, quote):
    close = '"' if quote == '"' else "\u201d"
    text = f"{ask} {quote}tide_height_m has to be between -2 and 9{close}?"
    assert checks(text) == [("range", ["tide_height_m"], (-2, 9))]


def test_a_quoted_rule_is_never_lost_beside_the_rest_of_the_message():
    text = 'hey does Soda have something for "hull_no is never empty"? and draft_m over 12 shouldn\'t be in the table at all'
    got = checks(text, ["hull_no", "draft_m", "berth_id"])
    assert ("not_null", ["hull_no"], (None, None)) in got
    assert ("range", ["draft_m"], (None, 12)) in got
    assert len(got) == 2


def test_a_quoted_rule_that_is_not_understood_still_raises():
    with pytest.raises(QualityRequestError):
        checks('is there a GX expectation for "the berths feel about right"?', ["berth_id", "draft_m"])
