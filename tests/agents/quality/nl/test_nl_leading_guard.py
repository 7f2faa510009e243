"""A leading condition with a comparison ("when age < 18, guardian must not be null") is the
rule's guard and nothing else (round 21's modified-subject rule read "when age" as a subject
and added a second check, `NOT (age < 18) OR age IS NOT NULL`)."""

from __future__ import annotations

import operator

from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import truth

from strands_airflow.agents.quality.nl import parse_request


@settings(max_examples=100, deadline=None)
@given(
    how=st.sampled_from(["when", "if", "whenever", "When", "If"]),
    op=st.sampled_from(["<", ">", "<=", ">=", "below", "over"]),
    n=st.integers(1, 99),
    rule=st.sampled_from(["must not be null", "must be set", "is required", "can't be empty"]),
    guard_col=st.sampled_from(["age", "weight", "rider_age"]),
    rule_col=st.sampled_from(["guardian", "label", "guardian_name"]),
)
def test_a_leading_comparison_guards_one_rule(how, op, n, rule, guard_col, rule_col):
    checks = parse_request(
        f"{how} {guard_col} {op} {n}, {rule_col} {rule}",
        columns=[guard_col, rule_col, "id"],
    )
    assert len(checks) == 1, checks
    compare = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}[
        {"below": "<", "over": ">"}.get(op, op)
    ]
    table = truth(
        checks[0].condition,
        {guard_col: [str(n - 1), str(n), str(n + 1)], rule_col: ["NULL", "'Ann'"]},
    )
    for (age, name), ok in table.items():
        guarded = compare(int(age), n)
        assert ok == (not guarded or name != "NULL"), (age, name, checks[0].condition)
