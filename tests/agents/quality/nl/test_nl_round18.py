"""Round 18 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

_COL = st.sampled_from(["berth_load", "kiln_temp", "brew_ph", "tram_speed", "hive_weight", "sluice_level"])


# ------------------- "after each <batch> confirm ...", "before <gerund> ... verify that ...":
# a step of the process, then the verb that asks for the check
@pytest.mark.parametrize(
    "lead",
    [
        "after each 5-min batch confirm",
        "after every hourly sync check that",
        "before releasing the figures verify that",
        "Ops runbook: after the nightly load confirm that",
    ],
)
def test_a_process_step_before_the_check_verb_is_context(lead: str) -> None:
    assert _checks(f"{lead} kiln_temp is between -20 and 1400") == [("range", ["kiln_temp"], (-20.0, 1400.0))]


@given(_COL, st.integers(-100, 0), st.integers(1, 5000))
@settings(max_examples=25, deadline=None)
def test_a_process_step_lead_keeps_the_range(col: str, lo: int, hi: int) -> None:
    got = _checks(f"after each 10-min batch verify {col} is between {lo} and {hi}")
    assert got == [("range", [col], (float(lo), float(hi)))]


# ------------------- "every <entity> has a <col> present in <t>.<c>": the row must have the column
# and its value must be found in the other table (round 30: a not-null and the reference; round 18
# read the reference alone, which let rows without one through)
@pytest.mark.parametrize(
    "text",
    [
        "every berth has a harbour_id present in ports.harbour_id",
        "each berth has a harbour_id that is found in ports.harbour_id",
        "every berth has a harbour_id that exists in ports.harbour_id",
    ],
)
def test_has_col_present_in_table_is_a_reference(text: str) -> None:
    got = parse_request(text, model_id="")
    assert sorted((c.kind, c.columns, c.ref_table, c.ref_column) for c in got) == [
        ("not_null", ["harbour_id"], None, None),
        ("referential", ["harbour_id"], "ports", "harbour_id"),
    ]


def test_has_col_present_in_then_a_second_rule() -> None:
    got = parse_request(
        "confirm that every hive has a apiary_id present in apiaries.apiary_id and that hive_weight is not below tare_weight",
        model_id="",
    )
    assert [c.kind for c in got] == ["not_null", "referential", "custom_sql"]


# ------------------- "..., both required": the two columns of the clause before, each not null
@pytest.mark.parametrize("tail", [", both required", "; both must be populated", ", both mandatory."])
def test_both_required_after_a_comparison(tail: str) -> None:
    got = _checks(f"closed_on must be after opened_on{tail}")
    assert got[1:] == [("not_null", ["closed_on"], (None, None)), ("not_null", ["opened_on"], (None, None))]
    assert got[0][0] == "custom_sql"


def test_both_with_no_two_columns_before_is_refused() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("brew_ph must be positive, both required", model_id="")
    with pytest.raises(QualityRequestError):
        parse_request("both required", model_id="")


# ------------------- "<col>: cap it at N, floor M": a range on the heading's column
@given(_COL, st.integers(-500, -1), st.integers(1, 500), st.booleans())
@settings(max_examples=25, deadline=None)
def test_cap_and_floor_on_the_heading_column_is_a_range(col: str, lo: int, hi: int, cap_first: bool) -> None:
    text = f"{col}: cap it at {hi}, floor {lo}" if cap_first else f"{col}: floor it at {lo}, cap {hi}"
    assert _checks(text) == [("range", [col], (float(lo), float(hi)))]


def test_two_bounds_of_one_kind_are_not_a_range() -> None:
    got = []
    try:
        got = _checks("tram_speed: cap it at 10, max 20")
    except QualityRequestError:
        pass
    assert ("range", ["tram_speed"], (None, 10.0)) not in got
    assert not any(k == "range" and v[0] is not None for k, _, v in got if isinstance(v, tuple))


# ------------------- "species", "series": the same word in the singular
@pytest.mark.parametrize("word", ["species", "series"])
def test_invariant_plural_words_keep_their_name(word: str) -> None:
    (c,) = parse_request(f"{word} must not be null", model_id="")
    assert c.columns == [word]


# ------------------- "..., so that <reason>": the reason is context, never a rule
@pytest.mark.parametrize(
    "text",
    [
        "berth_code must be unique so that pilots find the right quay",
        "As a harbour master I want berth_code to be unique, so that pilots find the right quay.",
        "HAR-4 Story: As a harbour master I want berth_code to be unique so that pilots find the right quay.",
    ],
)
def test_so_that_reason_is_context(text: str) -> None:
    assert _checks(text) == [("unique", ["berth_code"], (None, None))]


def test_so_that_with_a_rule_of_its_own_is_kept() -> None:
    got = _checks("Could you add a check so that the hive_weight is always filled in?")
    assert got == [("not_null", ["hive_weight"], (None, None))]


# ------------------- "<col> (in <t>) should map to a row in <t2> (<key>)": a reference
@pytest.mark.parametrize(
    ("text", "table", "key"),
    [
        ("berth_ref in moorings should always map to a row in dim_berths (berth_key)", "dim_berths", "berth_key"),
        ("berth_ref must point to a record in ports.berths on berth_key", "ports.berths", "berth_key"),
        ("every berth_ref has to link to an existing row in dim_berths (berth_key).", "dim_berths", "berth_key"),
    ],
)
def test_map_to_a_row_in_table_is_a_reference(text: str, table: str, key: str) -> None:
    (c,) = parse_request(text, model_id="")
    assert (c.kind, c.columns, c.ref_table, c.ref_column) == ("referential", ["berth_ref"], table, key)


def test_map_to_a_row_with_no_key_is_not_guessed() -> None:
    try:
        got = parse_request("berth_ref must map to a row in dim_berths", model_id="")
    except QualityRequestError:
        return
    assert all(c.kind != "referential" or c.ref_column for c in got)


# ------------------- "On <table>, <rule>", "In <table>, <rule>": the table is context
@pytest.mark.parametrize("prep", ["On", "In", "For"])
def test_on_table_comma_is_context(prep: str) -> None:
    got = _checks(f"{prep} tram_stops_daily, stop_ref has to exist in stops.stop_ref")
    assert [(k, c) for k, c, _ in got] == [("referential", ["stop_ref"])]


# ------------------- "alert when <col> isn't A, B or C": the bad case is a value outside the list
_CODES = st.lists(st.sampled_from(["GOLD", "SILVER", "BRONZE", "TIN", "IRON", "LEAD"]), min_size=2, max_size=4, unique=True)


@given(_CODES, st.sampled_from(["alert when", "flag rows where", "fail if", "Ops rule on vaults: alert when"]), st.sampled_from(["isn't", "is not"]))
@settings(max_examples=30, deadline=None)
def test_bad_case_not_a_code_list_is_accepted_values(codes: list[str], head: str, neg: str) -> None:
    listed = ", ".join(codes[:-1]) + " or " + codes[-1]
    (c,) = parse_request(f"{head} medal_tier {neg} {listed}", model_id="")
    assert (c.kind, c.columns, c.values) == ("accepted_values", ["medal_tier"], codes)


def test_bad_case_not_a_slash_list_and_numbers() -> None:
    assert _checks("flag rows where medal_tier isn't GOLD/SILVER") == [("accepted_values", ["medal_tier"], ["GOLD", "SILVER"])]
    assert _checks("alert if lane_no is not 3 or 4") == [("accepted_values", ["lane_no"], [3, 4])]


def test_bad_case_not_a_lowercase_word_is_not_a_value_list() -> None:
    try:
        got = _checks("alert when medal_tier is not shiny")
    except QualityRequestError:
        return
    assert all(k != "accepted_values" for k, _, _ in got)


# ------------------- "within 0%..100%", "0%–30%": a range of percentages
@pytest.mark.parametrize("rng", ["0%..45%", "0%\u201345%", "0% - 45%", "0% to 45%"])
def test_percentage_ranges_are_ranges(rng: str) -> None:
    assert _checks(f"rebate_pct must be within {rng}") == [("range", ["rebate_pct"], (0.0, 45.0))]


# ------------------- upper-case codes with hyphens in a list stay whole
@given(st.lists(st.sampled_from(["AL-1", "CU-2B", "ZN-X", "FE-30", "NI"]), min_size=2, max_size=4, unique=True))
@settings(max_examples=25, deadline=None)
def test_hyphenated_codes_in_a_list_stay_whole(codes: list[str]) -> None:
    (c,) = parse_request(f"alloy_code must be one of {', '.join(codes)}", model_id="")
    assert c.values == codes


def test_hyphenated_codes_in_set_braces() -> None:
    (c,) = parse_request("alloy_code \u2208 {AL-1, CU-2B, ZN-X}", model_id="")
    assert c.values == ["AL-1", "CU-2B", "ZN-X"]


# ------------------- a freshness monitor on a table, then the column and its threshold
@pytest.mark.parametrize(
    ("text", "secs"),
    [
        ("Set up a Monte Carlo freshness rule on dock_scans \u2014 field scanned_at, threshold 3 hours.", 10800),
        ("pls add freshness on dock_scans \u2013 scanned_at no older than 10 min", 600),
        ("MC freshness monitor for ops.dock_scans: alert if nothing new in scanned_at for 6 hours", 21600),
        ("Freshness check on wh:ops.dock_scans, threshold 90 minutes on scanned_at.", 5400),
        ("freshness rule on dock_scans -- alert when the newest scanned_at is more than 2 hours old", 7200),
    ],
)
def test_freshness_monitor_on_a_table(text: str, secs: int) -> None:
    (c,) = parse_request(text, model_id="")
    assert (c.kind, c.columns, c.max_age_seconds) == ("freshness", ["scanned_at"], secs)


@given(st.integers(1, 48))
@settings(max_examples=20, deadline=None)
def test_freshness_threshold_hours(n: int) -> None:
    (c,) = parse_request(f"add an MC freshness rule on berth_logs: field logged_at, threshold {n} hours", model_id="")
    assert (c.kind, c.columns, c.max_age_seconds) == ("freshness", ["logged_at"], n * 3600)


def test_freshness_monitor_with_no_column_rule_is_left_to_other_readers() -> None:
    # no column named after the table: the known columns decide (as before)
    (c,) = parse_request(
        "Freshness monitor for ops.dock_scans, threshold 2 hours", ["scan_id", "scanned_at", "dock"], model_id=""
    )
    assert (c.kind, c.columns, c.max_age_seconds) == ("freshness", ["scanned_at"], 7200)


# ------------------- "shouldn't ever", "must not ever": one negation ("never")
@pytest.mark.parametrize("neg", ["shouldn't ever", "must not ever", "can't ever"])
def test_not_ever_is_never_in_a_guarded_rule(neg: str) -> None:
    (c,) = parse_request(f"toll_eur {neg} be below 0 unless is_exempt = true", model_id="")
    assert c.kind == "custom_sql" and c.condition is not None
    assert "toll_eur >= 0" in c.condition and "is_exempt" in c.condition


# ------------------- "the <process> must reject rows where ...": the bad case
@given(st.sampled_from(["The kiln log import", "our nightly load", "the berth sync job"]), st.integers(1, 9), st.integers(10, 99))
@settings(max_examples=20, deadline=None)
def test_process_rejects_rows_where_is_the_bad_case(proc: str, lo: int, hi: int) -> None:
    got = _checks(f"{proc} must reject rows where batch_no < {lo} or tray_count > {hi}.")
    assert got == [("range", ["batch_no"], (float(lo), None)), ("range", ["tray_count"], (None, float(hi)))]


# ------------------- "..., then move on to step N": the next runbook step, never a column
def test_then_move_on_to_the_next_step_is_context() -> None:
    got = _checks("verify that berth_load is never negative, then move on to step 7.")
    assert got == [("range", ["berth_load"], (0.0, None))]


# ------------------- "when the <x> check goes red, <rule>": when someone reads on, not a condition
def test_when_the_check_goes_red_is_context() -> None:
    got = _checks("when the vault_audit check goes red, medal_tier must be GOLD, SILVER or BRONZE; vault_id unique.")
    assert got == [("accepted_values", ["medal_tier"], ["GOLD", "SILVER", "BRONZE"]), ("unique", ["vault_id"], (None, None))]


def test_a_column_condition_before_a_comma_stays_a_condition() -> None:
    (c,) = parse_request("if lane_state is red, toll_eur must be positive", model_id="")
    assert c.kind == "custom_sql" and "lane_state" in (c.condition or "")
