"""Round 14 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------- a report of a value seen is no rule (the inversion)
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("heads up: the vendor export had moisture = 0 again. fail when moisture <= 0", ["custom sql: moisture > 0"]),
        ("we saw weight_g = -1 in prod. please flag rows where weight_g < 0", ["weight_g must be at least 0"]),
        ("found records with tariff = 0, alert on any row where tariff <= 0", ["custom sql: tariff > 0"]),
        ("the hourly dump shows pressure = 999 sometimes; fail if pressure > 500", ["pressure must be at most 500"]),
        ("btw the sensor feed got temp_c = -300 yesterday. temp_c must be at least -90", ["temp_c must be at least -90"]),
    ],
)
def test_a_reported_value_is_context(text: str, said: list[str]) -> None:
    assert _said(text) == said


@pytest.mark.parametrize(
    "text",
    [
        "the vendor export had moisture = 0 again",
        "FYI the sensor feed has temp_c = -300 again",
        "we found rows with tariff = 0",
    ],
)
def test_a_reported_value_alone_is_no_check(text: str) -> None:
    # the value seen is the bad case, never the rule; with nothing asked, the request raises
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


def test_a_present_tense_rule_is_still_read() -> None:
    assert _said("each row has grade = 3") == _said("grade must be 3")


# ------------------------------------------------------- a question that proposes a check
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("can we flag any record where tariff < 0?", ["tariff must be at least 0"]),
        ("could we fail when weight_g > 900?", ["weight_g must be at most 900"]),
        ("should we alert if pressure >= 500?", ["custom sql: pressure < 500"]),
        ("could you page someone when the lot_no is null?", ["lot_no must not be null"]),
        ("can we raise an error for rows where temp_c < -90?", ["temp_c must be at least -90"]),
    ],
)
def test_a_proposed_check_is_the_check(text: str, said: list[str]) -> None:
    assert _said(text) == said


_LEADS = ["can we", "could we", "should we", "can you", "could someone", "would you please", "so can we"]
_FRAMES = ["flag any row where", "fail when", "alert if", "raise an alert for rows where", "flag records where"]
_REPORTS = [
    "the nightly file had {c} = {v} again. ",
    "FYI the feed has {c} = {v} again 🙃 ",
    "we saw {c} = {v} last week, ",
    "",
]
_CMPS = [("{c} < 0", "{c} must be at least 0"), ("{c} > 100", "{c} must be at most 100"), ("{c} is null", "{c} must not be null")]


@settings(max_examples=200, deadline=None)
@given(
    lead=st.sampled_from(_LEADS),
    frame=st.sampled_from(_FRAMES),
    report=st.sampled_from(_REPORTS),
    cmp=st.sampled_from(_CMPS),
    c=st.sampled_from(["ph_level", "net_kg", "score", "dose_mg"]),
    v=st.sampled_from(["-3", "0", "101", "-0.5"]),
)
def test_property_report_then_proposed_check(lead: str, frame: str, report: str, cmp: tuple[str, str], c: str, v: str) -> None:
    bad, good = (x.format(c=c) for x in cmp)
    text = f"{report.format(c=c, v=v)}{lead} {frame} {bad}?"
    assert _said(text) == _said(good), text


# ------------------------------------------------------- "otherwise" after a conditional rule
def test_otherwise_is_the_rows_the_condition_leaves_out() -> None:
    got = parse_request("If tier = 'gold' the discount must be at least 10; otherwise it has to be 0.", model_id="")
    assert len(got) == 1 and got[0].kind == "custom_sql"
    assert set(got[0].columns) == {"tier", "discount"}
    cond = got[0].condition or ""
    assert "discount >= 10" in cond and "discount = 0" in cond and "NOT coalesce(tier = 'gold', FALSE)" in cond


def test_otherwise_in_a_sentence_of_its_own() -> None:
    got = parse_request("When refund_flag is true, refund_ts must be filled in. Else refund_ts must be empty.", model_id="")
    assert len(got) == 1
    cond = got[0].condition or ""
    assert "refund_ts IS NOT NULL" in cond and "refund_ts IS NULL" in cond


def test_otherwise_without_a_condition_raises() -> None:
    with pytest.raises(QualityRequestError, match="otherwise"):
        parse_request("weight must be positive. otherwise it must be null", model_id="")


def test_otherwise_as_a_consequence_is_context() -> None:
    assert _said("qty must be positive, otherwise the invoice run breaks") == ["custom sql: qty > 0"]


# ------------------------------------------------- a question proposing a rule, then "if not, add"
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("do we have a check that lot_no is never null? if not pls add", ["lot_no must not be null"]),
        ("Is there a test that sku is unique? If not, could you add one", ["sku must be unique"]),
        ("does we even have a rule that checks that tariff >= 0? if not add it thx", ["tariff must be at least 0"]),
        ("hmm: is `grade` only ever A1 / B2 / C3? if so please add a check for it", ["grade must be one of 'A1', 'B2', 'C3'"]),
        ("do we have a test that ref matches '^R?[0-9]+$'? if not pls add", ["ref must match regex '^R?[0-9]+$'"]),
    ],
)
def test_a_question_proposing_a_rule_is_the_rule(text: str, said: list[str]) -> None:
    assert _said(text) == said


# ------------------------------------------------------- character classes joined by "+" / "&"
@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("serial must be 12 chars, uppercase letters + digits", "^[A-Z0-9]{12}$"),
        ("tag must be 8 characters, letters & numbers", "^[A-Za-z0-9]{8}$"),
        ("plate must be 7 chars, uppercase letters + digits, but no I or O", "^[A-HJ-NP-Z0-9]{7}$"),
        ("badge is 6 uppercase letters except the letters O, I and L", "^[A-HJKMNP-Z]{6}$"),
    ],
)
def test_classes_and_letters_left_out(text: str, pattern: str) -> None:
    got = parse_request(text, model_id="")
    assert [c.pattern for c in got] == [pattern]


def test_left_out_letters_of_no_class_raise() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("pin must be 4 digits, except I", model_id="")


@pytest.mark.parametrize(
    "text",
    ["tier is only ever gold / silver / bronze", "tier is ever only gold, silver or bronze"],
)
def test_only_ever_is_only(text: str) -> None:
    assert _said(text) == ["tier must be one of 'bronze', 'gold', 'silver'"] or _said(text) == _said(
        "tier must be one of gold, silver, bronze"
    )


# ------------------------------------------------------- task-list boxes, remarks, permissions
def test_task_list_boxes_are_no_text() -> None:
    text = "Done when:\n- [ ] tier ∈ {GOLD, SILVER}\n* [x] lot_no is never null\n[ ] score between 1 and 9"
    assert _said(text) == sorted(
        ["tier must be one of 'GOLD', 'SILVER'", "lot_no must not be null", "score must be between 1 and 9"]
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("depth_m can't be above 900 — anything beyond that means the sonar failed", ["depth_m must be at most 900"]),
        ("grade must be 1, 2 or 3; these are the only grades the mill ships.", ["grade must be one of 1, 2, 3"]),
        ("temp_c must be at least -40. readings below this are a broken probe", ["temp_c must be at least -40"]),
    ],
)
def test_a_remark_on_the_rule_just_stated_is_context(text: str, said: list[str]) -> None:
    assert _said(text) == said


def test_a_rule_after_a_dash_is_kept() -> None:
    # a dash before a rule of its own is no remark
    assert _said("depth_m can't be above 900 — anything over that must be flagged") == ["depth_m must be at most 900"]
    assert len(parse_request("depth_m can't be above 900 - and lot_no must be unique", model_id="")) == 2


def test_nulls_are_fine_though() -> None:
    assert _said("score must be between 1 and 9. nulls are fine tho") == ["score must be between 1 and 9"]


# ------------------------------------------------------- headings, codes, placeholders
def test_a_heading_with_a_decimal_number() -> None:
    assert _said("NO2.1 health: no2_ppb cannot be negative") == ["no2_ppb must be at least 0"]


def test_capitalised_codes_joined_by_a_hyphen_are_one_value() -> None:
    assert _said("lang must be one of EN-GB, FR-CA or DE-AT") == ["lang must be one of 'EN-GB', 'FR-CA', 'DE-AT'"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("- rent_usd: 100 ≤ x ≤ 9000", ["rent_usd must be between 100 and 9000"]),
        ("floor_no: value >= -3", ["floor_no must be at least -3"]),
        ("area_m2: x > 0", ["custom sql: area_m2 > 0"]),
    ],
)
def test_a_placeholder_is_the_labelled_column(text: str, said: list[str]) -> None:
    assert _said(text) == said


def test_a_heading_that_says_when_the_checks_run() -> None:
    text = "Checks (after the nightly merge):\n- lot_no is never null\n- qty >= 0"
    assert _said(text) == ["lot_no must not be null", "qty must be at least 0"]


# ------------------------------------------------------- chat short codes, "a check on <table> that"
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("hi all :pray: could somebody add a check on `lots` that lot_no is never null?", ["lot_no must not be null"]),
        ("would you add a test for the meters table that reading_kw >= 0", ["reading_kw must be at least 0"]),
        ("pls set up a rule on dim_site that site_code is unique :thumbsup:", ["site_code must be unique"]),
    ],
)
def test_the_table_of_a_requested_check_is_no_column(text: str, said: list[str]) -> None:
    assert _said(text) == said


