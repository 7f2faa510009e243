"""Round 10 classes (wrong checks on development set 12, turned into the right check or an
error): each test uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request


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
