"""Round 30b (made-up columns, aggregates and silent drops): words of the request's context
that became columns, aggregates and vague wishes that became row checks. Each class is read as
a general rule; every test uses sentences of its own, in domains of its own, never a corpus
entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits as _admits
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)




# ------------- class 1: "For the <records>, <rule on a column>": the lead names the records,
# never one more column (`boat_register`, `ferry_crossing`)
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("For the boat register, hull_no must be unique.", [("unique", ["hull_no"], (None, None))]),
        ("For the boat register, hull_no should be exactly 8 digits.", [("format", ["hull_no"], r"^\d{8}$")]),
        ("For the kiln log, peak_temp_c must be below 1300.", [("custom_sql", ["peak_temp_c"], "peak_temp_c < 1300")]),
        ("For our seed inventory, lot_code must not be null.", [("not_null", ["lot_code"], (None, None))]),
        (
            "For the ferry crossings, every crossing needs a captain_id that exists in captains.captain_id.",
            [("referential", ["captain_id"], (None, None))],
        ),
        (
            "For the night-bus routes, each route must have a depot_id that exists in depots.depot_id.",
            [("referential", ["depot_id"], (None, None))],
        ),
    ],
)
def test_a_lead_naming_the_records_is_no_column(text, want):
    got = checks(text)
    assert [(k, c) for k, c, _ in got if k != "not_null" or want[0][0] == "not_null"] == [(k, c) for k, c, _ in want]
    assert all(c != ["boat_register"] and "_" in "".join(c) for _, c, _ in got)


def test_a_plural_lead_before_a_named_column_is_not_dropped_as_a_scope():
    # "for the cancelled bookings" may be a condition on some rows: never silently a rule on all
    got = _checks("For the cancelled bookings, every booking must have a refund_ref.", None)
    assert got != [("not_null", ["refund_ref"], (None, None))]


# ------------- class 1: a bracket saying which rows have none ("(walk-ins have no coach)") is
# why the column may be empty: context, never a not-null on the noun
@pytest.mark.parametrize(
    "text",
    [
        "coach_id on lessons must exist in coaches.coach_id when filled (walk-ins have no coach)",
        "coach_id must exist in coaches.coach_id when present (group lessons have no coach)",
        "coach_id on lessons must exist in coaches.coach_id when filled (lessons booked by phone have no coach)",
    ],
)
def test_a_bracket_saying_some_rows_have_none_is_context(text):
    got = checks(text)
    assert [(k, c) for k, c, _ in got] == [("referential", ["coach_id"])]


# ------------- class 1: "no zero-length <things>" after a strict order of two columns says
# the order again (it was `session > start_at` on a made-up column)
@pytest.mark.parametrize(
    "text",
    [
        "finished_at has to be after begun_at, no zero-length shifts",
        "returned_at must be later than lent_at -- no zero-duration loans",
        "closed_at must come after opened_at, so no zero-length tickets",
    ],
)
def test_no_zero_length_after_a_strict_order_is_a_restatement(text):
    got = checks(text)
    assert len(got) == 1 and got[0][0] == "custom_sql" and ">" in str(got[0][2]) and ">=" not in str(got[0][2])


@settings(max_examples=40, deadline=None)
@given(st.integers(-5, 5))
def test_no_zero_length_property(delta):
    text = "finished_at has to be after begun_at, no zero-length shifts"
    assert _admits(text, None, {"finished_at": 100 + delta, "begun_at": 100}) == (delta > 0)


# ------------- class 2: a share of the rows is an aggregate, never a row check
@pytest.mark.parametrize(
    "text",
    [
        "the share of parcels with damage stays under 3% per week",
        "could we have a rule that the proportion of loans with arrears stays below 5%?",
        "could we check that the share of bookings with complaints stays under 4%?",
        "the proportion of parcels with claims should be below 1%",
    ],
)
def test_a_share_of_rows_with_a_flag_is_an_aggregate(text):
    with pytest.raises(QualityRequestError):
        parse_request(text, ["parcel_id", "is_damaged", "has_claim", "booking_id", "has_complaint", "loan_id", "in_arrears"], model_id="")


# ------------- class 2: a state the data should reach before some event is no comparison
@pytest.mark.parametrize(
    "text",
    [
        "The ferry data should be accurate before the harbour inspection.",
        "the loans data must be correct before the quarterly review",
        "OPS-12: the tram data has to be consistent before the board meeting",
        "our fleet data should be reliable before the safety audit",
    ],
)
def test_a_state_before_an_event_is_no_rule(text):
    with pytest.raises(QualityRequestError):
        parse_request(text, None, model_id="")


def test_an_order_of_two_columns_still_reads():
    assert checks("docked_at must be after sailed_at") == [("custom_sql", ["docked_at", "sailed_at"], "docked_at > sailed_at")]


# ------------- class 1: a typo is a slip of one key or two swapped letters; one letter
# replaced by a far key is a word of its own ("court" is no "count", "tours" no "hours")
@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Court numbers run 1 to 12.", "court_number"),
        ("For the show-cave tours, all tours need a guide_id that exists in guides.guide_id.", "guide_id"),
    ],
)
def test_a_far_key_is_no_typo(text, column):
    got = checks(text)
    assert got and all(c == [column] for _, c, _ in got)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("email must be uniqie", ("unique", ["email"], (None, None))),
        ("status shoukd not be null", ("not_null", ["status"], (None, None))),
        ("rate must be posotive", ("custom_sql", ["rate"], "rate > 0")),
    ],
)
def test_a_slip_of_a_neighbouring_key_is_still_a_typo(text, want):
    assert checks(text) == [want]


# ------------- class 3: "<col words> run 1 to 12": a span, never a silent drop
@pytest.mark.parametrize(
    ("text", "cols", "column"),
    [
        ("Lane numbers run 1 to 8. Swimmer age cannot be below 6.", ["heat_id", "lane_no", "swimmer_age"], "lane_no"),
        ("lane numbers run from 1 to 8", ["heat_id", "lane_no", "swimmer_age"], "lane_no"),
        ("Pew numbers run 1 to 8.", None, "pew_number"),
    ],
)
def test_numbers_run_n_to_m_is_a_range(text, cols, column):
    got = checks(text, cols)
    assert got[0] == ("range", [column], (1, 8))


@settings(max_examples=40, deadline=None)
@given(st.integers(-3, 12))
def test_numbers_run_property(v):
    assert _admits("lane numbers run 1 to 8", ["heat_id", "lane_no"], {"lane_no": v}) == (1 <= v <= 8)


# ------------- class 1: a name written in lower case in the rule is that column, even when a
# title spells it in mixed case ("pH" in a heading, "ph must ..." in the rule)
@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Subject: pool pH\n\nph must sit between 7.0 and 7.8", "ph"),
        ("Scenario: no tank drains with a pH below 6\n  Then ph must be at least 6", "ph"),
        ("Subject: dailyKwh\n\ndailykwh must be at least 0", "dailykwh"),
    ],
)
def test_the_rules_own_spelling_names_the_column(text, column):
    got = checks(text)
    assert got and all(c == [column] for _, c, _ in got)


def test_a_mixed_case_name_alone_is_kept_as_written():
    assert checks("dailyKwh must be at least 0")[0][1] == ["dailyKwh"]


# ------------- class 4: "> 0 strictly" is the strict bound said twice
@pytest.mark.parametrize(
    "text",
    [
        "fare_eur > 0 strictly, and under 25k",
        "fare_eur above 0 strictly and below 25000",
        "for ferry fares: fare_eur > 0 strictly and < 25000",
    ],
)
def test_strictly_after_the_number_is_the_strict_bound(text):
    assert checks(text) == [("custom_sql", ["fare_eur"], "fare_eur > 0 AND fare_eur < 25000")]


def test_strictly_after_an_inclusive_bound_is_not_read():
    with pytest.raises(QualityRequestError):
        parse_request("fare_eur >= 0 strictly", None, model_id="")


@settings(max_examples=40, deadline=None)
@given(st.integers(-3, 30000))
def test_strictly_property(v):
    assert _admits("fare_eur > 0 strictly, and under 25k", None, {"fare_eur": v}) == (0 < v < 25000)


# ------------- class 4: what to do about a bad row, said after the bound, is no column
@pytest.mark.parametrize(
    "text",
    [
        "flag any row where boiler_temp_c is above 95 and escalate to the caretaker.",
        "alert when boiler_temp_c goes over 95 and page the on-call engineer",
        "flag rows where boiler_temp_c is above 95 and notify the site lead",
    ],
)
def test_an_action_after_the_bad_case_is_context(text):
    assert checks(text, ["boiler_id", "boiler_temp_c", "read_at"]) == [("range", ["boiler_temp_c"], (None, 95))]


@settings(max_examples=40, deadline=None)
@given(st.integers(80, 110))
def test_an_action_after_the_bad_case_property(v):
    text = "flag any row where boiler_temp_c is above 95 and escalate to the caretaker."
    assert _admits(text, ["boiler_id", "boiler_temp_c"], {"boiler_temp_c": v}) == (v <= 95)


def test_a_second_rule_after_and_is_kept():
    got = checks("boiler_temp_c must be at most 95 and page_count must be positive", ["boiler_temp_c", "page_count"])
    assert len(got) == 2


# ------------- class 3: a verbless "<col> matching <shape>" in a list of rules is a rule
@pytest.mark.parametrize(
    "text",
    [
        "boiler_temp_c between 40 and 95, and meter_ref matching MR followed by five digits.",
        "This is what the check covers — boiler_temp_c between 40 and 95, and meter_ref matching MR followed by five digits.",
        "meter_ref matching MR followed by five digits",
    ],
)
def test_a_verbless_matching_is_a_format_rule(text):
    got = checks(text, ["meter_ref", "boiler_temp_c", "read_at"])
    assert ("format", ["meter_ref"], r"^MR\d{5}$") in got


def test_matching_after_a_bad_case_lead_is_not_a_rule():
    # "flag rows with x matching ..." names the bad rows: never "x must match"
    try:
        got = checks("flag rows with meter_ref matching TEST followed by five digits", ["meter_ref"])
    except QualityRequestError:
        return
    assert ("format", ["meter_ref"], r"^TEST\d{5}$") not in got
