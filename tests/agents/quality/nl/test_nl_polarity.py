"""Property tests: a sentence's compiled check admits exactly the values the sentence allows.

Sentences are generated over comparator x negation form x word order x typo; each check is
evaluated by the real check compiler (`failure_condition`) in DuckDB on values around the
bound. A negation lost or applied twice shows as a check admitting the bad case.
"""

from __future__ import annotations

import operator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nl_support import connection

from strands_airflow.agents.quality.checks.compile import failure_condition
from strands_airflow.agents.quality.checks.targets import PARAM
from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import parse_request, parse_request_detailed
from strands_airflow.exceptions import QualityRequestError

COLUMNS = ["order_id", "quantity", "created_at"]
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
NEG = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}
# how a comparator is written (each phrase means the op, with no negation in it)
PHRASES = {
    ">": ["more than", "greater than", "above", "over", "higher than", ">", "in excess of",
          "mroe than", "grater than"],
    ">=": ["at least", ">=", "\u2265", "greater than or equal to", "{n} or more", "at lest", "atleast"],
    "<": ["less than", "below", "under", "lower than", "<", "smaller than", "les than"],
    "<=": ["at most", "<=", "\u2264", "less than or equal to", "up to", "{n} or less", "atmost"],
}
# (template, flips): {c} the column words, {p} the comparator phrase with its number
FORMS = [
    ("{c} must be {p}", 0),
    ("{c} should be {p}", 0),
    ("the {c} has to be {p}", 0),
    ("{c} values must always be {p}", 0),
    ("{c}: {p}", 0),
    ("for {c}, values must be {p}", 0),
    ("values of {c} must be {p}", 0),
    ("{c}: not {p}", 1),
    ("values of {c} must not be {p}", 1),
    ("{c} must not be {p}", 1),
    ("{c} must never be {p}", 1),
    ("{c} should not be {p}", 1),
    ("{c} shouldnt be {p}", 1),
    ("{c} cannot be {p}", 1),
    ("{c} can't be {p}", 1),
    ("{c} cant be {p}", 1),
    ("{c} wont be {p}", 1),
    ("{c} must nto be {p}", 1),
    ("{c} cannnot be {p}", 1),
    ("{c} shoud not be {p}", 1),
    ("{c} mustnt be {p}", 1),
    ("{c} may never be {p}", 1),
    ("it is not acceptable for {c} to be {p}", 1),
    ("it is unacceptable for {c} to be {p}", 1),
    ("it's not ok that {c} is {p}", 1),
    ("{c} being {p} is not allowed", 1),
    ("no row may have a {c} {p}", 1),
    ("no rows where {c} is {p}", 1),
    ("fail if {c} is {p}", 1),
    ("alert when {c} is {p}", 1),
    ("flag rows where {c} is {p}", 1),
    ("fail if {c} is not {p}", 2),
    ("we never want {c} {p}", 1),
    ("we don't expect {c} {p}", 1),
    ("{c} {p} is never acceptable", 1),
    ("any {c} {p} should be flagged", 1),
    ("rows with {c} {p} are invalid", 1),
    ("do not allow {c} {p}", 1),
    ("never let {c} be {p}", 1),
    ("reject rows where {c} is {p}", 1),
    ("{c} {p} must not happen", 1),
    ("{c} {p} means a bug", 1),
    # reported bad cases and verdicts in the words people use
    ("we should never see {c} {p}", 1),
    ("we shouldn't see any {c} {p}", 1),
    ("we never want to see {c} {p}", 1),
    ("{c} {p} is a data issue", 1),
    ("{c} {p} is definitely a data quality issue", 1),
    ("any {c} {p} means the pipeline is stuck", 1),
    ("{c} {p} is impossible", 1),
    ("hey, {c} must be {p} lol", 0),
    ("{c} must be {p}, thats a bug if not", 0),
    ("{c} should never read {p}", 1),
    ("{c} must not measure {p}", 1),
    ("no {c} may be {p}", 1),
    ("{c} can't ever be {p}", 1),
    ("{c} isn't allowed to be {p}", 1),
    ("{c} is not supposed to be {p}", 1),
    ("a {c} {p} makes no sense", 1),
    ("{c} {p} cannot be right", 1),
    ("{c} {p} is not correct", 1),
    ("{c} {p} is unrealistic", 1),
    ("{c} {p}? that's never ok", 1),
    ("{c} cannot possibly be {p}", 1),
    ("we shouldn't be getting any {c} {p}", 1),
    ("nothing in {c} should be {p}", 1),
    # round 5: a verdict noun, "=" as the copula, an action on "it" after the bad case
    ("{c} {p} is bad data", 1),
    ("{c} {p} = bad data, lets flag it", 1),
    ("{c} {p} is physically impossible, alert on it", 1),
    ("{c} {p}, alert on it", 1),
    ("{c} {p} - flag it", 1),
    ("alert condition: {c} {p}", 1),
    ("Validation monitor alert condition: {c} is {p}", 1),
    ("{c} {p} is not permitted under our reinsurance treaty", 1),
    ("{c} {p} is not tolerated", 1),
    ("{c} {p} is illegal", 1),
    ("{c} {p} is out of range", 1),
    ("{c} {p} would be a violation", 1),
    ("{c} {p} is unexpected", 1),
    # a table as the subject of the bad rows; who asks, before "requires / says that"
    ("orders contains no rows where {c} is {p}", 1),
    ("the orders table must not contain any rows where {c} is {p}", 1),
    ("orders should have zero records where {c} is {p}", 1),
    ("orders has rows where {c} is {p}", 1),
    ("the finance team requires that {c} is {p}", 0),
    ("the contract says that no row may have a {c} {p}", 1),
    ("the warehouse requires that {c} must not be {p}", 1),
]
SUBJECTS = ["quantity", "quantiy", "qauntity", "quantities", "Quantity"]  # typos resolve by schema


