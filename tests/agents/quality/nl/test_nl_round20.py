"""Round 20 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

_COL = st.sampled_from(
    ["kiln_temp", "brew_ph", "tram_speed", "hive_weight", "sluice_level", "crate_count"]
)
#: a group or reason whose words hold a preposition the grammar reads as a comparator
_GROUP = st.sampled_from(
    [
        "kilns under maintenance",
        "orders over the phone",
        "staff above the pay band",
        "pallets below deck",
        "tenants under notice",
        "shipments over the border",
        "hives under quarantine",
    ]
)
_ALLOWED = st.sampled_from(
    [
        "nulls are allowed for",
        "blanks are fine for",
        "nulls are ok for",
        "missing values are acceptable for",
        "empty values are tolerated for",
    ]
)
_JOIN = st.sampled_from(["; ", ", ", " but ", ", but ", " and ", ". "])


# ------------- class 1: a permission with its reason or group after a rule is no check, even
# when a preposition of the group ("under", "over", "above", "below") reads like a comparator
@given(_COL, st.integers(0, 40), _ALLOWED, _GROUP, _JOIN)
@settings(max_examples=60, deadline=None)
def test_a_permission_for_a_group_after_a_rule_is_no_check(
    col: str, lo: int, allowed: str, group: str, join: str
) -> None:
    for strict in (False, True):
        got = _checks(f"{col} must be at least {lo}{join}{allowed} {group}", strict=strict)
        assert got == [("range", [col], (float(lo), None))]


@pytest.mark.parametrize(
    "tail",
    [
        "sluice_level may be null for gates under repair",
        "it can be empty for tanks over capacity",
        "sluice_level is allowed to be blank for weirs above the flood line",
        "but sluice_level can be missing for channels below the dam",
    ],
)
def test_a_column_that_may_be_null_for_a_group_is_no_comparison(tail: str) -> None:
    got = _checks(
        f"sluice_level must be between 0 and 30, {tail}", ["gate_id", "sluice_level", "reading_at"]
    )
    assert got == [("range", ["sluice_level"], (0.0, 30.0))]


@pytest.mark.parametrize(
    "text",
    [
        "crate_count may be null for crates under inspection",
        "brew_ph can be blank for brews under review",
        "tram_speed is allowed to be empty for trams over the bridge",
    ],
)
def test_a_permission_for_a_group_alone_is_refused(text: str) -> None:
    for strict in (False, True):
        with pytest.raises(QualityRequestError, match="only says what is allowed"):
            parse_request(text, None, model_id="", strict=strict)


@pytest.mark.parametrize(
    "text",
    [
        "tram_speed must be at least 0, nulls are fine for trams under 40 tonnes",
        "tram_speed must be at least 0 but blanks are ok for depots over 3 km away",
        "nulls are fine for readings under 5",
    ],
)
def test_a_permission_whose_group_states_a_comparison_is_refused(text: str) -> None:
    # "for trams under 40 tonnes" is a condition (a number): refused, never a check on it
    with pytest.raises(QualityRequestError):
        parse_request(text, None, model_id="", strict=True)
    try:
        got = _checks(text)
    except QualityRequestError:
        return
    assert all(kind == "range" for kind, _, _ in got)


@pytest.mark.parametrize(
    "text",
    [
        "kiln_temp must not be null; nulls are fine for kilns under maintenance",
        "kiln_temp is required, but it may be null for kilns under repair",
        "batch_no must be unique. duplicates are ok for batches over the weekend",
    ],
)
def test_a_permission_for_a_group_beside_the_rule_it_excepts_is_refused(text: str) -> None:
    # dropped, the permission would leave a check that rejects the rows it allows
    for strict in (False, True):
        with pytest.raises(QualityRequestError, match="exception"):
            parse_request(text, None, model_id="", strict=strict)


# ------------- class 2: a request to remove / disable a check is about the checks, not the
# data: it raises when strict and is left out otherwise; a rule beside it is still read
_MANAGE = st.sampled_from(
    [
        "remove the old uniqueness check",
        "please disable the legacy row count alert",
        "retire the dbt test on email",
        "turn off the freshness monitor for orders",
        "can you delete the stale not-null expectation",
        "drop the duplicate rule",
        "let's switch off the noisy volume checks",
    ]
)


@given(
    _MANAGE,
    _COL,
    st.sampled_from(
        [
            " and make sure {c} is unique",
            ", then {c} must be unique",
            "; {c} must be unique",
            ". {c} must be unique",
        ]
    ),
)
@settings(max_examples=60, deadline=None)
def test_a_request_to_remove_a_check_is_no_data_rule(manage: str, col: str, rest: str) -> None:
    text = manage + rest.format(c=col)
    with pytest.raises(QualityRequestError, match="change the checks"):
        parse_request(text, None, model_id="", strict=True)
    assert _checks(text) == [("unique", [col], (None, None))]


@pytest.mark.parametrize(
    "text",
    [
        "crate_count must be at least 1, and disable the legacy row count alert",
        "crate_count must be at least 1 then retire the old range test on crate_count",
    ],
)
def test_a_request_to_remove_a_check_after_a_rule_keeps_the_rule(text: str) -> None:
    assert _checks(text) == [("range", ["crate_count"], (1.0, None))]
    with pytest.raises(QualityRequestError, match="change the checks"):
        parse_request(text, None, model_id="", strict=True)


def test_a_request_only_to_remove_a_check_is_refused() -> None:
    with pytest.raises(QualityRequestError, match="change the checks"):
        parse_request(
            "please remove the brew_ph range check on the brews table",
            None,
            model_id="",
            strict=True,
        )
    with pytest.raises(QualityRequestError):
        parse_request("please remove the brew_ph range check on the brews table", None, model_id="")
    # rows to drop are still a change to the data, never a change to the checks
    with pytest.raises(QualityRequestError, match="change the data"):
        parse_request("drop the rows that fail the ph check", None, model_id="")


# ------------- class 3: a permissive modal with no negation is a permission, never a check
# that forces what it allows; "can't" / "must not" / "must" keep their rules
PERMISSIVE = ["can", "may", "could", "are allowed to", "are permitted to", "can also"]
REQUIRED = ["must", "have to", "should"]
FORBIDDEN = ["can't", "must not", "may not", "cannot"]
SAME = ["be the same", "be equal", "be identical", "match"]
DIFFERENT = ["be different", "be distinct", "differ"]
_PAIRS = [("origin_gate", "dest_gate"), ("payer_id", "payee_id"), ("home_team", "away_team")]


@settings(max_examples=120, deadline=None)
@given(
    modal=st.sampled_from(PERMISSIVE + REQUIRED + FORBIDDEN),
    wording=st.sampled_from(SAME + DIFFERENT),
    pair=st.sampled_from(_PAIRS),
)
def test_a_pair_permission_is_no_check_and_a_pair_rule_keeps_its_rule(
    modal: str, wording: str, pair: tuple[str, str]
) -> None:
    a, b = pair
    text = f"{a} and {b} {modal} {wording}"
    if modal in PERMISSIVE:
        with pytest.raises(QualityRequestError, match="only says what is allowed"):
            parse_request(text, [a, b, "id"], model_id="", strict=True)
        assert _checks(f"id must be unique; {text}", [a, b, "id"]) == [
            ("unique", ["id"], (None, None))
        ]
        return
    must_differ = (modal in FORBIDDEN) == (wording in SAME)
    assert _checks(text, [a, b, "id"]) == [
        ("custom_sql", [a, b], f"{a} <> {b}" if must_differ else f"{a} = {b}")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "payer_id may equal payee_id",
        "dest_gate is allowed to match origin_gate",
        "arrived_at can be before departed_at",
        "refund_total may exceed order_total",
        "payer_id could be the same as payee_id",
    ],
)
def test_a_permitted_relation_of_two_columns_is_no_check(text: str) -> None:
    cols = [
        "payer_id",
        "payee_id",
        "origin_gate",
        "dest_gate",
        "arrived_at",
        "departed_at",
        "refund_total",
        "order_total",
    ]
    with pytest.raises(QualityRequestError, match="only says what is allowed"):
        parse_request(text, cols, model_id="", strict=True)


def test_a_permitted_relation_under_a_condition_is_refused() -> None:
    # often meant as "only when": never dropped, never the relation it allows
    cols = ["refund_total", "order_total", "is_vip"]
    with pytest.raises(QualityRequestError, match="under a condition"):
        parse_request(
            "order_total must be at least 0; refund_total may exceed order_total when is_vip is true",
            cols,
            model_id="",
            strict=True,
        )
