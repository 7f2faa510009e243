"""Round 32b: conditions in brackets, pronouns, examples and joined rules (docs/quality_nl.md,
"Round 32 (conditions in brackets, pronouns, examples and joined rules)"). New sentences in
domains of their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits as _admits

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return parse_request(text, columns, model_id="", strict=True)


def described(text: str, columns: list[str] | None = None) -> list[str]:
    return [c.describe() for c in checks(text, columns)]


# ------------- class 1: "<people> under N (col < N) needs <col2> filled in"
CLIMB = ["climber_id", "climber_age", "medical_clearance_id", "grade", "wall_height_m"]


@pytest.mark.parametrize(
    "text",
    [
        "wall_height_m must be at most 18, and climbers over 60 (climber_age > 60) need medical_clearance_id filled in.",
        "wall_height_m must be at most 18, and anyone older than 60 (climber_age > 60) needs medical_clearance_id filled in.",
        "Climbers over 60 (climber_age > 60) must have a medical_clearance_id, and wall_height_m must be at most 18",
        "wall_height_m must be at most 18. Seniors above 60 (climber_age > 60) require medical_clearance_id",
    ],
)
@given(
    age=st.sampled_from([12, 60, 61, 80]),
    clearance=st.sampled_from(["MC-1", None]),
    height=st.sampled_from([10, 18, 25]),
)
@settings(max_examples=20, deadline=None)
def test_a_bracketed_condition_guards_the_requirement(text, age, clearance, height):
    # the bracket became a rule (`climber_age > 60`) and the requirement was lost, or the
    # condition guarded the height rule too
    row = {"climber_id": 1, "climber_age": age, "medical_clearance_id": clearance, "grade": "5a", "wall_height_m": height}
    want = (age <= 60 or clearance is not None) and height <= 18
    assert _admits(text, CLIMB, row) == want


def test_the_bracket_is_never_a_rule_of_its_own():
    got = described(
        "wall_height_m must be at most 18, and anyone under 14 (climber_age < 14) needs medical_clearance_id filled in."
    )
    assert "custom sql: climber_age < 14" not in got
    assert "climber_age must not be null" not in got
    assert any("medical_clearance_id IS NOT NULL" in g and "climber_age < 14" in g for g in got)


def test_a_bracket_after_a_column_rule_is_left_alone():
    # guard case (passes before): the bracket follows a rule, not the rows it is about
    got = described("wall_height_m must be at most 18 (wall_height_m <= 18)")
    assert got == ["wall_height_m must be at most 18"]


# ------------- class 1b: the same requirement with its condition after "when" or on a column
PARCEL = ["parcel_id", "weight_kg", "permit_no", "postage_eur"]


@pytest.mark.parametrize(
    "text",
    [
        "parcels need permit_no filled in when weight_kg > 20",
        "postage_eur must be positive, and parcels need a permit_no when weight_kg > 20",
        "weight_kg over 20 needs a permit_no",
        "postage_eur must be positive, and weight_kg of more than 20 requires permit_no filled in",
        "any weight_kg above 20 must have a permit_no, and postage_eur must be positive",
    ],
)
@given(
    weight=st.sampled_from([3, 20, 21, 40]),
    permit=st.sampled_from(["P-9", None]),
    postage=st.sampled_from([-1, 4]),
)
@settings(max_examples=16, deadline=None)
def test_a_requirement_holds_only_where_its_condition_does(text, weight, permit, postage):
    # the condition's bound went onto the required column (`permit_no > 20`) and the requirement
    # held on every row, or the condition became a rule of its own (`weight_kg > 20`)
    row = {"parcel_id": 1, "weight_kg": weight, "permit_no": permit, "postage_eur": postage}
    want = (weight <= 20 or permit is not None) and ("postage_eur" not in text or postage > 0)
    assert _admits(text, PARCEL, row) == want


@pytest.mark.parametrize(
    "text",
    ["anyone under 18 needs consent_form_id filled in", "parcels over 20 kg need a permit_no"],
)
def test_rows_named_by_a_bound_on_no_column_are_refused(text):
    # the bound landed on the required column (`consent_form_id < 18`)
    with pytest.raises(QualityRequestError, match="which column"):
        checks(text)


# ------------- class 2: "every X has a <col>, and that it's ..." -> "it" is <col>
RACE = ["runner_id", "bib_code", "club_name"]


@pytest.mark.parametrize(
    "text",
    [
        "make sure every runner has a bib_code, and that it's a B followed by four digits.",
        "every runner has a bib_code, and it's a B followed by four digits",
        "check that each runner has a bib_code and that it is a B followed by four digits",
    ],
)
def test_it_after_has_a_column_is_that_column(text):
    # the format went to the entity's own id (`runner_id must match regex ...`)
    got = checks(text, RACE)
    assert {c.columns[0] for c in got} == {"bib_code"}
    assert {c.kind for c in got} == {"not_null", "format"}


@given(
    noun=st.sampled_from(["runner", "rower", "jockey", "cyclist"]),
    col=st.sampled_from(["bib_code", "licence_ref", "tag_code"]),
    lead=st.sampled_from(["check that every", "make sure each", "every"]),
    that=st.sampled_from([", and that it's", " and that it is", ", and it's"]),
)
@settings(max_examples=30, deadline=None)
def test_it_after_has_a_column_is_always_that_column(noun, col, lead, that):
    text = f"{lead} {noun} has a {col}{that} a B followed by four digits"
    got = checks(text, [f"{noun}_id", col, "club_name"])
    assert [(c.kind, c.columns) for c in got] == [("not_null", [col]), ("format", [col])]


def test_it_is_a_length_after_has_a_column():
    got = checks("every runner has a bib_code and that it is 5 characters long", RACE)
    assert all("runner_id" not in c.columns for c in got)


# ------------- class 3: examples after "e.g." / "for example" / "such as" / "like"
@pytest.mark.parametrize(
    "text",
    [
        "ports.unlocode needs to be 5 uppercase letters, e.g. NLRTM, DEHAM, BEANR",
        "unlocode must be 5 uppercase letters, for example NLRTM or DEHAM",
        "unlocode must be 5 uppercase letters, such as NLRTM and DEHAM",
        "unlocode must be 5 uppercase letters, like NLRTM, DEHAM",
        "unlocode must be 5 uppercase letters, for instance NLRTM, DEHAM, etc.",
    ],
)
def test_examples_are_never_columns(text):
    # each example became a column with the rule (`deham must match regex ...`)
    got = checks(text)
    assert [c.columns for c in got] == [["unlocode"]]
    assert got[0].kind == "format"


def test_examples_before_another_rule_keep_that_rule():
    got = described("unlocode must be 5 uppercase letters, such as NLRTM or DEHAM, and berth_count must be positive")
    assert got == ["unlocode must match regex '^[A-Z]{5}$'", "custom sql: berth_count > 0"]


def test_examples_go_to_the_context():
    from strands_airflow.agents.quality.nl import parse_request_detailed

    got = parse_request_detailed("unlocode must be 5 uppercase letters, e.g. NLRTM, DEHAM", None, model_id="")
    assert any("NLRTM" in x for x in got.context)


# ------------- class 4: two rules joined by "and", each with its own subject
GLIDE = ["entry_id", "contest_id", "glider_id", "launch_fee_eur", "paid_at"]


@pytest.mark.parametrize(
    "text",
    [
        "launch_fee_eur has to sit between 5 and 60 and the glider must exist in our fleet table (fleet.glider_id).",
        "launch_fee_eur must be between 5 and 60, and the glider should exist in the fleet table (fleet.glider_id)",
        "launch_fee_eur needs to be between 5 and 60 and the glider has to exist in fleet (fleet.glider_id)",
    ],
)
def test_a_reference_after_and_keeps_its_own_subject(text):
    # the range was lost and its column took the reference (`every launch_fee_eur must exist ...`)
    got = described(text, GLIDE)
    assert got == ["launch_fee_eur must be between 5 and 60", "every glider_id must exist in fleet.glider_id"]


def test_a_reference_subject_that_is_no_column_is_refused():
    with pytest.raises(QualityRequestError):
        checks(
            "launch_fee_eur must be positive and the winch must exist in our winches table (winches.winch_id)",
            GLIDE,
        )


def test_a_reference_alone_still_reads():
    # guard case (passes before)
    got = described("the glider must exist in our fleet table (fleet.glider_id).", GLIDE)
    assert got == ["every glider_id must exist in fleet.glider_id"]


# ------------- class 5: a key in brackets after "and"
@pytest.mark.parametrize(
    "text",
    [
        "seat_no is 1 to 3 digits (e.g. 7 or 214) and unique per hall (hall_id + seat_no together).",
        "seat_no must be positive and unique per hall (hall_id + seat_no)",  # guard (passes before)
    ],
)
def test_a_scoped_key_after_and_is_the_bracket(text):
    # the scope's words and the bracket made up a column `hall_hall_id_seat_no`
    got = checks(text)
    keys = [c.columns for c in got if c.kind == "unique"]
    assert keys == [["hall_id", "seat_no"]]
    assert all(all(col in ("hall_id", "seat_no") for col in c.columns) for c in got)


@pytest.mark.parametrize(
    "text",
    [
        "Please make ticket_id unique, and (show_id, seat_no) unique together.",
        "ticket_id must be unique and (show_id, seat_no) must be unique",  # guard (passes before)
    ],
)
def test_a_second_key_in_brackets_is_a_key_of_its_own(text):
    # one key of three columns, `unique (ticket_id, show_id, seat_no)`
    got = checks(text, ["ticket_id", "show_id", "seat_no", "sold_at"])
    assert sorted(c.columns for c in got if c.kind == "unique") == [["show_id", "seat_no"], ["ticket_id"]]