def admitted(check: Check, values: list[float]) -> list[bool]:
    """Which values of `quantity` pass `check`, as the real check compiler decides."""
    frag = failure_condition(check, check.columns or ["quantity"], "duckdb")
    cond = frag.sql.replace(PARAM, "?")
    con = connection()
    rows = ", ".join(f"({v!r})" for v in values)
    sql = f'SELECT NOT coalesce({cond}, FALSE) FROM (VALUES {rows}) t("quantity")'
    return [bool(r[0]) for r in con.execute(sql, frag.params).fetchall()]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    op=st.sampled_from(sorted(OPS)),
    pick=st.integers(0, 8),
    form=st.sampled_from(FORMS),
    subject=st.sampled_from(SUBJECTS),
    n=st.integers(-20, 5000),
)
@example(op=">", pick=0, form=("no row may have a {c} {p}", 1), subject="quantity", n=3)
@example(op=">=", pick=0, form=("{c} must not be {p}", 1), subject="quantity", n=5)
@example(op=">", pick=0, form=("orders contains no rows where {c} is {p}", 1), subject="quantity", n=5)
@example(op="<", pick=0, form=("orders has rows where {c} is {p}", 1), subject="quantity", n=5)
def test_sentence_admits_exactly_what_it_says(op, pick, form, subject, n):
    phrases = PHRASES[op]
    phrase = phrases[pick % len(phrases)]
    p = phrase.format(n=n) if "{n}" in phrase else f"{phrase} {n}"
    template, flips = form
    text = template.format(c=subject, p=p)
    checks = parse_request(text, COLUMNS, model_id="")
    assert len(checks) == 1, (text, checks)
    (check,) = checks
    assert check.columns == ["quantity"], (text, check)
    want_op = op if flips % 2 == 0 else NEG[op]
    values = [n - 10, n - 1, n - 0.5, n, n + 0.5, n + 1, n + 10]
    want = [OPS[want_op](v, n) for v in values]
    assert admitted(check, values) == want, (text, check.describe())


