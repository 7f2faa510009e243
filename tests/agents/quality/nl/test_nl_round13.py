"""Round 13 classes (first-sight refusals and wrong checks, read as general rules): each test
uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------- an action taken on the rows selected
@pytest.mark.parametrize(
    ("text", "said"),
    [
        # the action phrase is never a column, and the rows it is taken on are the bad case
        ("emit a warning for rows where weight > 40", ["weight must be at most 40"]),
        ("open a P1 ticket for every parcel where weight exceeds 40", ["weight must be at most 40"]),
        ("ping #ops-alerts for any record where closed_on is before opened_on", ["custom sql: closed_on >= opened_on"]),
        ("file a bug for each entry with a null batch_no", ["batch_no must not be null"]),
        ("notify the team about any lot where moisture < 2", ["moisture must be at least 2"]),
        ("throw an exception for records having balance below 0", ["balance must be at least 0"]),
        ("error on any row where discount >= 1", ["custom sql: discount < 1"]),
        ("fire a page on rows where retry_count > 3", ["retry_count must be at most 3"]),
        ("log a warning where reading_kw < 0", ["reading_kw must be at least 0"]),
        ("generate an incident for every meter that has reading_kw above 9000", ["reading_kw must be at most 9000"]),
        ("send a slack message to #grid for rows where reading_kw > 9000", ["reading_kw must be at most 9000"]),
    ],
)
def test_action_on_rows_states_the_bad_case(text: str, said: list[str]) -> None:
    assert _said(text) == said


def test_action_on_rows_with_a_schema() -> None:
    cols = ["parcel_id", "weight", "shipped_at", "packed_at"]
    assert _said("raise a warning for any parcel where shipped_at is earlier than packed_at", cols) == [
        "custom sql: shipped_at >= packed_at"
    ]


def test_a_one_letter_article_is_no_column() -> None:
    # "a" is the article: without a name it cannot be a column (refused, never a wrong check);
    # other one-letter names are columns
    with pytest.raises(QualityRequestError):
        parse_request("fire an alert when a > 7", model_id="")
    assert _said("fire an alert when z > 7") == ["z must be at most 7"]


_VERBS = [
    "raise",
    "send",
    "trigger",
    "fire",
    "open",
    "create",
    "emit",
    "throw",
    "file",
    "log",
    "generate",
    "post",
]
_ALONE = ["alert", "warn", "flag", "error", "fail", "page", "notify", "ping", "escalate"]
_WHOM = ["", " someone", " us", " the team", " on-call", " the on-call", " @data-oncall"]
_OBJECTS = ["alert", "error", "incident", "page", "warning", "notification", "ticket", "alarm", "issue", "exception"]
_ROWS = [
    "for any row where",
    "for each row where",
    "for every record where",
    "for rows where",
    "for records where",
    "on any row where",
    "on rows where",
    "for any shipment where",
    "for each reading where",
    "for any row if",
    "for every order when",
]
#: (bad case, the same rule said as the good case)
_CMPS = [
    ("{c} > 12", "{c} must be at most 12"),
    ("{c} exceeds 12", "{c} must be at most 12"),
    ("{c} is above 12", "{c} must be at most 12"),
    ("{c} < 3", "{c} must be at least 3"),
    ("{c} is below 3", "{c} must be at least 3"),
    ("{c} is null", "{c} must not be null"),
    ("{c} is missing", "{c} must not be null"),
    ("{c} is earlier than {d}", "{c} must not be earlier than {d}"),
    ("{c} is before {d}", "{c} must not be before {d}"),
    ("{c} is later than {d}", "{c} must not be later than {d}"),
    ("{c} > {d}", "{c} must not be greater than {d}"),
]
_COLS = ["load_kg", "temp_c", "dose_mg", "fare_usd", "ended_at", "tick_no"]
_OTHER = ["started_at", "cap_kg", "max_dose", "limit_usd"]


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


@settings(max_examples=250, deadline=None)
@given(
    verb=st.sampled_from(_VERBS),
    whom=st.sampled_from(_WHOM),
    noun=st.sampled_from(_OBJECTS),
    rows=st.sampled_from(_ROWS),
    cmp=st.sampled_from(_CMPS),
    c=st.sampled_from(_COLS),
    d=st.sampled_from(_OTHER),
)
def test_property_action_verb_object_rows_comparator(
    verb: str, whom: str, noun: str, rows: str, cmp: tuple[str, str], c: str, d: str
) -> None:
    bad, good = (x.format(c=c, d=d) for x in cmp)
    text = f"{verb}{whom} {_article(noun)} {noun} {rows} {bad}"
    assert _said(text) == _said(good), text


@settings(max_examples=150, deadline=None)
@given(
    verb=st.sampled_from(_ALONE),
    whom=st.sampled_from(_WHOM),
    rows=st.sampled_from(_ROWS),
    cmp=st.sampled_from(_CMPS),
    c=st.sampled_from(_COLS),
    d=st.sampled_from(_OTHER),
)
def test_property_action_alone_rows_comparator(verb: str, whom: str, rows: str, cmp: tuple[str, str], c: str, d: str) -> None:
    bad, good = (x.format(c=c, d=d) for x in cmp)
    text = f"{verb}{whom} {rows} {bad}"
    assert _said(text) == _said(good), text


# ------------------------------------------------------- Monte Carlo monitors with alert conditions
@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a metric monitor as JSON, whole or a fragment; each field its own rule
        (
            '{"name": "m1", "table": "w:x.kiosk_sales", "alert_conditions": '
            '[{"metric": "NULL_COUNT", "operator": "GT", "threshold": 0, "fields": ["till_id", "cashier"]}]}',
            ["cashier must not be null", "till_id must not be null"],
        ),
        ('"alert_conditions": [{"metric": "DUPLICATE_COUNT", "operator": "GT", "threshold": 0, "fields": ["receipt_no"]}]',
         ["receipt_no must be unique"]),
        ('{"alert_conditions": [{"metric": "NEGATIVE_COUNT", "operator": "GTE", "threshold": 1, "fields": ["tip_amt"]}]}',
         ["tip_amt must be at least 0"]),
        ('{"alert_conditions": [{"metric": "ZERO_COUNT", "operator": "GT", "threshold": 0, "fields": ["units"]}]}',
         ["custom sql: units <> 0"]),
        ('{"alert_conditions": [{"metric": "NUMERIC_MAX", "operator": "GT", "threshold": 12.5, "fields": ["abv"]}]}',
         ["abv must be at most 12.5"]),
        # as YAML after a line of prose
        (
            "metric monitor on retail.kiosk_sales:\n  alert_conditions:\n    - metric: NUMERIC_MIN\n"
            "      operator: LT\n      threshold: 2\n      fields: [basket_size]",
            ["basket_size must be at least 2"],
        ),
        # a validation monitor's alert condition: the bad rows as a tree
        (
            "alert_condition:\n  type: GROUP\n  operator: OR\n  conditions:\n"
            "    - type: BINARY\n      predicate: {name: greater_than}\n      left: [{field: speed_kmh}]\n      right: [{literal: '130'}]\n"
            "    - type: BINARY\n      predicate: {name: less_than}\n      left: [{field: speed_kmh}]\n      right: [{literal: '5'}]\n"
            "    - type: UNARY\n      predicate: {name: null}\n      value: [{field: plate}]",
            ["plate must not be null", "speed_kmh must be between 5 and 130"],
        ),
        (
            "- name: bad_postcodes\n  alert_condition:\n    type: BINARY\n    predicate:\n      name: matches_regex\n      negated: true\n"
            "    left:\n      - field: postcode\n    right:\n      - literal: '^[0-9]{5}$'",
            ["postcode must match regex '^[0-9]{5}$'"],
        ),
    ],
)
def test_monte_carlo_alert_conditions(text: str, said: list[str]) -> None:
    assert _said(text) == said


@pytest.mark.parametrize(
    "text",
    [
        # anomaly detection, a share and an aggregate bound: never a row rule (a conjunctive
        # bad case is one condition since round 16: test_nl_round16.py)
        '{"alert_conditions": [{"metric": "NULL_COUNT", "operator": "AUTO", "fields": ["till_id"]}]}',
        '{"alert_conditions": [{"metric": "NULL_RATE", "operator": "GT", "threshold": 0.05, "fields": ["till_id"]}]}',
        '{"alert_conditions": [{"metric": "NUMERIC_MAX", "operator": "LT", "threshold": 3, "fields": ["abv"]}]}',
    ],
)
def test_monte_carlo_alerts_that_are_no_row_rule_raise(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


# ------------------------------------------------------- GX 1.x pair class names
def test_gx_pair_class_with_one_letter_words() -> None:
    assert _said('gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="docked_at", column_B="undocked_at")') == [
        "custom sql: docked_at > undocked_at"
    ]
    assert _said('ExpectColumnPairValuesAToBeGreaterThanB(column_A="docked_at", column_B="undocked_at", or_equal=True)') == [
        "custom sql: docked_at >= undocked_at"
    ]


# ------------------------------------------------------- a bad case that is a disjunction
@pytest.mark.parametrize(
    ("text", "said"),
    [
        # a query selecting the rows outside two bounds: the range between them
        ("SELECT * FROM tanks WHERE fill_pct < 0 OR fill_pct > 100 -- page if it returns rows", ["fill_pct must be between 0 and 100"]),
        ("select count(*) from tanks where fill_pct > 100 or vol_l < 0\nalert if it returns anything",
         ["fill_pct must be at most 100", "vol_l must be at least 0"]),
        # a heading before the rows an action is taken on
        ("Tank rule: flag rows where fill_pct > 100", ["fill_pct must be at most 100"]),
        ("Gate \u2014 open a ticket for any row with vol_l < 0", ["vol_l must be at least 0"]),
        # a null among the disjuncts is one more bad case, never a null tolerance
        ("fail if tank_id is null or vol_l < 0", ["tank_id must not be null", "vol_l must be at least 0"]),
        ("alert when vol_l goes above 900 or any row is missing tank_id",
         ["tank_id must not be null", "vol_l must be at most 900"]),
        ("warn if fill_pct is above 100 or null", ["fill_pct must be at most 100", "fill_pct must not be null"]),
        ("alert if tank_id is null or site is null", ["site must not be null", "tank_id must not be null"]),
    ],
)
def test_disjunctive_bad_cases(text: str, said: list[str]) -> None:
    assert _said(text) == said


def test_null_tolerance_of_a_rule_is_kept() -> None:
    assert _said("vol_l must be above 0 or null") == ["custom sql: vol_l > 0"]
    assert parse_request("vol_l must be above 0 or null", model_id="")[0].condition == "vol_l > 0"
