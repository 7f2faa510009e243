"""Round 29 (bounds, bad cases and context around a rule), in sentences of their own.

- both bounds of a column stated as bad cases joined by "or" ("alert if any row has x below
  0 or above 30000", "no runner has a y before 1900 or after 2030") or split over two clauses
  ("x shouldnt exceed 600, and anything below -30 is a glitch") are the inclusive range; read
  apart, the second bad case lost its negation (`y > 2020`) or the bounds were swapped;
- remarks that restate a bound ("cap it there", "nothing outside that should ...", "strict on
  both ends" after two strict bounds) or say what its bad side means are context;
- "lots are blank and that's fine", "many older X have none", "don't make them mandatory"
  after a rule on an optional column are context, never a not-null;
- one condition with two requirements on one column is one check; "...; otherwise at least 25";
- aggregates ("the avg x", "averages out above", "at least 80% of <rows>") and a wish that
  names no rule raise.

Every property evaluates the compiled checks in DuckDB on the rows either side of each bound.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import all_pass as _all_pass
from nl_support import checks, duck, truth

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.agents.quality.nl.logic import row_condition
from strands_airflow.exceptions import QualityRequestError

# --- 1. both bounds as bad cases ---------------------------------------------------------

LOW_HIGH = [("below", "above"), ("under", "over"), ("less than", "more than"), ("before", "after"),
            ("lower than", "higher than"), ("under", "exceeding")]  # fmt: skip
BAD_FRAMES = [
    "alert if any row has {c} {p}",
    "flag rows where {c} is {p}",
    "page us if a reading has {c} {p}",
    "no climber has a {c} {p}",
    "no climber may have a {c} {p}",
    "nobody should have a {c} {p}",
    "{c} must not be {p}",
    "{c} shouldn't be {p}",
    "{c} can never be {p}",
    "no {c} {p}",
]


@settings(max_examples=200, deadline=None)
@given(
    frame=st.sampled_from(BAD_FRAMES),
    words=st.sampled_from(LOW_HIGH),
    low_first=st.booleans(),
    joiner=st.sampled_from([" or ", ", or "]),
    lo=st.integers(-100, 1000),
    width=st.integers(1, 5000),
    end=st.sampled_from(["", ".", ", thanks", " -- those are the club limits."]),
)
def test_both_bounds_as_bad_cases_admit_exactly_the_range(frame, words, low_first, joiner, lo, width, end):
    hi = lo + width
    low, high = words
    pair = f"{low} {lo}{joiner}{high} {hi}" if low_first else f"{high} {hi}{joiner}{low} {lo}"
    text = frame.format(c="grip_span", p=pair) + end
    try:
        found = parse_request(text, columns=["grip_span", "climber_id"], model_id="")
    except QualityRequestError:
        return  # a refusal is allowed; a wrong check is not
    assert found, text
    for v, ok in ((lo, True), (hi, True), (lo - 1, False), (hi + 1, False), ((lo + hi) / 2, True)):
        assert _all_pass(found, {"grip_span": v}) is ok, (text, v, found)


@pytest.mark.parametrize(
    "text, cols, want",
    [
        ("Sluice rule on canal.locks: alert if any row has water_level_cm below 0 or above 900.",
         None, [("range", ["water_level_cm"], (0, 900))]),
        ("the league requires that no skater has a debut_year before 1950 or after 2025.",
         None, [("range", ["debut_year"], (1950, 2025))]),
        ("KNIT-3 AC: no rate below 2.5 or above 9 per hour.",
         ["knitter_id", "rate_per_hour_gbp"], [("range", ["rate_per_hour_gbp"], (2.5, 9))]),
        ("The fee per night shouldn't be under 40 or above 250 -- those are the guild limits.",
         ["booking_id", "fee_per_night_gbp"], [("range", ["fee_per_night_gbp"], (40, 250))]),
        ("flag any record with a hive_weight_kg above 90 kg or below 2 kg",
         None, [("range", ["hive_weight_kg"], (2, 90))]),
    ],
)
def test_both_bounds_as_bad_cases_phrasings(text, cols, want):
    assert checks(text, cols, strict=True) == want


def test_two_low_words_or_swapped_numbers_are_not_made_a_range():
    # "below 5 or above 2" admits nothing: never a made-up range
    with pytest.raises(QualityRequestError):
        parse_request("alert if depth_m below 5 or above 2", model_id="")


def test_a_row_count_said_with_or_stays_a_row_count():
    got = checks("Volume rule on kiln_runs: alert if a nightly load lands fewer than 50 rows or more than 900.")
    assert got == [("row_count", [], (50, 900))]


VERDICTS = ["is a sensor glitch", "is a typo", "is garbage", "isn't real", "is bogus"]


@settings(max_examples=120, deadline=None)
@given(
    verdict=st.sampled_from(VERDICTS),
    rule=st.sampled_from(["shouldnt exceed {hi}", "must be at most {hi}", "can't go above {hi}"]),
    joiner=st.sampled_from([", and ", " and ", ", "]),
    lo=st.integers(-200, 100),
    width=st.integers(1, 900),
)
def test_a_verdict_clause_after_a_rule_keeps_its_polarity(verdict, rule, joiner, lo, width):
    hi = lo + width
    text = f"kiln_temp_c {rule.format(hi=hi)}{joiner}anything below {lo} {verdict}"
    try:
        found = parse_request(text, model_id="")
    except QualityRequestError:
        return
    for v, ok in ((lo, True), (hi, True), (lo - 1, False), (hi + 1, False)):
        assert _all_pass(found, {"kiln_temp_c": v}) is ok, (text, v, found)


@pytest.mark.parametrize(
    "text, cols, want",
    [
        ("anything over 40 for soak_minutes isn't real, it's a typo. cap it there",
         None, [("range", ["soak_minutes"], (None, 40))]),
        ("Loaf weights: anything over 2 kg is garbage and it can't be 0 or less either.",
         ["loaf_id", "loaf_kg"], [("custom_sql", ["loaf_kg"], "loaf_kg > 0 AND loaf_kg <= 2")]),
        ("bakery: proof times 30 to 90 minutes, cap it there. oh and tray weight max 40",
         ["batch_id", "proof_time_min", "tray_weight_kg"],
         [("range", ["proof_time_min"], (30, 90)), ("range", ["tray_weight_kg"], (None, 40))]),
        ("Acceptance criteria: brine salinity must be between 18 and 24 — nothing outside that should reach the vats.",
         ["vat_id", "brine_salinity"], [("range", ["brine_salinity"], (18, 24))]),
        ("cure_days must be > 10 and < 400 — strict on both ends",
         None, [("custom_sql", ["cure_days"], "cure_days > 10 AND cure_days < 400")]),
        ("The kiln_runs table should get between 5 and 60 rows per daily load; fewer than 5 means the logger didn't sync.",
         None, [("row_count", [], (5, 60))]),
    ],
)
def test_remarks_that_restate_a_bound_are_context(text, cols, want):
    assert checks(text, cols, strict=True) == want


def test_strict_on_both_ends_after_an_inclusive_range_raises():
    with pytest.raises(QualityRequestError):
        parse_request("cure_days must be between 10 and 400 — strict on both ends", model_id="")


def test_mm_after_a_number_is_a_length_not_a_million():
    assert checks("blade widths 12 to 40 mm") == [("range", ["blade_width"], (12, 40))]
    assert checks("deal_size must be under $5mm") == [("custom_sql", ["deal_size"], "deal_size < 5000000")]


# --- 3. optional columns with a "that's fine" remark ----------------------------------------

OPTIONAL_RULES = [
    ("studio_url should be a valid link when present", "url", "studio_url"),
    ("studio phone should be a valid phone number when it's filled in", "phone", "studio_phone"),
    ("studio phone should be valid phone numbers when they're there", "phone", "studio_phone"),
    ("the studio's email is a valid email where provided", "email", "studio_email"),
]
REMARKS = [
    "; lots are blank and that's fine.",
    ", half are blank and that's fine",
    " -- plenty of studios don't have one, that's fine.",
    " — many older studios have none.",
    ". Most of them are empty, that's expected.",
]


@settings(max_examples=60, deadline=None)
@given(rule=st.sampled_from(OPTIONAL_RULES), remark=st.sampled_from(REMARKS))
def test_a_blanks_are_fine_remark_never_makes_a_not_null(rule, remark):
    text, fmt, col = rule
    found = parse_request(text + remark, columns=["studio_id", "studio_url", "studio_phone", "studio_email"], model_id="")
    assert [(c.kind, c.columns, c.format) for c in found] == [("format", [col], fmt)], (text + remark, found)
    assert _all_pass_null(found, col)


def _all_pass_null(found, col: str) -> bool:
    with duck() as con:
        for c in found:
            cond = row_condition(c) or "TRUE"
            got = con.execute(f"SELECT coalesce(({cond}), TRUE) FROM (SELECT NULL::VARCHAR AS {col})").fetchall()
            if not got[0][0]:
                return False
    return True


@pytest.mark.parametrize(
    "text",
    [
        "Kiln permit numbers (permit_no) are two uppercase letters followed by 5 digits. They're optional for small kilns, so please don't make them mandatory.",
        "permit_no is two uppercase letters followed by 5 digits. please don't make it mandatory",
    ],
)
def test_dont_make_them_mandatory_is_no_not_null(text):
    found = checks(text, strict=True)
    assert found == [("format", ["permit_no"], "^[A-Z]{2}\\d{5}$")]


def test_a_bracketed_reason_for_blanks_is_context():
    found = checks(
        "loom ref is LM then 4 digits. it's fine if it's empty (old looms don't have one)",
        ["loom_id", "loom_ref"],
        strict=True,
    )
    assert found == [("format", ["loom_ref"], "^LM\\d{4}$")]


# --- 4. one condition, two requirements; "otherwise" ----------------------------------------


def test_one_condition_with_two_requirements_on_one_column_is_one_check():
    got = parse_request(
        "FRM-2 AC: if batch_state = 'FIRED', fired_on must be filled in and be on or after loaded_on",
        model_id="",
    )
    assert len(got) == 1 and got[0].kind == "custom_sql"
    t = truth(
        got[0].condition or "",
        {"batch_state": ["'FIRED'", "'OPEN'"], "fired_on": ["NULL", "DATE '2024-01-05'"], "loaded_on": ["DATE '2024-01-03'", "DATE '2024-01-09'"]},
    )
    for (state, fired, loaded), ok in t.items():
        want = state != "'FIRED'" or (fired != "NULL" and fired >= loaded)
        assert ok == want, (state, fired, loaded)


def test_two_requirements_on_two_columns_stay_two_checks():
    got = parse_request("when lease_state = 'ended', ended_on must be set and deposit_due must be 0", model_id="")
    assert len(got) == 2


@pytest.mark.parametrize(
    "text",
    [
        "fee_gbp has to be 0 when is_member = true; otherwise at least 15.",
        "fee_gbp has to be 0 when is_member = true, otherwise at least 15.",
    ],
)
def test_otherwise_with_a_bare_bound(text):
    got = parse_request(text, model_id="")
    assert len(got) == 1 and got[0].kind == "custom_sql"
    t = truth(got[0].condition or "", {"is_member": ["TRUE", "FALSE"], "fee_gbp": ["0", "10", "15", "20"]})
    for (member, fee), ok in t.items():
        want = (fee == "0") if member == "TRUE" else int(fee) >= 15
        assert ok == want, (member, fee)


def test_filled_in_when_and_otherwise_empty_is_one_check():
    got = parse_request(
        "please make sure repair_notes is filled in when hull_state = 'LEAKING', and otherwise it should be empty.",
        model_id="",
    )
    assert len(got) == 1
    t = truth(got[0].condition or "", {"hull_state": ["'LEAKING'", "'SOUND'"], "repair_notes": ["NULL", "'x'"]})
    for (state, notes), ok in t.items():
        assert ok == ((state == "'LEAKING'") == (notes != "NULL")), (state, notes)


# --- 5. aggregates and vague asks ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "can someone add a check that the avg queue_seconds per till stays above 30 each day",
        "can we make sure judge_score averages out above 7?",
        "at least 90% of hives should have a queen_status recorded",
        "LOOM-4 AC: no more than 5% of bolts may have a flaw_code",
        "LOOM-9: make the data in loom_runs better before the census",
        "could we get the data cleaner before the audit?",
    ],
)
def test_aggregates_and_wishes_raise(text):
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


# --- 2. context around a rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cols, want",
    [
        ("quick q — is there a way to make sure grades are only ever P, M or D? would be great to have that as a check",
         ["pupil_id", "grade"], [("accepted_values", ["grade"], ["P", "M", "D"])]),
        ('is there a GE expectation for "the fired date can\'t be before the loaded date"? thats exactly what we need on kiln_runs',
         ["run_id", "fired_date", "loaded_date"], [("custom_sql", ["fired_date", "loaded_date"], "fired_date >= loaded_date")]),
        ("bolt_ref should be unique in the bolts table, we don't want dupes",
         None, [("unique", ["bolt_ref"], (None, None))]),
        ("After each firing the kiln log should have at least 12 rows (we never fire fewer than 12 pots), and glaze_ph must be 4 to 9.",
         ["pot_id", "glaze_ph"], [("row_count", [], (12, None)), ("range", ["glaze_ph"], (4, 9))]),
        ("LOOM-2 AC: shed_no must be between 1 and 8 (no 9th shed on any of our looms).",
         ["loom_id", "shed_no"], [("range", ["shed_no"], (1, 8))]),
        ("When the weaving checks go red, this is what they cover — warp_tension is one of LOW, MID, HIGH; pick_count never above 60.",
         ["bolt_id", "warp_tension", "pick_count"],
         [("accepted_values", ["warp_tension"], ["LOW", "MID", "HIGH"]), ("range", ["pick_count"], (None, 60))]),
    ],
)
def test_context_around_a_rule_is_no_check(text, cols, want):
    assert checks(text, cols, strict=True) == want


def test_a_bracket_with_a_number_of_its_own_is_not_dropped():
    # "(we never fire more than 9)" states a bound of its own: never silently dropped as context
    try:
        found = checks("kiln_no must be between 1 and 6 (we fire 9 at most)")
    except QualityRequestError:
        return
    assert found != [("range", ["kiln_no"], (1, 6))]


@pytest.mark.parametrize(
    "text",
    [
        "reminder: repair_notes has to be filled in when hull_state = 'LEAKING', otherwise it should be empty",
        "repair_notes is required if hull_state = 'LEAKING', and must be null otherwise",
        "repair_notes must be filled in when hull_state = 'LEAKING'; otherwise it should be empty",
    ],
)
def test_otherwise_after_a_comma_or_at_the_end(text):
    got = parse_request(text, model_id="")
    assert len(got) == 1, got
    t = truth(got[0].condition or "", {"hull_state": ["'LEAKING'", "'SOUND'"], "repair_notes": ["NULL", "'x'"]})
    for (state, notes), ok in t.items():
        assert ok == ((state == "'LEAKING'") == (notes != "NULL")), (text, state, notes)


def test_a_bare_bound_before_otherwise():
    got = parse_request("hull_price_gbp must be > 0 for sold hulls (hull_state = 'SOLD'), null otherwise", model_id="")
    assert len(got) == 1
    t = truth(got[0].condition or "", {"hull_state": ["'SOLD'", "'KEPT'"], "hull_price_gbp": ["NULL", "0", "5"]})
    for (state, price), ok in t.items():
        want = (price != "NULL" and int(price) > 0) if state == "'SOLD'" else price == "NULL"
        assert ok == want, (state, price)


@pytest.mark.parametrize(
    "text, cols",
    [
        ("brine readings look odd sometimes. anything below 3 or above 9 is def a sensor glitch, can we flag those",
         ["reading_id", "brine", "read_at"]),
        ("Hi all, brine strength is stored as a percentage; anything under 3% or over 9% is impossible, please guard against it.",
         ["reading_id", "brine_strength_pct", "read_at"]),
    ],
)
def test_anything_after_a_sentence_about_a_column(text, cols):
    found = parse_request(text, cols, model_id="")
    col = cols[1]
    for v, ok in ((3, True), (9, True), (2.5, False), (9.5, False)):
        assert _all_pass(found, {col: v}) is ok, (text, v, found)


@pytest.mark.parametrize("keep", ["keep it under 900", "keep it below 900"])
def test_keep_it_under_is_the_columns_bound(keep):
    found = parse_request(f"pls make the spin rate non-negative and {keep}", ["spool_id", "spin_rate_rpm"], model_id="")
    for v, ok in ((0, True), (899, True), (-1, False), (900, False)):
        assert _all_pass(found, {"spin_rate_rpm": v}) is ok, (keep, v, found)


def test_a_first_person_bracket_wrapped_over_two_lines_is_context():
    found = checks(
        "the kiln log should have at least 12 rows (we never fire fewer\nthan 12 pots), and glaze_ph must be 4 to 9.",
        ["pot_id", "glaze_ph"],
        strict=True,
    )
    assert found == [("row_count", [], (12, None)), ("range", ["glaze_ph"], (4, 9))]
