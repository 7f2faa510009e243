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
