"""Round 22 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import truth as _truth

from strands_airflow.agents.quality.nl import parse_request

# ------------- class 1: a bracketed condition on the rows a rule is about is its condition
_TARGET = st.sampled_from(["courier_id", "vet_name", "badge_no", "approver_id"])
_FLAG = st.sampled_from(["is_urgent", "needs_review", "is_export"])
_GROUP = st.sampled_from(
    ["on urgent tickets", "for flagged parcels", "during audits", "on export lots"]
)
_MODAL_NOT_NULL = st.sampled_from(
    ["must not be null", "should never be empty", "must be populated", "can't be blank"]
)


@given(_TARGET, _FLAG, _GROUP, _MODAL_NOT_NULL, st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_bracketed_flag_after_a_group_is_the_rules_condition(
    target: str, flag: str, group: str, modal: str, schema: bool
) -> None:
    text = f"{target} {modal} {group} ({flag} = true)"
    got = parse_request(text, [target, flag, "row_id"] if schema else None, model_id="")
    assert len(got) == 1 and got[0].kind == "custom_sql", [c.describe() for c in got]
    assert set(got[0].columns) == {target, flag}
    truth = _truth(got[0].condition or "", {flag: ["TRUE", "FALSE"], target: ["NULL", "'x'"]})
    # fails only where the flag is set and the value is missing
    assert truth == {
        ("TRUE", "NULL"): False,
        ("TRUE", "'x'"): True,
        ("FALSE", "NULL"): True,
        ("FALSE", "'x'"): True,
    }


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("overseas parcels (zone = 'INTL') must carry a customs_ref", None),
        ("export lots (zone = 'INTL') must have a customs_ref", ["lot_id", "zone", "customs_ref"]),
        ("customs_ref is required for shipments abroad (zone = 'INTL')", None),
    ],
)
def test_a_bracketed_value_condition_on_a_group(text: str, columns: list[str] | None) -> None:
    got = parse_request(text, columns, model_id="")
    assert len(got) == 1 and got[0].kind == "custom_sql", [c.describe() for c in got]
    truth = _truth(
        got[0].condition or "", {"zone": ["'INTL'", "'HOME'"], "customs_ref": ["NULL", "'c'"]}
    )
    assert truth[("'INTL'", "NULL")] is False
    assert truth[("'INTL'", "'c'")] and truth[("'HOME'", "NULL")] and truth[("'HOME'", "'c'")]


@given(st.sampled_from(["<", "<=", ">", ">="]), st.integers(min_value=1, max_value=90))
@settings(max_examples=40, deadline=None)
def test_a_bracketed_comparison_on_the_subject_group(op: str, n: int) -> None:
    # "retirees (years >= 65) can't have plan = 'YOUTH'": a conditional exclusion, one check
    text = f"juniors (years {op} {n}) can't have plan = 'SENIOR'"
    got = parse_request(text, ["member_id", "years", "plan"], model_id="")
    assert len(got) == 1 and got[0].kind == "custom_sql", [c.describe() for c in got]
    inside = {"<": n - 1, "<=": n, ">": n + 1, ">=": n}[op]
    outside = {"<": n, "<=": n + 1, ">": n, ">=": n - 1}[op]
    truth = _truth(
        got[0].condition or "",
        {"years": [str(inside), str(outside)], "plan": ["'SENIOR'", "'OTHER'"]},
    )
    assert truth[(str(inside), "'SENIOR'")] is False
    assert truth[(str(inside), "'OTHER'")] and truth[(str(outside), "'SENIOR'")]
    # a bracket restating the rule's own column is not a condition
    assert _checks("weight_g must be positive (weight_g > 0)") == [
        ("custom_sql", ["weight_g"], "weight_g > 0")
    ]


# ------------- class 2: a bracket saying what a value means is context
@pytest.mark.parametrize(
    "text",
    [
        "seat_rows has to be 1-30 (1 = front row)",
        "mood_score must be between 1 and 5 (1 = awful, 5 = great)",
        "fill_level should be 0 to 10 (10 = brim full)",
    ],
)
def test_a_value_gloss_in_brackets_is_context(text: str) -> None:
    got = parse_request(text, None, model_id="")
    assert [c.kind for c in got] == ["range"], [c.describe() for c in got]


# ------------- class 3: "can only be <one number>" is the single value ("must be <number>")
@given(
    st.sampled_from(["retry_cap", "seat_limit", "vat_rate"]),
    st.sampled_from(["can only be", "may only be", "should only be"]),
    st.sampled_from([("zero", 0), ("0", 0), ("7", 7), ("12.5", 12.5)]),
)
@settings(max_examples=40, deadline=None)
def test_only_one_number_is_the_single_value_rule(
    col: str, modal: str, value: tuple[str, float]
) -> None:
    word, n = value
    got = parse_request(f"{col} {modal} {word}", None, model_id="")
    assert [(c.kind, c.min, c.max) for c in got] == [("range", n, n)], [c.describe() for c in got]


# ------------- class 4: lists and regexes at the edge of a sentence
@given(
    st.sampled_from(["can only be", "should only be", "must only be"]),
    st.lists(
        st.sampled_from(["NOK", "SEK", "DKK", "ISK", "CHF"]), min_size=3, max_size=4, unique=True
    ),
)
@settings(max_examples=40, deadline=None)
def test_only_be_a_slash_list_is_the_list(modal: str, values: list[str]) -> None:
    got = parse_request(f"payout_ccy {modal} {'/'.join(values)}", None, model_id="")
    assert [(c.kind, c.values) for c in got] == [("accepted_values", values)], [
        c.describe() for c in got
    ]


@given(
    st.sampled_from([r"^[A-Z]{2}\d{3}$", r"^\d{4}-\d{2}$", r"^[a-z]+$"]),
    st.sampled_from([". ", ", and ", "; "]),
)
@settings(max_examples=30, deadline=None)
def test_a_full_stop_after_the_end_anchor_ends_the_sentence(regex: str, sep: str) -> None:
    got = parse_request(
        f"shelf_tag matches {regex}{sep}pallet_no must be unique", None, model_id=""
    )
    assert sorted((c.kind, c.columns[0], c.pattern) for c in got) == [
        ("format", "shelf_tag", regex),
        ("unique", "pallet_no", None),
    ], [c.describe() for c in got]
