"""Monitor-tool phrasing: an alert condition states the bad rows, a rate is an aggregate, a
query that selects bad rows is negated, and a disjunction of bad cases keeps each bound
with its own column."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

SCHEMA = ["reading_id", "lat", "lon", "depth_m", "station_id", "status", "taken_at", "ended_at"]


def _said(text: str) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, SCHEMA, model_id=""))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Reading monitor - alert condition: station_id is null", ["station_id must not be null"]),
        ("Data monitor alert condition: status not in ('ok', 'late')", ["status must be one of 'ok', 'late'"]),
        ("Volume rule: alert when the table has fewer than 250 rows", ["the table must have at least 250 rows"]),
        ("Dup rule: alert if the same reading_id shows up twice", ["reading_id must be unique"]),
        ("fail when any reading_id appears more than once", ["reading_id must be unique"]),
        ("Sanity monitor: depth_m > 11000 is physically impossible, alert on it", ["depth_m must be at most 11000"]),
        ("depth_m < 0, flag it", ["depth_m must be at least 0"]),
        ("alert if lat is outside -90..90 or lon is outside -180..180",
         ["lat must be between -90 and 90", "lon must be between -180 and 180"]),
        ("fail when lat > 80 or depth_m < 2", ["depth_m must be at least 2", "lat must be at most 80"]),
        # one subject, two comparators: not split, one interval
        ("alert when depth_m goes above 500 or below 1", ["depth_m must be between 1 and 500"]),
        ("The null rate of status should be zero", ["status must not be null"]),
    ],
)  # fmt: skip
def test_monitor_phrasings_read_as_the_good_case(text, want):
    assert _said(text) == want


def test_a_query_selecting_bad_rows_is_negated():
    (check,) = parse_request(
        "Order monitor: SELECT * FROM ops.readings WHERE ended_at < taken_at -- alert if it returns rows",
        SCHEMA,
        model_id="",
    )
    assert check.kind == "custom_sql"
    assert sorted(check.columns) == ["ended_at", "taken_at"]
    # the negation, spelled with NOT or with the operator flipped (the same on NULLs too)
    assert check.condition.replace(" ", "").upper() in ("NOT(ENDED_AT<TAKEN_AT)", "ENDED_AT>=TAKEN_AT")


@pytest.mark.parametrize(
    "text",
    [
        "Field health monitor: alert if the null rate of status goes above 5%",
        "alert when the duplicate ratio of reading_id exceeds 0.01",
    ],
)
def test_a_rate_over_rows_is_an_aggregate(text):
    with pytest.raises(QualityRequestError, match="aggregate"):
        parse_request(text, SCHEMA, model_id="")


@pytest.mark.parametrize(
    ("text", "columns", "want"),
    [
        ("Latency should never go above 5000 ms", ["request_id", "latency_ms"], ["latency_ms must be at most 5000"]),
        ("wait_minutes must be under 30 minutes", None, ["custom sql: wait_minutes < 30"]),
        ("the dashboard should load in under 3 seconds", None, None),
        ("latency_ms should be under 3 seconds", None, None),
        ("the job should finish in under 5 minutes", None, None),
    ],
)  # fmt: skip
def test_a_duration_bound_keeps_its_unit_or_raises(text, columns, want):
    """A number with a time unit compares a column measured in that unit; anything else
    (another unit, or no column at all) would compare the wrong numbers, so it raises."""
    if want is None:
        with pytest.raises(QualityRequestError):
            parse_request(text, columns, model_id="")
    else:
        assert sorted(c.describe() for c in parse_request(text, columns, model_id="")) == want


@pytest.mark.parametrize("verb", ["should alert", "must alert", "should trigger an alert",
                                  "should page on-call", "needs to raise an alarm", "should fail the run"])  # fmt: skip
@pytest.mark.parametrize(
    ("bad", "want"),
    [
        ("depth_m outside 0-11000", ["depth_m must be between 0 and 11000"]),
        ("depth_m above 11000", ["depth_m must be at most 11000"]),
        ("a null station_id", ["station_id must not be null"]),
    ],
)
def test_a_clause_whose_modal_verb_is_the_alert_states_the_bad_case(verb, bad, want):
    """'humidity outside 0-100 should alert': the alert is what must happen to the bad rows,
    so the check is the good case (the bad case kept would fail every good row)."""
    assert _said(f"{bad} {verb}") == want
