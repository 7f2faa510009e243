"""Round 6 classes (generalisation): requests for an alert in other words, when a check runs
stated as a pipeline step, "positive" as a strict bound, plural column words kept out of
typo correction, units of measure after a number."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

SCHEMA = ["sample_id", "depth_m", "flow_rate_lps", "ph_level", "site_code", "collected_at", "pump_mm_s"]


def _said(text: str, columns: list[str] | None = SCHEMA) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# --------------------------------------------------------------------------- alert requests
_ASKS = [
    "can we get an alert if",
    "could you set up a page when",
    "I'd like a slack alert in #dq whenever",
    "we want to be notified if",
    "please let me know if",
    "ping @oncall when",
    "there should be an alert if",
    "would someone add a notification whenever",
]
_BAD = [
    ("depth_m goes above 40", ["depth_m must be at most 40"]),
    ("ph_level is below 3", ["ph_level must be at least 3"]),
    ("site_code is null", ["site_code must not be null"]),
    ("depth_m is outside 0-40", ["depth_m must be between 0 and 40"]),
    ("the table has fewer than 500 rows", ["the table must have at least 500 rows"]),
]


@pytest.mark.parametrize("ask", _ASKS)
@pytest.mark.parametrize(("bad", "want"), _BAD)
def test_a_request_for_an_alert_states_the_bad_case(ask, bad, want):
    """'can we get an alert if X > 40': the alert is on the bad rows, the check is the good
    case; read without the alert it was the bad case itself (inverted)."""
    assert _said(f"{ask} {bad}") == want


@pytest.mark.parametrize(
    "tail", ["we should get paged", "let us know", "please ping the team", "someone should be alerted"]
)
@pytest.mark.parametrize(("bad", "want"), _BAD[:3])
def test_an_alert_after_its_condition_states_the_bad_case(tail, bad, want):
    assert _said(f"if {bad}, {tail}") == want


@pytest.mark.parametrize(
    "text",
    [
        "depth_m above 40 is something we want alerts about whenever it happens",
        "alerting is needed for us if depth_m goes above 40 somehow",
    ],
)
def test_an_alert_in_words_no_frame_knows_is_not_read_as_the_bad_case(text):
    """Never the comparison on its own (that keeps the bad rows): an error, or the good case."""
    try:
        got = _said(text)
    except QualityRequestError:
        return
    assert got == ["depth_m must be at most 40"]


# --------------------------------------------------------------------------- process steps
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("alert if the table has fewer than 500 rows after the nightly load", ["the table must have at least 500 rows"]),
        ("site_code must never be null before the weekly refresh", ["site_code must not be null"]),
        ("following the backfill, check that ph_level is between 0 and 14", ["ph_level must be between 0 and 14"]),
        ("after the morning batch, make sure sample_id is unique", ["sample_id must be unique"]),
        ("confirm the table is not empty before running the export", ["the table must have at least 1 rows"]),
        # a time column after "after" stays a comparison
        ("collected_at must be after the 2020-01-01 cutoff date", None),
    ],
)  # fmt: skip
def test_when_a_check_runs_is_context_not_a_comparison(text, want):
    if want is None:
        with pytest.raises(QualityRequestError):
            _said(text)
        return
    assert _said(text) == want


# --------------------------------------------------------------------------- positive / negative
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("depth_m must be positive", ["custom sql: depth_m > 0"]),
        ("every sample needs a positive flow rate", ["custom sql: flow_rate_lps > 0"]),
        ("depth_m should be a positive number", ["custom sql: depth_m > 0"]),
        ("depth_m must be zero or positive", ["depth_m must be at least 0"]),
        ("depth_m must not be positive", ["depth_m must be at most 0"]),
        ("depth_m can't be negative", ["depth_m must be at least 0"]),
        ("fail if depth_m is negative", ["depth_m must be at least 0"]),
        ("fail if depth_m is positive", ["depth_m must be at most 0"]),
    ],
)
def test_positive_excludes_zero_and_each_negation_flips_once(text, want):
    assert _said(text) == want


# --------------------------------------------------------------------------- column words
@pytest.mark.parametrize(
    ("text", "columns", "want"),
    [
        # "rates" is the plural of a column word, never the keyword "dates"
        ("flow rates must be at most 900", SCHEMA, ["flow_rate_lps must be at most 900"]),
        ("interest rates should be between 0.5% and 30%", ["loan_id", "interest_rate_pct", "opened_on"],
         ["interest_rate_pct must be between 0.5 and 30"]),
    ],
)  # fmt: skip
def test_a_plural_of_a_column_word_is_not_corrected_into_a_keyword(text, columns, want):
    assert _said(text, columns) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("pump vibration must stay below 12 mm/s", ["custom sql: pump_mm_s < 12"]),
        ("the pump reading never goes beyond 7.5 mm/s", ["pump_mm_s must be at most 7.5"]),
    ],
)
def test_a_unit_of_measure_after_a_number_is_not_a_multiplier(text, want):
    """'12 mm/s' is twelve millimetres a second, never 12 million (finance's "mm")."""
    assert _said(text) == want