@pytest.mark.parametrize(
    ("text", "columns", "expect"),
    [
        ("No user may have more than 3 open carts", ["user_id", "open_carts"],
         [{"kind": "range", "columns": ["open_carts"], "max": 3}]),
        ("neither email nor phone may be null", None,
         [{"kind": "not_null", "columns": ["email"]}, {"kind": "not_null", "columns": ["phone"]}]),
        ("nobody may be younger than 18", ["user_id", "age"],
         [{"kind": "range", "columns": ["age"], "min": 18}]),
        ("quantity cant be negative", None, [{"kind": "range", "columns": ["quantity"], "min": 0}]),
        ("it is unacceptable for discount to be above 50", None,
         [{"kind": "range", "columns": ["discount"], "max": 50}]),
        ("amount must be at least 0 (credits are stored as negatives)", ["amount", "kind"],
         [{"kind": "range", "columns": ["amount"], "min": 0}]),
        ("middle_name is optional, but when present it must be at most 20 characters", None,
         [{"kind": "custom_sql", "columns": ["middle_name"], "condition": "length(middle_name) <= 20"}]),
        ("discount must be 0 unless is_member is true", ["discount", "is_member"],
         [{"kind": "custom_sql", "columns": ["is_member", "discount"],
           "condition": "coalesce(is_member = TRUE, FALSE) OR discount = 0"}]),
        ("status: a, b or c only", None,
         [{"kind": "accepted_values", "columns": ["status"], "values": ["a", "b", "c"]}]),
        ("email: required and unique", None,
         [{"kind": "not_null", "columns": ["email"]}, {"kind": "unique", "columns": ["email"]}]),
        ("score: 0 to 100", None, [{"kind": "range", "columns": ["score"], "min": 0, "max": 100}]),
        ("score must be between 100 and 0", None,
         [{"kind": "range", "columns": ["score"], "min": 0, "max": 100}]),
        ("no rows where email is missing", None, [{"kind": "not_null", "columns": ["email"]}]),
        ("fail if there are duplicate order_id", None, [{"kind": "unique", "columns": ["order_id"]}]),
        ("status must be nothing other than a, b or c", None,
         [{"kind": "accepted_values", "columns": ["status"], "values": ["a", "b", "c"]}]),
        ("there must be at least five thousand rows", None, [{"kind": "row_count", "min": 5000}]),
        ("percentages must be between 0 and 100", ["id", "pct_done"],
         [{"kind": "range", "columns": ["pct_done"], "min": 0, "max": 100}]),
        ("shipped_at must not be before ordered_at", None,
         [{"kind": "custom_sql", "columns": ["shipped_at", "ordered_at"],
           "condition": "shipped_at >= ordered_at"}]),
        ("refund can never exceed amount", None,
         [{"kind": "custom_sql", "columns": ["refund", "amount"], "condition": "refund <= amount"}]),
        ("email <> 'it''s'", None,
         [{"kind": "custom_sql", "columns": ["email"], "condition": "email <> 'it''s'"}]),
        ("status one of '', 'a'", None,
         [{"kind": "accepted_values", "columns": ["status"], "values": ["", "a"]}]),
        ("email must be a valid email if present", None,
         [{"kind": "format", "columns": ["email"], "format": "email"}]),
        ("discount must be between 0 and 1 if set", None,
         [{"kind": "range", "columns": ["discount"], "min": 0, "max": 1}]),
        ("end_date must be after start_date when both are set", None,
         [{"kind": "custom_sql", "columns": ["end_date", "start_date"], "condition": "end_date > start_date"}]),
        ("shipped_at must be set when status is 'shipped' or 'delivered'", None,
         [{"kind": "custom_sql", "columns": ["status", "shipped_at"],
           "condition": "NOT coalesce(status IN ('shipped', 'delivered'), FALSE) OR shipped_at IS NOT NULL"}]),
        ("when is_gift, gift_note must not be null", None,
         [{"kind": "custom_sql", "columns": ["is_gift", "gift_note"],
           "condition": "NOT coalesce(is_gift, FALSE) OR gift_note IS NOT NULL"}]),
        ("the average price must be below 100", None, None),
        ("Bug: we're seeing duplicate invoice_number values in the export, please add a test", None,
         [{"kind": "unique", "columns": ["invoice_number"]}]),
        ("we keep getting null emails", ["user_id", "email"], [{"kind": "not_null", "columns": ["email"]}]),
        ("quantity must be more than 0", None,
         [{"kind": "custom_sql", "columns": ["quantity"], "condition": "quantity > 0"}]),
    ],
)  # fmt: skip
def test_issue_phrasings(text, columns, expect):
    if expect is None:
        with pytest.raises(QualityRequestError, match="aggregate"):
            parse_request(text, columns, model_id="")
        return
    got = parse_request(text, columns, model_id="")
    assert [c.model_dump(exclude_defaults=True) for c in got] == [
        Check(**e).model_dump(exclude_defaults=True) for e in expect
    ]


