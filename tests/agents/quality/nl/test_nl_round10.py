"""Round 10 classes (wrong checks on development set 12, turned into the right check or an
error): each test uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------------------ GX 1.x add_expectation, one a line
def test_gx1_add_expectation_lines_are_each_the_expectation_they_wrap() -> None:
    code = (
        'my_suite.add_expectation(gx.expectations.ExpectColumnValuesToBeUnique(column="order_ref"))\n'
        'my_suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(column="qty", min_value=1, max_value=9));\n'
        'my_suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column="tier", value_set=["gold", "silver"]))'
    )
    assert _said(code) == ["order_ref must be unique", "qty must be between 1 and 9", "tier must be one of 'gold', 'silver'"]


# ------------------------------------------------------------------ a "+" key with "repeat"
@pytest.mark.parametrize(
    "text",
    ["shop_id + day must not repeat", "shop_id + day should never repeat", "shop_id + day may not be repeated"],
)
def test_a_plus_key_that_must_not_repeat_keeps_every_column(text: str) -> None:
    assert _said(text) == ["the combination of shop_id and day must be unique"]


def test_a_plus_key_after_another_rule_keeps_both() -> None:
    assert _said("qty at least 1, and shop_id + day must not repeat") == [
        "qty must be at least 1",
        "the combination of shop_id and day must be unique",
    ]


# ------------------------------------------------------------------ a table / file / monitor name is no column
@pytest.mark.parametrize(
    "text",
    [
        "In the soda file for fleet_gps, speed_kmh must be at most 250",
        "in our yaml for fleet_gps, speed_kmh must be at most 250",
        "For fleet_gps, speed_kmh must be at most 250",
        "for telemetry.fleet_gps, speed_kmh should be at most 250",
    ],
)
def test_the_table_before_a_rule_is_no_column(text: str) -> None:
    assert _said(text) == ["speed_kmh must be at most 250"]


@pytest.mark.parametrize(
    "text",
    [
        "Please set up a freshness monitor for ops.shift_roster, threshold 6 hours",
        "set up a volume monitor for ops.shift_roster",
        "Set up a monitor for ops.shift_roster.",
    ],
)
def test_set_up_a_monitor_for_a_table_is_no_presence_rule(text: str) -> None:
    # "set up" is no "is set": with no time column named, a freshness monitor cannot be read
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


def test_set_still_means_filled_in() -> None:
    assert _said("voucher_code must be set") == ["voucher_code must not be null"]


# ------------------------------------------------------------------ row-count phrases
@pytest.mark.parametrize(
    "text, said",
    [
        ("row count (overall) under 2,500 -> page", "the table must have at least 2500 rows"),
        ("record count under 2,500 -> page", "the table must have at least 2500 rows"),
        ("the row count (in total) of web.sessions must be at least 70", "the table must have at least 70 rows"),
        ("the row count for the weekly extract of `ledger_lines` must be exactly 90", "the table must have between 90 and 90 rows"),
        ("the number of rows in the newest partition of web.sessions should be at least 8", "the table must have at least 8 rows"),
        ("alert if the record count of web.sessions drops under 300", "the table must have at least 300 rows"),
        ("page me when the row count of web.sessions exceeds 9000", "the table must have at most 9000 rows"),
    ],
)
def test_a_row_count_phrase_is_a_row_count(text: str, said: str) -> None:
    assert _said(text) == [said]


# ------------------------------------------------------------------ inclusive "at or under"
@pytest.mark.parametrize(
    "text, said",
    [
        ("wait_secs must stay at or under 30", "wait_secs must be at most 30"),
        ("wait_secs should be at or below 30", "wait_secs must be at most 30"),
        ("make sure seat_count is at or above 2", "seat_count must be at least 2"),
    ],
)
def test_at_or_under_is_inclusive(text: str, said: str) -> None:
    assert _said(text) == [said]


# ------------------------------------------------------------------ a bracketed reference, then another rule
def test_a_bracketed_reference_keeps_its_table_before_another_rule() -> None:
    assert _said(
        "the store on each receipt must be present in the store list (ref_stores.store_id); tip_amt at least 0",
        ["receipt_id", "store_id", "tip_amt"],
    ) == ["every store_id must exist in ref_stores.store_id", "tip_amt must be at least 0"]


# ------------------------------------------------------------------ a heading that says when checks run
def test_checks_after_a_load_is_a_heading() -> None:
    assert _said("Checks after the monthly billing load: region_code must not be null; margin_pct at least 0") == [
        "margin_pct must be at least 0",
        "region_code must not be null",
    ]


# ------------------------------------------------------------------ a bound is never dropped as context
def test_a_part_with_a_bound_on_an_unknown_name_raises() -> None:
    with pytest.raises(QualityRequestError, match="grade level"):
        parse_request(
            "qty between 1 and 9, grade level from 0 to 4, and sku unique.",
            ["sku", "qty", "fee_cents"],
            model_id="",
        )


# ------------------------------------------------------------------ "also x" after a rule
@pytest.mark.parametrize("tail", ["also recv_zip", "same for recv_zip", "recv_zip too", "ditto for recv_zip"])
def test_also_a_column_is_the_last_rule_on_it(tail: str) -> None:
    assert _said(f"send_zip must be 5 digits. {tail}") == [
        "recv_zip must match regex '^[0-9]{5}$'",
        "send_zip must match regex '^[0-9]{5}$'",
    ]


@pytest.mark.parametrize("text", ["also recv_zip", "qty must be positive and sku unique. also recv_zip"])
def test_also_a_column_with_no_single_rule_before_raises(text: str) -> None:
    with pytest.raises(QualityRequestError, match="recv_zip"):
        parse_request(text, model_id="")


# ------------------------------------------------------------------ bad rows outside a range
def test_bad_rows_not_between_two_numbers_are_the_range() -> None:
    assert _said("SELECT COUNT(*) FROM clinic.vitals WHERE pulse_bpm NOT BETWEEN 20 AND 250;\n-- page if result > 0") == [
        "pulse_bpm must be between 20 and 250"
    ]


# ------------------------------------------------------------------ a sum is no column
@pytest.mark.parametrize(
    "text",
    ["base_fee + surcharge must be at most 50", "base_fee + surcharge should equal total_fee", "the base_fee + surcharge is over 0"],
)
def test_a_sum_of_columns_as_a_subject_raises(text: str) -> None:
    with pytest.raises(QualityRequestError, match="sum"):
        parse_request(text, model_id="")


def test_a_sum_in_custom_sql_is_still_read() -> None:
    assert _said("custom sql: base_fee + surcharge <= 50") == ["custom sql: base_fee + surcharge <= 50"]
