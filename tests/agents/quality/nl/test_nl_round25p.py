"""Round 25 (prose) classes, read as general rules: each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import passes, truth

from strands_airflow.agents.quality.nl import parse_request

# ------------- class 1: a lead-in saying where or from when the rules apply ("going forward",
# "For the monthly extract,", "for vault.seed_lots please check", "this is what it covers:",
# "Step 3 - validate lots:") is context, never a column of its own
_LEADS = st.sampled_from(
    [
        "Going forward, {r}.",
        "Hello, going forward {r}.",
        "From now on {r}.",
        "Moving forward, {r}.",
        "For the monthly germination extract, {r}.",
        "For the seed vault report {r}, and every lot needs a drawer_no.",
        "Hi, for vault.seed_lots please check {r}.",
        "for seed_lots: {r} and drawer_no must be unique",
        "When the seed check goes red, this is what it covers: {r}; drawer_no is unique.",
        "this is what it checks: {r}, and drawer_no is unique.",
        "SEED-12: for each drawer, {r}; drawer_no must be unique.",
        "Step 3 \u2014 validate lots: {r}; drawer_no is unique.",
        "Step 3 - check the lots: {r}.",
        "Before publishing the catalogue: {r}, and drawer_no must be unique.",
        "After the 03:30 load, check: {r}; drawer_no is unique.",
    ]
)
_BOUND = st.sampled_from(["at most", "at least", "no more than", "not below"])


@given(_LEADS, _BOUND, st.integers(min_value=1, max_value=99), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_scope_or_time_lead_in_is_context(lead: str, bound: str, n: int, schema: bool) -> None:
    rule = f"germination_pct must be {bound} {n}"
    text = lead.format(r=rule)
    cols = ["lot_id", "drawer_no", "germination_pct"] if schema else None
    got = parse_request(text, cols, model_id="")
    # every check is on a column of the sentence's rules, never on the lead-in's words
    assert {c for k in got for c in k.columns} <= {"lot_id", "drawer_no", "germination_pct"}, (
        text,
        got,
    )
    on_pct = [c for c in got if c.columns == ["germination_pct"]]
    assert len(on_pct) == 1, (text, got)
    upper = bound in ("at most", "no more than")
    for v, ok in ((n, True), (n + 1, not upper), (n - 1, upper)):
        assert passes(on_pct[0], "germination_pct", v) == ok, (text, on_pct, v)


@given(
    st.sampled_from(
        [
            "Before publishing the catalogue",
            "After loading the seed lots",
            "Before releasing the index",
        ]
    )
)
@settings(max_examples=10, deadline=None)
def test_a_process_lead_with_a_colon_keeps_the_rule_after_it(lead: str) -> None:
    # the step's words end at its colon: before, "Before publishing the catalogue: a cannot
    # exceed b" was all context, up to the next comma, and its check was lost
    got = _checks(
        f"{lead}: seeds_sown cannot exceed seeds_bought, and lot_id must be unique.", None
    )
    assert ("unique", ["lot_id"], (None, None)) in got, got
    rel = [c for c in got if c[0] == "custom_sql"]
    assert len(rel) == 1 and set(rel[0][1]) == {"seeds_sown", "seeds_bought"}, got
    t = truth(rel[0][2], {"seeds_sown": ["1", "5", "9"], "seeds_bought": ["5"]})
    assert t == {("1", "5"): True, ("5", "5"): True, ("9", "5"): False}, t
