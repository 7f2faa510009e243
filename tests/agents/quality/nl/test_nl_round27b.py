"""Round 27 (Slack, Jira and Monte Carlo) classes, read as general rules: each test uses sentences
of its own, never a corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import passes

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

# ------------- class 1: a freshness rule said as "nothing has landed for N minutes": the age of
# the newest row, on the one time column (named, or the schema's only one); a table it names
# is context, never the column
_UNITS = [("minutes", 60), ("hours", 3600)]


@given(
    st.sampled_from(["alert if", "page us when", "fail if"]),
    st.sampled_from(
        [
            "nothing has landed",
            "nothing new has arrived",
            "nothing has come in",
            "nothing has been loaded",
        ]
    ),
    st.sampled_from(["", " in the gate_scans table", " in gate_scans"]),
    st.integers(min_value=2, max_value=90),
    st.sampled_from(_UNITS),
)
@settings(max_examples=40, deadline=None)
def test_nothing_has_landed_for_a_while_is_a_freshness(lead, verb, where, n, unit):
    text = f"Freshness monitor: {lead} {verb}{where} for {n} {unit[0]}."
    (check,) = parse_request(text, ["scan_id", "gate_no", "scanned_at"], model_id="")
    assert check.kind == "freshness" and check.columns == ["scanned_at"]
    assert check.max_age_seconds == n * unit[1]


def test_nothing_has_landed_names_its_time_column_or_raises_without_one():
    (check,) = parse_request("alert if nothing has landed for 45 minutes (logged_at)", model_id="")
    assert (
        check.kind == "freshness"
        and check.columns == ["logged_at"]
        and check.max_age_seconds == 2700
    )
    with pytest.raises(QualityRequestError, match="which column"):
        parse_request("alert if nothing has landed for 45 minutes", model_id="")


# ------------- class 2: a question whether the bad case ever happens ("is x ever over 400?"), with
# or without an answer after it ("if so / if not lets lock it down", "... enforce only those
# two", "... add a check that caps it at 400"): the check is the negation of the bad case, or
# the values the question lists
@given(
    st.sampled_from([("over", "max"), ("above", "max"), ("under", "min"), ("below", "min")]),
    st.integers(min_value=3, max_value=900),
    st.sampled_from(
        [
            "",
            " pls add a check for that",
            " if so thats a sensor glitch, pls add a check",
            " if so lets lock it down",
            " if so can we lock that down with a check",
            " if so lets enforce it",
        ]
    ),
)
@settings(max_examples=60, deadline=None)
def test_a_question_whether_the_bad_case_happens_is_its_negation(cmp, n, tail):
    text = f"quick q: is wind_gust_kmh ever {cmp[0]} {n}?{tail}"
    (check,) = parse_request(text, model_id="")
    assert check.columns == ["wind_gust_kmh"]
    bad = n + 1 if cmp[1] == "max" else n - 1
    assert not passes(check, "wind_gust_kmh", bad)
    good = n - 1 if cmp[1] == "max" else n + 1
    assert passes(check, "wind_gust_kmh", good)


@pytest.mark.parametrize(
    "tail",
    [
        "if not lets lock it down",
        "if not can we lock that down with a check",
        "if not lets enforce only those three",
        "if not pls add a check",
    ],
)
@pytest.mark.parametrize("other", ["anything but", "anything besides", "anything other than"])
def test_a_question_whether_a_column_is_ever_anything_else_gives_its_values(tail, other):
    text = f"hey, is hull_grade ever {other} A1 / B2 / C3? {tail}"
    assert _checks(text, strict=True) == [("accepted_values", ["hull_grade"], ["A1", "B2", "C3"])]


def test_a_question_then_a_rule_on_it_reads_the_rule():
    text = "is ph_level ever above 9? if so thats a probe fault, pls add a check that caps it at 9"
    assert _checks(text) == [("range", ["ph_level"], (None, 9))]
    text = "does tank_depth_m ever go below 0? pls add a check"
    assert _checks(text) == [("range", ["tank_depth_m"], (0, None))]


# ------------- class 3: a verdict on "anything" / "values" beyond a bound, after the column that
# heads the clause ("x: anything under 2 is junk", "x, values over 9 are a bug", "x on t,
# anything below 0 is illegal so flag it"): the column must stay on the other side; "anything"
# is never a column of its own, and the comma never splits off the bad case (it was `x < 2`)
@given(
    st.sampled_from([("under", "min"), ("below", "min"), ("over", "max"), ("above", "max")]),
    st.integers(min_value=2, max_value=500),
    st.sampled_from(
        [
            ": anything",
            ", anything",
            ", values",
            ", readings",
            " on the kilns, anything",
            " —  anything",
        ]
    ),
    st.sampled_from(["is junk", "is illegal", "is a bug", "are junk", "is impossible"]),
    st.sampled_from(
        ["", ", flag it pls", " so flag it pls", ", so please flag them", " and catch it"]
    ),
)
@settings(max_examples=80, deadline=None)
def test_anything_beyond_a_bound_after_its_column_is_the_bad_case(cmp, n, head, verdict, tail):
    text = f"kiln_temp_c{head} {cmp[0]} {n} {verdict}{tail}"
    (check,) = parse_request(text, ["kiln_id", "kiln_temp_c", "fired_at"], model_id="")
    assert check.columns == ["kiln_temp_c"]
    assert getattr(check, cmp[1]) == n
    assert not passes(check, "kiln_temp_c", n + 1 if cmp[1] == "max" else n - 1)


def test_anything_is_never_a_column():
    with pytest.raises(QualityRequestError, match="which column"):
        parse_request("anything under 2 is junk", model_id="")
    with pytest.raises(QualityRequestError):
        parse_request("anything under 2 is junk", ["kiln_id", "kiln_temp_c"], model_id="")


# ------------- class 4: a lead-in (where, when, which tool) before a bad case ("In production,
# fewer than 10 rows should alert", "Each morning, x over 5 is a bug", "In Monte Carlo, ..."):
# context, never the condition of a rule that keeps the bad case (it was `at most 9 rows`,
# `x > 5`, or `between 401 and 9 rows`)
@given(
    st.sampled_from(
        [
            "In production",
            "Each night",
            "For the kiln table",
            "In Monte Carlo",
            "On the nightly run",
            "In Soda",
        ]
    ),
    st.integers(min_value=2, max_value=50),
    st.integers(min_value=100, max_value=5000),
)
@settings(max_examples=40, deadline=None)
def test_a_lead_in_before_a_volume_bad_case_is_context(lead, low, high):
    (check,) = parse_request(
        f"{lead}, fewer than {low} rows or more than {high} should alert", model_id=""
    )
    assert check.kind == "row_count" and (check.min, check.max) == (low, high)
    (check,) = parse_request(f"{lead}, fewer than {low} rows should alert", model_id="")
    assert check.kind == "row_count" and (check.min, check.max) == (low, None)


@given(
    st.sampled_from(["In production", "Each morning", "For the kiln table", "In Monte Carlo"]),
    st.sampled_from(["should alert", "is a bug", "is junk", "must fail the run"]),
    st.integers(min_value=2, max_value=900),
)
@settings(max_examples=40, deadline=None)
def test_a_lead_in_before_a_column_bad_case_is_context(lead, verdict, n):
    (check,) = parse_request(f"{lead}, kiln_temp_c over {n} {verdict}", model_id="")
    assert check.columns == ["kiln_temp_c"] and check.max == n
    assert not passes(check, "kiln_temp_c", n + 1)


# ------------- class 5: a Gherkin scenario with no Given (its title, then Then / And lines), and
# a comparison of two columns "for every <entity>": the title is context, each Then a rule
def test_a_scenario_title_then_its_then_lines():
    text = (
        "Feature: hangar slots\n"
        "  Scenario: parked aircraft never exceed the slots\n"
        "    Then parked_count <= slot_count for every hangar\n"
        "    And slot_count is at least 1\n"
    )
    cols = ["hangar_id", "parked_count", "slot_count"]
    assert _checks(text, cols) == [
        ("custom_sql", ["parked_count", "slot_count"], "parked_count <= slot_count"),
        ("range", ["slot_count"], (1, None)),
    ]


# ------------- class 6: a state said with "is never / is always" and a condition after it ("x is
# never empty when kind = 'A'", "x is always filled in when ..."): the state under that condition
# (the condition's value was read as a check on the condition's column: `kind IN ('A')`, and
# the state moved to it)
@pytest.mark.parametrize(
    ("state", "sql"),
    [
        ("is never empty", "tail_no IS NOT NULL"),
        ("is never null", "tail_no IS NOT NULL"),
        ("is always filled in", "tail_no IS NOT NULL"),
        ("is always present", "tail_no IS NOT NULL"),
        ("is always filled", "tail_no IS NOT NULL"),
    ],
)
def test_a_state_with_an_adverb_keeps_its_condition(state, sql):
    text = f"tail_no {state} when flight_kind = 'CHARTER'"
    assert _checks(text) == [
        (
            "custom_sql",
            ["flight_kind", "tail_no"],
            f"NOT coalesce(flight_kind = 'CHARTER', FALSE) OR {sql}",
        )
    ]


# ------------- class 7: a code in capitals in a condition, unquoted ("when status = CLOSED",
# "when grade is A1 or B2"), is the value as written (it was 'closed': no row matched the guard)
@given(st.sampled_from(["CLOSED", "ON_HOLD", "RTS", "A1"]), st.sampled_from(["=", "is"]))
@settings(max_examples=16, deadline=None)
def test_a_code_in_capitals_in_a_condition_keeps_its_case(code, op):
    (check,) = parse_request(f"refund_due must be 0 when ticket_state {op} {code}", model_id="")
    assert check.condition == f"NOT coalesce(ticket_state = '{code}', FALSE) OR refund_due = 0"
    (check,) = parse_request(
        f"refund_due must be 0 when ticket_state is {code} or VOID", model_id=""
    )
    assert (
        check.condition
        == f"NOT coalesce(ticket_state IN ('{code}', 'VOID'), FALSE) OR refund_due = 0"
    )


# ------------- class 8: a user story after its ticket key ("KEY-7: As the ... I want ...") in a
# ticket with acceptance criteria is the story (context); the criteria are the checks
def test_a_user_story_after_its_ticket_key_is_context_next_to_acceptance_criteria():
    text = (
        "HIVE-12: As the apiary lead I want every colony to log its queen_tag reading so we can track swarms.\n"
        "AC: queen_tag is mandatory; frame_count between 1 and 20."
    )
    assert _checks(text, strict=True) == [
        ("not_null", ["queen_tag"], (None, None)),
        ("range", ["frame_count"], (1, 20)),
    ]


# ------------- class 9: a column kept on every row said with a verb of keeping ("every colony
# must record its queen_tag", "each trip should carry a skipper_id", "the hives table needs
# queen_tag recorded on every hive"): the column is set
@pytest.mark.parametrize(
    "text",
    [
        "every colony must record its queen_tag",
        "each colony should carry a queen_tag",
        "every colony needs to capture its queen_tag",
        "the hives table needs queen_tag recorded on every colony",
        "For traceability the hives table needs queen_tag filled in for each colony",
    ],
)
def test_a_verb_of_keeping_a_column_is_not_null(text):
    assert _checks(text, strict=True) == [("not_null", ["queen_tag"], (None, None))]


# ------------- class 10: a negated event of the entity with a column's value ("no flight may be
# dispatched with fuel_kg below 900", "a flight must not be dispatched with ..."): the bad case
# (the negation was lost on the entity: `fuel_kg < 900`)
@given(
    st.sampled_from(
        [
            "no flight may be dispatched with",
            "no flight can be dispatched with a",
            "a flight must not be dispatched with",
            "a flight may never be released with",
            "no flight should be scheduled with",
        ]
    ),
    st.sampled_from([("below", "min"), ("under", "min"), ("above", "max"), ("over", "max")]),
    st.integers(min_value=2, max_value=9000),
)
@settings(max_examples=40, deadline=None)
def test_a_negated_event_with_a_value_is_the_bad_case(lead, cmp, n):
    (check,) = parse_request(f"{lead} fuel_kg {cmp[0]} {n}", model_id="")
    assert check.columns == ["fuel_kg"] and getattr(check, cmp[1]) == n
    assert not passes(check, "fuel_kg", n + 1 if cmp[1] == "max" else n - 1)


def test_a_row_scope_with_a_value_before_a_bad_case_is_refused_not_inverted():
    # "for rows with status 'X', ..." limits the bad case to some rows: never the value as a
    # column compared (it was `X > 5` and `amount > 5`)
    for verdict in ("should alert", "is a bug"):
        with pytest.raises(QualityRequestError):
            parse_request(f"for rows with grade 'C3', fuel_kg over 500 {verdict}", model_id="")
