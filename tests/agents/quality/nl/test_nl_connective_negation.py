"""A connective before a negative subject ("Also no report may have a harvest_date after the
report_date") and a verbless "never a ..." clause keep their negation (blind set 21's one
inversion at first sight read the bad case as the rule: `harvest_date > report_date`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import passes

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

CONNECTIVES = ["And", "Also", "Plus", "Additionally", "Finally", "So", "But", "also", "and also"]
SUBJECTS = [
    "no {e} may have a {c} {op} {n}",
    "no {e} should have {c} {op} {n}",
    "nobody may have a {c} {op} {n}",
    "none of the {e}s may have a {c} {op} {n}",
    "no {c} {op} {n}",
    "never a {c} {op} {n}",
    "never any {c} {op} {n}",
]
#: comparator words -> the bad case as SQL
OPS = {"above": ">", "over": ">", "greater than": ">", "below": "<", "under": "<", "less than": "<"}


@settings(max_examples=200, deadline=None)
@given(
    lead=st.sampled_from(CONNECTIVES + [""]),
    before=st.sampled_from(
        ["", "tag_no must be unique. ", "tag_no must be unique, ", "tag_no unique; "]
    ),
    subject=st.sampled_from(SUBJECTS),
    entity=st.sampled_from(["report", "booking", "visit"]),
    col=st.sampled_from(["qty", "weight_kg", "depth_m"]),
    op=st.sampled_from(sorted(OPS)),
    n=st.integers(1, 900),
)
def test_the_bad_case_after_a_connective_is_never_the_rule(
    lead, before, subject, entity, col, op, n
):
    rule = subject.format(e=entity, c=col, op=op, n=n)
    text = f"{before}{lead} {rule}".strip() if lead else f"{before}{rule}"
    try:
        checks = parse_request(text, columns=[col, "tag_no", "id"])
    except QualityRequestError:
        return  # a refusal is allowed; a check that admits the bad rows is not
    mine = [c for c in checks if c.columns == [col]]
    assert len(mine) == 1, (text, checks)
    bad = n + 1 if OPS[op] == ">" else n - 1
    assert not passes(mine[0], col, bad), (text, mine[0])
    assert passes(mine[0], col, n), (text, mine[0])


def test_the_sentence_of_the_blind_set_in_other_words():
    checks = parse_request(
        "serial_no has to be unique across shipments. Also no shipment may have a packed_at "
        "after the shipped_at.",
        columns=["serial_no", "packed_at", "shipped_at"],
    )
    assert [c.condition for c in checks if c.kind == "custom_sql"] == ["packed_at <= shipped_at"]


def test_never_before_a_bound_stays_the_rules_bound():
    checks = parse_request(
        "stock can go negative but never below -reorder_buffer",
        columns=["stock", "reorder_buffer"],
    )
    assert [c.condition for c in checks] == ["stock >= -reorder_buffer"]
