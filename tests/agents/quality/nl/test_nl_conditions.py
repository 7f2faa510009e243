"""Conditional and cross-column rules, each as a class: presence guards said in prose, "need X
to be Y" with a guard on another column, a column's negative as a bound, codes with a hyphen or
a sign in a value list; every compiled check is evaluated in DuckDB on rows around the rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import connection

from strands_airflow.agents.quality.nl import parse_request

COLUMNS = ["content_id", "drm_key_id", "license_expires_at", "amount_usd", "ctr_filed",
           "balance", "overdraft_limit", "rating"]  # fmt: skip


def _holds(condition: str, row: dict) -> bool:
    cols = ", ".join(f"{v} AS {k}" for k, v in row.items())
    return (
        connection()
        .execute(f"SELECT coalesce(({condition}), TRUE) FROM (SELECT {cols})")
        .fetchall()[0][0]
    )


@pytest.mark.parametrize(
    "text",
    [
        "If the content has a DRM key, the license expiry must also be filled.",
        "When drm_key_id has a value, license_expires_at must be populated",
        "if drm_key_id is populated then license_expires_at must not be null",
        "license_expires_at is required when drm_key_id is filled in",
    ],
)
def test_a_presence_guard_in_prose(text):
    (c,) = parse_request(text, COLUMNS)
    assert set(c.columns) == {"drm_key_id", "license_expires_at"}
    ts = "TIMESTAMP '2030-01-01'"
    assert _holds(c.condition, {"drm_key_id": "NULL", "license_expires_at": "NULL"})
    assert _holds(c.condition, {"drm_key_id": "'k'", "license_expires_at": ts})
    assert not _holds(c.condition, {"drm_key_id": "'k'", "license_expires_at": "NULL"})


@pytest.mark.parametrize(
    "text",
    [
        "transactions of 10,000 or more in `amount_usd` need `ctr_filed` to be true",
        "payments of at least 10000 in amount_usd require ctr_filed to be true",
    ],
)
def test_need_to_be_with_a_guard_on_another_column(text):
    (c,) = parse_request(text, COLUMNS)
    assert set(c.columns) == {"amount_usd", "ctr_filed"}
    assert _holds(c.condition, {"amount_usd": "500", "ctr_filed": "FALSE"})
    assert _holds(c.condition, {"amount_usd": "20000", "ctr_filed": "TRUE"})
    assert not _holds(c.condition, {"amount_usd": "10000", "ctr_filed": "FALSE"})


@pytest.mark.parametrize(
    "text",
    [
        "balance must not be below the negative of its overdraft limit",
        "balance must be at least -overdraft_limit",
        "balance must not be below minus overdraft_limit",
        "Raise a P2 if any account's balance is below the negative of its overdraft limit.",
    ],
)
def test_the_negative_of_a_column_keeps_its_sign(text):
    (c,) = parse_request(text, COLUMNS)
    assert set(c.columns) == {"balance", "overdraft_limit"}
    assert _holds(c.condition, {"balance": "-50", "overdraft_limit": "100"})
    assert not _holds(c.condition, {"balance": "-150", "overdraft_limit": "100"})


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("rating should only allow G, PG, PG-13, R and NC-17", ["G", "PG", "PG-13", "R", "NC-17"]),
        ("rating must be one of A+, A, A-, B", ["A+", "A", "A-", "B"]),
        ("rating in (PG-13, R)", ["PG-13", "R"]),
    ],
)
def test_codes_with_a_hyphen_or_sign_stay_one_value(text, values):
    (c,) = parse_request(text, COLUMNS)
    assert (c.kind, c.columns, c.values) == ("accepted_values", ["rating"], values)


def test_a_literal_is_never_glued_into_a_column_name():
    with pytest.raises(Exception, match="which column|name it"):
        parse_request("when `amount` rows is 5 or more, flag must be true")


EVENTS = ["trip_id", "started_at", "ended_at", "granted_at", "withdrawn_at", "shipped_at"]


@pytest.mark.parametrize(
    ("text", "later", "earlier"),
    [
        ("trips cant end before they start lol, can we make that a check", "ended_at", "started_at"),
        ("a trip must never end before it starts", "ended_at", "started_at"),
        ("It is not acceptable that a consent is withdrawn before it was granted.", "withdrawn_at", "granted_at"),
        ("a consent can't be withdrawn before it was granted", "withdrawn_at", "granted_at"),
    ],
)  # fmt: skip
def test_event_order_in_active_and_passive_voice(text, later, earlier):
    (c,) = parse_request(text, EVENTS)
    assert set(c.columns) == {later, earlier}
    t1, t2 = "TIMESTAMP '2020-01-01'", "TIMESTAMP '2020-02-01'"
    assert _holds(c.condition, {later: t2, earlier: t1})
    assert not _holds(c.condition, {later: t1, earlier: t2})


@pytest.mark.parametrize(
    "text",
    [
        "subscription_end is null if and only if is_active is true",
        "AC: `subscription_end` is null if and only if `is_active` is true.",
    ],
)
def test_a_state_with_is_and_a_biconditional(text):
    (c,) = parse_request(text, ["subscription_end", "is_active"])
    end = "TIMESTAMP '2020-01-01'"
    assert _holds(c.condition, {"subscription_end": "NULL", "is_active": "TRUE"})
    assert _holds(c.condition, {"subscription_end": end, "is_active": "FALSE"})
    assert not _holds(c.condition, {"subscription_end": end, "is_active": "TRUE"})
    assert not _holds(c.condition, {"subscription_end": "NULL", "is_active": "FALSE"})


def test_a_pronoun_refers_to_the_column_of_a_permission_or_remark():
    cols = ["vessel", "eta", "ata"]
    (c,) = parse_request(
        "Field ata (actual arrival) may be null; if populated it must not be in the future.", cols
    )
    assert c.columns == ["ata"] and "CURRENT_TIMESTAMP" in c.condition
    (c,) = parse_request(
        "ugh the pct_complete col has values like 140, its a percentage so 0% to 100% only"
    )
    assert (c.kind, c.columns, c.min, c.max) == ("range", ["pct_complete"], 0, 100)
    with pytest.raises(Exception, match="which column is 'it'"):
        parse_request("its a percentage so 0% to 100% only")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([("must", False), ("should", False), ("must never", True), ("can't", True),
                     ("cannot", True), ("should not", True), ("may not", True), ("cant", True),
                     ("must not", True), ("shouldn't", True)]),
    st.sampled_from(["before", "after"]),
    st.sampled_from(["a trip", "the trip", "every trip", "trips"]),
)  # fmt: skip
def test_event_order_polarity_property(modal, op, subject):
    word, negated = modal
    pron = "they" if subject == "trips" else "it"
    (c,) = parse_request(f"{subject} {word} end {op} {pron} start", EVENTS)
    # the rule admits rows where "end <op> start" holds exactly when it was not negated
    t1, t2 = "TIMESTAMP '2020-01-01'", "TIMESTAMP '2020-02-01'"
    end_before = {"ended_at": t1, "started_at": t2}
    end_after = {"ended_at": t2, "started_at": t1}
    said = end_before if op == "before" else end_after
    other = end_after if op == "before" else end_before
    assert _holds(c.condition, said) is (not negated)
    assert _holds(c.condition, other) is negated


NEG_COLS = ["user_id", "age", "email", "quantity", "signup_at"]


@pytest.mark.parametrize(
    ("text", "kind", "col", "bound"),
    [
        ("no email should be null", "not_null", "email", None),
        ("make sure no email is null", "not_null", "email", None),
        ("no emails can be empty", "not_null", "email", None),
        ("no quantity should be above 5", "range", "quantity", ("max", 5)),
        ("No quantity may exceed 5", "range", "quantity", ("max", 5)),
        ("No user should be younger than 13.", "range", "age", ("min", 13)),
        ("a user must not be older than 120", "range", "age", ("max", 120)),
        ("users must be at least 13 years old", "range", "age", ("min", 13)),
        ("Age must be 18 or over", "range", "age", ("min", 18)),
        ("age must be 65 or under", "range", "age", ("max", 65)),
    ],
)
def test_negative_subjects_and_implied_nouns(text, kind, col, bound):
    (c,) = parse_request(text, NEG_COLS)
    assert (c.kind, c.columns) == (kind, [col])
    if bound:
        assert getattr(c, bound[0]) == bound[1]


def test_a_count_per_entity_without_a_count_column_is_refused():
    for text in ("no user may have more than 3 carts", "nobody may have more than 3 carts"):
        with pytest.raises(Exception, match="per entity"):
            parse_request(text, NEG_COLS)


ORDER_COLS = ["order_id", "status", "order_total", "is_gift", "gift_note", "paid_at", "email"]


@pytest.mark.parametrize(
    ("text", "row_ok", "row_bad"),
    [
        ("Orders with status 'cancelled' must have a zero order_total.",
         {"status": "'cancelled'", "order_total": "0"}, {"status": "'cancelled'", "order_total": "5"}),
        ("orders with is_gift true must have a gift_note",
         {"is_gift": "TRUE", "gift_note": "'hi'"}, {"is_gift": "TRUE", "gift_note": "NULL"}),
    ],
)  # fmt: skip
def test_rows_with_a_value_then_a_rule(text, row_ok, row_bad):
    (c,) = parse_request(text, ORDER_COLS)
    assert _holds(c.condition, row_ok) and not _holds(c.condition, row_bad)
    other = {
        k: ("'open'" if k == "status" else "FALSE" if k == "is_gift" else "NULL") for k in row_bad
    }
    assert _holds(c.condition, other)  # rows without that value are not constrained


@pytest.mark.parametrize(
    "text",
    [
        "paid_at must not be more than 5 minutes in the future",
        "paid_at can be at most 2 days ahead",
    ],
)
def test_a_time_offset_from_now_is_refused_not_read_as_a_number(text):
    with pytest.raises(Exception, match="could not read"):
        parse_request(text, ORDER_COLS)


def test_politeness_uniqueness_over_the_table_and_references_by_entity():
    assert parse_request(
        "It would be great if we could check that every order has a status.", ORDER_COLS
    ) == parse_request("status must not be null", ORDER_COLS)
    (c,) = parse_request("email must be unique across users", ORDER_COLS)
    assert (c.kind, c.columns) == ("unique", ["email"])
    (c,) = parse_request("Every payment must belong to an order in the orders table.", ORDER_COLS)
    assert (c.kind, c.columns, c.ref_table) == ("referential", ["order_id"], "orders")


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["fail if {s}", "alert when {s}", "flag rows where {s}", "{s} is a sensor fault",
                     "{s} is not allowed", "we should never see {s}"]),
    st.sampled_from(["eq", "between"]),
    st.integers(-50, 50),
)  # fmt: skip
def test_a_stated_bad_value_or_interval_is_excluded_never_required(wrapper, kind, n):
    said = f"temp_c is {n}" if kind == "eq" else f"temp_c is between {n} and {n + 10}"
    if wrapper.startswith("{s} is") or wrapper.startswith("we"):
        said = said.replace("temp_c is ", "temp_c ")  # "temp_c between 1 and 5 is a sensor fault"
        said = said if kind == "between" else f"temp_c of exactly {n}"
    (c,) = parse_request(wrapper.format(s=said), ["temp_c", "sensor_id"])
    bad = [n] if kind == "eq" else [n, n + 5, n + 10]
    good = [n - 1, n + 11]
    for v in bad:
        assert not _holds(c.condition or "TRUE", {"temp_c": str(v)}), (wrapper, said, c)
    for v in good:
        assert _holds(c.condition or "TRUE", {"temp_c": str(v)}), (wrapper, said, c)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from([("must be {i}", 0), ("should be {i}", 0), ("must not be {i}", 1), ("can't be {i}", 1),
                     ("cannot lie {i}", 1), ("should never fall {i}", 1), ("must never be {i}", 1),
                     ("{i} is a sensor fault", 1), ("{i} is not allowed", 1), ("fail if {i}", 1),
                     ("alert when bmi is {i}", 1), ("we should never see bmi {i}", 1)]),
    st.sampled_from([("between {a} and {b}", True), ("within {a} to {b}", True), ("in the range {a} to {b}", True),
                     ("outside {a} to {b}", False), ("outside the range {a}..{b}", False), ("outside of {a}-{b}", False)]),
    st.integers(0, 40),
)  # fmt: skip
def test_interval_polarity_property(form, interval, a):
    template, flips = form
    words, inside = interval
    i = words.format(a=a, b=a + 20)
    if template.startswith(("{i}", "fail")):
        text = template.format(i=f"bmi {i}")
    elif template.startswith(("alert", "we")):
        text = template.format(i=i)
    else:
        text = f"bmi {template.format(i=i)}"
    (c,) = parse_request(text, ["bmi", "temp_c"])
    allowed_inside = inside != bool(flips % 2)
    for v, is_inside in ((a + 10, True), (a - 5, False), (a + 25, False)):
        ok = (
            (c.min is None or v >= c.min) and (c.max is None or v <= c.max)
            if c.kind == "range"
            else _holds(c.condition, {"bmi": str(v)})
        )
        assert ok is (is_inside == allowed_inside), (text, c.describe(), v)


@pytest.mark.parametrize(
    ("text", "ok", "bad"),
    [
        ("hire_date can't be before 1990-01-01", "'1990-01-01'", "'1989-12-31'"),
        ("hire_date must be on or after 1990-01-01", "'1995-05-05'", "'1980-01-01'"),
        ("hire_date should be later than 2000-01-01", "'2000-01-02'", "'2000-01-01'"),
    ],
)
def test_bare_iso_dates_are_literals(text, ok, bad):
    (c,) = parse_request(text, ["hire_date", "salary"])
    assert c.kind == "custom_sql" and c.columns == ["hire_date"]
    assert _holds(c.condition, {"hire_date": f"DATE {ok}"})
    assert not _holds(c.condition, {"hire_date": f"DATE {bad}"})


GUARD_COLS = ["order_id", "status", "delivered_at", "is_gift", "gift_note", "temp_c", "order_total"]


def test_a_leading_condition_is_never_dropped_or_put_on_the_key():
    # the condition names no column (order_id is the key): refused, never read unconditionally
    with pytest.raises(Exception, match="which column"):
        parse_request("If an order is delivered, delivered_at must be filled.", GUARD_COLS)
    (c,) = parse_request("if the order is a gift, gift_note must be set", GUARD_COLS)
    assert set(c.columns) == {"is_gift", "gift_note"}
    assert not _holds(c.condition, {"is_gift": "TRUE", "gift_note": "NULL"})
    assert _holds(c.condition, {"is_gift": "FALSE", "gift_note": "NULL"})


@pytest.mark.parametrize(
    "text",
    [
        "temp_c should never read above 60 or below -40",
        "temp_c must not measure over 60 or under -40",
    ],
)
def test_a_negation_before_any_verb_governs_the_comparison(text):
    (c,) = parse_request(text, GUARD_COLS)
    assert (c.kind, c.min, c.max) == ("range", -40, 60)


def test_a_column_that_cannot_be_empty_or_negative():
    got = parse_request("order_total cannot be empty or negative", GUARD_COLS)
    assert sorted((c.kind, c.columns[0]) for c in got) == [
        ("not_null", "order_total"),
        ("range", "order_total"),
    ]
