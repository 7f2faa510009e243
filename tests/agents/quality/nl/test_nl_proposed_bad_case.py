"""A question that proposes an action on some rows ("can we flag inspections where x is above 9?",
"is there any way to alert on orders with x over 9?") states the bad case, like the action
asked for without a question (blind set 19's one inversion at first sight read the selected
rows as the rule: `x > 9`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import passes

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

LEAD_INS = [
    "can we",
    "could you",
    "could someone",
    "should we",
    "hey, can we",
    "is there any way to",
    "is there a way to",
    "any way to",
    "is it possible to",
    "how do we",
]
ACTIONS = ["flag", "alert on", "warn about", "flag any", "raise an alert for"]
NOUNS = ["inspections", "shipments", "rows", "loads", "tickets"]
SELECTS = [
    "where {c} is above {n}",
    "where {c} > {n}",
    "with {c} above {n}",
    "with {c} over {n}",
    "whose {c} is more than {n}",
    "that have {c} greater than {n}",
]


@settings(max_examples=200, deadline=None)
@given(
    lead=st.sampled_from(LEAD_INS),
    action=st.sampled_from(ACTIONS),
    noun=st.sampled_from(NOUNS),
    select=st.sampled_from(SELECTS),
    col=st.sampled_from(["mite_count", "weight_kg", "wait_minutes"]),
    n=st.integers(1, 500),
    mark=st.sampled_from(["?", "", " ?"]),
)
def test_the_rows_a_proposed_action_selects_are_the_bad_case(
    lead, action, noun, select, col, n, mark
):
    text = f"{lead} {action} {noun} {select.format(c=col, n=n)}{mark}"
    try:
        checks = parse_request(text, columns=[col, "id", "created_at"])
    except QualityRequestError:
        return  # refusing is allowed; a check that admits the bad rows is not
    assert len(checks) == 1, (text, checks)
    check = checks[0]
    assert check.columns == [col]
    # the selected rows (col > n) fail; the others pass
    assert not passes(check, col, n + 1), (text, check)
    assert passes(check, col, n) and passes(check, col, n - 1), (text, check)


@pytest.mark.parametrize(
    "text",
    [
        "hey is there any way to flag hives where the mite count is above 9? that's treatment territory",
        "can we flag shipments with weight_kg over 40?",
        "is it possible to alert on loads where wait_minutes > 30",
    ],
)
def test_the_proposed_action_reads_as_its_bad_case(text):
    checks = parse_request(text, columns=["mite_count", "weight_kg", "wait_minutes", "id"])
    assert len(checks) == 1 and checks[0].kind == "range" and checks[0].min is None


def test_a_question_about_a_distinct_count_is_refused_not_a_key():
    """'the number of distinct users per day drops' is a metric over time, not a uniqueness
    rule on (number, day): it gave 'the combination of number and day must be unique'."""
    for text in (
        "is there a way to alert if the number of distinct users per day drops?",
        "alert when the count of unique sessions per hour falls",
    ):
        with pytest.raises(QualityRequestError, match="aggregate"):
            parse_request(text)


def test_a_question_that_asks_about_the_checks_stays_a_question():
    with pytest.raises(QualityRequestError):
        parse_request("is there a check on weight_kg already?", columns=["weight_kg", "id"])
