"""'a and b can't be the same': a negative modal negates a pair rule exactly once (the inverted
check of blind set 18 at first sight read it as a = b)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request_rules

NEGATIVE = ["can't", "cannot", "cant", "must not", "should not", "can never", "cannot ever"]
POSITIVE = ["must", "should", "has to"]
SAME = ["be the same", "be equal", "be identical", "match"]
DIFFERENT = ["be different", "be distinct", "differ"]


@settings(max_examples=150, deadline=None)
@given(
    modal=st.sampled_from(NEGATIVE + POSITIVE),
    wording=st.sampled_from(SAME + DIFFERENT),
    pair=st.sampled_from([("origin_gate", "dest_gate"), ("payer_id", "payee_id"), ("home_team", "away_team")]),
)
def test_a_pair_rule_admits_exactly_what_the_sentence_allows(modal, wording, pair):
    a, b = pair
    checks = parse_request_rules(f"{a} and {b} {modal} {wording}", [a, b, "id"])
    assert len(checks) == 1 and checks[0].kind == "custom_sql"
    must_differ = (modal in NEGATIVE) == (wording in SAME)
    assert checks[0].condition == (f"{a} <> {b}" if must_differ else f"{a} = {b}")
    assert sorted(checks[0].columns) == sorted([a, b])


def test_a_remark_after_the_rule_does_not_change_it():
    checks = parse_request_rules(
        "pickup_depot and dropoff_depot can't be the same lol, somebody booked a Leeds→Leeds van"
    )
    assert [c.condition for c in checks] == ["pickup_depot <> dropoff_depot"]
