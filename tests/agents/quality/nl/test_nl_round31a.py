"""Round 31a: remarks read as made-up columns.

1. A bound word after a clause's bound ("..., floor 5", "..., and a ceiling of 40", "..., max 80
   kg") is the same column's other bound (it was a column `floor` given the first bound, and
   the unit after the number a column `kg`).
2. "nothing later", "none lower than that", "nobody older" after a rule restate it (a column
   `nothing_later`); with a number ("..., none above 40") they are the other bound (it was the
   bad case `x > 40`, or a column `nothing`).
3. ", so <a clause with no modal, comparator, number or column>" after a rule is its purpose (a
   column `bee_counts_add_up` given the rule).
4. "one <noun> per <x> per <y>" after a key that names its columns says the key again (its words
   were added to the key as columns).
5. A "#" comment after the code of a line is no part of the last argument (a column
   `landed_at_night_flight`).
6. "x over N is a data error / a typo, so flag it": the verdict is the bad case (the "so flag
   it" was a column `flag` and the bad case the rule).
7. "we do not cover modern craft": a word that is a keyword with another letter before it
   ("cover", "hover") is a word of its own (corrected to "over", the remark was a comparison
   `launch_year <= modern_craft`).

Each sentence's checks run in DuckDB on a row where a property says what the rule admits.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits, checks

from strands_airflow.agents.quality.nl import parse_request_rules
from strands_airflow.exceptions import QualityRequestError


def described(text: str, columns: list[str] | None = None) -> list[str]:
    return [c.describe() for c in parse_request_rules(text, columns)]


# ---------------------------------------------------------------- 1. the other bound after a comma

UPPER_FIRST = ["at most {hi}", "tops out at {hi}", "max {hi}", "caps at {hi}", "no more than {hi}"]
LOWER_AFTER = ["floor {lo}", "a floor of {lo}", "and a floor of {lo}", "lower limit {lo}", "with a lower bound of {lo}"]
LOWER_FIRST = ["at least {lo}", "min {lo}", "no less than {lo}", "bottoms out at {lo}"]
UPPER_AFTER = ["ceiling {hi}", "a ceiling of {hi}", "cap {hi}", "and a cap of {hi}", "upper limit {hi}"]


@given(
    st.booleans(),
    st.integers(0, 3),
    st.integers(0, 4),
    st.integers(-50, 40),
    st.integers(1, 60),
    st.integers(-80, 120),
    st.sampled_from(["", " ", "."]),
)
@settings(max_examples=150, deadline=None)
def test_a_bound_word_after_a_bound_is_the_other_bound_of_the_same_column(upper_first, i, j, lo, width, value, end):
    hi = lo + width
    if upper_first:
        first, second = UPPER_FIRST[i % len(UPPER_FIRST)], LOWER_AFTER[j]
    else:
        first, second = LOWER_FIRST[i], UPPER_AFTER[j]
    text = f"brood_temp_c {first.format(lo=lo, hi=hi)}, {second.format(lo=lo, hi=hi)}{end}"
    assert admits(text, None, {"brood_temp_c": value}) == (lo <= value <= hi), text
    (check,) = parse_request_rules(text)
    assert check.columns == ["brood_temp_c"], text


@pytest.mark.parametrize(
    "text",
    [
        "hive_weight_kg at least 20, max 80 kg",
        "hive_weight_kg at least 20, and a ceiling of 80 kg",
        "hive_weight_kg max 80 kg, min 20 kg",
        "sugar_pct at least 20, max 80 percent",
    ],
)
def test_the_unit_after_the_other_bound_is_no_column(text):
    (check,) = parse_request_rules(text)
    assert check.kind == "range" and (check.min, check.max) == (20, 80)
    assert len(check.columns) == 1 and check.columns[0] in ("hive_weight_kg", "sugar_pct")


def test_a_bound_word_alone_names_no_column():
    # guard (passes before): with no clause before it, "ceiling 40" has no column to bound
    with pytest.raises(QualityRequestError):
        parse_request_rules("ceiling 40")


def test_a_floor_above_the_cap_is_refused():
    with pytest.raises(QualityRequestError, match="admit no val"):
        parse_request_rules("brood_temp_c at most 30, floor 35")


# ---------------------------------------------------------------- 2. "nothing later" restates the bound


@pytest.mark.parametrize(
    "text, want",
    [
        ("launch_year between 1957 and 2030, nothing later", (1957, 2030)),
        ("launch_year between 1957 and 2030 \u2014 nothing later, we do not cover modern craft", (1957, 2030)),
        ("mirror_mm at least 80, none smaller", (80, None)),
        ("mirror_mm at most 600, and nothing bigger than that please", (None, 600)),
        ("observer_age at least 16, nobody younger", (16, None)),
    ],
)
def test_a_negative_pronoun_and_a_comparative_restate_the_bound(text, want):
    (check,) = parse_request_rules(text)
    assert check.kind == "range" and (check.min, check.max) == want
    assert "_" in check.columns[0] and not check.columns[0].startswith(("nothing", "none", "nobody"))


@given(
    st.sampled_from(["nothing", "none", "nobody"]),
    st.sampled_from(["over", "above", "more than", "later than", "greater than", "after"]),
    st.integers(0, 50),
    st.integers(1, 50),
    st.integers(-20, 120),
)
@settings(max_examples=80, deadline=None)
def test_a_negative_pronoun_with_a_number_is_the_other_bound(pronoun, cmp, lo, width, value):
    hi = lo + width
    text = f"exposure_s at least {lo}, {pronoun} {cmp} {hi}"
    assert admits(text, None, {"exposure_s": value}) == (lo <= value <= hi), text


def test_a_negative_pronoun_with_a_lower_comparator_is_a_lower_bound():
    (check,) = parse_request_rules("exposure_s at most 900, none under 2")
    assert (check.columns, check.min, check.max) == (["exposure_s"], 2, 900)


# ---------------------------------------------------------------- 3. ", so <purpose>"


@pytest.mark.parametrize(
    "text, want",
    [
        (
            "every frame needs a hive_code that exists in hives.hive_code, so the bee counts add up",
            ["hive_code must not be null", "every hive_code must exist in hives.hive_code"],
        ),
        ("every hive_code must exist in hives.hive_code, so the inspection sheets match", ["every hive_code must exist in hives.hive_code"]),
        ("syrup_ml must be positive, so the feeding log works", ["custom sql: syrup_ml > 0"]),
        ("As a beekeeper I want queen_id to be unique, so the lineage charts stay tidy.", ["queen_id must be unique"]),
    ],
)
def test_a_purpose_after_so_is_no_rule(text, want):
    assert described(text) == want


def test_a_rule_after_so_is_still_read():
    # guard (passes before): a modal after "so" is a rule of its own
    assert described("syrup_ml must be positive, so syrup_ml must be at most 900 too") == [
        "custom sql: syrup_ml > 0 AND syrup_ml <= 900"
    ]


def test_an_ask_after_so_is_still_the_bad_case():
    # guard (passes before): "so flag them" after a verdict asks to catch the bad case
    assert described("syrup_ml over 900 is junk, so flag them") == ["syrup_ml must be at most 900"]


# ---------------------------------------------------------------- 4. "one <noun> per <x> per <y>"


@pytest.mark.parametrize(
    "text, columns",
    [
        ("pilot_id must be unique per flight_date, one sortie per pilot per day", None),
        ("pilot_id must be unique per flight_date, one sortie per pilot per day", ["pilot_id", "flight_date", "sortie_id"]),
        ("(pilot_id, flight_date) must be unique, i.e. one sortie per pilot per day", None),
        ("pilot_id and flight_date together must be unique - one sortie per pilot per day.", None),
        ("pilot_id should be unique per flight_date, only one sortie per pilot_id per flight_date", None),
    ],
)
def test_one_noun_per_key_after_a_named_key_says_the_key_again(text, columns):
    assert checks(text, columns, strict=True) == [("unique", ["pilot_id", "flight_date"], (None, None))]


def test_a_restated_key_that_names_another_column_is_refused():
    with pytest.raises(QualityRequestError, match="runway_code"):
        parse_request_rules(
            "pilot_id must be unique per flight_date, one sortie per pilot per runway",
            ["pilot_id", "flight_date", "runway_code"],
        )


def test_another_key_after_a_one_column_key_is_refused():
    with pytest.raises(QualityRequestError, match="other than sortie_id"):
        parse_request_rules("sortie_id must be unique, one sortie per pilot per day")


def test_a_restated_one_column_key_reads():
    assert described("pilot_id must be unique, one row per pilot") == ["pilot_id must be unique"]


# ---------------------------------------------------------------- 5. a comment after code


@pytest.mark.parametrize(
    "text, want",
    [
        (
            'gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(\n    column_A="landed_at", column_B="took_off_at", or_equal=False\n)  # night flights',
            ["custom sql: landed_at > took_off_at"],
        ),
        (
            'expect_column_pair_values_a_to_be_greater_than_b(column_A="landed_at", column_B="took_off_at")  # back after they leave',
            ["custom sql: landed_at > took_off_at"],
        ),
        (
            'gx.expectations.ExpectColumnValuesToBeInSet(column="wing", value_set=["A", "B"])  # hangar wings',
            ["wing must be one of 'A', 'B'"],
        ),
        (
            'gx.expectations.ExpectColumnValuesToBeBetween(column="fuel_l", min_value=0, max_value=40)  # max safe load',
            ["fuel_l must be between 0 and 40"],
        ),
        (
            'gx.expectations.ExpectColumnValuesToBeBetween(\n    column="fuel_l",  # litres\n    min_value=0,\n    max_value=40  # tank size\n)',
            ["fuel_l must be between 0 and 40"],
        ),
        (
            'gx.expectations.ExpectColumnValueLengthsToEqual(column="tail_no", value=6)  # six chars',
            ["custom sql: LENGTH(tail_no) = 6"],
        ),
    ],
)
def test_a_comment_after_code_is_no_part_of_an_argument(text, want):
    assert described(text) == want


def test_a_hash_inside_a_string_argument_is_kept():
    # guard (passes before): the "#" of a quoted regex is the pattern's
    (check,) = parse_request_rules('gx.expectations.ExpectColumnValuesToMatchRegex(column="tag", regex="^#[0-9]+$")  # tags')
    assert check.pattern == "^#[0-9]+$"


# ---------------------------------------------------------------- 6. "is a data error, so flag it"


@given(
    st.sampled_from(["a data error", "an error", "a typo", "errors"]),
    st.sampled_from([", so flag it", ", so flag them", ""]),
    st.integers(1, 500),
    st.integers(-10, 1000),
)
@settings(max_examples=60, deadline=None)
def test_a_verdict_of_error_is_the_bad_case(verdict, tail, limit, value):
    text = f"wingspan_cm over {limit} is {verdict}{tail}"
    assert admits(text, None, {"wingspan_cm": value}) == (value <= limit), text


# ---------------------------------------------------------------- 7. "cover" is no typo of "over"


@pytest.mark.parametrize(
    "text",
    [
        "launch_year must be at least 1957, we do not cover modern craft",
        "launch_year must be at least 1957 - we dont cover orbital craft",
        "launch_year must be at least 1957 but we do not cover probes",
    ],
)
def test_a_letter_before_a_keyword_makes_a_word_of_its_own(text):
    assert described(text) == ["launch_year must be at least 1957"]


def test_a_doubled_first_letter_is_still_a_typo():
    # guard (passes before): "nnull" is "null" typed with one key twice
    assert described("launch_year must not be nnull") == ["launch_year must not be null"]