def test_conditional_and_comparison_checks_run_on_real_data(tmp_path):
    from strands_airflow.agents.quality.checks import run_checks

    path = tmp_path / "orders.parquet"
    connection().execute(
        "COPY (SELECT * FROM (VALUES (0, FALSE, DATE '2024-01-02', DATE '2024-01-01'),"
        " (5, TRUE, DATE '2024-01-01', DATE '2024-01-03'), (5, FALSE, DATE '2024-01-05', DATE '2024-01-04'),"
        " (3, NULL, DATE '2030-01-01', DATE '2024-01-01'))"
        f" t(discount, is_member, shipped_at, ordered_at)) TO '{path}'"
    )
    cols = ["discount", "is_member", "shipped_at", "ordered_at"]
    checks = parse_request(
        "discount must be 0 unless is_member is true; shipped_at must not be before ordered_at; "
        "shipped_at cannot be in the future",
        cols,
        model_id="",
    )
    assert [c.columns for c in checks] == [
        ["is_member", "discount"],
        ["shipped_at", "ordered_at"],
        ["shipped_at"],
    ]
    report = run_checks(checks, str(path))
    # rows 3 and 4 give a discount without membership (a NULL member is not a member);
    # row 2 ships before it was ordered; row 4 ships in 2030
    assert [r.failing_rows for r in report.results] == [2, 1, 1]


# (sentence, flips) about the sign of quantity: the good case is quantity >= 0 when the
# number of negations is odd ("must not be negative"), quantity < 0 never wanted
SIGN_FORMS = [
    "{c} must not be negative",
    "{c} cant be negative",
    "{c} can never be negative",
    "no negative {c}",
    "{c} must be non-negative",
    "negative {c} are not allowed",
    "it is not acceptable for {c} to be negative",
    "fail if {c} is negative",
    "flag rows where {c} is negative",
    "no row may have a negative {c}",
    "no one may have a negative {c}",
    "nobody should have a negative {c}",
    "{c} being negative is not allowed",
    "do not allow negative {c}",
    "reject rows where {c} is negative",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form=st.sampled_from(SIGN_FORMS), subject=st.sampled_from(SUBJECTS))
def test_negative_sign_forms_admit_zero_and_up(form, subject):
    text = form.format(c=subject)
    (check,) = parse_request(text, COLUMNS, model_id="")
    assert check.columns == ["quantity"], text
    assert admitted(check, [-5, -0.5, 0, 0.5, 7]) == [False, False, True, True, True], text


# column against column: the good case is shipped >= ordered
ORDER_FORMS = [
    "{a} must not be before {b}",
    "{a} can never precede {b}",
    "{a} must be on or after {b}",
    "{a} cannot be earlier than {b}",
    "it is not acceptable that {a} is before {b}",
    "fail if {a} is earlier than {b}",
    "flag rows where {a} < {b}",
    "alert when {a} is before {b}",
    "{a} >= {b}",
    "fail if {a} is not on or after {b}",
]


