"""Round 17 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

_COL = st.sampled_from(["voucher_no", "berth_code", "seed_lot", "tram_pin", "kiln_tag", "reef_ref"])


# ------------------------------------------- "<col> is always N digits": a digit-count format
@pytest.mark.parametrize(
    ("text", "columns", "col", "n"),
    [
        ("tram_pin is always 4 digits", None, "tram_pin", 4),
        ("berth codes are always 3 digits", ["berth_code", "dock"], "berth_code", 3),
        ("voucher_no is all 10 digits", None, "voucher_no", 10),
    ],
)
def test_always_n_digits_is_a_digit_format(text: str, columns: list[str] | None, col: str, n: int) -> None:
    (check,) = parse_request(text, columns, model_id="")
    assert check.kind == "format" and check.columns == [col]
    assert check.pattern in (f"^[0-9]{{{n}}}$", f"^\\d{{{n}}}$")


def test_a_value_list_then_and_an_always_digits_rule_gives_both_checks() -> None:
    got = _checks("seat_class should be FIRST, CLUB, COACH or SAVER, and ticket_pin is always 6 digits.")
    assert got[0] == ("accepted_values", ["seat_class"], ["FIRST", "CLUB", "COACH", "SAVER"])
    assert got[1][:2] == ("format", ["ticket_pin"])


@given(col=_COL, n=st.integers(min_value=1, max_value=40))
@settings(max_examples=30, deadline=None)
def test_property_always_n_digits(col: str, n: int) -> None:
    (check,) = parse_request(f"{col} is always {n} digits", model_id="")
    assert check.kind == "format" and check.columns == [col]
    assert str(n) in (check.pattern or "")


# ------------------------------------- a pipeline event before the rules is when, not a condition
@pytest.mark.parametrize(
    "lead",
    [
        "After the nightly ledger import (SAP export): ",
        "When the fleet sync finishes: ",
        "Once each hourly load lands, ",
        "After the weekly snapshot: ",
        "When today's refresh has completed: ",
    ],
)
def test_a_pipeline_event_lead_is_context(lead: str) -> None:
    assert _checks(lead + "kiln_tag must not be null") == [("not_null", ["kiln_tag"], (None, None))]
    got = _checks(lead + "grade in (A1, B2, C3)")
    assert got == [("accepted_values", ["grade"], ["A1", "B2", "C3"])]


@pytest.mark.parametrize(
    "text",
    [
        # a state of the row, not a run of a pipeline: still a condition nobody can read
        "When the parcel arrives, signed_by must not be null",
    ],
)
def test_a_row_event_lead_is_not_dropped(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


@given(col=_COL, noun=st.sampled_from(["import", "sync", "load", "export", "backfill"]))
@settings(max_examples=30, deadline=None)
def test_property_event_lead_keeps_the_rule(col: str, noun: str) -> None:
    assert _checks(f"When the daily {noun} finishes: {col} must be unique") == [("unique", [col], (None, None))]


# --------------------------------- "confirm zero rows where <bad case>": the bad case is stated
@pytest.mark.parametrize(
    "text",
    [
        "confirm zero rows where docked_at is earlier than arrived_at",
        "confirm there are no rows where docked_at < arrived_at",
        "assert zero records where docked_at is before arrived_at",
        "After the harbour import: confirm zero rows where docked_at is earlier than arrived_at",
    ],
)
def test_confirm_zero_rows_where_is_the_opposite_of_the_bad_case(text: str) -> None:
    assert _checks(text) == [("custom_sql", ["docked_at", "arrived_at"], "docked_at >= arrived_at")]


# --------------------------------- "a / b / c combo", "a+b pair": the columns of a compound key
@pytest.mark.parametrize(
    ("text", "cols"),
    [
        ("the berth_code / tram_pin / kiln_tag combo shouldn't repeat", ["berth_code", "tram_pin", "kiln_tag"]),
        ("the sku+store_id pair must be unique", ["sku", "store_id"]),
        ("lot_no/bin_no combination must be unique", ["lot_no", "bin_no"]),
    ],
)
def test_joined_columns_before_a_key_noun_are_a_compound_key(text: str, cols: list[str]) -> None:
    assert _checks(text) == [("unique", cols, (None, None))]


def test_a_key_rule_then_a_comma_and_another_rule_is_two_clauses() -> None:
    got = _checks("sku + store_id together must be unique, qty_on_hand must be positive")
    assert got[0] == ("unique", ["sku", "store_id"], (None, None))
    assert got[1] == ("custom_sql", ["qty_on_hand"], "qty_on_hand > 0")


# ---------------------------- "a/b need to be populated": a presence rule on each joined column
@pytest.mark.parametrize(
    "text",
    [
        "street/city need to be populated",
        "street/city can't be blank",
        "street / city must not be null",
    ],
)
def test_slash_joined_columns_of_a_presence_rule_are_each_checked(text: str) -> None:
    assert _checks(text) == [("not_null", ["street"], (None, None)), ("not_null", ["city"], (None, None))]


def test_slash_joined_columns_with_a_schema() -> None:
    got = _checks("x_pos/y_pos are required", ["id", "x_pos", "y_pos"])
    assert got == [("not_null", ["x_pos"], (None, None)), ("not_null", ["y_pos"], (None, None))]


@given(a=_COL, b=st.sampled_from(["alt_ref", "bay_no", "pen_tag"]))
@settings(max_examples=30, deadline=None)
def test_property_slash_key_combo(a: str, b: str) -> None:
    assert _checks(f"the {a}/{b} combo must be unique") == [("unique", [a, b], (None, None))]


# ------------------------- an ask for checks on a table, then the rules: the ask is context
@pytest.mark.parametrize(
    "ask",
    [
        "can we get a check on the kiln firing table?",
        "could someone add tests for the seed lots dataset?",
        "pls set up a monitor on the reef survey feed.",
    ],
)
def test_an_ask_for_checks_on_a_table_is_context(ask: str) -> None:
    got = _checks(f"{ask} kiln_tag must be unique, and berth_code can't be null.")
    assert got == [("unique", ["kiln_tag"], (None, None)), ("not_null", ["berth_code"], (None, None))]


def test_an_ask_alone_is_still_no_check() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("can we get a check on the kiln firing table?", model_id="")


# ------------------ "N rows each day / per day": the row count of the daily run (not an aggregate)
@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("the kiln log should have more than 40 rows each day and no more than 9000", 41.0, 9000.0),
        ("the tram feed must have at least 300 rows per day", 300.0, None),
        ("alert if fewer than 50 rows or more than 12k", 50.0, 12000.0),
    ],
)
def test_rows_a_day_is_a_row_count(text: str, lo: float | None, hi: float | None) -> None:
    (check,) = parse_request(text, model_id="")
    assert check.kind == "row_count" and (check.min, check.max) == (lo, hi)


@pytest.mark.parametrize("text", ["riders should take at most 5 trips per day", "no more than 3 bookings a day per guest"])
def test_other_counts_a_day_stay_aggregates(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


@given(n=st.integers(min_value=1, max_value=10**6), per=st.sampled_from(["per day", "each day", "every day"]))
@settings(max_examples=30, deadline=None)
def test_property_rows_a_day(n: int, per: str) -> None:
    (check,) = parse_request(f"the table must have at least {n} rows {per}", model_id="")
    assert check.kind == "row_count" and check.min == float(n)


# ------------------ "N rows land / arrive (in a day)": the verb of the rows names no column
@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("alert if fewer than 30 rows arrive or more than 800.", 30.0, 800.0),
        ("alert if fewer than 30 rows land in a day or more than 800", 30.0, 800.0),
        ("warn when fewer than 12 records show up per day", 12.0, None),
    ],
)
def test_rows_that_land_are_a_row_count(text: str, lo: float | None, hi: float | None) -> None:
    (check,) = parse_request(text, model_id="")
    assert check.kind == "row_count" and (check.min, check.max) == (lo, hi)


# ------------------------ "must always be there", "has to be assigned": a value is required
@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("pilot_id must always be there", "pilot_id"),
        ("a reviewer_id has to be assigned", "reviewer_id"),
        ("berth_code needs to be there", "berth_code"),
    ],
)
def test_be_there_and_be_assigned_after_a_modal_are_not_null(text: str, col: str) -> None:
    assert _checks(text) == [("not_null", [col], (None, None))]


@pytest.mark.parametrize(
    "text",
    [
        # a negation or no modal: never the not-null check (its opposite or a guess)
        "pilot_id must not be there",
        "reviewer_id must never be assigned",
        "reviewer_id shouldn't be assigned",
        "alert if reviewer_id is assigned",
        "reviewer_id must be assigned to a team",
    ],
)
def test_be_there_negated_or_without_a_modal_is_refused(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


@given(col=_COL, neg=st.sampled_from(["not ", "never "]), word=st.sampled_from(["there", "assigned"]))
@settings(max_examples=30, deadline=None)
def test_property_negated_presence_is_never_not_null(col: str, neg: str, word: str) -> None:
    try:
        got = parse_request(f"{col} must {neg}be {word}", model_id="")
    except QualityRequestError:
        return
    assert all(c.kind != "not_null" for c in got)


# ----------------------------------- a Slack mention of who is asked is no part of the rule
@pytest.mark.parametrize(
    "text",
    [
        "hey @kiln-ops can we get a check on the firing log table? kiln_tag must be unique",
        "@reef.team kiln_tag must be unique",
        "yo @a-b @c-d: kiln_tag must be unique",
    ],
)
def test_a_leading_mention_is_dropped(text: str) -> None:
    assert _checks(text) == [("unique", ["kiln_tag"], (None, None))]
