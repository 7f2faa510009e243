"""Round 29a (subjects and columns): which columns a rule or a condition is on. Each class is
read as a general rule; every test uses sentences of its own, in domains of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits as _admits
from nl_support import checks as _checks

from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)




# ------------- class 1: "<word> type" with a <word>_type column is that column, never the
# table's key <word>_id (the request was refused: "'kiln' names the table's key")
@pytest.mark.parametrize(
    "text",
    [
        "kiln type should only ever be GAS, WOOD or ELECTRIC",
        "kiln type has to be one of GAS, WOOD, ELECTRIC",
        "the kiln type must be one of GAS, WOOD, ELECTRIC and nothing else",
        "every kiln type must be GAS, WOOD or ELECTRIC",
    ],
)
def test_a_word_and_type_is_the_type_column_not_the_key(text):
    cols = ["kiln_id", "kiln_type", "fired_on", "peak_temp_c"]
    assert checks(text, cols) == [("accepted_values", ["kiln_type"], ["GAS", "WOOD", "ELECTRIC"])]


def test_a_word_and_length_is_the_length_column_not_the_key():
    cols = ["cable_id", "cable_length_m", "laid_on"]
    assert checks("cable length must be between 1 and 500", cols) == [
        ("range", ["cable_length_m"], (1, 500))
    ]


def test_the_key_alone_with_values_still_raises():
    with pytest.raises(QualityRequestError, match="key"):
        checks("a kiln can only be 'GAS' or 'WOOD'", ["kiln_id", "kiln_type", "fired_on"])


# ------------- class 2: a date or time named by its event ("the build date" -> built_on,
# "docking time" -> docked_at, "the hand-over" -> hand_over_at); it was "'date' could mean
# any of ..."
@pytest.mark.parametrize(
    ("text", "cols", "want"),
    [
        (
            "the ring date must be after the build date",
            ["bell_id", "built_on", "rung_on"],
            "rung_on > built_on",
        ),
        (
            "docking time can't be before sailing",
            ["voyage_id", "sailing_at", "docked_at"],
            "docked_at >= sailing_at",
        ),
        (
            "the shearing date must be after the dipping date",
            ["ewe_id", "dipped_on", "shorn_on"],
            "shorn_on > dipped_on",
        ),
        (
            "alert when the hand-over is before the pick-up",
            ["parcel_id", "pick_up_at", "hand_over_at"],
            "hand_over_at >= pick_up_at",
        ),
        (
            "inspection must not be before completion",
            ["job_id", "completed_at", "inspected_at"],
            "inspected_at >= completed_at",
        ),
        (
            "the painting date has to be on or after the sanding date",
            ["hull_id", "sanded_on", "painted_on"],
            "painted_on >= sanded_on",
        ),
    ],
)
def test_a_time_named_by_its_event_is_its_column(text, cols, want):
    got = checks(text, cols)
    assert len(got) == 1 and got[0][0] == "custom_sql" and got[0][2] == want
    assert sorted(got[0][1]) == sorted(want.replace("=", " ").replace(">", " ").split())


def test_a_bare_date_among_two_date_columns_still_raises():
    with pytest.raises(QualityRequestError, match="could mean"):
        checks("the date must be after the build date", ["bell_id", "built_on", "rung_on"])


@given(
    st.sampled_from(["can't be before", "must not be earlier than", "cannot come before"]),
    st.integers(-3, 3),
)
@settings(max_examples=40, deadline=None)
def test_an_event_comparison_admits_exactly_the_rows_it_allows(verb, gap):
    cols = ["run_id", "started_at", "finished_at"]
    text = f"the finishing time {verb} the starting time"
    assert _admits(text, cols, {"started_at": 100, "finished_at": 100 + gap}) == (gap >= 0)


# ------------- class 3: words glued onto a column's name are no part of it
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("sold_qty should never be more than stock_qty obviously", "sold_qty <= stock_qty"),
        ("refund_total must be at most order_total clearly", "refund_total <= order_total"),
    ],
)
def test_a_remark_after_a_column_name_is_not_part_of_it(text, want):
    got = checks(text)
    assert len(got) == 1 and got[0][0] == "custom_sql" and got[0][2] == want


@pytest.mark.parametrize(
    "label", ["Daily check on hive_inspections", "Nightly monitor on hive_inspections"]
)
def test_a_check_label_naming_its_table_before_a_dash_is_context(label):
    got = checks(f"{label} \u2014 queen_seen must not be null; frames_count between 0 and 20")
    assert got == [("not_null", ["queen_seen"], (None, None)), ("range", ["frames_count"], (0, 20))]


@pytest.mark.parametrize(
    "tail",
    ["", ". The scanner double-sends them sometimes.", " (the tablet app\nresubmits sometimes)"],
)
def test_a_table_after_the_checks_of_a_named_column_is_no_column(tail):
    got = checks(f"pls make parcel_ref unique and not null on depot.parcels{tail}")
    assert got == [
        ("unique", ["parcel_ref"], (None, None)),
        ("not_null", ["parcel_ref"], (None, None)),
    ]


@pytest.mark.parametrize(
    "it", ["that it's unique", "it's unique", "that it is unique", "it is unique"]
)
def test_it_after_has_a_column_is_that_column(it):
    got = checks(f"make sure every licence has a licence_no and {it}")
    assert got == [
        ("not_null", ["licence_no"], (None, None)),
        ("unique", ["licence_no"], (None, None)),
    ]


def test_an_entity_word_and_a_generic_noun_never_name_another_column_by_abbreviation():
    cols = ["crew_id", "licence_no", "phone", "active"]
    got = checks(
        "check that crew phone numbers are valid phone numbers and that licence_no is unique", cols
    )
    assert got == [("format", ["phone"], (None, None)), ("unique", ["licence_no"], (None, None))]


# ------------- class 4: the rows' noun before a condition's column, and a prose condition
# spelled out in brackets
@pytest.mark.parametrize(
    "text",
    [
        "for kilns with mode = 'FIRING', peak_temp_c must be at most 1300",
        "when a kiln has mode = 'FIRING', peak_temp_c must be at most 1300",
        "for every kiln having mode = 'FIRING', peak_temp_c must be at most 1300",
        "if the kiln is firing (is_firing is true), peak_temp_c must be at most 1300",
    ],
)
def test_a_condition_is_on_its_column(text):
    got = checks(text)
    assert len(got) == 1 and got[0][0] == "custom_sql"
    assert set(got[0][1]) <= {"mode", "is_firing", "peak_temp_c"} and "peak_temp_c" in got[0][1]


@given(
    st.sampled_from(
        [
            "for kilns with mode = 'FIRING', peak_temp_c must be at most 1300",
            "if a kiln has mode = 'FIRING', peak_temp_c must be at most 1300",
        ]
    ),
    st.sampled_from(["FIRING", "COOLING"]),
    st.sampled_from([1200, 1300, 1301, 1500]),
)
@settings(max_examples=40, deadline=None)
def test_a_guarded_bound_admits_exactly_the_rows_it_allows(text, mode, temp):
    admitted = _admits(text, None, {"mode": mode, "peak_temp_c": temp})
    assert admitted == (mode != "FIRING" or temp <= 1300)


@given(
    st.sampled_from(
        [
            "unless the lot is on hold (is_on_hold is true), buyer_id must be filled in",
            "buyer_id must be filled in unless the lot was held back (is_on_hold is true)",
        ]
    ),
    st.booleans(),
    st.booleans(),
)
@settings(max_examples=30, deadline=None)
def test_an_exception_spelled_in_brackets_admits_exactly_the_rows_it_allows(text, held, has_buyer):
    cols = ["lot_id", "is_on_hold", "buyer_id"]
    row: dict[str, object] = {"is_on_hold": held, "buyer_id": 7 if has_buyer else None}
    assert _admits(text, cols, row) == (held or has_buyer)


# ------------- class 5: compound keys said in words
@pytest.mark.parametrize(
    ("text", "cols", "key"),
    [
        (
            "hive + inspection date + keeper together must be unique",
            ["hive_code", "inspection_date", "keeper_id", "frames"],
            ["hive_code", "inspection_date", "keeper_id"],
        ),
        (
            "each diver appears once per site: diver_id + site_id unique.",
            None,
            ["diver_id", "site_id"],
        ),
        (
            "Each hive may only appear once per inspection week.",
            ["hive_id", "inspection_week", "keeper_id"],
            ["hive_id", "inspection_week"],
        ),
        (
            "make sure there's never more than one dive per diver per site per day",
            ["dive_id", "diver_id", "site_id", "dive_date", "depth_m"],
            ["diver_id", "site_id", "dive_date"],
        ),
        ("No two bookings may share the same lane_id and slot_no.", None, ["lane_id", "slot_no"]),
        (
            "pls make sure no 2 rows share the same volume no + page no",
            ["volume_no", "page_no", "scribe"],
            ["volume_no", "page_no"],
        ),
        ("the same volume_no + page_no shouldn't appear twice", None, ["volume_no", "page_no"]),
        (
            "No duplicates on lane number + slot code.",
            ["lane_no", "slot_code", "booked_by"],
            ["lane_no", "slot_code"],
        ),
        ("AC: one row per diver_id + dive_date", None, ["diver_id", "dive_date"]),
        (
            "AC1: one dive per diver per day (diver_id + dive_date).",
            None,
            ["diver_id", "dive_date"],
        ),
        (
            "ugh, lane_id + slot_no had dupes again. can we make that pair unique",
            None,
            ["lane_id", "slot_no"],
        ),
    ],
)
def test_a_key_said_in_words_is_one_compound_key(text, cols, key):
    assert checks(text, cols) == [("unique", key, (None, None))]


def test_one_of_a_noun_that_is_not_the_table_is_no_key():
    # "one guest per room" on a table whose rows are not guests: never a made-up key
    got = None
    try:
        got = checks(
            "never more than one guest per room per night",
            ["booking_id", "room_id", "night", "guests"],
        )
    except QualityRequestError:
        pass
    assert got is None or ("unique", ["room_id", "night"], (None, None)) not in got


# ------------- class 4 (cont.): after a leading condition, "it / every X needs <col>" is the
# column's not-null; a subject in prose with its column in brackets after the verb
@given(
    st.sampled_from(
        [
            "unless a voyage was scrapped (status = 'SCRAPPED'), it needs log notes",
            "unless status = 'SCRAPPED', every voyage needs log notes",
            "unless status = 'SCRAPPED', it requires log notes.",
        ]
    ),
    st.sampled_from(["SCRAPPED", "SAILED"]),
    st.booleans(),
)
@settings(max_examples=30, deadline=None)
def test_it_needs_a_column_after_a_condition_admits_exactly_the_rows_it_allows(
    text, status, has_notes
):
    cols = ["voyage_id", "status", "log_notes", "sailed_at"]
    row: dict[str, object] = {"status": status, "log_notes": "ok" if has_notes else None}
    assert _admits(text, cols, row) == (status == "SCRAPPED" or has_notes)


@pytest.mark.parametrize(
    "text",
    [
        "if load_kg is above 500 then a second driver must be recorded (driver2_id).",
        "when load_kg is over 500, a second driver has to be assigned (driver2_id)",
        "if load_kg > 500, a relief driver must be logged (driver2_id)",
    ],
)
def test_a_prose_subject_with_its_column_in_brackets_is_that_column(text):
    got = checks(text)
    assert (
        len(got) == 1
        and got[0][0] == "custom_sql"
        and sorted(got[0][1]) == ["driver2_id", "load_kg"]
    )
    assert "driver2_id IS NOT NULL" in str(got[0][2])


def test_a_prose_subject_negated_with_a_bracket_is_not_a_not_null():
    got = None
    try:
        got = checks(
            "if load_kg is above 500 then a second driver must not be recorded (driver2_id)"
        )
    except QualityRequestError:
        pass
    assert got is None or all("IS NOT NULL" not in str(c[2]) and c[0] != "not_null" for c in got)


# ------------- class 3 (cont.): ", and a <col> (on every X)" after a bound in a "need"
# sentence is one more thing every row needs (the bound was copied onto it)
@pytest.mark.parametrize(
    "text",
    [
        "Hive records need frame_count of at most 20, and a keeper_id on every hive.",
        "every hive needs a frame_count of at most 20 and a keeper_id",
        "hives must have frame_count of at most 20, plus a keeper_id for each hive",
    ],
)
def test_and_a_column_after_a_bound_is_its_not_null(text):
    got = checks(text)
    assert ("range", ["frame_count"], (None, 20)) in got
    assert ("not_null", ["keeper_id"], (None, None)) in got
    assert len(got) == 2


# ------------- class 4 (cont.): "the <words> is always filled in when ..." with an ask before
# it and a subject of several words keeps its condition (it was refused)
@given(
    st.sampled_from(
        [
            "make sure the hull survey number is always filled in when is_insured = true",
            "can we check that the hull survey number is always set when is_insured = true",
            "the hull survey number is always filled in when is_insured = true",
        ]
    ),
    st.booleans(),
    st.booleans(),
)
@settings(max_examples=30, deadline=None)
def test_a_stated_presence_with_a_condition_admits_exactly_the_rows_it_allows(
    text, insured, has_no
):
    cols = ["hull_id", "is_insured", "hull_survey_no", "surveyed_on"]
    row: dict[str, object] = {"is_insured": insured, "hull_survey_no": "S1" if has_no else None}
    assert _admits(text, cols, row) == (not insured or has_no)


# ------------- class 4 (cont.): "nobody below <col> N may be <event> (<spec>)": the bound is the
# bad case under the spelled event (it was refused)
@given(
    st.sampled_from(
        [
            (
                "nobody below rank 3 may be rostered for a night watch (is_night_watch = true)",
                "below",
            ),
            (
                "no one with a rank under 3 can be rostered on a night watch (is_night_watch = true)",
                "below",
            ),
            ("no cadet above rank 7 may be put on a night watch (is_night_watch = true)", "above"),
        ]
    ),
    st.booleans(),
    st.integers(1, 9),
)
@settings(max_examples=40, deadline=None)
def test_a_negative_subject_with_a_spelled_event_admits_exactly_the_rows_it_allows(
    case, night, rank
):
    text, side = case
    cols = ["cadet_id", "rank", "is_night_watch"]
    allowed = not night or (rank >= 3 if side == "below" else rank <= 7)
    assert _admits(text, cols, {"is_night_watch": night, "rank": rank}) == allowed


# ------------- class 2 (cont.): "the <entity> must not be <verb>ed before <time>": the entity
# and its event name a time column (it was refused: "'crate' names the table's key")
@given(
    st.sampled_from(
        [
            ("the crate must not be sealed before the weighing time", True),
            ("a crate can never be sealed before the weighing time", True),
            ("each crate should be sealed after the weighing time", False),
        ]
    ),
    st.integers(-2, 2),
)
@settings(max_examples=30, deadline=None)
def test_an_entity_and_its_event_name_a_time_column(case, gap):
    text, or_equal = case
    cols = ["crate_id", "crate_sealed_at", "weighed_at", "gross_kg"]
    allowed = gap >= 0 if or_equal else gap > 0
    assert _admits(text, cols, {"weighed_at": 100, "crate_sealed_at": 100 + gap}) == allowed
