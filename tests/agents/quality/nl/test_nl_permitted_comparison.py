"""A permissive modal allowing a comparison with one value ("qty can go above 2", "x may exceed
100") says what is allowed, never the check it allows (it gave `qty > 2`: every row at or
below 2 failed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks

from strands_airflow.exceptions import QualityRequestError

MODALS = ["can", "may", "could", "is allowed to", "might"]
FORMS = [
    "go above {n}",
    "be over {n}",
    "be below {n}",
    "go under {n}",
    "be higher than {n}",
    "be less than {n}",
    "exceed {n}",
]


@settings(max_examples=120, deadline=None)
@given(
    col=st.sampled_from(["basket_size", "queue_len", "temp_c"]),
    modal=st.sampled_from(MODALS),
    form=st.sampled_from(FORMS),
    n=st.integers(0, 999),
)
def test_a_permitted_comparison_alone_is_refused_and_after_a_rule_left_out(col, modal, form, n):
    allowed = f"{col} {modal} {form.format(n=n)}"
    with pytest.raises(QualityRequestError, match="only says what is allowed"):
        checks(allowed, [col, "id"], strict=True)
    got = checks(f"id must not be null. {allowed}", [col, "id"])
    assert got == [("not_null", ["id"], (None, None))]


def test_a_required_comparison_is_still_its_rule():
    assert checks("basket_size must be above 2", ["basket_size"]) != []
    assert checks("basket_size cannot go above 20", ["basket_size"]) == [
        ("range", ["basket_size"], (None, 20.0))
    ]
