"""Round 21 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import truth as _truth

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

_COL = st.sampled_from(["crate_count", "kiln_temp", "tram_speed", "hive_weight", "toll_fee"])
_PERMISSIVE = st.sampled_from(
    [
        "may",
        "can",
        "could",
        "might",
        "is allowed to",
        "is permitted to",
        "may also",
        "can sometimes",
    ]
)
_VALUE = st.sampled_from(["zero", "0", "12", "-3", "2.5", "'draft'", "true", "in the future"])


# ------------- class 1: a permissive modal allowing one value of one column is no check
@given(_COL, _PERMISSIVE, _VALUE)
@settings(max_examples=60, deadline=None)
def test_a_permitted_value_alone_is_refused(col: str, modal: str, value: str) -> None:
    for strict in (False, True):
        with pytest.raises(QualityRequestError, match="only says what is allowed"):
            parse_request(f"{col} {modal} be {value}", None, model_id="", strict=strict)


@given(_COL, _PERMISSIVE, _VALUE, st.sampled_from(["; ", ". ", ", but ", " but "]))
@settings(max_examples=60, deadline=None)
def test_a_permitted_value_after_a_rule_is_left_out(
    col: str, modal: str, value: str, join: str
) -> None:
    got = _checks(f"{col} must not be null{join}{col} {modal} be {value}")
    assert got == [("not_null", [col], (None, None))]


@pytest.mark.parametrize(
    "text",
    [
        "toll_fee must be at least 0, it's fine if toll_fee is zero",
        "toll_fee must be at least 0 but it can also be zero",
    ],
)
def test_a_permitted_value_beside_its_rule_keeps_only_the_rule(text: str) -> None:
    assert _checks(text) == [("range", ["toll_fee"], (0.0, None))]


@pytest.mark.parametrize(
    ("allowed", "rule", "want"),
    [
        (
            "toll_fee may be zero",
            "toll_fee can't be zero",
            ("custom_sql", ["toll_fee"], "toll_fee <> 0"),
        ),
        (
            "toll_fee could be zero",
            "toll_fee may not be zero",
            ("custom_sql", ["toll_fee"], "toll_fee <> 0"),
        ),
        (
            "toll_fee can be 0",
            "toll_fee cannot be zero",
            ("custom_sql", ["toll_fee"], "toll_fee <> 0"),
        ),
        (
            "toll_fee is allowed to be 0",
            "toll_fee must be zero",
            ("range", ["toll_fee"], (0.0, 0.0)),
        ),
    ],
)
def test_a_permitted_value_is_refused_while_a_negated_or_required_one_is_its_rule(
    allowed: str, rule: str, want: tuple[str, list[str], object]
) -> None:
    with pytest.raises(QualityRequestError, match="only says what is allowed"):
        parse_request(allowed, None, model_id="", strict=True)
    assert _checks(rule) == [want]


# ------------- class 2: "x may only R when C" is "if R then C", never "if C then R"
_ONLY_FORMS = st.sampled_from(
    [
        "{x} may only exceed {y} when {c}",
        "{x} can only be greater than {y} if {c}",
        "{x} is allowed to exceed {y} only when {c}",
        "{x} could only be above {y} whenever {c}",
        "{x} should only exceed {y} for rows where {c}",
    ]
)


@given(
    _ONLY_FORMS,
    st.sampled_from([("refund_amt", "paid_amt"), ("lane_load", "lane_cap"), ("dose_mg", "max_mg")]),
    st.sampled_from(["is_override is true", "tier = 3"]),
)
@settings(max_examples=30, deadline=None)
def test_only_when_restricts_the_permission(form: str, pair: tuple[str, str], cond: str) -> None:
    x, y = pair
    flag = cond.split()[0]
    ((kind, cols, sql),) = _checks(form.format(x=x, y=y, c=cond), strict=True)
    assert kind == "custom_sql" and set(cols) == {x, y, flag}
    flag_values = ["TRUE", "FALSE", "NULL"] if flag == "is_override" else ["3", "1", "NULL"]
    table = _truth(str(sql), {x: ["1", "5"], y: ["3"], flag: flag_values})
    for (xv, _, fv), ok in table.items():
        holds = fv in ("TRUE", "3")
        # x > y is allowed only when the condition holds; x <= y always passes
        assert ok == (int(xv) <= 3 or holds)


@pytest.mark.parametrize(
    ("text", "cols"),
    [
        (
            "stall_fee may be null only if is_member is true",
            {"stall_fee": ["1", "NULL"], "is_member": ["TRUE", "FALSE"]},
        ),
    ],
)
def test_only_null_when_is_set_unless_the_condition(text: str, cols: dict[str, list[str]]) -> None:
    ((kind, _, sql),) = _checks(text, strict=True)
    assert kind == "custom_sql"
    for (fee, member), ok in _truth(str(sql), cols).items():
        assert ok == (fee != "NULL" or member == "TRUE")


@pytest.mark.parametrize(
    "text",
    [
        "berth_state can only be 'moored' or 'anchored' when tide_ok is true",
        "lane_load may only exceed lane_cap unless is_override is true",
        "pin_code should only contain digits when country = 'DE'",
    ],
)
def test_an_ambiguous_only_when_is_refused(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, None, model_id="", strict=True)


# ------------- class 3: a comparison after the subject is a condition on the rule
@pytest.mark.parametrize(
    ("text", "flag", "rows"),
    [
        (
            "cart_total over 500 must have a reviewer_id",
            "reviewer_id",
            {"cart_total": ["100", "900"], "reviewer_id": ["7", "NULL"]},
        ),
        (
            "the freight_kg above 40 should have an inspector_id",
            "inspector_id",
            {"freight_kg": ["100", "9"], "inspector_id": ["7", "NULL"]},
        ),
    ],
)
def test_a_modified_subject_is_one_conditional_check(
    text: str, flag: str, rows: dict[str, list[str]]
) -> None:
    ((kind, cols, sql),) = _checks(text, strict=True)
    assert kind == "custom_sql" and set(cols) == set(rows)
    first = next(iter(rows))
    limit = 500 if first == "cart_total" else 40
    for (v, f), ok in _truth(str(sql), rows).items():
        assert ok == (int(v) <= limit or f != "NULL")


@given(
    st.sampled_from(["fare_amt", "bale_weight", "dose_ml"]),
    st.sampled_from(["under 100", "below 5", "over 20", "above 7", "less than 3", "more than 9"]),
)
@settings(max_examples=30, deadline=None)
def test_a_modified_subject_never_makes_its_comparison_a_check(col: str, cmp: str) -> None:
    for strict in (False, True):
        try:
            got = _checks(f"{col} {cmp} must not be null", strict=strict)
        except QualityRequestError:
            continue
        assert len(got) == 1 and got[0][0] == "custom_sql" and str(got[0][2]).startswith("NOT ")


@pytest.mark.parametrize(
    "text",
    ["parcels over 30 must have a courier", "tickets above 3 must have an approver"],
)
def test_an_entity_with_a_comparison_is_refused(text: str) -> None:
    for strict in (False, True):
        with pytest.raises(QualityRequestError):
            parse_request(text, None, model_id="", strict=strict)


# ------------- class 4: a request for a check is never part of the rule's subject
_LEADIN = st.sampled_from(
    [
        "add one that says",
        "also add a rule which says",
        "please add a check that says",
        "create another one stating that",
        "we need a check saying",
        "set up a test that",
    ]
)


@given(_LEADIN, st.sampled_from(["; ", ", ", " and ", ". "]))
@settings(max_examples=40, deadline=None)
def test_a_check_request_after_a_rule_is_no_subject(lead: str, join: str) -> None:
    got = _checks(f"bin_id must be unique{join}{lead} phone must match regex ^[0-9]{{3}}$")
    assert got == [("unique", ["bin_id"], (None, None)), ("format", ["phone"], "^[0-9]{3}$")]


@pytest.mark.parametrize(
    "text",
    [
        "add a check that says sku is unique",
        "we need a check saying sku must be unique",
        "please create one more test saying that sku is unique",
    ],
)
def test_a_check_request_alone_reads_the_rule(text: str) -> None:
    assert _checks(text, strict=True) == [("unique", ["sku"], (None, None))]
