"""Compound keys, process-step wrappers and abbreviated column words, each as a class."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request

COLUMNS = ["supplier_id", "invoice_no", "txn_id", "account_id", "qty", "batch_id", "record_id"]
KEY_FORMS = [
    "{a} together with {b} must be unique",
    "{a} combined with {b} should be unique",
    "{a} + {b} combo should be unique",
    "no duplicate ({a}, {b}) pairs exist in invoices",
    "there must be no duplicate ({a}, {b}) combinations",
    "invoices must be unique per supplier, i.e. {a} together with {b}",
]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(KEY_FORMS),
    st.lists(st.sampled_from(COLUMNS), min_size=2, max_size=2, unique=True),
)
def test_a_compound_key_in_prose_is_one_unique_check(form, cols):
    a, b = cols
    (c,) = parse_request(form.format(a=a, b=b), COLUMNS)
    assert c.kind == "unique" and sorted(c.columns) == sorted([a, b])


@pytest.mark.parametrize(
    "text",
    [
        "Before closing the incident, confirm that qty is at least 1",
        "Step 4: verify that qty is at least 1 before promoting",
        "After loading the file, check qty is at least 1",
        "qty must be at least 1 on every row of the staging table",
    ],
)
def test_a_process_step_around_a_check_is_context(text):
    (c,) = parse_request(text, COLUMNS)
    assert (c.kind, c.columns, c.min) == ("range", ["qty"], 1)


@pytest.mark.parametrize(
    ("words", "col"),
    [("transaction identifier", "txn_id"), ("quantity", "qty"), ("batch identifier", "batch_id"),
     ("invoice number", "invoice_no"), ("account id", "account_id")],
)  # fmt: skip
def test_abbreviated_column_words(words, col):
    (c,) = parse_request(f"the {words} must not be null", COLUMNS)
    assert c.columns == [col]
