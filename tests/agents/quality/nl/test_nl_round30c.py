"""Round 30 (chat corrections, table-level and list forms) classes, read as general rules: each
test uses sentences of its own, in domains of its own, never a corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

HIVES = ["hive_id", "frame_count", "inspected_on", "queen_mark"]


def _admits(got, column: str, value: float) -> bool:
    """Whether a row with `column` = `value` passes every range check on that column read."""
    return all(
        (lo is None or value >= lo) and (hi is None or value <= hi)
        for kind, cols, (lo, hi) in ((k, c, p) for k, c, p in got if k == "range")
        if cols == [column]
    )


# ------------- a correction: "wait no, <remark>, so / make it <the rule again>"
@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        (
            "frame_count max 10... wait no, the double brood boxes hold 20, so make it max 20",
            None,
            20,
        ),
        ("frame_count max 10 - wait no, the long hives are bigger, make it max 30", None, 30),
        (
            "frame_count between 1 and 10 - scratch that, the long hives take more, make it 1 to 24",
            1,
            24,
        ),
        ("frame count 2 to 10... no wait, the nucs start at 1 frame,\nso 1 to 10", 1, 10),
        (
            "frame_count at most 10... no wait, the national boxes are bigger. so cap frame_count at 14",
            None,
            14,
        ),
    ],
)
def test_a_correction_restated_after_a_remark_is_the_corrected_rule_only(text, lo, hi):
    assert checks(text, HIVES) == [("range", ["frame_count"], (lo, hi))]


def test_a_correction_restated_with_no_value_still_raises():
    # guard (passes before the round too): no value after the marker is never a guess
    with pytest.raises(QualityRequestError):
        parse_request(
            "frame_count max 10... wait no, the big hives are fine, so frame_count must be unique",
            HIVES,
            model_id="",
        )


@given(
    st.integers(1, 60),
    st.integers(61, 400),
    st.sampled_from(["make it max", "so max", "so make it max"]),
)
@settings(max_examples=30, deadline=None)
def test_the_retracted_bound_is_never_kept(old, new, say):
    text = f"frame_count max {old}... wait no, the long hives run bigger, {say} {new}"
    got = checks(text, HIVES)
    assert _admits(got, "frame_count", new) and not _admits(got, "frame_count", new + 1)
    assert _admits(got, "frame_count", old + 1)


# ------------- not null in chat words
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Nulls are NOT ok for queen_mark.", [("not_null", ["queen_mark"], (None, None))]),
        ("blanks are not acceptable in queen_mark", [("not_null", ["queen_mark"], (None, None))]),
        (
            "frame_count and hive_id must each be 0-40. nulls are NOT ok for either",
            [
                ("range", ["frame_count"], (0, 40)),
                ("range", ["hive_id"], (0, 40)),
                ("not_null", ["frame_count"], (None, None)),
                ("not_null", ["hive_id"], (None, None)),
            ],
        ),
    ],
)
def test_nulls_not_ok_for_a_column(text, want):
    assert sorted(checks(text, HIVES), key=str) == sorted(want, key=str)


@pytest.mark.parametrize("modal", ["should", "must", "may", "can"])
@pytest.mark.parametrize("state", ["null", "missing", "blank"])
@pytest.mark.parametrize("join", [", and", ","])
def test_no_column_should_be_null_after_a_comma_is_never_the_bad_case(modal, state, join):
    # was "queen_mark IS NULL" (the "no" lost after a comma): the bad case as the rule
    got = checks(f"hive_id must be unique{join} no queen_mark {modal} be {state}", HIVES)
    assert got == [
        ("unique", ["hive_id"], (None, None)),
        ("not_null", ["queen_mark"], (None, None)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "hey can we add a check that hive_id is never null on hives? and no dupes pls",
        "could you make sure hive_id is never null? also no duplicates",
    ],
)
def test_no_dupes_after_the_asked_rule_is_its_column_unique(text):
    assert checks(text, HIVES) == [
        ("not_null", ["hive_id"], (None, None)),
        ("unique", ["hive_id"], (None, None)),
    ]


# ------------- table-level rules in chat
@pytest.mark.parametrize(
    "text",
    [
        "can we make sure the hives table isnt empty after the 7am load",
        "the hives table must not be empty after the 11 pm batch",
        "After the 6am load: queen_mark must be filled on every hives row and hive_id must be unique.",
        "the hives table should never be empty after the evening load, and no queen_mark should be missing.",
    ],
)
def test_clock_time_runs_and_empty_tables(text):
    got = checks(text, HIVES)
    assert got and all(k in ("row_count", "not_null", "unique") for k, _, _ in got)
    assert ("row_count", [], (1, None)) in got or ("not_null", ["queen_mark"], (None, None)) in got


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Monte Carlo freshness rule for apiary.hives using inspected_on, threshold 36 hours.", 36),
        (
            "MC freshness rule on hives using inspected_on, threshold 8 hours. Page\n#hive-ops if it trips.",
            8,
        ),
        ("page us if no new rows land in apiary.hives for 3 hours (go by inspected_on).", 3),
        ("alert if no new records arrive for 5 hours, based on inspected_on", 5),
    ],
)
def test_freshness_in_chat_and_monitor_prose(text, hours):
    got = parse_request(text, HIVES, model_id="")
    assert [(c.kind, c.columns, c.max_age_seconds) for c in got] == [
        ("freshness", ["inspected_on"], hours * 3600)
    ]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        (
            "the pouring line feed stalled overnight again. flag it if the pours are older than 6 hours pls",
            6,
        ),
        ("flag if the pours get older than 90 minutes", 1.5),
    ],
)
def test_the_rows_older_than_an_age_is_the_newest_rows_age(text, hours):
    got = parse_request(text, ["pour_id", "poured_at", "wax_type"], model_id="")
    assert [(c.kind, c.columns, c.max_age_seconds) for c in got] == [
        ("freshness", ["poured_at"], int(hours * 3600))
    ]


def test_a_double_hyphen_after_a_heading_is_its_dash():
    got = checks(
        "MC volume rule on apiary.hives -- alert if a daily load brings fewer than 4 rows or more than 90.",
        HIVES,
    )
    assert got == [("row_count", [], (4, 90))]


# ------------- value lists in chat
@pytest.mark.parametrize(
    "text",
    [
        "queen marks r only ever BLUE/WHITE/YELLOW fyi, lock it down pls",
        "queen_mark should only ever contain BLUE, WHITE or YELLOW, nothing else.",
        "queen_mark is only BLUE, WHITE or YELLOW, pls nail it down",
        "queen_mark should only ever hold BLUE, WHITE or YELLOW",
    ],
)
def test_a_closed_list_in_chat_words(text):
    assert checks(text, HIVES) == [("accepted_values", ["queen_mark"], ["BLUE", "WHITE", "YELLOW"])]


@pytest.mark.parametrize(
    "text",
    [
        "queen_mark must be one of BLUE, WHITE, YELLOW, thanks a lot",
        "queen marks are only BLUE, WHITE or YELLOW, sort it out pls",
    ],
)
def test_a_remark_after_a_list_of_codes_is_never_a_value(text):
    # was one more accepted value ('thanks a lot'): a list that admits a wrong value
    with pytest.raises(QualityRequestError):
        parse_request(text, HIVES, model_id="")


# ------------- a Soda fail condition OR-ing bounds on two columns
@given(st.integers(0, 500), st.integers(-50, 50))
@settings(max_examples=30, deadline=None)
def test_a_fail_condition_over_two_columns_is_a_bound_on_each(hi, lo):
    text = (
        "checks for hives:\n  - failed rows:\n      name: odd frames\n"
        f"      fail condition: frame_count > {hi} or queen_mark_age < {lo}"
    )
    got = checks(text, ["frame_count", "queen_mark_age"])
    assert sorted(got, key=str) == sorted(
        [("range", ["frame_count"], (None, hi)), ("range", ["queen_mark_age"], (lo, None))], key=str
    )


def test_a_fail_condition_with_a_column_comparison_stays_one_check():
    # guard (passes before the round too): a column comparison keeps the one condition
    text = "checks for t:\n  - failed rows:\n      name: x\n      fail condition: frame_count > hive_size or frame_count < 0"
    got = checks(text, ["frame_count", "hive_size"])
    assert [k for k, _, _ in got] == ["custom_sql"]


# ------------- a shape mixing digit and letter placeholders
@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("lot_code format is BR-####-XX (4 digits, 2 uppercase letters)", r"^BR-\d{4}-[A-Z]{2}$"),
        ("lot_code format is ###-XXX (three digits, three lowercase letters)", r"^\d{3}-[a-z]{3}$"),
        (
            "lot_code must follow the format ##/XX (2 digits, 2 capital letters)",
            r"^\d{2}/[A-Z]{2}$",
        ),
    ],
)
def test_a_mixed_placeholder_shape_is_read_by_its_gloss(text, pattern):
    assert checks(text, ["lot_code", "brewed_on"]) == [("format", ["lot_code"], pattern)]


@pytest.mark.parametrize(
    "text",
    [
        # was ^BR-\d{4}-\d{2}$: the letter placeholders read as digits (a wrong check)
        "lot_code format is BR-####-XX",
        "lot_code format is ##-XXX",
        "lot_code should follow the format XX/####",
    ],
)
def test_a_mixed_placeholder_shape_without_a_gloss_raises(text):
    with pytest.raises(QualityRequestError):
        parse_request(text, ["lot_code", "brewed_on"], model_id="")


@pytest.mark.parametrize(
    "text",
    [
        "lot_code format is BR-####-XX (4 digits, 2 letters)",
        "lot_code format is BR-####-XX (3 digits, 2 uppercase letters)",
    ],
)
def test_a_mixed_placeholder_shape_with_a_gloss_that_does_not_fit_raises(text):
    # guard (passes before the round too): a gloss without the letters' case, or with other
    # counts than the shape's, is never read
    with pytest.raises(QualityRequestError):
        parse_request(text, ["lot_code", "brewed_on"], model_id="")


def test_year_and_digit_placeholders_stay_digits():
    # guard (passes before the round too): "Y" beside "#" is a digit of a year, not a letter
    assert checks(
        "ref_no should match the pattern RF-YYYY-#### (e.g. RF-2024-0193)", ["ref_no"]
    ) == [("format", ["ref_no"], r"^RF-\d{4}-\d{4}$")]
