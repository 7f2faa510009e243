"""A bound that is a multiple of another column ("dry_weight_g at most 0.2 times fresh_weight_g",
"never more than twice the deposit", "under 3x base_fee"). Read as a number, the column was
dropped ("LE 0.2" became `dry_weight_g <= 0.2`) or the factor was ("at most twice y" became
`x <= y`); with a stated bad case, the factor's number was negated once as a bound and once more
with the column comparison (the bad case kept). Each sentence's checks run in DuckDB on the row.
"""

from __future__ import annotations

import operator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits

from strands_airflow.agents.quality.nl import parse_request_rules
from strands_airflow.exceptions import QualityRequestError

COLS = ["batch_id", "dry_weight_g", "fresh_weight_g"]
# comparator words -> what the rule admits (the row passes when it holds)
RULE = {
    "at most": operator.le,
    "no more than": operator.le,
    "under": operator.lt,
    "less than": operator.lt,
    "at least": operator.ge,
    "more than": operator.gt,
    "over": operator.gt,
}
FACTOR = {
    "0.2 times": 0.2,
    "0.25 *": 0.25,
    "3 times": 3.0,
    "3x": 3.0,
    "twice": 2.0,
    "double": 2.0,
    "half of": 0.5,
    "1.5 times": 1.5,
}


@given(
    st.sampled_from(sorted(RULE)),
    st.sampled_from(sorted(FACTOR)),
    st.sampled_from(["must be", "should be", "must never be", "can't be", "fail if it is"]),
    st.sampled_from(["fresh_weight_g", "the fresh weight"]),
    st.integers(0, 400),
    st.integers(1, 400),
)
@settings(max_examples=120, deadline=None)
def test_a_multiple_of_a_column_is_compared_with_that_column(cmp, factor, frame, rhs, dry, fresh):
    if frame == "fail if it is":
        text = f"fail if dry_weight_g is {cmp} {factor} {rhs}"
        want_pass = not RULE[cmp](dry, FACTOR[factor] * fresh)
    else:
        text = f"dry_weight_g {frame} {cmp} {factor} {rhs}"
        holds = RULE[cmp](dry, FACTOR[factor] * fresh)
        want_pass = holds if frame in ("must be", "should be") else not holds
    row = {"batch_id": 1, "dry_weight_g": dry, "fresh_weight_g": fresh}
    assert admits(text, COLS, row) == want_pass, text


@pytest.mark.parametrize(
    "text, condition",
    [
        ("dry_weight_g must be at most 0.2 times fresh_weight_g", "dry_weight_g <= 0.2 * fresh_weight_g"),
        ("dry_weight_g should be at most twice fresh_weight_g", "dry_weight_g <= 2 * fresh_weight_g"),
        ("alert when dry_weight_g exceeds 0.2 times fresh_weight_g", "dry_weight_g <= 0.2 * fresh_weight_g"),
        ("dry_weight_g must be less than fresh_weight_g * 0.25", "dry_weight_g < fresh_weight_g * 0.25"),
    ],
)
def test_the_check_reads_both_columns_and_says_the_factor(text, condition):
    (check,) = parse_request_rules(text, COLS)
    assert check.kind == "custom_sql" and check.condition == condition
    assert check.columns == ["dry_weight_g", "fresh_weight_g"]


def test_a_factor_of_no_column_is_an_error_naming_the_words():
    with pytest.raises(QualityRequestError, match="moon"):
        parse_request_rules("dry_weight_g must be at most 0.2 times the moon", COLS)


def test_a_number_of_times_that_is_a_frequency_is_no_column_multiple():
    # "3 times a day" is how often, never `x <= 3 * a`
    with pytest.raises(QualityRequestError):
        parse_request_rules("dry_weight_g is weighed at most 3 times a day", COLS)
    # a plain decimal bound stays a bound
    (check,) = parse_request_rules("dry_weight_g must be at most 0.25", COLS)
    assert check.kind == "range" and check.max == 0.25


def test_a_span_of_shares_of_another_column_is_refused_not_read_as_bounds():
    # "within 90% to 120% of the label claim" was `assay_protein_g between 90 and 120`
    with pytest.raises(QualityRequestError, match="could not read"):
        parse_request_rules(
            "The assayed protein (assay_protein_g) must be within 90% to 120% of the label claim "
            "(label_protein_g).",
            ["assay_protein_g", "label_protein_g"],
        )


def test_one_of_a_span_of_codes_never_falls_to_the_conditions_column():
    # "the defect code must be one of 01-05 when bad_order_flag is set" was a range 1..5 on
    # bad_order_flag (the condition's column; development set 18, w110); the codes are read, or
    # the request refused
    cols = ["car_id", "bad_order_flag", "defect_code"]
    try:
        got = parse_request_rules(
            "RAIL-902: bad-order cars — the defect code must be one of 01–05 when bad_order_flag is set.",
            cols,
        )
    except QualityRequestError:
        return
    assert all("defect_code" in c.columns for c in got), [c.describe() for c in got]
