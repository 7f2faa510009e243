"""Round 9 classes (generalisation, from the misses of development sets 10 and 11): each test
uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------------------ emphasis after a rule
@pytest.mark.parametrize(
    "tail",
    ["full stop", "period.", "no exceptions", "without exception", "- no ifs or buts",
     "end of story", "non-negotiable!", "no matter what"],
)
def test_emphasis_after_a_rule_is_no_column(tail: str) -> None:
    sep = " " if tail.startswith("-") else ", "
    assert _said(f"invoice_no has to be unique{sep}{tail}") == ["invoice_no must be unique"]


# ------------------------------------------------------------------ a stated count of zero rows
@pytest.mark.parametrize(
    "text",
    [
        "page me if the record count of raw.clicks is 0",
        "alert when the number of rows in raw.clicks is zero",
        "fail if raw_clicks has 0 records",
        "raw_clicks must not have 0 rows",
        "if the query returns zero rows, halt the DAG",
    ],
)
def test_a_bad_count_of_zero_rows_is_not_empty(text: str) -> None:
    assert _said(text) == ["the table must have at least 1 rows"]


@pytest.mark.parametrize("text", ["alert if raw_clicks has 40 rows", "fail if the row count is 7"])
def test_a_bad_count_of_n_rows_raises(text: str) -> None:
    with pytest.raises(QualityRequestError, match="row count other than one number"):
        parse_request(text, None, model_id="")


def test_a_stated_count_of_rows_stays_an_equality() -> None:
    assert _said("the lookup table returns 12 rows") == ["the table must have between 12 and 12 rows"]


# ------------------------------------------------------------------ Monte Carlo freshness thresholds
@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("Freshness rule for web.sessions, threshold 45 minutes", ["session_id", "started_ts"]),
        ("freshness monitor on web.sessions using started_ts, alert threshold = 45 minutes", None),
        ("Recency check on web.sessions (started_ts), SLA 45 min", None),
        ("add a freshness monitor for web.sessions based on started_ts, max age 45 minutes", None),
    ],
)
def test_a_freshness_monitor_with_a_threshold_is_its_max_age(text: str, columns: list[str] | None) -> None:
    assert _said(text, columns) == ["data must be no older than 45 minutes based on started_ts"]


# ------------------------------------------------------------------ a system that should fail
@pytest.mark.parametrize(
    "lead",
    [
        "@platform-team the ingest for crm.contacts should fail",
        "@sam the nightly load of crm.contacts has to abort",
        "hey @sam, the dag on crm.contacts must break",
    ],
)
def test_a_system_named_with_its_table_or_a_mention_fails_on_the_bad_case(lead: str) -> None:
    assert _said(f"{lead} if any contact_email is null") == ["contact_email must not be null"]


# ------------------------------------------------------------------ dbt: a column heading over its tests
@pytest.mark.parametrize(
    "text",
    [
        "sku:\n  - not_null\n  - unique",
        "on sku:\n  - unique\n  - not_null",
        "column sku:\n  data_tests:\n    - not_null\n    - unique",
    ],
)
def test_a_column_heading_over_a_test_list_is_that_columns_tests(text: str) -> None:
    assert _said(text) == ["sku must be unique", "sku must not be null"]


def test_a_column_heading_over_a_dbt_expectations_test_with_arguments() -> None:
    text = "shipped_ts:\n  - dbt_expectations.expect_row_values_to_have_recent_data:\n      datepart: day\n      interval: 2"
    assert _said(text) == ["data must be no older than 2 days based on shipped_ts"]


# ------------------------------------------------------------------ GE / dbt tests as words with arguments
def test_an_expectation_in_words_with_a_strftime_format_is_a_date_format() -> None:
    text = "expect_column_values_to_match_strftime_format for born_on, strftime_format: '%Y-%m-%d'"
    assert _said(text) == ["born_on must be a valid date"]


@pytest.mark.parametrize(
    "text",
    [
        "expect_compound_columns_to_be_unique across ['route_id', 'stop_seq']",
        "add expect_multicolumn_values_to_be_unique with column_list ['route_id', 'stop_seq'] to the suite",
    ],
)
def test_an_expectation_in_words_over_a_column_list_is_one_compound_key(text: str) -> None:
    assert _said(text) == ["the combination of route_id and stop_seq must be unique"]


def test_an_expectation_in_words_keeps_its_strictness_and_mostly() -> None:
    said = _said("expect_column_values_to_be_between on fare, min_value 1, max_value 90, strictly: true")
    assert said == ["custom sql: fare > 1 AND fare < 90"]
    with pytest.raises(QualityRequestError, match="share of rows"):
        parse_request("expect_column_values_to_be_in_set on lane with value_set ['a', 'b'], mostly=0.95", None, model_id="")


@pytest.mark.parametrize(
    "text",
    [
        "please add a dbt_utils.expression_is_true test on the model, expression: 'refunds <= payments'",
        "expression_is_true on the ledger model: \"refunds <= payments\"",
    ],
)
def test_expression_is_true_after_where_it_runs_is_its_expression(text: str) -> None:
    assert _said(text) == ["custom sql: refunds <= payments"]


# ------------------------------------------------------------------ plain nouns for a column
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("allocated units can't exceed available units", "custom sql: allocated <= available"),
        ("in-stock units must be >= 0", "in_stock must be at least 0"),
        ("the allocated values must not be null", "allocated must not be null"),
    ],
)
def test_a_unit_or_value_word_after_a_columns_words_is_that_column(text: str, said: str) -> None:
    assert _said(text, ["item_id", "allocated", "available", "in_stock"]) == [said]


# ------------------------------------------------------------------ patterns: mixed classes, named formats
@pytest.mark.parametrize(
    ("desc", "regex"),
    [
        ("2-6 uppercase letters or digits", "^[A-Z0-9]{2,6}$"),
        ("letters and numbers only", "^[A-Za-z0-9]+$"),
        ("a lowercase letter or digit", "^[a-z0-9]$"),
        ("3 letters and 2 digits", "^[A-Za-z]{3}\\d{2}$"),
    ],
)
def test_letters_or_digits_is_one_mixed_class(desc: str, regex: str) -> None:
    assert _said(f"voucher_ref must be {desc}") == [f"voucher_ref must match regex '{regex}'"]


@pytest.mark.parametrize(
    "lead",
    [
        "please make sure voucher refs look like VREF",
        "voucher refs should follow the VREF format",
        "voucher refs have to be in the standard layout",
        "voucher refs look like",
    ],
)
def test_a_named_format_before_a_colon_is_the_cue_of_its_description(lead: str) -> None:
    said = _said(f"{lead}: two uppercase letters, a dash, then five digits", ["voucher_ref", "amount"])
    assert said == ["voucher_ref must match regex '^[A-Z]{2}-\\d{5}$'"]


# ------------------------------------------------------------------ polarity: "must not have a <col> before <col>"
@pytest.mark.parametrize(
    ("text", "cond"),
    [
        ("the rentals table must not have a return_date earlier than pickup_date", "return_date >= pickup_date"),
        ("a rental should never contain a return_date before pickup_date", "return_date >= pickup_date"),
        ("rentals may not have a pickup_date later than return_date", "pickup_date <= return_date"),
        ("the extract must never include a pickup_date after return_date", "pickup_date <= return_date"),
    ],
)
def test_a_negated_have_over_an_event_order_is_the_opposite_order(text: str, cond: str) -> None:
    assert _said(text) == [f"custom sql: {cond}"]


# ------------------------------------------------------------------ where the checks go
@pytest.mark.parametrize(
    "tail",
    ["Please add this to the nightly suite.", "Kindly enforce on fct_rentals.", "Put these in our dq checks too.",
     "pls add it to the rentals pipeline"],
)
def test_where_the_checks_go_restates_them(tail: str) -> None:
    assert _said(f"rental_id must be unique. {tail}") == ["rental_id must be unique"]


# ------------------------------------------------------------------ a code being used is the column set
def test_a_code_being_used_as_a_condition_is_the_column_set() -> None:
    (c,) = parse_request("when a voucher code gets redeemed, rebate_amt has to be above 0",
                         ["sale_id", "voucher_code", "rebate_amt"], model_id="")  # fmt: skip
    assert c.condition == "NOT coalesce(voucher_code IS NOT NULL, FALSE) OR rebate_amt > 0"


def test_a_status_being_used_stays_a_value() -> None:
    (c,) = parse_request("if the condition is used, price must be below 500", ["condition", "price"], model_id="")
    assert "condition = 'used'" in (c.condition or "")


def test_an_optional_code_when_used_gives_only_its_rule() -> None:
    said = _said("voucher codes are optional, but once a voucher code is applied it must be 12 characters long",
                 ["sale_id", "voucher_code"])  # fmt: skip
    assert said == ["custom sql: length(voucher_code) = 12"]


# ------------------------------------------------------------------ row counts: both bounds, asks
@pytest.mark.parametrize(
    "text",
    [
        "page us if raw.sessions has over 2 million records or under 5,000",
        "alert if the load has fewer than 5000 or more than 2000000 records",
        "the sessions table must have at least 5000 rows and at most 2000000",
    ],
)
def test_the_counted_noun_of_one_row_bound_is_the_others(text: str) -> None:
    assert _said(text) == ["the table must have between 5000 and 2000000 rows"]


@pytest.mark.parametrize(
    "text",
    [
        "we need a volume check on ref.countries: it should have exactly 250 rows",
        "please add a record count monitor for ref.countries - must have exactly 250 rows",
    ],
)
def test_a_row_count_ask_on_a_table_then_its_rule(text: str) -> None:
    assert _said(text) == ["the table must have between 250 and 250 rows"]


# ------------------------------------------------------------------ Soda: one fail condition is one check
def test_a_soda_fail_condition_with_or_is_one_check_of_the_kept_rows() -> None:
    text = "checks for shipments:\n  - failed rows:\n      fail condition: delivered_on < shipped_on or weight_kg <= 0"
    assert _said(text) == ["custom sql: delivered_on >= shipped_on AND weight_kg > 0"]


def test_a_soda_fail_condition_of_one_comparison_is_read_as_before() -> None:
    text = "checks for shipments:\n  - failed rows:\n      fail condition: weight_kg <= 0"
    assert _said(text) == ["custom sql: weight_kg > 0"]


# ------------------------------------------------------------------ a need over every row beside a past report
@pytest.mark.parametrize(
    "text",
    [
        "fct_visits needs every clinic_id to exist in clinics.id, we had orphans in march",
        "this model requires each clinic_id to exist in clinics.id - saw a few orphans yesterday",
    ],
)
def test_a_need_over_every_row_is_a_directive_beside_a_past_report(text: str) -> None:
    assert _said(text) == ["every clinic_id must exist in clinics.id"]


# ------------------------------------------------------------------ where a rule comes from
@pytest.mark.parametrize(
    "lead",
    ["per the compliance review,", "As per our data contract,", "according to finance,", "Per Jane's note,",
     "in line with the retention policy,"],
)
def test_where_a_rule_comes_from_is_context(lead: str) -> None:
    assert _said(f"{lead} refund_amt must be >= 0") == ["refund_amt must be at least 0"]


def test_the_language_named_before_deequ_code_is_no_column() -> None:
    assert _said('pydeequ check.isLessThan("opened_at", "closed_at")') == ["custom sql: opened_at < closed_at"]


# ------------------------------------------------------------------ dbt accepted_values in words with arguments
@pytest.mark.parametrize(
    "text",
    [
        "dbt test: accepted_values on tier with values ['gold', 'silver']",
        "add accepted_values for the column tier, value_set: ['gold','silver']",
    ],
)
def test_accepted_values_in_words_with_a_value_list(text: str) -> None:
    assert _said(text) == ["tier must be one of 'gold', 'silver'"]


def test_accepted_values_with_quote_false_keeps_booleans() -> None:
    (c,) = parse_request("accepted_values on is_gift, values [true, false], quote: false", None, model_id="")
    assert (c.kind, c.columns, c.values) == ("accepted_values", ["is_gift"], [True, False])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ean: dbt_expectations.expect_column_value_lengths_to_equal, value 13", "custom sql: length(ean) = 13"),
        ("weight_g: dbt_utils.accepted_range, min_value 1, max_value 500", "weight_g must be between 1 and 500"),
        ("grade: accepted_values with values ['A', 'B']", "grade must be one of 'A', 'B'"),
    ],
)
def test_a_column_heading_then_its_test_in_words(text: str, said: str) -> None:
    assert _said(text) == [said]


# ------------------------------------------------------------------ a range another range implies
def test_a_range_another_range_of_the_column_implies_is_dropped() -> None:
    said = _said("humidity is a percentage, should stay within 20-60", ["sensor_id", "humidity"])
    assert said == ["humidity must be between 20 and 60"]


def test_overlapping_ranges_that_do_not_imply_each_other_both_stay() -> None:
    said = _said("humidity between 0 and 100; humidity between 20 and 160", ["sensor_id", "humidity"])
    assert said == ["humidity must be between 0 and 100", "humidity must be between 20 and 160"]


# ------------------------------------------------------------------ a table that was not updated
def test_a_table_that_was_not_updated_is_no_time_column() -> None:
    cols = ["shipment_no", "carrier", "scanned_at"]
    assert _said("page on-call if shipments hasn't been updated in 6 hours", cols) == [
        "data must be no older than 6 hours based on scanned_at"
    ]
    with pytest.raises(QualityRequestError, match="which column"):
        parse_request("page on-call if shipments hasn't been updated in 6 hours", None, model_id="")
    assert _said("page on-call if scanned_at hasn't been updated in 6 hours") == [
        "data must be no older than 6 hours based on scanned_at"
    ]
