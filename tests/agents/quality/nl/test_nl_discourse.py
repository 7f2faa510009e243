"""Directive vs context: narrative, facts and motivation around a request are listed as
context and never change its checks; a directive that is not understood still raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request, parse_request_detailed
from strands_airflow.agents.quality.nl.discourse import is_context, is_directive
from strands_airflow.exceptions import QualityRequestError

COLUMNS = ["order_id", "order_total", "region", "created_at"]
DIRECTIVES = [
    "order_total must not be negative",
    "order_id must be unique",
    "region should be one of 'EMEA', 'APAC'",
    "created_at can't be null",
]
# what happened, facts about the data, motivation, sign-offs: no check in any of them
CONTEXT = [
    "finance keeps complaining",
    "saw some junk sneak in yesterday",
    "A handful came through blank last month",
    "The dataset is delivered hourly",
    "region is classified as internal",
    "order_total is stored in euros",
    "Thanks, Priya",
    "we had a bad load last week",
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(DIRECTIVES),
    st.lists(st.sampled_from(CONTEXT), min_size=1, max_size=2),
    st.booleans(),
    st.sampled_from([". ", "; ", "? "]),
)
def test_context_never_changes_the_checks(directive, remarks, before, sep):
    alone = parse_request(directive, COLUMNS)
    parts = [*remarks, directive] if before else [directive, *remarks]
    parsed = parse_request_detailed(sep.join(parts), COLUMNS)
    assert parsed.checks == alone
    assert len(parsed.context) >= len(remarks)
    assert not parsed.ignored


@pytest.mark.parametrize("remark", CONTEXT)
def test_context_alone_is_no_check(remark):
    assert is_context(remark)
    with pytest.raises(QualityRequestError, match="could not read any data check"):
        parse_request(remark, COLUMNS)


@pytest.mark.parametrize(
    "directive",
    [
        "order_total must be frobnicated",  # a modal: asked for, not understood -> raises
        "make it snappy",  # imperative
        "ensure the widgets are shiny",
        "order_total should never wobble",
    ],
)
def test_a_directive_not_understood_still_raises(directive):
    assert is_directive(directive)
    with pytest.raises(QualityRequestError):
        parse_request(f"order_id must be unique. {directive}", COLUMNS)


def test_a_trailing_remark_after_a_comma_is_context():
    parsed = parse_request_detailed(
        "nobody should have an order_total above 100k, thats a bug if so", COLUMNS
    )
    assert [c.kind for c in parsed.checks] == ["range"] and parsed.checks[0].max == 100_000
    assert any("bug if so" in c for c in parsed.context)


def test_enumerations_and_remarks_joined_by_and():
    cols = ["order_id", "status", "order_total", "customer_id", "discount_pct"]
    got = parse_request(
        "Acceptance criteria: (1) order_id is unique (2) status is never empty "
        "(3) order_total is non-negative",
        cols,
    )
    assert [(c.kind, c.columns) for c in got] == [
        ("unique", ["order_id"]),
        ("not_null", ["status"]),
        ("range", ["order_total"]),
    ]
    got = parse_request("Every order must have a status and a customer_id.", cols)
    assert sorted(c.columns[0] for c in got) == ["customer_id", "status"]
    (c,) = parse_request(
        "The discount_pct field is expressed as a percentage and should be between 0 and 100.",
        cols,
    )
    assert (c.kind, c.columns, c.min, c.max) == ("range", ["discount_pct"], 0, 100)
