"""Round 31c: a strict bound stays strict on a column that is no count.

"cap size under 64 pls, and not less than 48" gave `cap_size_cm between 48 and 63` (development
set 47, as134): "64 pls" was read as a count of "pls", and a count's strict bound is the next
whole number, which rejects 63.5 on a decimal column. Now a counted noun's whole-number bound is
only used for a column that counts it (or for rows); on the subject's own column the bound is the
one said, and "pls" / "plz" at the end of a clause are chat fillers. And "needs to be > 0 and <
40, strict on both ends" was refused: the "to" of "needs to be" was read as an inclusive span.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits

from strands_airflow.agents.quality.nl import parse_request_rules
from strands_airflow.exceptions import QualityRequestError

COLS = ["hat_id", "brim_width_mm", "felt_grade"]


@given(
    st.sampled_from(["under", "less than", "below"]),
    st.sampled_from(["cms", "mms", "bps", "units", "pts"]),
    st.integers(5, 90),
    st.sampled_from([-0.5, -0.25, 0.0, 0.25]),
)
@settings(max_examples=60, deadline=None)
def test_a_strict_bound_with_a_plural_word_after_it_is_the_bound_said(cmp, word, n, delta):
    text = f"brim_width_mm must be {cmp} {n} {word}"
    value = n + delta
    assert admits(text, COLS, {"hat_id": 1, "brim_width_mm": value, "felt_grade": "A"}) == (
        value < n
    ), text


@given(st.sampled_from(["over", "more than", "above"]), st.integers(5, 90), st.sampled_from([0.0, 0.5, 1.0]))
@settings(max_examples=30, deadline=None)
def test_a_strict_lower_bound_with_a_plural_word_is_the_bound_said(cmp, n, delta):
    text = f"brim_width_mm must be {cmp} {n} mms"
    value = n + delta
    assert admits(text, COLS, {"hat_id": 1, "brim_width_mm": value, "felt_grade": "A"}) == (
        value > n
    ), text


@pytest.mark.parametrize("filler", ["pls", "plz"])  # "plz" (no plural) is a guard case
def test_a_chat_filler_after_a_bound_is_no_counted_noun(filler):
    checks = parse_request_rules(f"brim width under 70 {filler}, and not less than 40", COLS)
    assert [c.describe() for c in checks] == ["custom sql: brim_width_mm >= 40 AND brim_width_mm < 70"]


def test_a_count_of_a_counted_column_still_takes_the_next_whole_number():
    # guard (passes before): "more than 3 open carts" on a column counting them is <= 3
    (check,) = parse_request_rules(
        "no customer may have more than 3 open carts", ["customer_id", "open_carts"]
    )
    assert check.kind == "range" and check.columns == ["open_carts"] and check.max == 3


def test_strict_on_both_ends_after_needs_to_be_reads_both_strict_bounds():
    (check,) = parse_request_rules("humidity needs to be > 10 and < 80, strict on both ends", None)
    assert check.condition == "humidity > 10 AND humidity < 80"
    # guard (passes before): after an inclusive span the remark changes the rule: refused
    with pytest.raises(Exception, match="strict on both ends"):
        parse_request_rules("humidity needs to be 10 to 80, strict on both ends", None)


# ------------- rows named first, then a verdict: the rows are the bad case (never the rule)
@given(
    st.sampled_from(["rows where", "records with", "any rows where"]),
    st.sampled_from(
        [("is below", lambda x, n: x < n), ("is above", lambda x, n: x > n), ("<", lambda x, n: x < n)]
    ),
    st.sampled_from([" \u2014 alert on any", ", flag them", ": alert", " -- those are bad", "; fail"]),
    st.integers(-20, 60),
    st.integers(-30, 70),
)
@settings(max_examples=60, deadline=None)
def test_rows_named_then_a_verdict_are_the_bad_case(lead, cmp, verdict, n, x):
    word, bad = cmp
    text = f"{lead} queue_secs {word} {n}{verdict}"
    assert admits(text, ["queue_secs"], {"queue_secs": x}) == (not bad(x, n)), text


@pytest.mark.parametrize(
    "text",
    [
        "rows where queue_secs < 0",
        "rows where queue_secs < 0 \u2014 weekend batches are fine though",
        "records where queue_secs > 900 \u2014 ignore the replay runs",
    ],
)
def test_rows_named_with_nothing_said_of_them_are_refused(text):
    # each was read as the rows' condition for the rule (or, after a dash, as "0 minus ...")
    with pytest.raises(QualityRequestError, match="names rows"):
        parse_request_rules(text, ["queue_secs"])


def test_a_rule_about_named_rows_still_reads():
    # guard (passes before): a modal makes it a rule about those rows
    (check,) = parse_request_rules(
        "rows where status is 'HELD' must have a hold_reason", ["status", "hold_reason"]
    )
    assert check.condition == "NOT coalesce(status = 'HELD', FALSE) OR hold_reason IS NOT NULL"
