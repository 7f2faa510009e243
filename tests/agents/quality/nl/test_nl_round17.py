"""Round 17 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _checks(text: str, columns: list[str] | None = None) -> list[tuple[str, list[str], object]]:
    return [
        (c.kind, c.columns, c.pattern or c.condition or c.values or (c.min, c.max))
        for c in parse_request(text, columns, model_id="")
    ]


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
