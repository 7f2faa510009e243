"""Round 16 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _checks(text: str, columns: list[str] | None = None) -> list[tuple[str, list[str], str | None]]:
    return [(c.kind, c.columns, c.pattern or c.condition) for c in parse_request(text, columns, model_id="")]


_COL = st.sampled_from(["voucher_id", "berth_no", "seed_lot", "tram_line", "kiln_code", "reef_zone"])
_TABLE = st.sampled_from(["dim_vouchers", "ref_berths", "lots", "tram_lines", "kilns"])


# ------------------------------------------------- membership that must NOT hold is no check
@pytest.mark.parametrize(
    "text",
    [
        "berth_no must not exist in closed_berths.berth_no",
        "seed_lot should never appear in recalled_lots (seed_lot)",
        "tram_line shouldn't be in retired_lines.tram_line",
        "checks for tram_trips:\n  - values in (tram_line) must not exist in retired_lines (tram_line)",
        "flag rows where kiln_code is found in decommissioned.kiln_code",
    ],
)
def test_a_negated_membership_raises_instead_of_the_opposite_check(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, model_id="")


@pytest.mark.parametrize(
    "text",
    [
        "berth_no must exist in ref_berths.berth_no",
        "flag rows where berth_no does not exist in ref_berths.berth_no",
        "no dangling berths: every berth_no must exist in ref_berths.berth_no",
    ],
)
def test_a_membership_and_its_double_negation_stay_referential(text: str) -> None:
    [check] = parse_request(text, model_id="")
    assert (check.kind, check.columns, check.ref_table) == ("referential", ["berth_no"], "ref_berths")


@settings(max_examples=25, deadline=None)
@given(_COL, _TABLE, st.sampled_from(["must not exist in", "should never be found in", "may not appear in"]))
def test_property_no_negated_membership_is_ever_referential(col: str, table: str, verb: str) -> None:
    try:
        checks = parse_request(f"{col} {verb} {table}.{col}", model_id="")
    except QualityRequestError:
        return
    assert all(c.kind != "referential" for c in checks)


# ------------------------------------------------------------- Monte Carlo monitors as code
def test_mc_unary_set_and_range_predicates_with_one_value_list() -> None:
    spec = (
        "validation:\n  - name: odd_berth\n    alert_condition:\n      type: GROUP\n      operator: OR\n"
        "      conditions:\n        - type: UNARY\n          predicate: {name: in_set, negated: true}\n"
        '          value: [{field: berth_kind}, {literal: "DRY"}, {literal: "WET"}]\n'
        "        - type: UNARY\n          predicate: {name: between, negated: true}\n"
        '          value: [{field: depth_m}, {literal: "2"}, {literal: "30"}]'
    )
    checks = parse_request(spec, model_id="")
    assert [(c.kind, c.columns) for c in checks] == [("accepted_values", ["berth_kind"]), ("range", ["depth_m"])]
    assert checks[0].values == ["DRY", "WET"] and (checks[1].min, checks[1].max) == (2, 30)


def test_mc_and_group_is_one_condition_that_some_branch_fails() -> None:
    spec = (
        "alert_condition:\n  type: GROUP\n  operator: AND\n  conditions:\n"
        "    - type: BINARY\n      predicate: {name: equal}\n      left: [{field: kiln_state}]\n"
        '      right: [{literal: "FIRING"}]\n'
        "    - type: UNARY\n      predicate: {name: \"null\"}\n      value: [{field: peak_temp_c}]"
    )
    [(kind, cols, cond)] = _checks(spec)
    assert kind == "custom_sql" and set(cols) == {"kiln_state", "peak_temp_c"}
    assert cond and "kiln_state <> 'FIRING'" in cond and "peak_temp_c IS NOT NULL" in cond and " OR " in cond


def test_mc_and_group_of_two_missing_values_needs_one_of_them() -> None:
    spec = (
        "alert_condition:\n  type: GROUP\n  operator: AND\n  conditions:\n"
        "    - type: UNARY\n      predicate: {name: null}\n      value: [{field: email}]\n"
        "    - type: UNARY\n      predicate: {name: null}\n      value: [{field: phone}]"
    )
    [(kind, cols, cond)] = _checks(spec)
    assert kind == "custom_sql" and set(cols) == {"email", "phone"}
    assert cond == "(email IS NOT NULL) OR (phone IS NOT NULL)"


def test_mc_and_group_with_an_unknown_branch_still_raises() -> None:
    spec = (
        "alert_condition:\n  type: GROUP\n  operator: AND\n  conditions:\n"
        "    - type: BINARY\n      predicate: {name: equal}\n      left: [{field: a_flag}]\n      right: [{literal: \"Y\"}]\n"
        "    - type: UNARY\n      predicate: {name: is_palindrome}\n      value: [{field: code}]"
    )
    with pytest.raises(QualityRequestError):
        parse_request(spec, model_id="")


def test_mc_camel_case_json_and_a_lone_metric_condition() -> None:
    doc = {"alertConditions": [{"metric": "NULL_COUNT", "operator": "GT", "thresholdValue": 0, "fields": ["tram_line"]}]}
    assert _checks(json.dumps(doc)) == [("not_null", ["tram_line"], None)]
    lone = {"metric": "NUMERIC_MIN", "operator": "LT", "thresholdValue": -5, "fields": ["reef_temp"], "table": "x:y.z"}
    [check] = parse_request(json.dumps(lone), model_id="")
    assert (check.kind, check.columns, check.min, check.max) == ("range", ["reef_temp"], -5, None)


def test_mc_metric_where_condition_limits_the_rule() -> None:
    spec = (
        "metric:\n  - table: port:ops.calls\n    where_condition: \"call_state = 'BERTHED'\"\n"
        "    alert_conditions:\n      - metric: NULL_COUNT\n        operator: GT\n        threshold_value: 0\n"
        "        fields: [berth_no]"
    )
    [(kind, cols, cond)] = _checks(spec)
    assert kind == "custom_sql" and set(cols) == {"call_state", "berth_no"}
    assert cond and "call_state = 'BERTHED'" in cond and "berth_no IS NOT NULL" in cond


def test_mc_text_length_and_empty_string_metrics() -> None:
    spec = (
        "metric:\n  - table: a:b.c\n    alert_conditions:\n      - metric: TEXT_MAX_LENGTH\n        operator: GT\n"
        "        threshold_value: 12\n        fields: [kiln_code]\n      - metric: TEXT_MIN_LENGTH\n"
        "        operator: LT\n        threshold_value: 2\n        fields: [reef_zone]\n"
        "      - metric: EMPTY_STRING_COUNT\n        operator: GT\n        threshold_value: 0\n        fields: [tram_line]"
    )
    assert _checks(spec) == [
        ("custom_sql", ["kiln_code"], "LENGTH(kiln_code) <= 12"),
        ("custom_sql", ["reef_zone"], "LENGTH(reef_zone) >= 2"),
        ("custom_sql", ["tram_line"], "tram_line <> ''"),
    ]


def test_mc_text_length_below_a_maximum_is_still_an_aggregate() -> None:
    spec = (
        "metric:\n  - table: a:b.c\n    alert_conditions:\n      - metric: TEXT_MAX_LENGTH\n        operator: LT\n"
        "        threshold_value: 3\n        fields: [kiln_code]"
    )
    with pytest.raises(QualityRequestError):
        parse_request(spec, model_id="")


# ---------------------------------------------------------------------- dbt package tests
def test_dbt_at_least_one_is_not_a_row_rule() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("- name: voucher_id\n  tests:\n    - dbt_utils.at_least_one", model_id="")


def test_dbt_expectations_length_test_keeps_its_row_condition() -> None:
    spec = (
        "- name: seed_lot\n  tests:\n    - dbt_expectations.expect_column_value_lengths_to_equal:\n"
        "        value: 8\n        row_condition: \"crop = 'WHEAT'\""
    )
    [(kind, cols, cond)] = _checks(spec)
    assert kind == "custom_sql" and set(cols) == {"crop", "seed_lot"}
    assert cond and "crop = 'WHEAT'" in cond and "LENGTH(seed_lot) = 8" in cond


# -------------------------------------------- a line of prose before a pasted spec is context
@pytest.mark.parametrize(
    "lead",
    ["The ferry team wants these on sailings:", "stg_sailings.yml", "for the vessel column, please:"],
)
def test_a_prose_line_before_a_pasted_spec_is_context(lead: str) -> None:
    soda = f"{lead}\n\nchecks for sailings:\n  - missing_count(vessel_id) = 0\n  - max(draft_m) <= 14"
    assert [(c.kind, c.columns) for c in parse_request(soda, model_id="")] == [
        ("not_null", ["vessel_id"]),
        ("range", ["draft_m"]),
    ]
    dbt = f"{lead}\n\n    - name: vessel_id\n      tests:\n        - dbt_utils.accepted_range:\n            min_value: 1\n            max_value: 999"
    [check] = parse_request(dbt, model_id="")
    assert (check.kind, check.columns, check.min, check.max) == ("range", ["vessel_id"], 1, 999)


def test_a_yaml_key_line_is_no_prose_lead() -> None:
    # "sailings:" is a key of the spec (a column heading), not a sentence before it
    spec = "vessel_id:\n  - not_null\n  - unique"
    assert [(c.kind, c.columns) for c in parse_request(spec, model_id="")] == [
        ("not_null", ["vessel_id"]),
        ("unique", ["vessel_id"]),
    ]


def test_dbt_expectations_recency_reads_column_name_and_not_empty_string_trims() -> None:
    spec = (
        "fct_sailings:\n  data_tests:\n    - dbt_expectations.expect_row_values_to_have_recent_data:\n"
        "        column_name: departed_at\n        datepart: hour\n        interval: 6"
    )
    [check] = parse_request(spec, model_id="")
    assert (check.kind, check.columns, check.max_age_seconds) == ("freshness", ["departed_at"], 6 * 3600)
    trimmed = _checks("- name: port_name\n  tests:\n    - dbt_utils.not_empty_string")
    assert trimmed == [("custom_sql", ["port_name"], "TRIM(port_name) <> ''")]
    raw = _checks("- name: port_name\n  tests:\n    - dbt_utils.not_empty_string:\n        trim_whitespace: false")
    assert raw == [("custom_sql", ["port_name"], "port_name <> ''")]


# ------------------------------------------- a GX expectation named in prose, without Python
@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "please add expect_column_values_to_be_between on berth_depth_m with min_value=2, max_value=30",
            ("range", ["berth_depth_m"], 2, 30),
        ),
        (
            "1. expect_column_values_to_be_between tide_cm, min_value=-50, max_value=900",
            ("range", ["tide_cm"], -50, 900),
        ),
        ("ExpectTableRowCountToBeBetween min_value=10, max_value=99", ("row_count", [], 10, 99)),
        (
            "dbt_expectations.expect_column_values_to_be_between on crane_load_t, min_value: 0, max_value: 80",
            ("range", ["crane_load_t"], 0, 80),
        ),
    ],
)
def test_a_bare_gx_expectation_in_prose_is_its_call(text: str, want: tuple[str, list[str], float, float]) -> None:
    [check] = parse_request(text, model_id="")
    assert (check.kind, check.columns, check.min, check.max) == want


def test_a_bare_gx_expectation_with_the_column_before_an_arrow_and_strict_bounds() -> None:
    [check] = parse_request('sailed_on -> expect_column_values_to_match_strftime_format, strftime_format "%Y-%m-%d"', model_id="")
    assert (check.kind, check.columns) == ("format", ["sailed_on"])
    [(kind, cols, cond)] = _checks("Add ExpectColumnValuesToBeBetween on wait_min with min_value=0, strict_min=True, max_value=600")
    assert (kind, cols, cond) == ("custom_sql", ["wait_min"], "wait_min > 0 AND wait_min <= 600")


def test_a_bare_gx_column_expectation_without_a_column_is_not_guessed() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("expect_column_values_to_be_between min_value=0, max_value=5", model_id="")


# ----------------------------------------------------- a remark after a dash is context
@pytest.mark.parametrize(
    "remark", ["zero-length voyages are test sailings", "one sample per minute of the shift"]
)
def test_a_remark_after_a_dash_is_context_when_the_rule_reads_alone(remark: str) -> None:
    [check] = parse_request(f"wait_min must be between 1 and 600 \u2014 {remark}", model_id="")
    assert (check.kind, check.columns, check.min, check.max) == ("range", ["wait_min"], 1, 600)


@pytest.mark.parametrize(
    "tail",
    [
        "alert on any",  # the rows before the dash are the bad case
        "refunds are fine though",  # an exception
        "except for pilot_boat rows",
        "ignore the test berths",
    ],
)
def test_a_dash_tail_that_may_change_the_rule_is_never_dropped(tail: str) -> None:
    try:
        checks = parse_request(f"rows where wait_min < 0 \u2014 {tail}", model_id="")
    except QualityRequestError:
        return
    assert all(c.condition != "wait_min < 0" for c in checks)


# ------------------- a rule, "and", then a compound key: two clauses (not one wider key)
@pytest.mark.parametrize(
    "key",
    [
        "the combination of hull_no and voyage_no must be unique",
        "(hull_no, voyage_no) together must be unique",
        "the pair (hull_no, voyage_no) must not repeat",
    ],
)
@pytest.mark.parametrize("first", ["master_id is mandatory", "master_id must not be null", "master_id is required"])
def test_a_rule_and_a_compound_key_are_two_checks(first: str, key: str) -> None:
    checks = parse_request(f"{first} and {key}", model_id="")
    assert sorted((c.kind, tuple(c.columns)) for c in checks) == [
        ("not_null", ("master_id",)),
        ("unique", ("hull_no", "voyage_no")),
    ]


@settings(max_examples=20, deadline=None)
@given(st.permutations(["hull_no", "voyage_no", "dock_id"]))
def test_property_a_compound_key_alone_keeps_all_its_columns(cols: list[str]) -> None:
    [check] = parse_request(f"({', '.join(cols)}) together must be unique", model_id="")
    assert (check.kind, check.columns) == ("unique", list(cols))


# ------------------------------------- a heading before a long dash is a heading, not a minus
@pytest.mark.parametrize(
    "text",
    [
        "Harbour radar \u2014 bearing_deg between 0 and 360",
        "DOCK-4 \u2013 bearing_deg between 0 and 360",
        "OPS-12: check the radar \u2014 bearing_deg between 0 and 360",
    ],
)
def test_a_heading_before_a_long_dash_is_context(text: str) -> None:
    [check] = parse_request(text, model_id="")
    assert (check.kind, check.columns, check.min, check.max) == ("range", ["bearing_deg"], 0, 360)


def test_a_hyphen_between_columns_is_still_a_minus() -> None:
    [(kind, cols, cond)] = _checks("net_t must be at most gross_t - tare_t")
    assert kind == "custom_sql" and set(cols) == {"net_t", "gross_t", "tare_t"} and cond and "-" in cond
