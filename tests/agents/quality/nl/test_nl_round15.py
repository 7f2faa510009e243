"""Round 15 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _checks(text: str, columns: list[str] | None = None) -> list[tuple[str, list[str], str | None]]:
    return [(c.kind, c.columns, c.pattern or c.condition) for c in parse_request(text, columns, model_id="")]


# ------------------------------------------------------------- a literal prefix or suffix
@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("contact_addr must end with @example.org", r"^.*@example\.org$"),
        ("invoice_ref starts with 'INV/'", "^INV/.*$"),
        ("the sku has to begin with ZX", "^ZX.*$"),
        ("host_name should end with .internal", r"^.*\.internal$"),
        ("make sure voucher_code begins with \"PROMO-\"", "^PROMO-.*$"),
    ],
)
def test_a_prefix_or_suffix_is_an_anchored_regex(text: str, pattern: str) -> None:
    [(kind, _cols, got)] = _checks(text)
    assert kind == "format" and got == pattern


@pytest.mark.parametrize(
    "text",
    [
        "voucher_code must not start with ZZ-",  # a negated affix is never the positive one
        "voucher_code starts with a letter",  # a class, not a literal
        "voucher_code starts with 3 digits",
    ],
)
def test_what_is_no_literal_affix_is_not_read_as_one(text: str) -> None:
    for kind, _cols, got in _checks_or_none(text):
        assert not (kind == "format" and got and got.startswith(("^ZZ", "^a", "^3")))


def _checks_or_none(text: str) -> list[tuple[str, list[str], str | None]]:
    try:
        return _checks(text)
    except QualityRequestError:
        return []


# ------------------------------------------- a column compared with itself is made up
@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("the opening date is before the closing date", ["shop_id", "opened", "closing_date"]),
        ("the first visit must come before the last visit date", ["pid", "first_seen", "last_visit_date"]),
    ],
)
def test_both_sides_on_one_column_raise(text: str, columns: list[str]) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, columns, model_id="")


def test_two_named_columns_still_compare() -> None:
    assert _checks("opened_on must be before closed_on", ["opened_on", "closed_on"]) == [
        ("custom_sql", ["opened_on", "closed_on"], "opened_on < closed_on")
    ]


# --------------------------------------------- a run of the pipeline before the subject
@pytest.mark.parametrize(
    "text",
    [
        "Cleanup: after the reload the table must hold at least 250 rows",
        "following the nightly migration the table should contain at least 250 rows",
    ],
)
def test_a_bare_process_lead_is_context(text: str) -> None:
    assert [(c.kind, c.min) for c in parse_request(text, model_id="")] == [("row_count", 250.0)]


def test_a_bare_process_lead_before_a_column_rule() -> None:
    assert _checks("once the import lands sku_code must be unique", ["sku_code", "qty"]) == [("unique", ["sku_code"], None)]


# ------------------------------------------------- a count of rows per entity is an aggregate
@pytest.mark.parametrize(
    "text",
    ["no more than 40 rows per tenant", "the log should hold at most 1.5 million records per device"],
)
def test_rows_per_entity_raise(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


def test_rows_per_run_stay_a_row_count() -> None:
    assert [(c.kind, c.max) for c in parse_request("at most 9000 rows per nightly batch", model_id="")] == [("row_count", 9000.0)]


# ------------------------------------------------- "the table hasn't received new rows in N"
@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("page us if the feed hasn't got any new records in 45 minutes", 2700.0),
        ("fail when the dataset did not receive fresh data for 3 hours", 10800.0),
    ],
)
def test_no_rows_received_is_freshness(text: str, seconds: float) -> None:
    [c] = parse_request(text, ["reading_id", "recorded_at"], model_id="")
    assert (c.kind, c.columns, c.max_age_seconds) == ("freshness", ["recorded_at"], seconds)


# ------------------------------------------------------------- a Soda contract (dataset: YAML)
_CONTRACT = """dataset: lake/shop/public/returns
checks:
  - row_count:
      threshold:
        must_be_greater_than: 0
columns:
- name: return_id
  checks:
  - type: no_duplicate_values
- name: refund_eur
  checks:
  - invalid:
      valid_min: 0
      valid_max: 300
- name: channel
  checks:
  - type: no_invalid_values
    valid_values: ['web', 'store']
- name: courier
  checks:
  - type: no_missing_values
    filter_sql: channel = 'web'
- name: synced_at
  checks:
  - type: freshness_in_hours
    must_be_less_than: 4
