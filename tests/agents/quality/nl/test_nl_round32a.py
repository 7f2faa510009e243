"""Round 32a: dashes, otherwise-sentences and blanks (development sets 49-52 at first sight).

* A dash between spaces after a column name and before a phrase ("... booked_on \u2014 a job
  can't ...") was read as a minus sign: `fixed_on > booked_on - a`. It is punctuation: a remark
  that states nothing is context, anything else is a sentence of its own (read, or refused).
* "On <rows or table>, <rule>" made the words after "On" a column of their own (`repair >
  booked_on` beside the rule); they say where the rule runs (a flag column of that name is the
  condition, as after "for").
* "Otherwise" at the start of a wrapped line ("... must be set. Otherwise\\n<rule>") was split
  from its rule, which then held on every row; ", otherwise <rule>" after a conditional rule
  was joined to the guarded rule (`x IS NOT NULL AND x IS NULL`).
* "<rows> don't carry a <col>, so leave blanks alone" was `<col> IS NULL` on every row; it is
  context (beside a rule that forbids blanks it is refused).
* "when they're filled in" (a contraction) is the optional form: no not-null. "For the <x> list
  please check that ..." names where the checks run, never a column prefix.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits

from strands_airflow.agents.quality.nl import parse_request_rules
from strands_airflow.exceptions import QualityRequestError

JOBS = ["job_id", "booked_on", "fixed_on", "tech_id", "part_code", "kind", "warranty_ref"]


def _conds(text: str, cols: list[str] | None = JOBS) -> list[str]:
    return [c.condition or c.describe() for c in parse_request_rules(text, cols)]


# ----------------------------------------------- a dash before a phrase is never a minus sign
@pytest.mark.parametrize(
    "tail",
    [
        "a job can't be fixed the day it is booked",
        "the bench never turns one around that fast",
        "so the customer gets a day's notice",
    ],
)
@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "-"])
def test_a_dash_after_a_column_before_a_phrase_is_no_minus(tail: str, dash: str) -> None:
    text = f"fixed_on must be after booked_on {dash} {tail}"
    try:
        checks = parse_request_rules(text, None)
    except QualityRequestError:
        return  # refused, naming the remark: never a subtraction
    for c in checks:
        assert " - " not in (c.condition or ""), (text, c.condition)
        assert not any(w in col for col in c.columns for w in ("_a_", "_the_", "_so_")), c.columns


@pytest.mark.parametrize("tail", ["a job can't be fixed the day it is booked", "we had three of those last spring"])
def test_a_dash_before_a_phrase_with_known_columns_is_no_minus(tail: str) -> None:  # guard
    try:
        checks = parse_request_rules(f"fixed_on must be after booked_on \u2014 {tail}", JOBS)
    except QualityRequestError:
        return
    assert all(" - " not in (c.condition or "") for c in checks)


# guard (read before too, through the remark fallback)
@pytest.mark.parametrize("dash", ["\u2014", "-"])
def test_a_remark_that_states_nothing_after_a_dash_is_context(dash: str) -> None:
    [check] = parse_request_rules(f"fixed_on must be after booked_on {dash} the usual bench turnaround", JOBS)
    assert check.condition == "fixed_on > booked_on"


@given(st.integers(-3, 3))
@settings(max_examples=20, deadline=None)
def test_the_rule_before_a_dash_remark_keeps_its_meaning(days: int) -> None:  # guard
    text = "fixed_on must be after booked_on \u2014 the usual bench turnaround"
    row = {"job_id": 1, "booked_on": 10, "fixed_on": 10 + days, "tech_id": 1, "part_code": "x", "kind": "a", "warranty_ref": None}
    assert admits(text, JOBS, row) == (days > 0)


# guard cases (pass before too): a minus sign between operands stays a minus
@pytest.mark.parametrize(
    ("text", "cond"),
    [
        ("refund_total >= -credit_cap", "refund_total >= -credit_cap"),
        ("net_amt = gross_amt - fee_amt", "net_amt = gross_amt - fee_amt"),
        ("c_val = a_val - b_val * 2", "c_val = a_val - b_val * 2"),
    ],
)
def test_a_minus_between_operands_stays_a_minus(text: str, cond: str) -> None:  # guard
    [check] = parse_request_rules(text, None)
    assert check.condition == cond


# guard: a tail that may change the rule is never dropped
@pytest.mark.parametrize("tail", ["loaners are fine though", "except for warranty jobs"])
def test_a_dash_tail_that_may_change_the_rule_still_counts(tail: str) -> None:  # guard
    try:
        checks = parse_request_rules(f"rows where fixed_on < booked_on \u2014 {tail}", JOBS)
    except QualityRequestError:
        return
    assert all(c.condition != "fixed_on < booked_on" for c in checks)


# ------------------------------------------------- "On <rows>, <rule>": where, never a column
@pytest.mark.parametrize("lead", ["On repairs", "On bench jobs", "On warranty claims"])
def test_on_rows_before_a_rule_is_never_a_column(lead: str) -> None:
    [check] = parse_request_rules(f"{lead}, fixed_on must be after booked_on.", None)
    assert check.condition == "fixed_on > booked_on"


@pytest.mark.parametrize("lead", ["On repairs", "On bench jobs"])
def test_on_rows_before_a_rule_with_known_columns(lead: str) -> None:  # guard
    [check] = parse_request_rules(f"{lead}, fixed_on must be after booked_on.", ["job_id", "booked_on", "fixed_on"])
    assert check.condition == "fixed_on > booked_on"


def test_on_rows_named_by_a_flag_column_is_the_condition() -> None:
    [check] = parse_request_rules("On repairs, fixed_on must be after booked_on.", ["job_id", "is_repair", "booked_on", "fixed_on"])
    assert "is_repair" in check.columns and "fixed_on > booked_on" in (check.condition or "")


@pytest.mark.parametrize("artifact", ["list", "roster", "register"])
@pytest.mark.parametrize(("rule", "kind", "col"), [("the phone column holds valid phone numbers", "format", "phone"), ("email holds valid emails", "format", "email")])
def test_for_the_list_please_check_is_no_column_prefix(artifact: str, rule: str, kind: str, col: str) -> None:
    checks = parse_request_rules(f"For the technicians {artifact} please check that {rule}", None)
    assert [(c.kind, c.columns) for c in checks] == [(kind, [col])]


# ------------------------------------------- "otherwise" carries the negated condition
KEEP = ["unit_id", "loan_type", "return_by", "notes"]


@pytest.mark.parametrize(
    "text",
    [
        "If loan_type = 'SHORT', return_by must be filled in. Otherwise\nreturn_by should be empty.",
        "If loan_type = 'SHORT', return_by must be filled in, otherwise return_by should be empty.",
        "When loan_type = 'SHORT', return_by must be set, otherwise it has to be null.",
        "If loan_type = 'SHORT', return_by is required.\nOtherwise\nreturn_by must be blank.",
    ],
)
@pytest.mark.parametrize(
    ("loan", "ret", "ok"),
    [("SHORT", "2024-01-01", True), ("SHORT", None, False), ("LONG", None, True), ("LONG", "2024-01-01", False)],
)
def test_otherwise_holds_on_the_rows_the_condition_leaves_out(text: str, loan: str, ret, ok: bool) -> None:
    row = {"unit_id": 1, "loan_type": loan, "return_by": ret, "notes": None}
    assert admits(text, KEEP, row) == ok, (text, row)


def test_otherwise_after_an_unconditional_rule_is_refused() -> None:  # guard
    with pytest.raises(QualityRequestError):
        parse_request_rules("return_by must be filled in. Otherwise\nreturn_by should be empty.", KEEP)


# ---------------------------------------- "<rows> don't carry a <col>": blanks, never IS NULL
SHOP = ["sale_id", "barcode", "qty", "buyer_email"]


@pytest.mark.parametrize(
    "remark",
    [
        "Gift cards don't carry a barcode, so leave blanks alone.",
        "Bundles do not have a barcode, so blanks are fine.",
        "Hand-made items don't carry a barcode.",
    ],
)
def test_rows_that_lack_the_column_are_context(remark: str) -> None:
    text = f"barcode has to exist in catalogue.barcode. {remark}"
    checks = parse_request_rules(text, SHOP)
    assert [(c.kind, c.columns) for c in checks] == [("referential", ["barcode"])]


@pytest.mark.parametrize(
    "text",
    [
        "barcode is required; gift cards don't carry a barcode",
        "barcode must not be null. Bundles don't have a barcode, so leave blanks alone.",
    ],
)
def test_rows_that_lack_a_required_column_are_refused(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request_rules(text, SHOP)


# ------------------------------------------ "when they're filled in": optional, no not-null
@pytest.mark.parametrize(
    "text",
    [
        "buyer emails should look like emails when they're filled in",
        "buyer emails should look like emails when they\u2019re given, plenty of walk-ins don't have one",
        "buyer_email must be a valid email when they're provided",
    ],
)
def test_a_format_when_filled_in_is_null_tolerant(text: str) -> None:
    checks = parse_request_rules(text, SHOP)
    assert [(c.kind, c.columns) for c in checks] == [("format", ["buyer_email"])]
