"""Round 27 (emails and runbooks) classes, read as general rules: each test uses sentences of
its own, in domains of its own, never a corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)


# ------------- class 1: when (in the life of the business) the checks are run, before the verb
# that asks for them or the table they are on: context, never a column
@given(
    st.sampled_from(
        [
            "Before the trucks leave the depot",
            "After each harvest",
            "Every evening after the tills close",
            "Ahead of the quarterly board pack",
            "Prior to billing",
            "Following every stocktake",
        ]
    ),
    st.sampled_from(["confirm", "check", "please verify", "make sure", "validate that"]),
    st.sampled_from([",", ""]),
)
@settings(max_examples=40, deadline=None)
def test_an_occasion_before_the_check_verb_is_context(lead, verb, comma):
    text = f"Depot checklist: {lead}{comma} {verb} pallet_count is at least 1 and manifest_no is never null."
    assert checks(text) == [
        ("range", ["pallet_count"], (1, None)),
        ("not_null", ["manifest_no"], (None, None)),
    ]


def test_an_occasion_before_a_table_that_needs_rules_is_context():
    text = "Before the roster goes to the union office, the shifts table needs: shift_id unique, nurse_id present."
    assert checks(text) == [("unique", ["shift_id"], (None, None)), ("not_null", ["nurse_id"], (None, None))]


@pytest.mark.parametrize(
    "tail", ["before the statements go out", "before the doors open", "by the time the returns are filed"]
)
def test_an_occasion_after_the_rule_is_context(tail):
    assert checks(f"Please verify that tenant_id is never null {tail}.") == [("not_null", ["tenant_id"], (None, None))]


def test_an_occasion_with_a_column_or_a_condition_word_is_not_dropped():
    # a lead that names a column, or a condition ("when", "if", "once"), is never context
    with pytest.raises(QualityRequestError):
        parse_request("After shipped_at, confirm the weight_kg is above 0.", model_id="")
    with pytest.raises(QualityRequestError):  # a time span is a condition, never an occasion
        parse_request("After 90 days, verify settled_flag is true.", ["settled_flag", "claim_id"], model_id="")
    got = checks("When the tier is 'GOLD', check that credit_limit is at least 5000.")
    assert got and got[0][0] == "custom_sql" and "GOLD" in got[0][2]


# ------------- class 2: what to do when the checks just stated fail, in any words
@given(
    st.sampled_from(
        [
            "If anything fails, rewind the batch and phone the mill supervisor.",
            "If any check fails, park the lorries and text the gatehouse.",
            "If something's off, don't release the cheques.",
            "If stale, reboot the gateway.",
            "If the readings stop arriving, ring the boiler engineer.",
            "Call the duty chemist if it stays red after the second run.",
            "Escalate to the plant manager if anything fails.",
            "When either check fails, freeze the ledger.",
            "If it doesn't, lock the weighbridge.",
            "If not, hold the invoices.",
            "If it is, stop the conveyor and ping #mill-ops.",
            "If the `bales` check fails, phone the shift lead.",
        ]
    )
)
@settings(max_examples=20, deadline=None)
def test_an_action_on_failure_is_context(action):
    text = f"Mill runbook: bale_weight_kg must be between 180 and 260. roll_id must be unique. {action}"
    assert checks(text) == [("range", ["bale_weight_kg"], (180, 260)), ("unique", ["roll_id"], (None, None))]


def test_a_rule_after_a_failure_condition_is_still_read_or_refused():
    # a modal or a comparison after "if anything fails" is a rule: never dropped as an action
    with pytest.raises(QualityRequestError):
        parse_request("roll_id must be unique. If anything fails, spool_no > 5.", model_id="")
    with pytest.raises(QualityRequestError):
        parse_request("roll_id must be unique. If anything fails", model_id="")


# ------------- class 3: a schedule alone in its sentence
@pytest.mark.parametrize(
    "schedule",
    [
        "Run after the 04:30 import.",
        "Runs nightly.",
        "Run these every Monday before the payroll export.",
        "These checks run each morning after the sensors sync.",
    ],
)
def test_a_schedule_sentence_is_context(schedule):
    text = f"## Greenhouse checks\n{schedule}\n1. humidity_pct between 40 and 90.\n2. bench_id is not null."
    assert checks(text) == [("range", ["humidity_pct"], (40, 90)), ("not_null", ["bench_id"], (None, None))]


def test_a_schedule_with_a_rule_after_a_colon_is_read():
    assert checks("Run nightly: bench_id unique") == [("unique", ["bench_id"], (None, None))]


# ------------- class 4: a runbook's section or step label before its rules
@pytest.mark.parametrize(
    "label",
    [
        "Step 2 of the quarter-end runbook:",
        "Kiln operations runbook, section 7 (data checks):",
        "Kiln operations runbook, step 5:",
        "Dispatch runbook, section 3.1:",
        "Kiln operations runbook, data section:",
        "Section 12:",
    ],
)
def test_a_section_label_is_context_never_a_column(label):
    text = f"{label} verify firing_temp_c is at most 1300 and kiln_id is never null."
    assert checks(text) == [("range", ["firing_temp_c"], (None, 1300)), ("not_null", ["kiln_id"], (None, None))]


# ------------- class 5: a bound stated with "is" (no modal), after "verify that" or not, then its
# condition: the condition guards the bound (its value was a check on the bound's column)
@given(
    st.sampled_from(["", "verify that ", "Please check that ", "make sure "]),
    st.sampled_from(["is", "stays"]),
    st.sampled_from([("at most 40", None, 40), ("between 2 and 40", 2, 40), ("2-40", 2, 40), ("at least 2", 2, None)]),
    st.sampled_from(["when", "if"]),
)
@settings(max_examples=40, deadline=None)
def test_a_copula_bound_keeps_its_condition(lead, verb, bound, how):
    text = f"{lead}crate_weight_kg {verb} {bound[0]} {how} fruit = 'PLUM'"
    ((kind, cols, cond),) = checks(text)
    assert kind == "custom_sql" and set(cols) == {"fruit", "crate_weight_kg"}
    assert "PLUM" in cond and "fruit" in cond
    assert "crate_weight_kg" in cond


# ------------- class 6: the rows a rule holds on, named by a noun and the writer's own filter
@pytest.mark.parametrize(
    ("text", "cond_cols"),
    [
        ("refund_total > 0 for every voided sale (sale_state = 'VOID')", {"sale_state", "refund_total"}),
        ("seat_count between 1 and 9 for light aircraft (weight_class = 'L')", {"weight_class", "seat_count"}),
        ("every dose of a class A drug (drug_class = 'A') needs a witness_id", {"drug_class", "witness_id"}),
        ("Overnight guests (stay_type = 'NIGHT') must have a room_no.", {"stay_type", "room_no"}),
        ("A pallet with hazmat = true must have un_number filled in.", {"hazmat", "un_number"}),
    ],
)
def test_a_bracketed_or_with_filter_guards_the_rule(text, cond_cols):
    ((kind, cols, cond),) = checks(text)
    assert kind == "custom_sql" and set(cols) == cond_cols
    assert cond.startswith("NOT coalesce(")


# ------------- class 7: what is NOT asked (scope remarks) is context; a word that merely begins
# with "is" / "has" ("issue", "island", "hastily") is no check name (Deequ's isComplete is)
@pytest.mark.parametrize(
    "remark",
    [
        "There is no need to validate the tonnage totals, accounts reconcile them.",
        "The tonnage totals come from accounts, so there's no need to check them in the DAG.",
        "We don't need to monitor the crane logs.",
        "Nothing to do on the berth schedule yet.",
        "Nothing else to add for now; the tug booking issue is a separate ticket.",
        "Bulk carriers aren't in scope for this one.",
        "The rest of the survey (hull photos, paint logs) is handled by the marine team.",
        "Pilot fees are out of scope.",
    ],
)
def test_a_scope_remark_is_context(remark):
    text = f"Hi all,\n\nIn the harbour returns vessel_id must be unique and gross_tonnage at least 1. {remark}\n\nThanks,\nIona"
    assert checks(text) == [("unique", ["vessel_id"], (None, None)), ("range", ["gross_tonnage"], (1, None))]


def test_a_scope_remark_with_a_rule_or_a_column_is_still_read():
    # a comparison, a number or a column in it: never dropped as a scope remark
    assert checks("vessel_id must be unique. draft_m > 2 is handled by the pilots") == [
        ("unique", ["vessel_id"], (None, None)),
        ("custom_sql", ["draft_m"], "draft_m > 2"),
    ]
    with pytest.raises(QualityRequestError):
        parse_request("there is no need to check it", model_id="")


# ------------- class 8: "on every row of <table>" names the table a row rule holds on
@pytest.mark.parametrize("table", ["till_totals", "the till totals extract", "the weekly till return"])
def test_every_row_of_a_table_is_context(table):
    cols = ["till_id", "refunds", "payments"]
    assert checks(f"Till check: refunds <= payments on every row of {table}", cols) == [
        ("custom_sql", ["refunds", "payments"], "refunds <= payments")
    ]


# ------------- class 9: two "zero rows where ..." asks joined by "and" are two checks
def test_two_zero_rows_asks_are_two_checks():
    text = "Confirm zero rows where fare_usd is negative and zero rows where driver_id is missing."
    assert checks(text) == [("range", ["fare_usd"], (0, None)), ("not_null", ["driver_id"], (None, None))]


# ------------- class 10: a markdown heading that says when the checks below run is context
@pytest.mark.parametrize("heading", ["### Checks before publishing `fct_fares`", "## Gate after the `stg_trips` rebuild"])
def test_a_markdown_heading_with_an_occasion_is_context(heading):
    text = f"{heading}\n* fare_code matches ^[A-Z]{{3}}$\n* driver_id is never null"
    assert checks(text) == [("format", ["fare_code"], "^[A-Z]{3}$"), ("not_null", ["driver_id"], (None, None))]


# ------------- class 11: a verdict on the bad case, then ", so please cap / make sure ...": the
# ask after "so" is a sentence of its own (read as one, the verdict turned the cap over)
@given(st.integers(min_value=2, max_value=900), st.sampled_from(["cap", "make sure", "please also ensure"]))
@settings(max_examples=30, deadline=None)
def test_an_ask_after_a_verdict_keeps_its_direction(n, verb):
    ask = f"cap ladle_temp_c at {n}" if verb == "cap" else f"{verb} ladle_temp_c is at most {n}"
    text = f"Readings of ladle_temp_c above {n} are always sensor faults, so please {ask}."
    assert checks(text) == [("range", ["ladle_temp_c"], (None, n))]


# ------------- class 12: a story and a wish for checks on a named table are context; a remark on
# where the bad rows came from after a dash is context, and a bracketed key is never cut
def test_a_story_and_a_wish_for_checks_on_a_table_are_context():
    text = (
        "After last month's audit, in which two hives were logged twice, we'd like some guard rails on "
        "apiary_hives. hive_tag must be unique."
    )
    assert checks(text) == [("unique", ["hive_tag"], (None, None))]


def test_a_dash_remark_on_where_the_bad_rows_came_from_is_context_and_the_key_stays_whole():
    text = "(site_code, hive_no) has to be unique in hives \u2014 the doubles came from the 2021 import."
    assert checks(text) == [("unique", ["site_code", "hive_no"], (None, None))]


# ------------- class 13: a word the reader drops or takes for the table ("result", "batch",
# "load"), named a column by the writer ("the result column"), is that column
@pytest.mark.parametrize("word", ["result", "batch", "load"])
def test_an_entity_noun_named_a_column_is_the_column(word):
    cols = ["sample_id", word, "lab_code"]
    text = f"The {word} column should only ever say OK, RETRY or VOID."
    assert checks(text, cols) == [("accepted_values", [word], ["OK", "RETRY", "VOID"])]


def test_a_filter_left_inside_a_longer_sentence_is_never_a_check_of_its_own():
    # the filter cannot be placed as a guard here: refused, never `drug_class = 'A'` as a check
    # beside an unguarded rule
    text = "every dose of a class A drug (drug_class = 'A') needs a witness_id, and route must be one of oral, iv."
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")
