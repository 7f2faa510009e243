"""Round 31b: conditions, keys and a column by its meaning (docs/quality_nl.md, "Round 31
(conditions, keys and a column by its meaning)"). New sentences in domains of their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits as _admits
from nl_support import checks as _checks

from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)


# ------------- class 1: a Gherkin When on a column's presence is the rule's condition
LOANS = ["loan_id", "returned_on", "condition_note", "fine_eur"]


def _scenario(when: str, then: str) -> str:
    return f"Scenario: returned books are looked at\n  {when}\n  Then {then}"


@pytest.mark.parametrize(
    "when",
    [
        "When a loan has returned_on filled in",
        "When a loan has returned_on set",
        "When a book loan has a value for returned_on",
        "When a loan has a returned_on",
        "When returned_on is present",
    ],
)
@given(returned=st.sampled_from(["2024-03-02", None]), note=st.sampled_from(["scuffed spine", None]))
@settings(max_examples=12, deadline=None)
def test_a_when_on_a_filled_column_guards_the_then(when, returned, note):
    # the When was context, and the Then held on every row (a loan still out failed)
    text = _scenario(when, "condition_note must not be null")
    row = {"loan_id": 1, "returned_on": returned, "condition_note": note, "fine_eur": None}
    assert _admits(text, LOANS, row) == (returned is None or note is not None)


@pytest.mark.parametrize(
    "when",
    [
        "When a loan has returned_on missing",
        "When a loan has no returned_on",
        "When a loan has returned_on not filled in",
    ],
)
@given(returned=st.sampled_from(["2024-03-02", None]), fine=st.sampled_from([2.5, None]))
@settings(max_examples=12, deadline=None)
def test_a_when_on_an_empty_column_guards_the_then(when, returned, fine):
    text = _scenario(when, "fine_eur must be null")
    row = {"loan_id": 1, "returned_on": returned, "condition_note": None, "fine_eur": fine}
    assert _admits(text, LOANS, row) == (returned is not None or fine is None)


def test_a_when_on_presence_reads_without_the_columns_too():
    text = _scenario("When a loan has returned_on filled in", "condition_note must not be null")
    [(kind, cols, cond)] = checks(text)
    assert kind == "custom_sql" and set(cols) == {"returned_on", "condition_note"}
    assert "returned_on IS NOT NULL" in str(cond)


@pytest.mark.parametrize(
    ("when", "columns"),
    [
        ("When a loan has returned_on stamped twice", LOANS),
        ("When a loan has returned_on late", LOANS),
        ("When a loan has returned_on stamped twice", None),
    ],
)
def test_a_when_naming_a_column_that_cannot_be_read_is_refused(when, columns):
    # the step was dropped as context and the Then held on every row
    with pytest.raises(QualityRequestError):
        checks(_scenario(when, "fine_eur must be at least 1"), columns)


@pytest.mark.parametrize(
    "when", ["When the nightly loan sync has run", "When a loan has been renewed"]
)
def test_a_when_about_the_process_stays_context(when):
    # guard (passes on both): a step naming no column is the process, not a condition
    assert checks(_scenario(when, "fine_eur must be at least 0"), LOANS) == [("range", ["fine_eur"], (0.0, None))]


# ------------- class 2: a bracketed key after a uniqueness rule is the whole key
BAYS = ["bay_id", "level_code", "bay_no", "width_cm"]


@pytest.mark.parametrize(
    "text",
    [
        "bay numbers are unique per level (level_code + bay_no together)",
        "bay numbers are unique within a level (level_code and bay_no together)",
        "bay numbers must be unique per level (level_code, bay_no)",
        "bay_no is unique per level (level_code & bay_no together)",
        "bay_no should be unique (level_code + bay_no together)",
        "Each parking bay_no must be unique for each level (bay_no and level_code combined)",
    ],
)
def test_a_bracketed_key_is_the_whole_key(text):
    # the subject's words and the scope's named a column again: (bay_no, bay_no) or
    # (bay_no, level_code, bay_no), or the bracket was lost: (bay_no)
    [(kind, cols, _)] = checks(text, BAYS)
    assert kind == "unique" and sorted(cols) == ["bay_no", "level_code"]


def test_a_bracketed_key_reads_without_the_columns_too():
    [(kind, cols, _)] = checks("bay numbers are unique per level (level_code + bay_no together)")
    assert kind == "unique" and sorted(cols) == ["bay_no", "level_code"]


@given(
    order=st.sampled_from([("level_code", "bay_no"), ("bay_no", "level_code")]),
    joiner=st.sampled_from([" + ", " and ", ", ", " & "]),
    word=st.sampled_from(["", " together", " combined"]),
    head=st.sampled_from(["bay numbers are", "bay_no must be", "the bay number should be"]),
    scope=st.sampled_from(["per level ", "within each level ", ""]),
)
@settings(max_examples=40, deadline=None)
def test_a_key_never_names_a_column_twice(order, joiner, word, head, scope):
    text = f"{head} unique {scope}({joiner.join(order)}{word})"
    [(kind, cols, _)] = checks(text, BAYS)
    assert kind == "unique" and sorted(cols) == ["bay_no", "level_code"]


def test_a_key_read_as_one_column_twice_is_refused():
    # the key's second column was lost: `(bay_no, bay_no)`
    with pytest.raises(QualityRequestError):
        checks("bay_no is not unique per level (level_code + bay_no)", BAYS)


# ------------- class 3: a subject is a column by its words, never by another quantity's unit
WELLS = ["well_id", "pump_id", "elevation_m", "drilled_on"]


@pytest.mark.parametrize(
    "text",
    [
        "Please add a check that the water depth is under 80 m on every well.",
        "borehole depth must be at most 200 m",
        "the casing width stays below 2 m",
    ],
)
def test_a_unit_never_makes_another_quantity_the_column(text):
    # "m" after the bound is a part of `elevation_m`: the depth was checked on the elevation
    with pytest.raises(QualityRequestError):
        checks(text, WELLS)


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("the height must be under 220", ["rider_id", "weight", "joined_on"]),
        ("age must be at least 16", ["worker_id", "wage", "hired_on"]),
        ("the depth has to be under 5", ["site_id", "depot", "opened_on"]),
        ("the price must be above 0", ["raffle_id", "prize", "drawn_on"]),
    ],
)
def test_a_different_word_is_no_typo_of_a_column(text, columns):
    # "height" was a one-letter slip of `weight`, "age" of `wage`
    with pytest.raises(QualityRequestError):
        checks(text, columns)


@pytest.mark.parametrize(
    ("text", "columns", "col"),
    [
        ("the wieght must be under 220", ["rider_id", "weight", "joined_on"], "weight"),
        ("the weigth must be under 220", ["rider_id", "weight", "joined_on"], "weight"),
        ("the heigt must be under 220", ["rider_id", "height", "joined_on"], "height"),
        ("the elevation must be under 3000 m", WELLS, "elevation_m"),
        ("the mileage can't go above 900000 km", ["truck_id", "odometer_km", "bought_on"], "odometer_km"),
    ],
)
def test_typos_and_units_of_the_same_quantity_still_resolve(text, columns, col):
    # guard (passes on both): a slip of the keys, and a unit on a column named by no other
    # quantity, still name the column
    [(_, cols, _)] = checks(text, columns)
    assert cols == [col]


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("the distance must be under 12 km", ["hike_id", "trail_km", "walked_on"]),
        ("the walking distance should stay below 12", None),
    ],
)
def test_a_quantity_word_is_no_typo_of_a_keyword(text, columns):
    # "distance" was corrected to "distinct": a uniqueness check on the nearest column
    try:
        got = checks(text, columns)
    except QualityRequestError:
        return
    assert all(kind != "unique" for kind, _, _ in got)


_QUANTITIES = ["depth", "altitude", "height", "width", "length", "weight", "distance", "temperature", "pressure", "volume"]


@given(pair=st.permutations(_QUANTITIES).map(lambda p: p[:2]), unit=st.sampled_from(["m", "kg", "c", "l"]))
@settings(max_examples=40, deadline=None)
def test_a_quantity_is_never_checked_on_a_column_of_another(pair, unit):
    said, named = pair
    with pytest.raises(QualityRequestError):
        checks(f"the {said} must be under 50 {unit}", ["row_id", f"{named}_{unit}", "seen_on"])


# ------------- class 4: the other rows' bound, after a bracketed condition, without a verb
BOATS = ["rental_id", "boat_class", "hours"]


@pytest.mark.parametrize(
    "text",
    [
        "hours 1 to 8 for sea kayaks (boat_class = 'SEA'), everything else 1 to 4",
        "hours must be 1 to 8 for sea kayaks (boat_class = 'SEA'), everything else between 1 and 4",
        "hours must be between 1 and 8 when boat_class = 'SEA', everything else 1 to 4",
        "hours 1 to 8 for sea kayaks (boat_class = 'SEA'); all other boats from 1 to 4",
        "hours 1 to 8 for sea kayaks (boat_class = 'SEA'), everything else: 1 to 4",
    ],
)
@given(cls=st.sampled_from(["SEA", "RIVER"]), h=st.sampled_from([0, 1, 3, 4, 5, 8, 9]))
@settings(max_examples=20, deadline=None)
def test_everything_else_bounds_the_other_rows(text, cls, h):
    # the rule on the other rows was dropped (they were not checked at all)
    want = 1 <= h <= 8 if cls == "SEA" else 1 <= h <= 4
    assert _admits(text, BOATS, {"rental_id": 1, "boat_class": cls, "hours": h}) == want


@pytest.mark.parametrize(
    "text",
    [
        "hours must be 1 to 8 for sea kayaks (boat_class = 'SEA'), everything else a bit less",
        "hours must be between 1 and 8 when boat_class = 'SEA', everything else half of that",
    ],
)
def test_the_other_rows_rule_that_cannot_be_read_is_refused(text):
    with pytest.raises(QualityRequestError):
        checks(text, BOATS)


@pytest.mark.parametrize(
    "text",
    [
        "hours must be 1 to 8 for sea kayaks (boat_class = 'SEA'), everything else can be null",
        "hours must be 1 to 8 for sea kayaks (boat_class = 'SEA'), the rest we don't care about",
    ],
)
def test_a_permission_for_the_other_rows_stays_no_rule(text):
    # guard (passes on both): the other rows are only allowed, never bounded
    assert checks(text, BOATS) == [
        ("custom_sql", ["boat_class", "hours"], "NOT coalesce(boat_class = 'SEA', FALSE) OR (hours >= 1 AND hours <= 8)")
    ]


def test_anything_else_as_a_verdict_is_no_rule_on_other_rows():
    # guard (passes on both): "anything else is a typo" judges the values the range rules out
    assert checks("hours must be 1 to 8, anything else is a typo", BOATS) == [("range", ["hours"], (1.0, 8.0))]
