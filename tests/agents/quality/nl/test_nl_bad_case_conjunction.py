"""A stated bad case whose second disjunct is a conjunction ("alert when a is over 100, or when
b is true and a is under 60"): each disjunct is a bad case of its own. Read as clauses, the
state became a rule (`b must be one of true`) and the comparison the rule's opposite
(`a < 60`), admitting exactly the bad rows (first sight of blind set 44)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import admits

COLS = ["tank_id", "lid_closed", "brine_pct"]
OVER = {"over": lambda x, n: x > n, "above": lambda x, n: x > n, "greater than": lambda x, n: x > n}
UNDER = {"under": lambda x, n: x < n, "below": lambda x, n: x < n, "less than": lambda x, n: x < n}


@given(
    st.sampled_from(["alert when", "MC: alert when", "flag rows where", "fail if", "page us if"]),
    st.sampled_from(sorted(OVER)),
    st.sampled_from(sorted(UNDER)),
    st.integers(30, 90),
    st.integers(1, 25),
    st.booleans(),
    st.sampled_from([", or", " or"]),
    st.integers(0, 120),
    st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_each_disjunct_is_a_bad_case_of_its_own(frame, over, under, hi, lo, state, joiner, x, closed):
    word = frame.split()[-1]
    text = (
        f"{frame} brine_pct is {over} {hi}{joiner} {word} lid_closed is "
        f"{'true' if state else 'false'} and brine_pct is {under} {lo}."
    )
    bad = OVER[over](x, hi) or (closed == state and UNDER[under](x, lo))
    assert admits(text, COLS, {"tank_id": 1, "lid_closed": closed, "brine_pct": x}) == (not bad), text
