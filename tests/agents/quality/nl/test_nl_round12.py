"""Round 12 classes (first-sight refusals and wrong checks, read as general rules): each test
uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------------------ patterns described in words
@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        # a literal prefix before "followed by" / "then" is kept (it was dropped: a wrong check)
        ("iban must be DE followed by 20 digits", r"^DE\d{20}$"),
        ("ticket_ref should be REQ- then 6 digits", r"^REQ-\d{6}$"),
        ("wallet is 0x followed by 40 lowercase hex chars", r"^0x[0-9a-f]{40}$"),
        # an example value after the description is no column
        ("coupon must match CP- followed by 5 digits, e.g. CP-12345", r"^CP-\d{5}$"),
        # a shape with a literal prefix and placeholders for digits
        ("badge_no follows the pattern EMP-YYYY-NNNN where Y and N are digits", r"^EMP-\d{4}-\d{4}$"),
        ("the order_no format is SO-NNNNNN", r"^SO-\d{6}$"),
        ("locker_code should look like LK-0042 (LK, dash, 4 digits)", r"^LK-\d{4}$"),
        ("phone_ext must be in the NNN-NNNN format", r"^\d{3}-\d{4}$"),
        ("tax_id should follow the ##-####### pattern (digits only)", r"^\d{2}-\d{7}$"),
        # a case after the noun or the description
        ("region should be a 3-letter code in uppercase", r"^[A-Z]{3}$"),
        ("initials must be 2 letters in uppercase", r"^[A-Z]{2}$"),
        # a length before a class with no count of its own
        ("voucher should be 10 chars, uppercase letters and digits only", r"^[A-Z0-9]{10}$"),
        # the name of a format before a colon or a dash
        ("bay_id must match the depot shape: 2 capital letters then 3 digits", r"^[A-Z]{2}\d{3}$"),
        ("pallet_no matches the GS1 layout \u2014 three capital letters followed by six digits", r"^[A-Z]{3}\d{6}$"),
    ],
)
def test_a_pattern_described_in_words(text: str, pattern: str) -> None:
    checks = parse_request(text, model_id="")
    assert len(checks) == 1 and checks[0].kind == "format"
    assert checks[0].pattern == pattern


def test_contradictory_case_or_a_name_with_a_number_is_no_pattern() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("code must be 3 lowercase letters in uppercase", model_id="")
    # "ICD-10" before a colon names the format; the description after it is the pattern
    assert _said("diag must look like ICD-10: a capital letter then 2 digits") == [
        r"diag must match regex '^[A-Z]\d{2}$'"
    ]


# ------------------------------------------------------------------ field-health shares
@pytest.mark.parametrize(
    ("text", "columns", "said"),
    [
        ("% unique on the vin number must be 100", ["vin_no", "make"], ["vin_no must be unique"]),
        ("% null of coupon should be 0.", None, ["coupon must not be null"]),
        ("for badge_id, % null must be 0.", None, ["badge_id must not be null"]),
        ("Rules:\n* tag_no 100% unique\n* owner_id not null", None, ["owner_id must not be null", "tag_no must be unique"]),
        ("hub_code should be fully populated and slot_no 100% unique", None, ["hub_code must not be null", "slot_no must be unique"]),
    ],
)
def test_a_field_health_share_of_all_or_none_is_a_row_check(
    text: str, columns: list[str] | None, said: list[str]
) -> None:
    assert _said(text, columns) == said


@pytest.mark.parametrize("text", ["% unique on sku must be 95", "% null of memo should be 3"])
def test_any_other_share_is_an_aggregate_and_raises(text: str) -> None:
    # it gave 'sku must be unique' and a range 95..95 (a wrong check)
    with pytest.raises(QualityRequestError, match="share"):
        parse_request(text, model_id="")


# ------------------------------------------------------------------ numbers, lead-ins, names
def test_scientific_notation_is_the_number_it_names() -> None:
    assert _said("depth_m must be between 0 and 2e3") == ["depth_m must be between 0 and 2000"]


def test_is_it_possible_to_check_is_a_request_not_a_column() -> None:
    # it gave 'possible_fee' (a made-up column)
    assert _said("is it possible to check that fee is at most 50?") == ["fee must be at most 50"]
    assert _said("is there a way to ensure qty is positive") == ["custom sql: qty > 0"]


def test_the_column_named_after_the_rule_is_its_column() -> None:
    assert _said("can we check that temp is between 0 and 90? column is temp_c") == [
        "temp_c must be between 0 and 90"
    ]
    assert _said("is it possible to check that power is positive? the field is called power_kw") == [
        "custom sql: power_kw > 0"
    ]
    with pytest.raises(QualityRequestError, match="not a column"):
        parse_request("make sure load_kw is positive. column is load_mw", ["load_kw", "id"], model_id="")
    with pytest.raises(QualityRequestError, match="which column"):
        parse_request("a_id must be unique and b_id not null. column is c_id", model_id="")


# ------------------------------------------------------------------ freshness said by adverb
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("fx_rates should refresh at least hourly, keyed on fetched_at", "data must be no older than 1 hour based on fetched_at"),
        ("the stock table has to be updated at least daily (column synced_at)", "data must be no older than 1 day based on synced_at"),
        ("snapshots must be loaded once a week, judging by taken_at", "data must be no older than 7 days based on taken_at"),
    ],
)
def test_freshness_at_least_daily_or_hourly(text: str, said: str) -> None:
    # 'at least daily' gave 'custom sql: refreshed >= daily' (made-up columns)
    assert _said(text) == [said]


def test_for_plural_then_values_is_the_scope_column() -> None:
    # "for quantities, values must be ..." raised as a scope with no column (a property test
    # found it); "values" is the scope's own values
    assert _said("for weights, values must be less than 500") == ["custom sql: weight < 500"]


# ------------------------------------------------------------------ bounds said as moves or commands
@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a Deequ length assertion in prose: "_" is the assertion's argument, never a column
        ('tags can\'t be longer than 12 chars, in deequ terms hasMaxLength("tag", _ <= 12)', ["custom sql: length(tag) <= 12"]),
        ('hasMinLength("pin", _ > 3)', ["custom sql: length(pin) >= 4"]),
        # the subject of the first move is the second's too (a bound was dropped)
        ("page us if the backlog drops below 5 or climbs past 900", ["backlog must be between 5 and 900"]),
        ("alert when the record count falls under 10 or rises past 5000", ["the table must have between 10 and 5000 rows"]),
        # a line that starts with a comparator goes on with the line before
        ("alert when the row count dips below 50 or goes\nabove 70000", ["the table must have between 50 and 70000 rows"]),
        ("the row count should sit somewhere between 10k and 20k", ["the table must have between 10000 and 20000 rows"]),
        ("the pressure should stay between 1 and 3", ["pressure must be between 1 and 3"]),
        # a bound said as a command (it was dropped as a remark)
        ("depth_m must be >= 0; also cap it at 11000", ["depth_m must be between 0 and 11000"]),
        ("cap the discount at 80", ["discount must be at most 80"]),
        ("floor stock at 0", ["stock must be at least 0"]),
    ],
)
def test_bounds_said_as_moves_or_commands(text: str, said: list[str]) -> None:
    assert _said(text) == said


# ------------------------------------------------------------------ no made-up event order
@pytest.mark.parametrize(
    "text",
    [
        # a state the data should reach by some time, or a clause after "before": no columns
        "Please make sure the figures are clean before the quarter closes.",
        "could you make the vendor list more complete before the migration?",
        "the export should be of good quality before the release ships",
    ],
)
def test_a_deadline_is_no_comparison_of_two_columns(text: str) -> None:
    # they gave 'custom sql: <made-up> < <made-up>'
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


def test_event_order_of_columns_still_reads() -> None:
    assert _said("the return date must be after the rental date") == ["custom sql: return_date > rental_date"]
