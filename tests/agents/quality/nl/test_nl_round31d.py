"""Round 31d: a column said NOT to be unique, and a distinct count, are no uniqueness checks.

"tag_no is not unique" was `tag_no must be unique`, the opposite (found by a helper in round
31b): the uniqueness words were read and the negation before them was not. A column said not
to be unique may repeat: no check says that (a permission, said back as context). And "count
distinct tag_no must not be 0" was `tag_no must be unique` and `tag_no between 0 and 0`: a
distinct count is a metric over the rows, refused like "the number of distinct ...".
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request_rules
from strands_airflow.exceptions import QualityRequestError

COLS = ["kiln_id", "batch_code", "fired_at"]


@given(
    st.sampled_from(["batch_code", "the batch code"]),
    st.sampled_from(
        [
            "is not unique",
            "isn't unique",
            "is non-unique",
            "is not necessarily unique",
            "should not be unique",
            "is no longer unique",
            "aren't distinct",
        ]
    ),
)
@settings(max_examples=30, deadline=None)
def test_a_column_said_not_to_be_unique_never_becomes_a_uniqueness_check(subject, said):
    text = f"{subject} {said}"
    try:
        checks = parse_request_rules(text, COLS)
    except QualityRequestError:
        return
    assert not any(c.kind == "unique" for c in checks), (text, [c.describe() for c in checks])


def test_not_unique_beside_a_rule_is_context_and_the_rule_stays():
    checks = parse_request_rules("kiln_id must not be null; batch_code is not unique", COLS)
    assert [c.describe() for c in checks] == ["kiln_id must not be null"]


@pytest.mark.parametrize(
    "text",
    [
        "batch_code must be unique",
        "no duplicate batch_code",
        "batch_code values should be distinct",
        "batch_code must not be duplicated",
    ],
)
def test_uniqueness_said_plainly_still_reads(text):
    # guards (pass before): the words that ask for uniqueness
    (check,) = parse_request_rules(text, COLS)
    assert check.kind == "unique" and check.columns == ["batch_code"]


@pytest.mark.parametrize(
    "text",
    [
        "count distinct batch_code must not be 0",
        "the distinct count of batch_code must be over 5",
        "distinct batch_code count must be at least 10",
        "unique count of batch_code must be 40",
    ],
)
def test_a_distinct_count_is_an_aggregate_and_refused(text):
    with pytest.raises(QualityRequestError, match="aggregate"):
        parse_request_rules(text, COLS)
