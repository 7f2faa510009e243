"""Round 19 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

_COL = st.sampled_from(["kiln_temp", "brew_ph", "tram_speed", "hive_weight", "sluice_level", "crate_count"])


# ------------- "nulls are fine for <who>", "null is ok when <reason>": a permission with its
# reason (no value, column or comparison) after the rule is no check and no error
@pytest.mark.parametrize(
    "tail",
    [
        "nulls are fine for hives that were not weighed",
        "null is ok when the scale was offline",
        "blanks are acceptable since the sensor sometimes drops out",
        "nulls are allowed for kilns in repair",
    ],
)
def test_a_permission_with_a_reason_after_a_rule_is_no_check(tail: str) -> None:
    assert _checks(f"hive_weight must be at least 0; {tail}") == [("range", ["hive_weight"], (0.0, None))]
    assert _checks(f"hive_weight must be at least 0, {tail}") == [("range", ["hive_weight"], (0.0, None))]


def test_a_permission_whose_reason_is_a_guard_is_not_dropped() -> None:
    # "when status is draft" is a condition on a column: never read as a mere reason
    with pytest.raises(QualityRequestError):
        parse_request("nulls are fine when status is draft", None, model_id="")


# ------------- "(fewer = upload problem)", ", anything outside that = broken sensor": what a
# failing row means is a remark, never a check on its words
@given(_COL, st.integers(-50, 0), st.integers(1, 900))
@settings(max_examples=25, deadline=None)
def test_a_meaning_remark_after_a_range_is_context(col: str, lo: int, hi: int) -> None:
    for tail in (", anything outside that = faulty gauge", " (anything else = calibration drift)", " - otherwise = bad reading"):
        got = _checks(f"{col} must stay between {lo} and {hi}{tail}")
        assert got == [("range", [col], (float(lo), float(hi)))]


def test_a_meaning_remark_after_a_row_count_is_context() -> None:
    assert _checks("the shipments table should have at least 250 rows (fewer = partial export)") == [("row_count", [], (250, None))]
    assert _checks("the shipments table should have at least 250 rows after the nightly load (less = partial export)") == [
        ("row_count", [], (250, None))
    ]


# ------------- "-- alert on any row where it is": an alert on the rule's own breach
@pytest.mark.parametrize(
    "tail",
    ["-- alert on any row where it is.", ", flag every record where that happens", "; page #ops when it does", " — alert @oncall if it is"],
)
def test_an_alert_on_the_breach_after_a_rule_is_context(tail: str) -> None:
    got = _checks(f"discount_amt should never be above list_price {tail}", ["sku", "discount_amt", "list_price"])
    assert got == [("custom_sql", ["discount_amt", "list_price"], "discount_amt <= list_price")]


def test_an_alert_on_the_breach_after_a_bad_case_keeps_the_bad_case() -> None:
    got = _checks("fail if discount_amt > list_price -- alert on any row where it is", ["sku", "discount_amt", "list_price"])
    assert got == [("custom_sql", ["discount_amt", "list_price"], "discount_amt <= list_price")]


# ------------- "re the kiln:", "Regarding the intake form, ...": what the message is about
@pytest.mark.parametrize("head", ["re the kiln log:", "Re: kiln log,", "regarding the firing sheet:", "wrt the kiln batch,"])
def test_an_about_heading_is_context(head: str) -> None:
    got = _checks(f"{head} kiln_temp must be between 0 and 1400", ["batch_id", "kiln_temp"])
    assert got == [("range", ["kiln_temp"], (0.0, 1400.0))]


# ------------- "Before publishing the X report: ...", "Ops runbook: after each upload, ...":
# a step of the process ended by a colon or after a heading
@pytest.mark.parametrize(
    "lead",
    [
        "Before publishing the quarterly tonnage report:",
        "Before releasing the figures:",
        "Yard runbook: after each crate upload,",
        "Gate checklist: after the nightly sync,",
    ],
)
def test_a_process_step_with_a_colon_or_heading_is_context(lead: str) -> None:
    got = _checks(f"{lead} crate_count must be non-negative", ["yard_id", "crate_count"])
    assert got == [("range", ["crate_count"], (0.0, None))]


def test_a_process_step_before_a_bad_case_keeps_the_bad_case() -> None:
    got = _checks("Yard runbook: after each crate upload, confirm zero rows where packed_at is later than shipped_at")
    assert got == [("custom_sql", ["packed_at", "shipped_at"], "packed_at <= shipped_at")]


# ------------- a freshness monitor whose alert comes after its condition
@pytest.mark.parametrize(
    "text",
    [
        "freshness monitor on hive_feed: if nothing new lands in weighed_at for 30 minutes, page #apiary",
        "MC freshness rule on hive_feed: when no new rows arrive in weighed_at for 30 minutes, alert on-call",
        "freshness rule on hive_feed: page if nothing new comes in on weighed_at for 30 minutes",
    ],
)
def test_a_freshness_alert_after_its_condition(text: str) -> None:
    got = parse_request(text, None, model_id="")
    assert [(c.kind, c.columns, c.max_age_seconds) for c in got] == [("freshness", ["weighed_at"], 1800)]


# ------------- a follow-up about whom to tell or when to set it up, after checks were read
@pytest.mark.parametrize(
    "follow",
    [
        "Outside that range, pause the exports and tell #kiln-ops.",
        "Otherwise, page the on-call.",
        "alert the kiln desk otherwise.",
        "ping @furnace-team",
        "Could you set that up before the spring firing?",
        "Please add a format check.",
        "can you add the checks?",
    ],
)
def test_a_follow_up_on_the_checks_just_read_is_context(follow: str) -> None:
    got = _checks(f"kiln_temp must be between 0 and 1400.\n{follow}", ["batch_id", "kiln_temp"])
    assert got == [("range", ["kiln_temp"], (0.0, 1400.0))]


def test_a_follow_up_alone_is_still_no_check() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("Please add a format check.", None, model_id="")


# ------------- "... no nulls either", "... shouldn't go below 1 either": never a column
@given(_COL, st.integers(1, 50))
@settings(max_examples=25, deadline=None)
def test_a_trailing_either_is_not_a_column(col: str, lo: int) -> None:
    got = _checks(f"{col} tops out at {lo + 500}, shouldn't ever be below {lo} either")
    assert got == [("range", [col], (float(lo), float(lo + 500)))]
    got = _checks(f"{col} can't be negative, no nulls either")
    assert sorted(got, key=str) == sorted([("range", [col], (0.0, None)), ("not_null", [col], (None, None))], key=str)


# ------------- "true/false": both booleans
@pytest.mark.parametrize("vals", ["true/false", "false/true", "TRUE / FALSE"])
def test_a_slash_pair_of_booleans_is_both(vals: str) -> None:
    got = parse_request(f"is_sealed should only ever be {vals}", None, model_id="")
    assert len(got) == 1 and got[0].kind == "accepted_values" and sorted(map(str, got[0].values or [])) == ["False", "True"]


# ------------- "Step 3 (loading dock):": a runbook step with its name in brackets is a label
@pytest.mark.parametrize("head", ["Step 3 (loading dock):", "Step 12 (kiln gate):", "AC2 (firing):"])
def test_a_step_label_with_a_bracketed_name(head: str) -> None:
    assert _checks(f"{head} confirm zero rows where crate_count is negative, then move on to step 9.") == [
        ("range", ["crate_count"], (0.0, None))
    ]


# ------------- ", e.g. ABCDE." with more sentences after it: the example, never a column
@pytest.mark.parametrize("after", ["please enforce that", "can we enforce that?", "thanks"])
@pytest.mark.parametrize("lead", ["e.g.", "for example", "such as"])
def test_an_example_before_another_sentence_is_no_column(lead: str, after: str) -> None:
    got = _checks(f"berth_code is always 4 uppercase letters, {lead} QWER. {after}")
    assert got == [("format", ["berth_code"], "^[A-Z]{4}$")]


# ------------- a bad case of two states: "a is set but b is missing" (it made "a must not be
# null" or a guard in the wrong direction: wrong checks)
_BOTH = "NOT coalesce(sealed_at IS NOT NULL, FALSE) OR seal_no IS NOT NULL"


@pytest.mark.parametrize(
    "text",
    [
        "flag rows where sealed_at is set but seal_no is missing",
        "fail if sealed_at is populated and seal_no is missing",
        "rows where sealed_at is set but seal_no is missing are invalid",
        "records with sealed_at set but seal_no missing are bad",
        "flag any row with sealed_at filled in and seal_no absent",
    ],
)
def test_a_bad_case_of_two_states(text: str) -> None:
    assert _checks(text, ["crate_id", "sealed_at", "seal_no"]) == [("custom_sql", ["sealed_at", "seal_no"], _BOTH)]


# ------------- a request to delete, drop or purge rows changes the data: it raises, never a
# check (read as a bad case it kept the rows to delete: an inverted check)
@pytest.mark.parametrize(
    "text",
    [
        "delete rows where hive_weight < 0",
        "Cleanup: please remove any records where hive_id is null",
        "can you purge the duplicate hive_id rows",
        "drop rows with a null hive_id",
        "hive_weight must be positive; discard the rest",
        "we should filter out entries where hive_weight > 900",
    ],
)
def test_a_request_to_delete_rows_raises(text: str) -> None:
    with pytest.raises(QualityRequestError, match="change the data"):
        parse_request(text, None, model_id="")


@pytest.mark.parametrize("text", ["hive_weight must not drop below 0", "hive_weight should never drop under 0"])
def test_drop_as_a_movement_is_still_a_rule(text: str) -> None:
    assert _checks(text) == [("range", ["hive_weight"], (0.0, None))]
