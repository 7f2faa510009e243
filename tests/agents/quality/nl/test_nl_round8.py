"""Round 8 classes (generalisation): pasted library code read with real parsers (Python's
``ast`` for Deequ / PyDeequ, ``json`` / ``yaml`` for configs), monitor and chat prose, and
conditions (each test uses sentences of its own, never a corpus entry)."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------------------ Deequ code, read by ast
def test_a_pydeequ_verification_suite_is_read_call_by_call() -> None:
    text = (
        'chk = Check(spark, CheckLevel.Warning, "parcels")\n'
        "out = (VerificationSuite(spark).onData(parcels_df).addCheck(\n"
        "    chk.hasSize(lambda rows: rows > 999)\n"
        '       .isComplete("parcel_no")\n'
        '       .isContainedIn("tier", ["gold", "silver"])\n'
        ").run())"
    )
    assert _said(text) == sorted([
        "the table must have at least 1000 rows",
        "parcel_no must not be null",
        "tier must be one of 'gold', 'silver'",
    ])


@pytest.mark.parametrize(
    "size",
    ["lambda k: 10 <= k <= 90", "k => k >= 10 && k <= 90", "lambda k: k >= 10 and k <= 90"],
)
def test_a_size_assertion_with_two_sides_is_a_row_count_range(size: str) -> None:
    assert _said(f"check.hasSize({size})") == ["the table must have between 10 and 90 rows"]


def test_a_scala_chain_over_lines_without_brackets() -> None:
    text = (
        'val qc = Check(CheckLevel.Error, "meters")\n'
        '  .areComplete(Seq("meter_no", "site"))\n'
        '  .isGreaterThanOrEqualTo("kwh_out", "kwh_in")'
    )
    assert _said(text) == sorted(
        ["meter_no must not be null", "site must not be null", "custom sql: kwh_out >= kwh_in"]
    )


def test_a_python_chain_with_backslash_continuations() -> None:
    text = 'qc.hasMin("load_pct", lambda v: v >= 5) \\\n   .hasMax("load_pct", lambda v: v <= 95)'
    assert _said(text) == ["load_pct must be between 5 and 95"]
    assert _said('.hasMaxLength("code", lambda n: n <= 4) \\\n.isPositive("qty")') == sorted(
        ["custom sql: LENGTH(code) <= 4", "custom sql: qty > 0"]
    )


@pytest.mark.parametrize(
    "text",
    [
        'check.hasMax("load_pct", lambda v: v >= 5)',  # the largest value at least 5: an aggregate
        'check.hasMin("load_pct", _ <= 5)',
        'check.hasCompleteness("site", lambda r: r >= 0.9)',
        'check.hasSize(lambda n: n % 2 == 0)',
        'check.isSortedBy("site")',  # a check method no table knows
        'check.isContainedIn("kwh", 0, 10, strictBounds = true)',  # an unknown setting
    ],
)
def test_deequ_code_that_no_row_check_says_raises(text: str) -> None:
    with pytest.raises(QualityRequestError):
        parse_request(text, None, model_id="")


# ------------------------------------------------------------------------------ SodaCL
@pytest.mark.parametrize("level", ["warn", "fail"])
def test_a_soda_metric_with_one_threshold_is_its_good_case(level: str) -> None:
    text = (
        "checks for meters:\n"
        f"  - duplicate_count(meter_no):\n      {level}: when > 0\n"
        f"  - freshness(synced_at):\n      {level}: when > 2h\n"
        f"  - row_count:\n      {level}: when < 50"
    )
    assert _said(text) == sorted([
        "meter_no must be unique",
        "data must be no older than 2 hours based on synced_at",
        "the table must have at least 50 rows",
    ])


def test_a_soda_band_as_the_bad_case_raises() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("checks for meters:\n  - row_count:\n      fail: when between 10 and 20", None, model_id="")


def test_soda_checks_pasted_without_their_checks_for_line() -> None:
    text = "- missing_count(site) = 0\n- invalid_count(meter_no) = 0:\n    valid max length: 9"
    assert _said(text) == sorted(["site must not be null", "custom sql: LENGTH(meter_no) <= 9"])


def test_a_soda_user_defined_metric_counts_the_bad_rows() -> None:
    text = (
        "checks for meters:\n"
        "  - negative_reads = 0:\n"
        "      negative_reads query: |\n"
        "        SELECT COUNT(*) FROM meters WHERE kwh < 0"
    )
    assert _said(text) == ["kwh must be at least 0"]


# ------------------------------------------------------------------- Great Expectations
def test_a_json_expectation_after_a_lead_in_and_a_whole_suite() -> None:
    one = (
        "Please put this in the meters suite:\n"
        '{"expectation_type": "expect_column_values_to_not_be_null", "kwargs": {"column": "meter_no"}}'
    )
    assert _said(one) == ["meter_no must not be null"]
    suite = (
        '{"expectation_suite_name": "meters.critical", "expectations": ['
        '{"expectation_type": "expect_column_values_to_be_unique", "kwargs": {"column": "reading_id"}},'
        '{"expectation_type": "expect_column_values_to_be_between", "kwargs": {"column": "kwh", "min_value": 0}}]}'
    )
    assert _said(suite) == sorted(["reading_id must be unique", "kwh must be at least 0"])


def test_a_row_condition_on_an_expectation_read_as_sql() -> None:
    text = (
        "expect_column_values_to_be_null(\n"
        '    column="closed_at",\n'
        "    row_condition='state==\"open\"',\n"
        '    condition_parser="pandas",\n'
        ")"
    )
    checks = parse_request(text, ["ticket_id", "state", "closed_at"], model_id="")
    assert [c.condition for c in checks] == ["NOT (state= 'open') OR closed_at IS NULL"]


def test_gx_pair_equality_and_a_python_escaped_regex() -> None:
    assert _said('gx.expectations.ExpectColumnPairValuesToBeEqual(column_A="kwh_in", column_B="kwh_out")') == [
        "custom sql: kwh_in = kwh_out"
    ]
    checks = parse_request('expect_column_values_to_match_regex(column="meter_no", regex="^M\\\\d{6}$")', None, model_id="")
    assert [c.pattern for c in checks] == ["^M\\d{6}$"]


# -------------------------------------------------- monitor SQL and Monte Carlo monitors as code
@pytest.mark.parametrize(
    "after",
    ["Alert if result > 0.", "Raise an alert when the count is above 0.", "page on any result", "-- should return zero rows",
     "\u2192 must be empty"],
)
def test_a_query_of_the_bad_rows_over_lines_then_its_alert(after: str) -> None:
    text = f"SQL monitor on ops.meters:\nSELECT COUNT(*)\nFROM ops.meters\nWHERE kwh < 0 AND site IS NULL\n{after}"
    checks = parse_request(text, SCHEMA8, model_id="")
    assert [c.condition for c in checks] == ["kwh >= 0 OR site IS NOT NULL"]  # NOT (kwh < 0 AND site IS NULL)


SCHEMA8 = ["reading_id", "meter_no", "kwh", "synced_at", "site"]


def test_a_bad_rows_query_missing_a_pattern_a_list_or_grouped_by_position() -> None:
    assert _said("select * from m where not regexp_like(meter_no, '^M[0-9]{6}$') -- alert if any rows") == [
        "meter_no must match regex '^M[0-9]{6}$'"
    ]
    assert _said("SELECT * FROM m WHERE site NOT IN ('north', 'south') -- alert if it returns rows") == [
        "site must be one of 'north', 'south'"
    ]
    assert _said("SELECT meter_no, COUNT(*) FROM m GROUP BY 1 HAVING COUNT(*) > 1\nalert on any result") == [
        "meter_no must be unique"
    ]


def test_monte_carlo_monitors_as_code() -> None:
    text = (
        "montecarlo:\n"
        "  custom_sql:\n"
        "    - name: negative_reads\n"
        "      sql: SELECT * FROM ops.meters WHERE kwh < 0\n"
        "      alert_conditions:\n"
        "        - operator: GT\n"
        "          threshold_value: 0\n"
        "  freshness:\n"
        "    - name: meters_fresh\n"
        "      table: prod:ops.meters\n"
        "      freshness_threshold: 90   # minutes\n"
    )
    assert _said(text, SCHEMA8) == sorted(
        ["kwh must be at least 0", "data must be no older than 90 minutes based on synced_at"]
    )


def test_a_monte_carlo_rule_with_another_threshold_raises() -> None:
    text = (
        "montecarlo:\n  custom_sql:\n    - name: many_reads\n      sql: SELECT COUNT(*) FROM ops.meters WHERE kwh < 0\n"
        "      alert_conditions:\n        - operator: GT\n          threshold_value: 100\n"
    )
    with pytest.raises(QualityRequestError):
        parse_request(text, SCHEMA8, model_id="")


# ------------------------------------------------------------------------------------ dbt
def test_dbt_model_contract_constraints() -> None:
    text = (
        "models:\n  - name: fct_reads\n    constraints:\n      - type: primary_key\n        columns: [meter_no, synced_at]\n"
        "    columns:\n      - name: kwh\n        constraints:\n          - type: not_null\n"
        "          - type: check\n            expression: kwh >= 0"
    )
    assert _said(text) == sorted([
        "meter_no must not be null", "synced_at must not be null",
        "the combination of meter_no and synced_at must be unique", "kwh must not be null", "custom sql: kwh >= 0",
    ])
    with pytest.raises(QualityRequestError):
        parse_request("models:\n  - name: m\n    columns:\n      - name: kwh\n        constraints:\n          - type: foreign_key",
                      None, model_id="")


def test_dbt_expectations_recency_and_quote_values() -> None:
    text = (
        "- name: synced_at\n  tests:\n    - dbt_expectations.expect_row_values_to_have_recent_data:\n"
        "        column: synced_at\n        datepart: hour\n        interval: 6\n"
    )
    assert _said(text) == ["data must be no older than 6 hours based on synced_at"]
    text = "- name: site\n  tests:\n    - dbt_expectations.expect_column_values_to_be_in_set:\n        value_set: [n, s]\n        quote_values: true"
    assert _said(text) == ["site must be one of 'n', 's'"]


# --------------------------------------------------------------- chat: questions, lengths
@pytest.mark.parametrize(
    "text",
    [
        "is there a rule on meter_no yet? meter_no must be unique",
        "who maintains the meters model? meter_no must be unique",
        "did anyone add checks to ops.meters? meter_no must be unique",
    ],
)
def test_a_question_about_the_checks_is_context(text: str) -> None:
    assert _said(text, SCHEMA8) == ["meter_no must be unique"]


def test_the_answer_to_a_question_has_its_column_as_subject() -> None:
    assert _said("does the site column have a check? yes - should never be null", SCHEMA8) == ["site must not be null"]
    assert _said("do we have a check for meter_no length? it should be 4-10 chars", SCHEMA8) == [
        "custom sql: length(meter_no) >= 4 AND length(meter_no) <= 10"
    ]


def test_a_question_alone_still_raises() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("does the site column need a check?", SCHEMA8, model_id="")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("meter_no must be 3-12 characters", ["custom sql: length(meter_no) >= 3 AND length(meter_no) <= 12"]),
        ("meter_no should be 9 chars", ["custom sql: length(meter_no) = 9"]),
        ("site between 1 and 9; meter_no 9 chars.", ["custom sql: length(meter_no) = 9", "site must be between 1 and 9"]),
    ],
)
def test_a_count_of_characters_is_a_length_never_a_value_range(text: str, said: list[str]) -> None:
    assert _said(text, SCHEMA8) == sorted(said)


@pytest.mark.parametrize(
    "text", ["fail if meter_no is 9 chars", "flag rows where meter_no is 9 characters", "meter_no must not be 9 characters"]
)
def test_a_stated_bad_length_is_never_kept(text: str) -> None:
    try:
        said = _said(text, SCHEMA8)
    except QualityRequestError:
        return
    assert said != ["custom sql: length(meter_no) = 9"]


# ------------------------------------------------------------------------------ conditions
COND = ["order_id", "channel", "voucher_code", "discount", "state", "shipped_on", "weight"]


@pytest.mark.parametrize("heading", ["Rule B2: ", "something like: ", "DQ policy 4a - note: ", ""])
def test_a_heading_before_a_condition_keeps_the_condition(heading: str) -> None:
    checks = parse_request(f"{heading}if discount is 0, voucher_code must be NULL", COND, model_id="")
    assert [c.condition for c in checks] == ["NOT coalesce(discount = 0, FALSE) OR voucher_code IS NULL"]
    checks = parse_request(f"{heading}if channel = 'web' then voucher_code is required", COND, model_id="")
    assert [c.condition for c in checks] == ["NOT coalesce(channel = 'web', FALSE) OR voucher_code IS NOT NULL"]


def test_a_leading_condition_on_one_value_without_comma_or_then() -> None:
    checks = parse_request("when state is 'shipped' shipped_on should be populated", COND, model_id="")
    assert [c.condition for c in checks] == ["NOT coalesce(state = 'shipped', FALSE) OR shipped_on IS NOT NULL"]
    checks = parse_request(
        "weight must be >= 0, and if state is 'shipped' shipped_on must be filled", COND, model_id=""
    )
    assert sorted(c.describe() for c in checks) == sorted([
        "weight must be at least 0", "custom sql: NOT coalesce(state = 'shipped', FALSE) OR shipped_on IS NOT NULL",
    ])


def test_any_value_other_than_one_requires_a_column() -> None:
    checks = parse_request("any channel other than 'store' requires a voucher_code", COND, model_id="")
    assert [c.condition for c in checks] == ["NOT coalesce(channel <> 'store', FALSE) OR voucher_code IS NOT NULL"]


def test_for_any_other_value_is_the_rows_the_previous_condition_leaves_out() -> None:
    text = "R1: if channel = 'web' then voucher_code is required.\nR2: for any other channel voucher_code must be NULL."
    checks = parse_request(text, COND, model_id="")
    assert [c.condition for c in checks] == [
        "NOT coalesce(channel = 'web', FALSE) OR voucher_code IS NOT NULL",
        "coalesce(channel = 'web', FALSE) OR voucher_code IS NULL",
    ]
    with pytest.raises(QualityRequestError):  # no condition before it: never read unconditionally
        parse_request("for any other channel voucher_code must be NULL", COND, model_id="")


# ------------------------------------------------------------------ monitor and chat prose
MON = ["ticket_no", "queue", "cargo_kg", "opened_at", "closed_at", "agent_id"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ticket_no has to be 100% unique", ["ticket_no must be unique"]),
        ("agent_id should be 100 percent populated", ["agent_id must not be null"]),
        ("Field health, thresholds on ticket_no: % missing must be 0 and % unique must be 100",
         ["ticket_no must not be null", "ticket_no must be unique"]),
    ],
)
def test_a_full_share_is_the_row_check(text: str, said: list[str]) -> None:
    assert _said(text, MON) == sorted(said)


def test_a_share_below_full_stays_unread() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("ticket_no must be 98% unique", MON, model_id="")


@pytest.mark.parametrize(
    "text",
    [
        "page us when any unexpected value not in [north, south, east] turns up in queue",
        "We track the queue column. Alert if a value other than (north, south, east) appears.",
    ],
)
def test_a_value_outside_a_list_showing_up_is_the_bad_case(text: str) -> None:
    assert _said(text, MON) == ["queue must be one of 'north', 'south', 'east'"]


@pytest.mark.parametrize("unit", ["kilograms", "pounds", "litres", "grams"])
def test_a_unit_of_measure_is_no_counted_thing(unit: str) -> None:
    assert _said(f"the cargo must stay under 500 {unit}", MON) == ["custom sql: cargo_kg < 500"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("closed_at must be later than opened_at (strictly)", ["custom sql: closed_at > opened_at"]),
        ("cargo_kg must be above 0 (strictly)", ["custom sql: cargo_kg > 0"]),
        ("queue_len should be a valid queue size, i.e. 0-500", ["queue_len must be between 0 and 500"]),
        ("Data monitor on ops.tickets: alert condition is `cargo_kg > 900`", ["cargo_kg must be at most 900"]),
        ("page us if the row count is under 10 or over 90", ["the table must have between 10 and 90 rows"]),
        ("breach if no refresh for more than 2 hours based on opened_at", ["data must be no older than 2 hours based on opened_at"]),
    ],
)
def test_monitor_wording_in_more_words(text: str, said: list[str]) -> None:
    assert _said(text, [*MON, "queue_len"]) == sorted(said)


def test_strictly_after_an_inclusive_bound_raises() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("cargo_kg must be at least 5 (strictly)", MON, model_id="")


# ---------------------------------------------------------------- chat lead-ins and reports
@pytest.mark.parametrize(
    "text",
    [
        "tiny ask: ticket_no should be unique",
        "quick q - ticket_no should be unique",
        "Hey team, friendly reminder that ticket_no should be unique",
        "heads up: ticket_no should be unique",
        "ticket_no should be unique, we keep seeing dupes from the nightly replay",
        "ticket_no should be unique, seeing duplicates since friday's deploy",
        "dupes again in the tickets feed \U0001F62D ticket_no should be unique",
        "ticket_no should be unique, otherwise the billing export double counts",
    ],
)
def test_chat_around_the_rule_is_context(text: str) -> None:
    assert _said(text, MON) == ["ticket_no must be unique"]


def test_a_report_alone_still_states_the_bad_case() -> None:
    assert _said("we keep getting null agent_ids", MON) == ["agent_id must not be null"]


@pytest.mark.parametrize(
    "text", ["the pk is (ticket_no, queue)", "so for `tickets` the primary key is (ticket_no, queue)"]
)
def test_a_primary_key_of_several_columns(text: str) -> None:
    assert _said(text, MON) == sorted([
        "ticket_no must not be null", "queue must not be null", "the combination of ticket_no and queue must be unique",
    ])


def test_the_primary_key_of_a_named_table() -> None:
    assert _said("ticket_no is the primary key of ops_tickets, please enforce it", MON) == sorted(
        ["ticket_no must not be null", "ticket_no must be unique"]
    )


# --------------------------------------------------------------- formats and references
def test_format_checks_named_as_checks_and_by_looks() -> None:
    assert _said("a url check on `homepage` + an email check on `owner_mail`") == sorted(
        ["homepage must be a valid url", "owner_mail must be a valid email"]
    )
    assert _said("website should look like a proper url") == ["website must be a valid url"]


@pytest.mark.parametrize(
    "text",
    [
        "every visit.clinic_id must be in clinics (clinic_id)",
        "clinic_id has to be in the clinics table (clinics.clinic_id)",
        "clinic_id should always be in clinics.clinic_id",
    ],
)
def test_membership_in_another_tables_column_is_a_reference(text: str) -> None:
    assert _said(text) == ["every clinic_id must exist in clinics.clinic_id"]


# ------------------------------------------------------------------ "every X must have a Y"
PEOPLE = ["person_id", "dob", "tax_no", "tier"]


def test_every_record_must_have_a_multi_word_column_and_its_shape() -> None:
    assert _said("each member row must have a date of birth", PEOPLE) == ["dob must not be null"]
    assert _said("Payroll needs every person record to have a tax_no of exactly 9 digits.", PEOPLE) == sorted(
        ["tax_no must not be null", "tax_no must match regex '^\\d{9}$'"]
    )


def test_a_column_of_listed_values_after_have() -> None:
    assert _said("every record must have a date of birth and a tier of GOLD, SILVER or BRONZE", PEOPLE) == sorted(
        ["dob must not be null", "tier must be one of 'GOLD', 'SILVER', 'BRONZE'"]
    )


# ------------------------------------------------------------- wrong columns, fixed as classes
STOCK = ["bin_id", "fill_level", "bin_capacity", "zone", "audited_on"]


def test_a_column_named_in_brackets_after_the_words_it_means() -> None:
    assert _said("fill level must never exceed the bin size (bin_capacity col)", STOCK) == [
        "custom sql: fill_level <= bin_capacity"
    ]


def test_a_monitor_heading_with_its_table_before_a_dash() -> None:
    assert _said("Monitor ops.bins \u2014 fill_level between 0 and 500, zone not null", STOCK) == sorted(
        ["fill_level must be between 0 and 500", "zone must not be null"]
    )


def test_no_duplicate_combos_of_three_columns() -> None:
    assert _said("Rule: no duplicate (bin_id, zone, audited_on) combos in ops.bins", STOCK) == [
        "the combination of bin_id and zone and audited_on must be unique"
    ]


# ---------------------------------------------------------------- e-mail wording and typos
SENSOR = ["sensor_id", "humidity_pct", "site", "battery_mv"]


def test_a_real_word_two_edits_from_a_keyword_is_no_typo() -> None:
    # "relative" was corrected to "negative" (a check that wanted negative humidity)
    assert _said("relative humidity must stay within 0-100 %", SENSOR) == ["humidity_pct must be between 0 and 100"]


def test_hard_wrapped_lines_after_a_comparator_or_before_a_modal() -> None:
    assert _said("humidity should stay within\n0-100 %.", SENSOR) == ["humidity_pct must be between 0 and 100"]
    assert _said("sensor_id must be unique, and site\nshould be one of N1, N2, S1.", SENSOR) == sorted(
        ["sensor_id must be unique", "site must be one of 'N1', 'N2', 'S1'"]
    )


def test_a_named_bound_is_its_number_and_number_words_are_one_bound() -> None:
    assert _said("no sensor may report a battery below the cutoff voltage of 3300", SENSOR) == [
        "battery_mv must be at least 3300"
    ]
    assert _said("the feed should hold between two thousand and nine thousand rows", SENSOR) == [
        "the table must have between 2000 and 9000 rows"
    ]


@pytest.mark.parametrize("verb", ["report", "record", "log", "register", "send"])
def test_a_negative_subject_over_a_verb_of_recording(verb: str) -> None:
    # "no sensor may report a battery below 3300" kept battery_mv < 3300 (the bad case)
    assert _said(f"no sensor may {verb} a battery below 3300", SENSOR) == ["battery_mv must be at least 3300"]
    assert _said(f"sensors must never {verb} a battery above 4200", SENSOR) == ["battery_mv must be at most 4200"]


# ---------------------------------------------- polarity: presence and absence as the bad case
_ACTIONS = ["alert if", "fail if", "flag rows where", "page on-call when"]
_PRESENT = ["is not null", "has a value", "is populated", "is non-null"]
_ABSENT = ["is null", "is not set", "has no value", "is missing"]


@pytest.mark.parametrize("action", _ACTIONS)
@pytest.mark.parametrize("state", _PRESENT)
def test_a_value_being_there_as_the_bad_case_is_an_empty_column(action: str, state: str) -> None:
    # "alert if x is not null" / "fail if x has a value" gave not_null: the bad case kept
    assert _said(f"{action} site {state}", SENSOR) == ["custom sql: site IS NULL"]


@pytest.mark.parametrize("action", _ACTIONS)
@pytest.mark.parametrize("state", _ABSENT)
def test_a_value_missing_as_the_bad_case_is_not_null(action: str, state: str) -> None:
    # "alert if x is not set" gave x IS NULL: the bad case kept
    assert _said(f"{action} site {state}", SENSOR) == ["site must not be null"]


def test_negated_lengths_and_values_outside_a_list_after_has() -> None:
    with pytest.raises(QualityRequestError):  # was a value range on the text column
        parse_request("site must not be 3-16 characters", SENSOR, model_id="")
    assert _said("alert if site has a value outside {N1, S1}", SENSOR) == ["site must be one of 'N1', 'S1'"]