@pytest.mark.parametrize("form", ORDER_FORMS)
def test_column_comparisons_keep_their_direction(form):
    cols = ["order_id", "shipped_at", "ordered_at"]
    (check,) = parse_request(form.format(a="shipped_at", b="ordered_at"), cols, model_id="")
    assert check.kind == "custom_sql" and set(check.columns) == {"shipped_at", "ordered_at"}
    con = connection()
    rows = con.execute(
        f"SELECT {check.condition} FROM (VALUES (1, 2), (2, 2), (3, 2)) t(shipped_at, ordered_at)"
    ).fetchall()
    assert [r[0] for r in rows] == [False, True, True], (form, check.condition)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("status must be one of a, b", True),
        ("status must be nothing other than a, b", True),
        ("status: a or b only", True),
        ("fail if status is not one of a, b", True),
        ("status must not be one of a, b", False),
        ("fail if status is one of a, b", False),
        ("status must be anything but a, b", False),
    ],
)
def test_value_lists_are_allowed_values_or_an_error_never_the_opposite(text, allowed):
    if allowed:
        assert parse_request(text, model_id="") == [
            Check(kind="accepted_values", columns=["status"], values=["a", "b"])
        ]
    else:
        with pytest.raises(QualityRequestError, match="must not take|opposite"):
            parse_request(text, model_id="")


@pytest.mark.parametrize(
    "permission",
    [
        "order_id doesn't need to be unique",
        "order_id does not have to be unique",
        "email need not be unique",
        "email is not required",
        "middle_name isn't required",
        "duplicates in email are fine",
        "nulls in email are allowed",
        "it's fine if email is null",
    ],
)
def test_a_permission_is_never_read_as_the_requirement(permission):
    parsed = parse_request_detailed(f"order_id must not be null; {permission}", model_id="")
    assert parsed.checks == [Check(kind="not_null", columns=["order_id"])]
    assert parsed.read_as()[-1].startswith("context: allowed, no check")
    with pytest.raises(QualityRequestError, match="only says what is allowed"):
        parse_request(permission, model_id="")


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        # a fronted negative adverbial, with subject-verb inversion, over a disjunction
        ("Under no circumstances should quantity be above 50 or below 2", lambda v: 2 <= v <= 50),
        ("At no time may quantity exceed 50", lambda v: v <= 50),
        ("In no case should the quantity be under 3", lambda v: v >= 3),
        # one negation over two comparisons joined by "or" (De Morgan, once)
        ("quantity must not be above 50 or below 2", lambda v: 2 <= v <= 50),
        ("quantity should never be more than 40 or less than 5", lambda v: 5 <= v <= 40),
        # a motion verb between the negation and the comparison
        ("quantity should never drop below 4", lambda v: v >= 4),
        ("the quantity must not fall under 4", lambda v: v >= 4),
        ("quantity may never rise above 9", lambda v: v <= 9),
        ("quantity can't go over 9", lambda v: v <= 9),
        # a negative subject with a location of several words
        ("nobody in the orders table should have a quantity below 3", lambda v: v >= 3),
        # a reported bad case, then a request to prevent it
        ("Found rows where quantity > 20. Add a check to prevent this.", lambda v: v <= 20),
        # a permission then its limit
        ("quantity may go negative but not below -5", lambda v: v >= -5),
        # half-open intervals and mixed bounds: one check, the strict side strict
        ("quantity must lie in the interval (0, 10]", lambda v: 0 < v <= 10),
        ("quantity must be in [0, 10)", lambda v: 0 <= v < 10),
        ("quantity has to be > 0 and <= 10", lambda v: 0 < v <= 10),
    ],
)
def test_negation_and_interval_forms_admit_exactly_the_allowed_values(text, allowed):
    checks = parse_request(text, COLUMNS, model_id="")
    assert checks and all(set(c.columns) == {"quantity"} for c in checks), checks
    values = [-10, -5, -4.5, -1, 0, 0.5, 2, 3, 4, 5, 9, 9.5, 10, 20, 21, 40, 41, 50, 51, 100]
    passes = [all(row) for row in zip(*(admitted(c, values) for c in checks), strict=True)]
    assert passes == [allowed(v) for v in values], list(zip(values, passes, strict=True))


