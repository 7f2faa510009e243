"""Library spellings (Deequ, Soda, dbt, data contracts) read as the checks they name: every
entry of the table in `nl/metrics.py`, in each way a tool writes it, gives the same checks as
the English sentence it stands for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.agents.quality.nl.metrics import _METRIC_APIS, API_CHECKS, API_PROSE
from strands_airflow.exceptions import QualityRequestError

COLUMNS = ["order_id", "amount_due", "discount_pct", "status", "meter_serial", "iata_code"]
SPELLINGS = ["{api} on {c}", "{api} for {c}", "{api}({c})", "{api} on `{c}`", '.{api}("{c}")']
CAMEL = {"iscomplete": "isComplete", "isunique": "isUnique", "isnonnegative": "isNonNegative",
         "ispositive": "isPositive", "isprimarykey": "isPrimaryKey", "containsurl": "containsURL",
         "containsemail": "containsEmail", "hascompleteness": "hasCompleteness",
         "hasuniqueness": "hasUniqueness"}  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(API_CHECKS)),
    st.sampled_from(SPELLINGS),
    st.sampled_from(["order_id", "amount_due", "status"]),
)
def test_every_library_check_name_reads_as_its_sentence(api, spelling, col):
    english = parse_request(API_CHECKS[api].format(c=col), COLUMNS)
    full = " == 1.0" if api in _METRIC_APIS else ""  # a metric is a check only in full
    written = spelling.format(api=CAMEL.get(api, api), c=col) + full
    assert parse_request(written, COLUMNS) == english
    # a suite of them, comma-separated, is each of them
    both = parse_request(
        f"{written}, {spelling.format(api=CAMEL.get(api, api), c='status')}{full}", COLUMNS
    )
    assert both == parse_request(
        f"{API_CHECKS[api].format(c=col)}; {API_CHECKS[api].format(c='status')}", COLUMNS
    )


@pytest.mark.parametrize("api", ["hasMax", "hasMin"])
def test_a_bound_given_in_prose_is_the_one_number_in_it(api):
    (c,) = parse_request(f"{api} on amount due: no invoice may go past 250,000", COLUMNS)
    assert c.kind == "range" and c.columns == ["amount_due"]
    assert (c.max if api == "hasMax" else c.min) == 250_000
    # two numbers: no single bound is taken from them; the prose is read as English
    assert parse_request(f"{api} on amount due: between 5 and 10", COLUMNS) == parse_request(
        "amount due must be between 5 and 10", COLUMNS
    )


@pytest.mark.parametrize(
    "text",
    [
        "property status: enum ['a','b','c']",
        "column status, validValues [a, b, c]",
        "quality: type library, rule validValues, column status, validValues [a, b, c]",
        "accepted_values for status: a, b, c",
    ],
)
def test_value_lists_in_contract_and_dbt_spellings(text):
    assert API_PROSE  # the prose table is what reads "accepted_values for <col>: ..."
    (c,) = parse_request(text, COLUMNS)
    assert c.kind == "accepted_values" and c.columns == ["status"] and c.values == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("text", "kind", "cols"),
    [
        ("Data contract energy.meters_v2, property meter_serial: required: true, unique: true",
         ["not_null", "unique"], ["meter_serial"]),
        ("discount pct missing_count = 0", ["not_null"], ["discount_pct"]),
        ("invalid_count(discount pct) = 0 with valid min 0 and valid max 75", ["range"], ["discount_pct"]),
        ("valid length 3 for `iata_code`, invalid_count must be 0", ["custom_sql"], ["iata_code"]),
        ("dbt_expectations.expect_column_value_lengths_to_equal on `iata_code`, value 3",
         ["custom_sql"], ["iata_code"]),
        ("satisfies(\"amount_due > 0\", \"due is positive\") must hold for every record",
         ["custom_sql"], ["amount_due"]),
    ],
)  # fmt: skip
def test_soda_dbt_and_contract_lines(text, kind, cols):
    got = parse_request(text, COLUMNS)
    assert sorted(c.kind for c in got) == sorted(kind)
    assert all(c.columns == cols for c in got)


def test_references_and_row_counts():
    (ref,) = parse_request("relationships: order_id to ref('orders') order_id", COLUMNS)
    assert (ref.kind, ref.ref_table, ref.ref_column) == ("referential", "orders", "order_id")
    (ref,) = parse_request("column `order_id` references `dim_orders.id`", COLUMNS)
    assert (ref.ref_table, ref.ref_column) == ("dim_orders", "id")
    (rc,) = parse_request(
        "Contract rowCount for the extract orders_weekly: minimum 1,000, maximum 250,000"
    )
    assert (rc.kind, rc.min, rc.max) == ("row_count", 1000, 250_000)


@pytest.mark.parametrize(
    "text",
    [
        "hasCompleteness on phone should be 0.95",
        "hasCompleteness(phone) >= 0.9",
        "hasUniqueness on order_id",
        "dbt_utils.not_null_proportion on phone with at_least: 0.95",
    ],
)
def test_a_metric_threshold_is_an_aggregate_never_a_row_check(text):
    with pytest.raises(QualityRequestError, match="aggregate|could not read any data check"):
        parse_request(text, [*COLUMNS, "phone"])
