"""Structured specs pasted as text (dbt schema.yml, SodaCL, Great Expectations calls with
keyword arguments, Deequ method chains) read as the checks they declare; a test name the
parser does not know raises, naming it."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _kinds(checks: list[Check]) -> list[tuple]:
    return sorted(
        (c.kind, tuple(c.columns), c.min, c.max, tuple(c.values or ()), c.pattern, c.ref_table,
         c.ref_column, c.max_age_seconds, (c.condition or "").lower())
        for c in checks
    )  # fmt: skip


CASES = [
    (
        "models:\n  - name: fct_payments\n    columns:\n      - name: payment_id\n        tests:\n"
        "          - unique\n          - not_null\n      - name: method\n        tests:\n"
        "          - accepted_values:\n              values: ['card', 'wire']\n",
        [Check(kind="unique", columns=["payment_id"]), Check(kind="not_null", columns=["payment_id"]),
         Check(kind="accepted_values", columns=["method"], values=["card", "wire"])],
    ),
    (
        "- name: account_ref\n  data_tests:\n    - relationships:\n        to: ref('dim_accounts')\n"
        "        field: account_key",
        [Check(kind="referential", columns=["account_ref"], ref_table="dim_accounts", ref_column="account_key")],
    ),
    (
        "- name: score\n  tests:\n    - dbt_utils.accepted_range:\n        min_value: 1\n        max_value: 5",
        [Check(kind="range", columns=["score"], min=1, max=5)],
    ),
    (
        "- name: ratio\n  tests:\n    - dbt_utils.accepted_range:\n        min_value: 0\n        inclusive: false",
        [Check(kind="custom_sql", columns=["ratio"], condition="ratio > 0")],
    ),
    (
        "models:\n  - name: fct_stock\n    tests:\n      - dbt_utils.unique_combination_of_columns:\n"
        "          combination_of_columns: [warehouse_id, sku]\n      - dbt_utils.expression_is_true:\n"
        "          expression: \"on_hand >= reserved\"",
        [Check(kind="unique", columns=["warehouse_id", "sku"]),
         Check(kind="custom_sql", columns=["on_hand", "reserved"], condition="on_hand >= reserved")],
    ),
    (
        "- name: postcode\n  tests:\n    - dbt_expectations.expect_column_value_lengths_to_equal:\n        value: 6",
        [Check(kind="custom_sql", columns=["postcode"], condition="LENGTH(postcode) = 6")],
    ),
    (
        "sources:\n  - name: crm\n    loaded_at_field: synced_at\n    freshness:\n"
        "      error_after: {count: 6, period: hour}\n    tables:\n      - name: contacts",
        [Check(kind="freshness", columns=["synced_at"], max_age_seconds=21600)],
    ),
    (
        "checks for dim_store:\n  - invalid_count(region) = 0:\n      valid values: [north, south]\n"
        "  - invalid_count(store_code) = 0:\n      valid length: 4\n  - missing_count(opened_on) = 0",
        [Check(kind="accepted_values", columns=["region"], values=["north", "south"]),
         Check(kind="custom_sql", columns=["store_code"], condition="LENGTH(store_code) = 4"),
         Check(kind="not_null", columns=["opened_on"])],
    ),
    (
        'expect_column_value_lengths_to_be_between(column="code", min_value=2, max_value=4)',
        [Check(kind="custom_sql", columns=["code"], condition="LENGTH(code) BETWEEN 2 AND 4")],
    ),
    (
        'expect_column_values_to_be_null(column="purged_at")',
        [Check(kind="custom_sql", columns=["purged_at"], condition="purged_at IS NULL")],
    ),
    (
        'expect_multicolumn_sum_to_equal(column_list=["a_share", "b_share"], sum_total=1)',
        [Check(kind="custom_sql", columns=["a_share", "b_share"], condition="a_share + b_share = 1")],
    ),
    (
        '.isComplete("ticket_id").isUnique("ticket_id").isContainedIn("priority", 1, 4)',
        [Check(kind="not_null", columns=["ticket_id"]), Check(kind="unique", columns=["ticket_id"]),
         Check(kind="range", columns=["priority"], min=1, max=4)],
    ),
    (
        '.hasUniqueness(Seq("route_id", "stop_seq"), Check.IsOne).hasMaxLength("stop_name", _ <= 60)',
        [Check(kind="unique", columns=["route_id", "stop_seq"]),
         Check(kind="custom_sql", columns=["stop_name"], condition="LENGTH(stop_name) <= 60")],
    ),
    (
        '.isPositive("fare")',
        [Check(kind="custom_sql", columns=["fare"], condition="fare > 0")],
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_a_pasted_spec_gives_the_checks_it_declares(text, want):
    got = parse_request(text, model_id="")
    assert _kinds(got) == _kinds(want), [c.describe() for c in got]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("- name: x_id\n  tests:\n    - dbt_utils.mutually_exclusive_ranges:\n        lower_bound_column: a", "mutually_exclusive_ranges"),
        ("checks for t:\n  - invalid_count(code) = 0:\n      valid colour: blue", "valid colour"),
        ('.hasEntropy("city", _ > 0.4)', "hasentropy"),
        ('expect_column_mean_to_be_between(column="price", min_value=1, max_value=9)', "aggregate"),
        ('expect_column_values_to_not_be_null(column="price", mostly=0.9)', "mostly"),
        ('.hasCompleteness("email", _ >= 0.95)', "aggregate"),
    ],
)
def test_a_spec_not_understood_raises_and_names_it(text, named):
    with pytest.raises(QualityRequestError, match=f"(?i){named}"):
        parse_request(text, model_id="")


SCHEMA = ["meter_id", "reading_kwh", "site_code", "billed_at", "paid_total", "due_total", "status"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the check name after its column, and the library's name in brackets after a rule
        ("Deequ: reading_kwh between 0 and 900 (isContainedIn) and meter_id isComplete",
         ["meter_id must not be null", "reading_kwh must be between 0 and 900"]),
        ("deequ: site_code isUnique, and paid_total isPositive",
         ["custom sql: paid_total > 0", "site_code must be unique"]),
        ("dbt_utils.expression_is_true with expression 'paid_total <= due_total'",
         ["custom sql: paid_total <= due_total"]),
        ("write a dbt expression_is_true test: if status is 'closed' then billed_at cant be null",
         ["custom sql: NOT coalesce(status = 'closed', FALSE) OR billed_at IS NOT NULL"]),
        # "add a <tool> test for it" restates; its tool name is not the column "it" means
        ("site_code is optional, but when it's set it has to be 4 characters long - add a dbt_expectations test for it",
         ["custom sql: length(site_code) = 4"]),
        ("Meter monitor on fct_reads: alert when meter_id has no match in dim_meter.meter_id",
         ["every meter_id must exist in dim_meter.meter_id"]),
        ("Runbook: if max(billed_at) on fct_bills is older than 2 hours, page the on-call.",
         ["data must be no older than 2 hours based on billed_at"]),
    ],
)  # fmt: skip
def test_library_names_in_prose(text, want):
    assert sorted(c.describe() for c in parse_request(text, SCHEMA, model_id="")) == want


def test_call_end_finds_the_closing_bracket_past_quotes_and_nesting():
    from strands_airflow.agents.quality.nl.metrics import call_end

    text = 'f(a, "x)", g([1, 2]), {"k": ")"}) tail'
    assert text[: call_end(text, 2)] == 'f(a, "x)", g([1, 2]), {"k": ")"})'
    assert call_end("f(a, (b)", 2) is None  # never closes
    # only parentheses counted: a stray "]" does not close the call
    assert call_end("f(a] b) c", 2, "(") == len("f(a] b)")
