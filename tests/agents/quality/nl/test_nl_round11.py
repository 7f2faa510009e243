"""Round 11 classes (refusals on prose the parser could not place, read as general rules):
each test uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.agents.quality.nl.columns import ColumnResolver
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------------------ descriptive column words
@pytest.mark.parametrize(
    ("columns", "words", "column"),
    [
        (["box_id", "dept_abbrev", "weight_g"], "department abbreviation", "dept_abbrev"),
        (["box_id", "packed_on", "weight_g"], "pack date", "packed_on"),
        (["user_id", "renewed_at", "plan"], "renew time", "renewed_at"),
        (["user_id", "registered_on", "deactivated_on"], "deactivation date", "deactivated_on"),
        (["ride_id", "trip_length_min", "fare"], "trip length in minutes", "trip_length_min"),
        (["book_id", "pages", "title"], "pages count", "pages"),
        (["loan_id", "dti_pct", "fico"], "debt to income ratio", "dti_pct"),
        (["hotel_id", "stars", "city"], "star rating", "stars"),
        (["bin_id", "in_stock", "aisle"], "in stock qty", "in_stock"),
    ],
)
def test_a_column_named_by_a_shortened_inflected_or_measured_form(
    columns: list[str], words: str, column: str
) -> None:
    assert ColumnResolver(columns).resolve(words.split()) == column


@pytest.mark.parametrize(
    ("columns", "words"),
    [
        (["id", "row_count"], "country"),  # a word of its own is no abbreviation
        (["id", "packed_on", "picked_on"], "date"),
    ],
)
def test_a_loose_form_never_guesses(columns: list[str], words: str) -> None:
    try:
        assert ColumnResolver(columns).resolve(words.split()) is None
    except QualityRequestError:
        pass


# ------------------------------------------------------------------ a comparison of two noun phrases
@pytest.mark.parametrize(
    ("text", "columns", "said"),
    [
        ("pickup time on or before drop time", None, "custom sql: pickup_time <= drop_time"),
        ("boxes packed <= boxes picked", None, "custom sql: boxes_packed <= boxes_picked"),
        (
            "return date cannot precede rental date",
            ["rental_id", "rental_date", "return_date"],
            "custom sql: return_date >= rental_date",
        ),
        (
            "the pack date must never be after the dispatch date",
            ["box_id", "packed_on", "dispatched_on"],
            "custom sql: packed_on <= dispatched_on",
        ),
        (
            "list price equals base price + vat amount on every line",
            ["line_id", "base_price", "vat_amount", "list_price"],
            "custom sql: list_price = base_price + vat_amount",
        ),
    ],
)
def test_a_comparison_keeps_the_whole_noun_phrase_on_its_left(
    text: str, columns: list[str] | None, said: str
) -> None:
    assert _said(text, columns) == [said]


def test_a_compared_phrase_that_names_no_column_still_raises() -> None:
    with pytest.raises(QualityRequestError):
        parse_request(
            "return moment cannot precede rental date", ["rental_id", "rental_date", "return_date"]
        )


def test_a_noun_list_before_a_comparison_is_no_command_to_list_bad_rows() -> None:
    # "list" opens a bad-rows request only as a verb ("list the rows where ...")
    assert _said("list price equals base price") == ["custom sql: list_price = base_price"]


# ------------------------------------------------------------------ reports of the bad case
@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "the bookings table shows a few stays where checkout_on comes before checkin_on",
            ["custom sql: checkout_on >= checkin_on"],
        ),
        ("several parcels have a weight_g below 0", ["weight_g must be at least 0"]),
        ("the refund_amt column has negatives in it", ["refund_amt must be at least 0"]),
        ("the clicks table is empty again", ["the table must have at least 1 rows"]),
    ],
)
def test_a_report_of_rows_in_the_bad_state_is_read_as_the_bad_case(
    text: str, said: list[str]
) -> None:
    assert _said(text) == said


@pytest.mark.parametrize(
    "after",
    [
        "That should be impossible.",
        "could you catch these from now on?",
        "TODO: write a test which flags these.",
        "please page us if it happens again.",
        "This must be a bug.",
    ],
)
def test_a_request_or_verdict_pointing_back_at_a_report_adds_nothing(after: str) -> None:
    text = f"Heads up, several parcels have a weight_g below 0. {after}"
    assert _said(text) == ["weight_g must be at least 0"]


def test_a_verdict_after_a_rule_is_context() -> None:
    assert _said("shipped_on must not be before ordered_on. That should be impossible.") == [
        "custom sql: shipped_on >= ordered_on"
    ]


# ------------------------------------------------------------------ remarks and permissions
@pytest.mark.parametrize(
    "remark",
    [
        "Those records are wrecking the month-end close",
        "that means the loader is stuck",
        "these ones keep confusing the dashboard folks",
    ],
)
def test_a_pronoun_remark_after_a_rule_is_context(remark: str) -> None:
    assert _said(f"sku must be unique. {remark}") == ["sku must be unique"]


@pytest.mark.parametrize(
    "remark",
    ["Those records are wrecking the month-end close", "that means the loader is stuck"],
)
def test_a_pronoun_remark_alone_still_raises(remark: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(remark)


def test_a_pronoun_with_a_bound_is_never_a_remark() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("sku must be unique. those are over 5")


@pytest.mark.parametrize(
    "permission", ["empty is fine", "nulls are ok", "missing values are acceptable"]
)
def test_a_permission_part_after_a_rule_is_context(permission: str) -> None:
    assert _said(f"rating is 1-10 when filled in, {permission}") == [
        "rating must be between 1 and 10"
    ]


# ------------------------------------------------------------------ prose with a bracket or an operator
@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "make sure the postcode is 4 digits (NL-only feed)",
            ["postcode must match regex '^[0-9]{4}$'"],
        ),
        ("signup_day is a valid date (YYYY-MM-DD)", ["signup_day must be a valid date"]),
        (
            "contact_email NOT NULL + looks like an email",
            ["contact_email must be a valid email", "contact_email must not be null"],
        ),
    ],
)
def test_prose_with_a_bracket_or_operator_that_is_no_sql_is_read_as_prose(
    text: str, said: list[str]
) -> None:
    assert _said(text) == said


@pytest.mark.parametrize("text", ["blank_share(col_a) < 5 %", "is_valid_json(body)"])
def test_code_that_does_not_parse_still_raises(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text)


# ------------------------------------------------------------------ a scope before a rule
@pytest.mark.parametrize(
    "text",
    [
        "for chargebacks, fee_usd must be negative",
        "for returned parcels, delivered_at must be null",
    ],
)
@pytest.mark.parametrize("columns", [None, ["parcel_id", "fee_usd", "delivered_at", "kind"]])
def test_a_scope_no_column_names_raises_never_an_extra_check(
    text: str, columns: list[str] | None
) -> None:
    with pytest.raises(QualityRequestError, match="limits the rule to some rows"):
        parse_request(text, columns)


def test_a_scope_naming_a_flag_column_is_the_condition() -> None:
    assert _said(
        "for chargebacks, fee_usd must be negative", ["txn_id", "fee_usd", "is_chargeback"]
    ) == ["custom sql: NOT coalesce(is_chargeback = TRUE, FALSE) OR fee_usd < 0"]


@pytest.mark.parametrize(
    "text",
    ["for every parcel, fee_usd must be positive", "for stg_parcels, fee_usd must be positive"],
)
def test_every_row_or_a_table_name_is_no_scope(text: str) -> None:
    assert _said(text) == ["custom sql: fee_usd > 0"]


# ------------------------------------------------------------------ heading nouns before a colon
@pytest.mark.parametrize(
    "heading",
    ["Warehouse sanity", "Courier registry", "Dispatcher checklist", "Story WH-12", "Triage"],
)
def test_a_heading_noun_before_a_colon_is_a_label(heading: str) -> None:
    assert _said(f"{heading}: bin_code must be unique") == ["bin_code must be unique"]