# a bad case stated after an action, behind any heading and any "rows with" frame:
# "Custom SQL rule: alert if any row has order_total < 0" once kept the bad rows
BAD_CASE_HEADINGS = ["", "Custom SQL rule: ", "Custom rule: ", "SQL rule: ", "Monitor rule - ",
                     "Validation monitor: ", "Rule: ", "Volume rule \u2014 "]
BAD_CASE_ACTIONS = ["alert if", "alert when", "fail if", "fail when", "flag if", "raise an error if",
                    "error if", "warn when", "warn if", "flag when"]
BAD_CASE_ROWS = ["", "any row has ", "any rows with ", "any record where ", "a row with ",
                 "rows that have ", "any rows have ", "a record has ", "any row where "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    op=st.sampled_from(sorted(OPS)),
    pick=st.integers(0, 8),
    heading=st.sampled_from(BAD_CASE_HEADINGS),
    action=st.sampled_from(BAD_CASE_ACTIONS),
    rows=st.sampled_from(BAD_CASE_ROWS),
    n=st.integers(-20, 5000),
)
@example(op="<", pick=4, heading="Custom SQL rule: ", action="alert if", rows="any row has ", n=0)
def test_a_stated_bad_case_is_negated_behind_any_heading_and_row_frame(op, pick, heading, action, rows, n):
    phrases = PHRASES[op]
    phrase = phrases[pick % len(phrases)]
    p = phrase.format(n=n) if "{n}" in phrase else f"{phrase} {n}"
    text = f"{heading}{action} {rows}quantity {p}"
    checks = parse_request(text, COLUMNS, model_id="")
    assert len(checks) == 1, (text, checks)
    values = [n - 10, n - 1, n - 0.5, n, n + 0.5, n + 1, n + 10]
    want = [OPS[NEG[op]](v, n) for v in values]
    assert admitted(checks[0], values) == want, (text, checks[0].describe())


@pytest.mark.parametrize(
    "text",
    [
        "quantity above 5 is not sanctioned",
        "quantity below 0 is never countenanced",
        "quantity over 100 is not really condoned",
    ],
)
def test_a_negated_verdict_not_understood_is_an_error_never_the_bad_case(text):
    with pytest.raises(QualityRequestError):
        parse_request(text, COLUMNS, model_id="")


@pytest.mark.parametrize(
    ("text", "future_ok"),
    [
        ("created_at must not be in the future", False),
        ("created_at must be in the past", False),
        ("alert if created_at is in the future", False),
        ("alert if created_at is ever in the future", False),
        ("no rows where created_at is in the future", False),
        ("nobody should have a created_at in the future", False),
        # "after now" is no rule: these were read as "not in the future", the bad case
        ("created_at must not be in the past", None),
        ("flag rows where created_at is in the past", None),
        ("no rows where created_at is in the past", None),
        ("alert if created_at is not in the future", None),
    ],
)
def test_time_states_under_negation_and_bad_case_frames(text, future_ok):
    if future_ok is None:
        with pytest.raises(QualityRequestError):
            parse_request(text, COLUMNS, model_id="")
        return
    (check,) = parse_request(text, COLUMNS, model_id="")
    con = connection()
    frag = failure_condition(check, check.columns, "duckdb")
    sql = frag.sql.replace(PARAM, "?")
    rows = con.execute(
        f"SELECT NOT coalesce({sql}, FALSE) FROM (VALUES (now() - INTERVAL 1 DAY), (now() + INTERVAL 1 DAY)) t(created_at)",
        frag.params,
    ).fetchall()
    assert [r[0] for r in rows] == [True, future_ok], (text, check.describe())
