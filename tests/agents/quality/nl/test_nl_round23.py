"""Round 23 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

# ------------- class 1: "alert if any X has a over 90, or a null b": the null case is b's own
_NOUN = st.sampled_from(["visit", "parcel", "booking", "shipment"])
_MEASURE = st.sampled_from(["pulse_bpm", "weight_kg", "nights", "leg_count"])
_KEY = st.sampled_from(["nurse_id", "courier_ref", "guest_code", "vessel_no"])
_MISSING = st.sampled_from(["a null", "a missing", "an empty", "a blank"])
_ACT = st.sampled_from(["alert if", "fail if", "raise an alert when"])


@given(_ACT, _NOUN, _MEASURE, _KEY, _MISSING, st.integers(1, 500), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_null_noun_phrase_in_a_bad_case_list_is_its_own_not_null(
    act: str, noun: str, measure: str, key: str, missing: str, n: int, null_first: bool
) -> None:
    if null_first:
        text = f"{act} any {noun} has {missing} {key}, or {measure} over {n}"
    else:
        text = f"{act} any {noun} has {measure} over {n}, or {missing} {key}"
    got = _checks(text, [measure, key, "row_id"])
    assert ("not_null", [key], (None, None)) in got, got
    # never the comparison on the null case's column
    assert not any(key in cols and kind != "not_null" for kind, cols, _ in got), got
    assert ("range", [measure], (None, n)) in got, got


# ------------- class 2: "add a not-null on a + make sure ...": two requests, never `a_a`
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "could you add a not-null on crate_id + make sure every crate_id exists in crates.crate_id",
            [
                ("not_null", ["crate_id"], (None, None)),
                ("referential", ["crate_id"], (None, None)),
            ],
        ),
        (
            "pls put a unique on voucher_code + ensure discount_pct is at most 80",
            [("unique", ["voucher_code"], (None, None)), ("range", ["discount_pct"], (None, 80))],
        ),
        (
            "can someone add a not-null on mooring_no + make sure berth_no is at least 1",
            [("not_null", ["mooring_no"], (None, None)), ("range", ["berth_no"], (1, None))],
        ),
    ],
)
def test_a_test_name_before_its_column_and_a_plus_before_a_request(
    text: str, expected: list[tuple[str, list[str], object]]
) -> None:
    assert _checks(text) == expected


# ------------- class 3: "x ∈ {A, B}" inside a comma list is one accepted-values check
_SET_COL = st.sampled_from(["tariff_band", "hull_type", "seat_class"])
_OTHER = st.sampled_from(["berth_no", "cabin_ref", "route_code"])
_VALUES = st.lists(
    st.sampled_from(["ALPHA", "BRAVO", "DELTA", "ECHO", "KILO"]),
    min_size=2,
    max_size=4,
    unique=True,
)


@given(_SET_COL, _OTHER, _VALUES, st.booleans(), st.sampled_from(["\u2208", "in"]))
@settings(max_examples=60, deadline=None)
def test_a_braced_set_in_a_comma_list_is_one_clause(
    col: str, other: str, values: list[str], set_first: bool, op: str
) -> None:
    the_set = f"{col} {op} {{{', '.join(values)}}}"
    text = f"{the_set}, {other} required" if set_first else f"{other} required, {the_set}"
    got = _checks(text)
    assert sorted(got, key=str) == sorted(
        [("accepted_values", [col], values), ("not_null", [other], (None, None))], key=str
    ), got


# ------------- class 4: "each a + b pair should only appear once" is one unique on the pair
_PAIR = st.sampled_from(
    [("clinic_id", "slot_no"), ("pallet_id", "bay_code"), ("team_id", "round_no")]
)
_JOIN = st.sampled_from([" + ", " / ", "+"])
_ONCE = st.sampled_from(
    [
        "should only appear once",
        "must appear only once",
        "appears at most once",
        "may occur only once",
    ]
)
_LEAD = st.sampled_from(["each", "every", "the"])
_PAIRWORD = st.sampled_from(["pair", "combination", "combo"])


@given(_PAIR, _JOIN, _ONCE, _LEAD, _PAIRWORD)
@settings(max_examples=60, deadline=None)
def test_a_joined_pair_said_to_appear_once_is_one_compound_unique(
    pair: tuple[str, str], join: str, once: str, lead: str, word: str
) -> None:
    a, b = pair
    got = _checks(f"{lead} {a}{join}{b} {word} {once}")
    assert got == [("unique", [a, b], (None, None))], got


def test_a_column_said_to_appear_at_most_once_is_unique() -> None:
    # before: `custom sql: appear <= once`
    assert _checks("each locker_no should appear at most once") == [
        ("unique", ["locker_no"], (None, None))
    ]


def test_a_bracketed_key_after_and_each_is_a_clause_of_its_own() -> None:
    got = _checks(
        "closes_at must be later than opens_at, and each (kiosk_id, opens_at) pair should appear at most once"
    )
    assert got == [
        ("custom_sql", ["closes_at", "opens_at"], "closes_at > opens_at"),
        ("unique", ["kiosk_id", "opens_at"], (None, None)),
    ]


# ------------- class 5: shape descriptions with a ranged class, "capitals", "shaped as"
@given(
    st.sampled_from(["bay_code", "grid_ref", "rack_id"]),
    st.tuples(st.sampled_from("ABCDEFGH"), st.sampled_from("JKLMNPQR")),
    st.tuples(st.sampled_from("123"), st.sampled_from("789")),
    st.sampled_from(["-", " to ", " through "]),
    st.sampled_from(["a capital letter", "a letter", "one uppercase letter"]),
    st.sampled_from(["followed by", "then"]),
)
@settings(max_examples=60, deadline=None)
def test_a_class_with_a_range_is_a_character_range(
    col: str,
    letters: tuple[str, str],
    digits: tuple[str, str],
    to: str,
    letter: str,
    then: str,
) -> None:
    text = f"{col} is {letter} {letters[0]}{to}{letters[1]} {then} a single digit {digits[0]}{to}{digits[1]}"
    got = _checks(text)
    assert got == [("format", [col], f"^[{letters[0]}-{letters[1]}][{digits[0]}-{digits[1]}]$")], (
        got
    )
    rx = re.compile(str(got[0][2]))
    assert rx.match(f"{letters[0]}{digits[1]}") and not rx.match(f"Z{digits[0]}")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("hull_no looks like three capitals followed by four digits", r"^[A-Z]{3}\d{4}$"),
        (
            "permit_ref should be shaped as 2 digits, a slash, the letter Q, 3 digits",
            r"^\d{2}/Q\d{3}$",
        ),
        ("bay_tag format should be a letter from K to P then 2 digits, like M42", r"^[K-P]\d{2}$"),
    ],
)
def test_capitals_shaped_as_and_an_example_after_like(text: str, pattern: str) -> None:
    got = _checks(text)
    assert [g[2] for g in got] == [pattern], got


def test_a_range_the_wrong_way_round_is_not_read() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("bin_ref must be a letter T-C then a digit", model_id="")
