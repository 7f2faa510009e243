"""Round 30a: conditions never dropped, and "and" never crossing rules (docs/quality_nl.md,
"Round 30 (conditions and conjunctions)"). New sentences in domains of their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits as _admits
from nl_support import checks as _checks

from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)




# ------------- class 1: a condition is attached or refused, never dropped
KILN = ["kiln_id", "kiln_mode", "operator_id"]


@pytest.mark.parametrize(
    "text",
    [
        "KILN-3 AC: if kiln_mode is 3 or 4, operator_id must be filled in.",
        "AC: when kiln_mode is 3 or 4, operator_id is required",
        "operator_id is required when kiln_mode is 3 or 4",
        "if kiln_mode is 3 or 4 (the firing modes), operator_id must be filled in",
    ],
)
@given(mode=st.sampled_from([1, 2, 3, 4, 5]), op=st.sampled_from(["OP1", None]))
@settings(max_examples=20, deadline=None)
def test_a_condition_on_a_list_of_numbers_guards_its_rule(text, mode, op):
    # the rule alone (every row needs an operator) was emitted when a ticket label stood first
    assert _admits(text, KILN, {"kiln_id": 1, "kiln_mode": mode, "operator_id": op}) == (op is not None or mode not in (3, 4))


@pytest.mark.parametrize(
    "text",
    [
        "AC: if kiln_mode looks odd, operator_id must be filled in",
        "Note: when kiln_mode seems off to the firer, operator_id must be filled in",
    ],
)
def test_a_condition_that_cannot_be_read_is_refused_never_dropped(text):
    with pytest.raises(QualityRequestError):
        checks(text, KILN)


# ------------- class 1b: a Gherkin When with a comparison in words guards the Then
PARCELS = ["parcel_id", "weight_kg", "handler_id", "surcharge"]


@pytest.mark.parametrize(
    "when",
    [
        "When a parcel has weight_kg greater than 20",
        "When the weight_kg is more than 20",
        "When a parcel has weight_kg above 20",
    ],
)
@given(w=st.sampled_from([19, 20, 21, 40]), s=st.sampled_from([0, 4, 5, 9]))
@settings(max_examples=20, deadline=None)
def test_a_gherkin_when_in_words_is_the_condition(when, w, s):
    text = f"Scenario: heavy parcels pay more\n  {when}\n  Then surcharge must be at least 5"
    assert _admits(text, PARCELS, {"parcel_id": 1, "weight_kg": w, "handler_id": "H", "surcharge": s}) == (w <= 20 or s >= 5)


# ------------- class 2: a bracketed condition after a named column, and the other rows' rule
VANS = ["vehicle_id", "vehicle_type", "load_kg"]


@pytest.mark.parametrize(
    "text",
    [
        "load_kg for vans (vehicle_type = 'VAN') tops out at 900, everyone else can go up to 3000",
        "load_kg for vans (vehicle_type = 'VAN') tops out at 900",
        "load_kg on vans (vehicle_type = 'VAN') maxes out at 900",
    ],
)
def test_a_bracket_condition_is_never_the_columns_values(text):
    # it was `load_kg IN ('VAN')` plus the bound on every row
    try:
        got = checks(text, VANS)
    except QualityRequestError:
        return  # refusing is allowed; a wrong check is not
    assert all(k != "accepted_values" for k, _, _ in got)
    assert all(k == "custom_sql" and "vehicle_type" in cols for k, cols, _ in got)


@pytest.mark.parametrize(
    "text",
    [
        "load_kg for vans (vehicle_type = 'VAN') must be at most 900; all others can go up to 3000",
        "load_kg on vans (vehicle_type = 'VAN') has to be at most 900; all other vehicles can be up to 3000",
        "load_kg must be at most 900 when vehicle_type = 'VAN', everyone else can go up to 3000",
        "load_kg is at most 900 for vans (vehicle_type = 'VAN') and at most 3000 for every other vehicle",
    ],
)
@given(kind=st.sampled_from(["VAN", "TRUCK"]), load=st.sampled_from([800, 900, 901, 3000, 3001]))
@settings(max_examples=20, deadline=None)
def test_the_other_rows_rule_holds_on_the_other_rows(text, kind, load):
    want = load <= 900 if kind == "VAN" else load <= 3000
    assert _admits(text, VANS, {"vehicle_id": 1, "vehicle_type": kind, "load_kg": load}) == want


def test_an_other_rows_rule_with_no_condition_before_it_is_refused():
    with pytest.raises(QualityRequestError):
        checks("load_kg must be at most 900, everyone else can go up to 3000", VANS)


# ------------- class 3: a rule's shape stays with its own subject
@pytest.mark.parametrize(
    "text",
    [
        "unit_ref looks like FX-2023-1234 (FX, year, 4 digits), and owner_mail must be a valid email if given",
        "unit_ref looks like FX-2023-1234 (FX, year, 4 digits), and owner_mail must be a valid email.",
        "Hi, about the units table: unit_ref looks like FX-2023-1234 (FX, year, 4 digits), and owner_mail should be a valid email",
    ],
)
def test_and_never_carries_a_shape_onto_the_next_subject(text):
    got = checks(text, ["unit_ref", "owner_mail"])
    assert got == [("format", ["unit_ref"], r"^FX-\d{4}-\d{4}$"), ("format", ["owner_mail"], (None, None))]


# ------------- class 4: a compound key names its columns once each
@pytest.mark.parametrize(
    "text",
    [
        "tag_no is mandatory and should be unique per herd (tag_no + herd_id together)",
        "tag_no is required and must be unique per herd",
        "tag_no is required and must be unique per herd (tag_no + herd_id combined).",
    ],
)
def test_required_and_unique_per_scope_is_a_not_null_and_a_two_column_key(text):
    got = checks(text, ["animal_id", "tag_no", "herd_id"])
    assert sorted(got, key=str) == sorted(
        [("not_null", ["tag_no"], (None, None)), ("unique", ["tag_no", "herd_id"], (None, None))], key=str
    )


# ------------- class 2b: a bracketed condition that opens the clause, then a list with no comma
DIVES = ["dive_id", "dive_type", "reel_len"]


@pytest.mark.parametrize(
    "text",
    [
        "for cave dives (dive_type = 'CAVE') reel_len has to be 10, 20 or 30",
        "on cave dives (dive_type = 'CAVE') reel_len must be one of 10, 20, 30",
        "during cave dives (dive_type = 'CAVE') reel_len should be 10, 20 or 30",
    ],
)
@given(kind=st.sampled_from(["CAVE", "REEF"]), reel=st.sampled_from([10, 15, 20, 30, 40]))
@settings(max_examples=20, deadline=None)
def test_a_leading_bracket_condition_keeps_the_whole_list(text, kind, reel):
    # the list was cut at its first comma: `reel_len = 10` under the condition
    want = kind != "CAVE" or reel in (10, 20, 30)
    assert _admits(text, DIVES, {"dive_id": 1, "dive_type": kind, "reel_len": reel}) == want


# ------------- class 2c: "check that a is on or after b whenever ...", with no modal
LOANS = ["loan_id", "lent_on", "returned_on"]


@pytest.mark.parametrize(
    "text",
    [
        "check that returned_on is on or after lent_on whenever returned_on is filled in",
        "Monthly: verify that returned_on is on or after lent_on when returned_on is set.",
        "returned_on is on or after lent_on whenever returned_on is filled in",
    ],
)
@given(gap=st.sampled_from([-2, -1, 0, 1, 5]), back=st.booleans())
@settings(max_examples=20, deadline=None)
def test_a_column_comparison_without_a_modal_keeps_its_condition(text, gap, back):
    row = {"loan_id": 1, "lent_on": 100, "returned_on": 100 + gap if back else None}
    assert _admits(text, LOANS, row) == (not back or gap >= 0)


# ------------- class 5: one condition, presence and length of one column: one check
CRATES = ["crate_id", "zone", "seal_ref"]


@pytest.mark.parametrize(
    "text",
    [
        "for every crate with zone = 'COLD', seal_ref must be filled in and be exactly 8 characters long",
        "if zone = 'COLD', seal_ref must be filled in and be exactly 8 characters long",
        "when zone is 'COLD', seal_ref has to be present and exactly 8 characters long",
    ],
)
def test_presence_and_length_under_one_condition_are_one_check(text):
    got = checks(text, CRATES)
    assert len(got) == 1 and got[0][0] == "custom_sql", got


@given(zone=st.sampled_from(["COLD", "DRY"]), ref=st.sampled_from([None, "ABCDEFG", "ABCDEFGH", "ABCDEFGHI"]))
@settings(max_examples=20, deadline=None)
def test_presence_and_length_under_one_condition_admit_exactly_the_rows_allowed(zone, ref):
    # guard (passes on both: the two checks before admitted the same rows; the class is above)
    text = "if zone = 'COLD', seal_ref must be filled in and be exactly 8 characters long"
    want = zone != "COLD" or (ref is not None and len(ref) == 8)
    assert _admits(text, CRATES, {"crate_id": 1, "zone": zone, "seal_ref": ref}) == want


@pytest.mark.parametrize(
    "text",
    [
        "load_kg must be set when vehicle_type = 'VAN', everything else can be null",
        "load_kg must be set when vehicle_type = 'VAN'; all other vehicles can be left empty",
    ],
)
def test_a_permission_for_the_other_rows_is_no_rule_on_them(text):
    # guard (passes on both): "can be null" for the other rows allows, it never requires
    assert checks(text, VANS) == [
        ("custom_sql", ["vehicle_type", "load_kg"], "NOT coalesce(vehicle_type = 'VAN', FALSE) OR load_kg IS NOT NULL")
    ]
