"""Round 28 (Jira, emails, runbooks, Monte Carlo and configs) classes, read as general rules:
each test uses sentences of its own, in domains of its own, never a corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)


# ------------- class 1: a question that quotes the rule it asks about reads the quoted rule
@given(
    st.sampled_from(
        [
            "is there a GX expectation for",
            "Is there a built-in Soda check for",
            "does dbt have a test for",
            "does Great Expectations have something for",
            "which Deequ check should I use for",
            "what monitor fits",
            "is there a way to say",
        ]
    ),
    st.sampled_from(['"', "\u201c"]),
)
@settings(max_examples=30, deadline=None)
def test_a_question_quoting_a_rule_reads_the_rule(ask, quote):
    close = '"' if quote == '"' else "\u201d"
    text = f"{ask} {quote}tide_height_m has to be between -2 and 9{close}?"
    assert checks(text) == [("range", ["tide_height_m"], (-2, 9))]


def test_a_quoted_rule_is_never_lost_beside_the_rest_of_the_message():
    text = 'hey does Soda have something for "hull_no is never empty"? and draft_m over 12 shouldn\'t be in the table at all'
    got = checks(text, ["hull_no", "draft_m", "berth_id"])
    assert ("not_null", ["hull_no"], (None, None)) in got
    assert ("range", ["draft_m"], (None, 12)) in got
    assert len(got) == 2


def test_a_quoted_rule_that_is_not_understood_still_raises():
    with pytest.raises(QualityRequestError):
        checks('is there a GX expectation for "the berths feel about right"?', ["berth_id", "draft_m"])


# ------------- class 2: "every <entity> needs a <col>, and it ...": "it" is the column just
# asked for, never the entity (the rule went to a made-up column, or the table's key)
@given(
    st.sampled_from(["every crew member needs", "each vessel must have", "every tenant has", "each parcel should carry"]),
    st.sampled_from([", and it", " and it", ", and that"]),
    st.sampled_from(["has to be a valid email", "must be a valid email (name@host.tld)", "should be a valid email"]),
)
@settings(max_examples=30, deadline=None)
def test_it_after_the_column_asked_for_is_that_column(head, sep, rule):
    got = checks(f"{head} a contact_mail{sep} {rule}.")
    assert [c[:2] for c in got] == [("not_null", ["contact_mail"]), ("format", ["contact_mail"])], got


def test_it_after_a_column_in_words_with_a_schema():
    got = checks(
        "Each tenancy must have a landlord phone and it has to be a valid phone number.",
        ["tenancy_id", "landlord_phone", "rent_gbp"],
    )
    assert [c[:2] for c in got] == [("not_null", ["landlord_phone"]), ("format", ["landlord_phone"])]


# ------------- class 3: "every X has an A and a B, and (that) <rule>": both things are kept and
# the rule after ", and" is a check of its own (the last thing became the rule's subject)
@pytest.mark.parametrize(
    "tail, want",
    [
        ("and that berth_fee is positive", ("custom_sql", ["berth_fee"], "berth_fee > 0")),
        ("and hull_no is unique", ("unique", ["hull_no"], (None, None))),
    ],
)
def test_two_things_every_row_has_then_a_rule(tail, want):
    got = checks(f"Please make sure every mooring has a hull_no and a skipper_id, {tail}.")
    assert ("not_null", ["hull_no"], (None, None)) in got
    assert ("not_null", ["skipper_id"], (None, None)) in got
    assert want in got
    assert len(got) == 3


# ------------- class 4: "x must be <bound> and unique per <scope>": the bound is on x alone, and
# a key in brackets after the scope is the key (the bound went to the scope's column too)
@given(
    st.sampled_from(["between 1 and 64", "1-64", "positive", "at most 64"]),
    st.sampled_from(["per", "within each", "for each"]),
)
@settings(max_examples=20, deadline=None)
def test_a_bound_and_a_scoped_key_on_one_column(bound, per):
    got = checks(f"berth_no must be {bound} and unique {per} marina_id.")
    assert not any("marina_id" in c[1] and c[0] != "unique" for c in got), got
    assert ("unique", ["berth_no", "marina_id"], (None, None)) in got or ("unique", ["marina_id", "berth_no"], (None, None)) in got
    assert len(got) == 2


def test_a_key_in_brackets_after_the_scope_is_the_key():
    got = checks("HARB-9: berth_no must be 1-64 and unique per marina (marina_id + berth_no).")
    assert got == [("range", ["berth_no"], (1, 64)), ("unique", ["marina_id", "berth_no"], (None, None))]


# ------------- class 5: "... ? if so, add it to the <name> suite": where the check goes is no part
# of the rule (it became part of a compared column: `packed_at.to_the_dock`)
@given(
    st.sampled_from(["is there a check that", "do we have a test that", "is there a rule that"]),
    st.sampled_from(["if so can we add it", "if not pls add one", "if not, add it"]),
    st.sampled_from(["to the dock suite", "to our till checks", "into the nightly monitors", "in the yard pipeline"]),
)
@settings(max_examples=30, deadline=None)
def test_where_the_asked_check_goes_is_not_the_rule(ask, add, where):
    got = checks(f"{ask} shipped_at is never before packed_at? {add} {where}")
    assert len(got) == 1 and got[0][0] == "custom_sql" and sorted(got[0][1]) == ["packed_at", "shipped_at"], got
    assert "to_" not in got[0][2] and "pipeline" not in got[0][2], got


def test_the_head_word_of_the_column_just_asked_for_is_that_column():
    got = checks("Every kennel needs a kennel_licence_no, and the licence has to match KL-#### (four digits).")
    assert got == [("not_null", ["kennel_licence_no"], (None, None)), ("format", ["kennel_licence_no"], r"^KL-\d{4}$")]
    # another word is another column, as written
    got = checks("Every kennel needs a kennel_licence_no, and the warden must be set.")
    assert ("not_null", ["warden"], (None, None)) in got


# ------------- class 6: each Then / And step of a scenario is a sentence of its own (an "And the
# x must ..." step was read as the continuation of the Then before it: both rules on one column)
@pytest.mark.parametrize("and_step", ["And the skipper must never be empty", "But the skipper must never be empty"])
def test_each_gherkin_step_is_a_sentence_of_its_own(and_step):
    text = (
        "Scenario: mooring log sanity\n"
        "  Given the evening mooring load has finished\n"
        "  Then every mooring must reference a boat that exists in boats.boat_id\n"
        f"  {and_step}"
    )
    got = checks(text, ["mooring_id", "boat_id", "skipper_id", "moored_at"])
    assert [c[:2] for c in got] == [("referential", ["boat_id"]), ("not_null", ["skipper_id"])]


def test_a_line_with_no_keyword_still_continues_its_step():
    text = "Scenario: berth codes\n  Given the load has finished\n  Then berth_class must be one of\n    A, B, C"
    assert checks(text) == [("accepted_values", ["berth_class"], ["A", "B", "C"])]


# ------------- class 7: a part that names a column and describes the shape of its values is a
# rule; when it cannot be read it raises, never dropped as context beside the checks read
@pytest.mark.parametrize(
    "shape",
    [
        # (round 29 reads "12/A7 (2 digits, slash, a letter, a digit)": the example agrees
        # with its description; a description that cannot be read still raises)
        "- berths: berth_code looks like 12/A7 (2 digits, slash, then the pontoon code)",
        "- berth_code is a 2 or 3 letter uppercase harbour code",
        "- berth_code shaped like the harbour plates",
    ],
)
def test_a_shape_of_a_named_column_is_never_dropped(shape):
    text = f"Marina daily checks\n{shape}\n- mooring_fee >= 0\n- skipper_id always filled in"
    with pytest.raises(QualityRequestError):
        checks(text)


def test_a_remark_with_a_shape_word_and_no_column_is_still_context():
    got = checks("Marina daily checks\n- mooring_fee >= 0\n- Our plates look like the old harbour ones, sadly.")
    assert got == [("range", ["mooring_fee"], (0, None))]


# ------------- class 8: what the checks are for, before the verb that asks for them, is context
# ("For the berth_log upload to the harbour board, please check ..." made a column `berth_log`)
@given(
    st.sampled_from(
        [
            "For the berth_log upload to the harbour board",
            "For our quarterly return to the port authority",
            "For every mooring",
            "For compliance",
        ]
    ),
    st.sampled_from(["please check that", "verify that", "could you confirm that", "make sure"]),
)
@settings(max_examples=30, deadline=None)
def test_the_purpose_before_the_check_verb_is_context(lead, verb):
    got = checks(f"{lead}, {verb} draft_m is between 0 and 12 and hull_no is unique.")
    assert got == [("range", ["draft_m"], (0, 12)), ("unique", ["hull_no"], (None, None))], got


# ... while rows named before the verb are a condition the parser does not read there: it raises
# (they gave a check of their own beside the rule on every row)
@pytest.mark.parametrize("lead", ["For refunds", "For cancelled moorings", "For those records where draft_m > 9"])
def test_rows_named_before_the_check_verb_raise(lead):
    with pytest.raises(QualityRequestError):
        checks(f"{lead}, please check that fee_gbp is at least 0.")


def test_a_filter_with_a_column_and_value_before_the_check_verb_is_the_condition():
    # (round 28's Slack half reads "for <col> = <value>" as the rule's condition)
    got = checks("For the rows with berth_class = 'B', please check that fee_gbp is at least 0.")
    assert [c[:2] for c in got] == [("custom_sql", ["berth_class", "fee_gbp"])], got


# ------------- class 9: a total over many rows ("each skipper's total sea hours across the
# season") is an aggregate, never a made-up column `total_sea_hour`
@pytest.mark.parametrize(
    "text",
    [
        "We'd like a check that each skipper's total sea hours across the season don't exceed 900.",
        "the total berth fees per month must stay under 40000",
        "make sure the total weight over all lines is at most 26000",
    ],
)
def test_a_total_over_many_rows_is_an_aggregate(text):
    with pytest.raises(QualityRequestError, match="aggregate"):
        checks(text)


def test_a_column_named_total_is_still_a_column():
    assert checks("total_sea_hours must be at most 900") == [("range", ["total_sea_hours"], (None, 900))]


# ------------- class 10: why the writer asks, in the first person or as a verdict on the case
# just stated, is context though it has a strong cue ("can't", "impossible"); a sentence with a
# rule word, a number or a column is still read
@pytest.mark.parametrize(
    "remark",
    [
        "We cannot invoice a charter with an expired skipper licence.",
        "The pontoons on our marina can't take anything wider.",
        "That can't be right.",
        "I'd rather not get another call from the harbour master.",
    ],
)
def test_the_writers_motivation_is_context(remark):
    text = f"Hi team,\nPlease make sure licence_expiry is never earlier than charter_date.\n{remark}\nThanks, Ola"
    got = checks(text, ["charter_id", "licence_expiry", "charter_date"])
    assert got == [("custom_sql", ["licence_expiry", "charter_date"], "licence_expiry >= charter_date")]


@pytest.mark.parametrize("rule", ["We can't have negative berth fees.", "Our berth_fee can't be negative."])
def test_a_first_person_sentence_with_a_rule_is_read(rule):
    got = checks(f"Please make sure licence_expiry is never earlier than charter_date. {rule}")
    assert len(got) == 2 and got[1][0] in ("range", "custom_sql"), got


# ------------- class 11: "nothing new lands / has landed in <time column> for N hours": the time
# column after "in" is the freshness column (it was taken as a table), and the present tense reads
@pytest.mark.parametrize(
    "text, cols",
    [
        ("Freshness rule for berth_calls: alert if nothing new has landed in docked_at for 6 hours.", None),
        ("MC freshness on berth_calls, alert if nothing new lands for 6 hours.", ["call_id", "docked_at", "berth_no"]),
        ("alert if nothing arrives for 6 hours (docked_at)", None),
    ],
)
def test_nothing_landing_in_a_time_column(text, cols):
    assert checks(text, cols) == [("freshness", ["docked_at"], (None, None))]


# ------------- class 12: what to do when a check fails, with "a check" or pointing back at the
# bad case ("If any reading is outside that, ..."), is context
@pytest.mark.parametrize(
    "after",
    [
        "If a check fails, ring the harbour master.",
        "If any reading is outside that, escalate to the dock lead.",
        "If a value falls outside that range, tell the berthing office.",
    ],
)
def test_on_failure_pointing_back_is_context(after):
    assert checks(f"verify draft_m is 0 to 12 on every berth row. {after}") == [("range", ["draft_m"], (0, 12))]


def test_on_failure_with_its_own_number_is_still_read():
    with pytest.raises(QualityRequestError):
        checks("verify draft_m is 0 to 12. If any reading is outside 14, escalate to the dock lead.")


# ------------- class 13: a monitor on a table, or when it runs, as a label before the verb
@pytest.mark.parametrize(
    "label", ["Validation monitor on berths:", "Range check for moorings:", "Daily:", "Every morning:", "Nightly:"]
)
def test_a_monitor_or_schedule_label_before_the_verb(label):
    got = checks(f"{label} flag any berth where draft_m is under 1.5 or over 12.")
    assert got == [("range", ["draft_m"], (1.5, 12))]
    got = checks(f"{label} confirm zero rows where draft_m is outside 1.5-12.")
    assert got == [("range", ["draft_m"], (1.5, 12))]


# ------------- class 14: a bare state after a sentence on one column ("Never blank.") is about it
@pytest.mark.parametrize("state", ["Never blank.", "Always required.", "Mandatory.", "must never be empty"])
def test_a_bare_state_after_one_column(state):
    got = checks(rf"berth_code must match ^B\d{{3}}$. {state}")
    assert got == [("format", ["berth_code"], r"^B\d{3}$"), ("not_null", ["berth_code"], (None, None))]


def test_a_bare_state_after_two_columns_still_raises():
    with pytest.raises(QualityRequestError):
        checks("a_no must be > 0 and b_no must be > 0. Never blank.")