"""


def test_a_soda_contract_is_read_check_by_check() -> None:
    got = [(c.kind, c.columns, c.min, c.max, c.values, c.max_age_seconds) for c in parse_request(_CONTRACT, model_id="")]
    assert got[:4] == [
        ("row_count", [], 1.0, None, None, None),
        ("unique", ["return_id"], None, None, None, None),
        ("range", ["refund_eur"], 0.0, 300.0, None, None),
        ("accepted_values", ["channel"], None, None, ["web", "store"], None),
    ]
    assert got[4][0] == "custom_sql" and got[4][1] == ["channel", "courier"]
    assert got[5] == ("freshness", ["synced_at"], None, None, None, 14400.0)


@pytest.mark.parametrize(
    "check",
    [
        "  - type: no_missing_values\n    must_be_less_than: 10",  # some bad rows allowed: a count
        "  - type: avg\n    must_be_less_than: 10",  # a check kind the parser does not know
    ],
)
def test_a_contract_check_not_understood_raises(check: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(f"dataset: a/b/c\ncolumns:\n- name: qty\n  checks:\n{check}\n", model_id="")


# ------------------------------------------------------------- a GX LIKE pattern
@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        ('gx.expectations.ExpectColumnValuesToMatchLikePattern(column="order_ref", like_pattern="ORD_%")', "^ORD..*$"),
        ('validator.expect_column_values_to_match_like_pattern(column="host", like_pattern="%.corp.net")', r"^.*\.corp\.net$"),
    ],
)
def test_a_like_pattern_is_an_anchored_regex(call: str, pattern: str) -> None:
    [c] = parse_request(call, model_id="")
    assert (c.kind, c.pattern) == ("format", pattern)


def test_a_negated_like_pattern_raises() -> None:
    with pytest.raises(QualityRequestError):
        parse_request('expect_column_values_to_not_match_like_pattern(column="host", like_pattern="%.x")', model_id="")


# ------------------------------------------------------------- Monte Carlo validation predicates
def _mc(cond: str) -> str:
    return f"alert_condition:\n  type: GROUP\n  operator: OR\n  conditions:\n{cond}"


def test_monte_carlo_negated_set_and_range_are_the_good_case() -> None:
    text = _mc(
        "    - type: BINARY\n      predicate: {name: in_set, negated: true}\n"
        "      left: [{type: FIELD, field: tier}]\n"
        "      right: [{type: LITERAL, literal: gold}, {type: LITERAL, literal: silver}]\n"
        "    - type: BINARY\n      predicate: {name: between, negated: true}\n"
        "      left: [{type: FIELD, field: depth_m}]\n"
        "      right: [{type: LITERAL, literal: \"0\"}, {type: LITERAL, literal: \"90\"}]\n"
        "    - type: UNARY\n      predicate: {name: is_negative, negated: false}\n"
        "      value: [{type: FIELD, field: fee}]\n"
        "    - type: UNARY\n      predicate: {name: is_uuid, negated: true}\n"
        "      value: [{type: FIELD, field: device_key}]\n"
        "    - type: SQL\n      sql: \"closed_on < opened_on\"\n"
    )
    got = [(c.kind, c.columns, c.min, c.max, c.values, c.format, c.condition) for c in parse_request(text, model_id="")]
    assert got == [
        ("accepted_values", ["tier"], None, None, ["gold", "silver"], None, None),
        ("range", ["depth_m"], 0.0, 90.0, None, None, None),
        ("range", ["fee"], 0.0, None, None, None, None),
        ("format", ["device_key"], None, None, None, "uuid", None),
        ("custom_sql", ["closed_on", "opened_on"], None, None, None, None, "closed_on >= opened_on"),
    ]


@pytest.mark.parametrize(
    "cond",
    [
        # the set itself is the bad case (not negated): "must not be one of" is no check kind here
        "    - type: BINARY\n      predicate: {name: in_set, negated: false}\n"
        "      left: [{type: FIELD, field: tier}]\n      right: [{type: LITERAL, literal: gold}]\n",
        # a subquery: no custom_sql condition says it (round 25: any other SQL predicate is negated)
        "    - type: SQL\n      sql: \"a in (select b from t)\"\n",
    ],
)
def test_monte_carlo_predicates_not_understood_raise(cond: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(_mc(cond), model_id="")


# ------------------------------------------------------------- GX 1.x code with Python around it
_GX = """import great_expectations as gx

suite = context.suites.add(gx.ExpectationSuite(name="parcels"))
suite.add_expectation(
    gx.expectations.ExpectColumnValuesToNotBeNull(column="parcel_ref")
)
suite.add_expectation(gx.expectations.ExpectColumnValuesToBeInSet(
    column="zone",
    value_set=["N", "S"],
    meta={"why": "two depots (N, S)"},
))
"""


def test_gx_code_with_python_around_it() -> None:
    got = [(c.kind, c.columns, c.values) for c in parse_request(_GX, model_id="")]
    assert got == [("not_null", ["parcel_ref"], None), ("accepted_values", ["zone"], ["N", "S"])]


def test_gx_assignment_and_digit_groups() -> None:
    [c] = parse_request("row_check = gx.expectations.ExpectTableRowCountToBeBetween(min_value=2_000, max_value=90_000)", model_id="")
    assert (c.kind, c.min, c.max) == ("row_count", 2000.0, 90000.0)


def test_gx_unique_within_record_is_pairwise_inequality() -> None:
    [c] = parse_request(
        'gx.expectations.ExpectSelectColumnValuesToBeUniqueWithinRecord(column_list=["home_team", "away_team"])', model_id=""
    )
    assert (c.kind, c.condition) == ("custom_sql", "home_team <> away_team")


# ------------------------------------------------------------- Deequ areComplete
@pytest.mark.parametrize(
    "chain",
    [
        'check = (Check(spark, CheckLevel.Error, "stock")\n  .areComplete(["sku", "site"])\n  .isUnique("sku"))',
        '.areComplete(Seq("sku", "site"))\n.isUnique("sku")',
    ],
)
def test_deequ_are_complete_is_each_column_complete(chain: str) -> None:
    got = [(c.kind, c.columns) for c in parse_request(chain, model_id="")]
    assert got == [("not_null", ["sku"]), ("not_null", ["site"]), ("unique", ["sku"])]
