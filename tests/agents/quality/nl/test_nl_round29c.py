"""Round 29 (row counts, freshness, references and configs) classes, read as general rules:
each test uses sentences of its own, in domains of its own, never a corpus entry."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def checks(text: str, columns: list[str] | None = None):
    return _checks(text, columns, strict=True)


def _count_admits(got, n: int) -> bool:
    """Whether a table of `n` rows passes every row_count check read."""
    return all(
        (lo is None or n >= lo) and (hi is None or n <= hi)
        for kind, _, (lo, hi) in got
        if kind == "row_count"
    )


# ------------- row counts: a run named by its period with a hyphen is the run
@given(
    st.sampled_from(["day-load", "hour-run", "week-batch", "night-load"]),
    st.sampled_from(["page us if", "alert if", "fail the DAG if"]),
    st.sampled_from(["brings", "has"]),
    st.integers(2, 400),
    st.integers(1, 5000),
)
@settings(max_examples=40, deadline=None)
def test_a_run_named_by_its_period_with_a_hyphen_counts_its_rows(run, ask, verb, lo, span):
    hi = lo + span
    got = checks(f"Volume rule on kiln_firings: {ask} a {run} {verb} fewer than {lo} rows or more than {hi}.")
    assert got == [("row_count", [], (lo, hi))]
    # the rows the sentence allows, exactly
    for n in (lo - 1, lo, hi, hi + 1):
        assert _count_admits(got, n) == (lo <= n <= hi)


# ------------- row counts: "fewer than N means <something> broke" is the bad case
@given(
    st.sampled_from(
        [
            "means the upload broke",
            "means the sync failed",
            "means the scanner app didn't sync",
            "indicates the export crashed",
            "means the import didn't run",
        ]
    ),
    st.integers(2, 300),
)
@settings(max_examples=30, deadline=None)
def test_a_count_that_means_a_run_broke_is_the_bad_case(verdict, n):
    got = checks(f"fewer than {n} rows {verdict}")
    assert got == [("row_count", [], (n, None))]  # it was `at most n - 1`: the bad case kept
    assert not _count_admits(got, n - 1) and _count_admits(got, n)


@pytest.mark.parametrize(
    "text",
    [
        "the bell_ringings table shouldn't ever get more than 900 rows in a day-load, and fewer than 12 means the upload broke",
        "The bell_ringings table should have between 12 and 900 rows per daily load; fewer than 12 means the tablet didn't sync.",
        "bell_ringings should have at most 900 rows per daily load, but under 12 indicates the export failed",
    ],
)
def test_a_bare_bound_that_means_a_run_broke_counts_the_rows_stated_before(text):
    # it was a comparison of a made-up column (`means_upload_broke < 12`) or the sentence raised
    assert checks(text) == [("row_count", [], (12, 900))]


@pytest.mark.parametrize(
    "tail",
    [
        ", if it's outside that the export broke",
        ". Alert if it's outside that.",
        ", alert if it drifts outside that.",
        ". Page the on-call if the count goes outside that range.",
    ],
)
def test_outside_that_after_a_count_range_points_back_at_it(tail):
    assert checks(f"tuning_logs should get between 30 and 700 rows per daily load{tail}") == [("row_count", [], (30, 700))]


@pytest.mark.parametrize("run", ["after the weekly load", "after each nightly run", "following the import"])
def test_when_the_count_is_taken_is_no_part_of_the_rule(run):
    got = checks(f"the ferry_tickets table must have at least 1 row {run}, and ticket_no is unique.", ["ticket_no", "route", "sold_at"])
    assert got == [("row_count", [], (1, None)), ("unique", ["ticket_no"], (None, None))]


@pytest.mark.parametrize(
    "aside",
    ["(we never sail fewer than 25 crossings)", "(our harbour always logs 25 or more)", "(we don't run with fewer)"],
)
def test_the_writers_own_practice_in_brackets_is_context(aside):
    got = checks(
        f"After each season the crossings table should have at least 25 rows {aside}, and wave height must be 0 to 14.",
        ["crossing_id", "wave_height_m", "sailed_on"],
    )
    assert got == [("row_count", [], (25, None)), ("range", ["wave_height_m"], (0, 14))]


def test_a_rule_before_actually_after_a_comma_is_kept():
    # a guard (passes before and after): only a pause or an explicit marker takes an ask back
    got = checks("hull_depth must be positive, actually check that hull_no is unique", ["hull_no", "hull_depth"])
    assert got == [("custom_sql", ["hull_depth"], "hull_depth > 0"), ("unique", ["hull_no"], (None, None))]


def test_row_count_bounds_that_admit_no_table_raise():
    # read as the rule, "fewer than 500 ... and more than 9000" was 9001 .. 499
    with pytest.raises(QualityRequestError):
        checks("the table must have fewer than 500 rows and more than 9000 rows")


@pytest.mark.parametrize("table", ["the nightly organ tuning extract", "the pipe_ranks table", "our weekly choir feed"])
def test_a_table_named_before_a_dash_then_the_ask_is_a_label(table):
    got = checks(f"{table} -- fail the checkpoint if it lands with fewer than 40 rows or\nmore than 6000.")
    assert got == [("row_count", [], (40, 6000))]


# ------------- freshness
@pytest.mark.parametrize("lead", ["Monte Carlo: freshness rule on", "MC: freshness monitor for"])
def test_a_freshness_rule_after_the_tool_named_keeps_its_column(lead):
    got = checks(f"{lead} lantern_checks -- if nothing new shows up in lit_at for\n3 hours, alert #keepers.")
    assert got == [("freshness", ["lit_at"], (None, None))]
    assert parse_request(f"{lead} lantern_checks -- if nothing new shows up in lit_at for 3 hours, alert", model_id="")[0].max_age_seconds == 10800


@pytest.mark.parametrize(
    ("text", "cols", "col", "secs"),
    [
        ("the bell_tests table should get something new at least every 4 days based on rung_at", None, "rung_at", 345600),
        ("the tuning log should get new rows at least every 2 hours", ["pipe_id", "tuned_at", "pitch_hz"], "tuned_at", 7200),
        ("bells get checked at least every 5 days", ["bell_id", "checked_at", "weight_kg"], "checked_at", 432000),
        ("hives get opened at least every 10 days", ["hive_no", "opened_at", "frames"], "opened_at", 864000),
        ("the peals table must recieve new rows at least every 20 minutes.", ["peal_id", "logged_at"], "logged_at", 1200),
        ("the ringing log should refresh at least every 3 hrs", ["peal_id", "logged_at"], "logged_at", 10800),
    ],
)
def test_something_new_at_least_every_n_is_freshness(text, cols, col, secs):
    got = parse_request(text, cols, model_id="")
    assert [(c.kind, c.columns, c.max_age_seconds) for c in got] == [("freshness", [col], secs)]


@pytest.mark.parametrize(
    ("text", "cols", "col"),
    [
        ("The harbour crossing feed must be no older than 12 hours at any point in the day.", ["crossing_id", "vessel_id", "crossed_at"], "crossed_at"),
        ("the newest sighting in the log has to be no older than 3 days.", ["sighting_id", "species", "sighted_at", "created_at"], "sighted_at"),
        ("confirm readings are fresh \u2014 the newest reading no older than 6 hours.", ["reading_id", "read_at", "depth_m"], "read_at"),
    ],
)
def test_a_freshness_subject_naming_the_table_or_its_events_is_its_timestamp(text, cols, col):
    got = parse_request(text, cols, model_id="")
    assert [(c.kind, c.columns) for c in got] == [("freshness", [col])]


def test_a_freshness_subject_with_several_timestamps_and_none_named_still_raises():
    # a guard (passes before and after): with two timestamps and no word for either, no guess
    with pytest.raises(QualityRequestError):
        checks("The harbour feed must be no older than 12 hours.", ["crossing_id", "crossed_at", "created_at"])


def test_what_happened_to_the_table_is_narrative():
    got = checks("the sightings table should get something new at least every 2 days based on sighted_at,\nit went stale over the holidays")
    assert got == [("freshness", ["sighted_at"], (None, None))]


@pytest.mark.parametrize("heading", ["Check 2: crossings freshness.", "Step 4: tickets volume.", "Rule 1 - pipes freshness."])
def test_a_numbered_heading_naming_a_check_kind_is_context(heading):
    got = checks(f"{heading} The crossing data should be no more than 45 minutes stale.", ["crossing_id", "crossed_at"])
    assert got == [("freshness", ["crossed_at"], (None, None))]


@pytest.mark.parametrize("marker", ["... actually just", "\u2026 actually,", " - actually just", ", on second thought just"])
def test_an_ask_taken_back_is_context(marker):
    got = checks(f"nightly tallies should be in by 9pm{marker} make sure counted_at is no older than 30 hours")
    assert got == [("freshness", ["counted_at"], (None, None))]


@pytest.mark.parametrize("who", ["the pipeline", "the job", "someone"])
def test_asking_whether_the_system_can_check_that_restates(who):
    got = checks(f"The sightings table must be no older than 8 hours. Can {who} check that?", ["sighting_id", "sighted_at"])
    assert got == [("freshness", ["sighted_at"], (None, None))]


# ------------- references and required things
@pytest.mark.parametrize(
    "tail",
    [
        "and tunings with no tuner are not acceptable.",
        "and tunings without a tuner are not allowed.",
        "and tunings lacking a tuner are invalid.",
    ],
)
def test_rows_with_no_thing_judged_bad_are_its_presence(tail):
    got = checks(f"the tuner on a tuning must exist in tuners.tuner_id, {tail}", ["tuning_id", "tuner_id", "pitch_hz"])
    assert ("referential", ["tuner_id"], (None, None)) in got
    assert ("not_null", ["tuner_id"], (None, None)) in got
    assert len(got) == 2


@pytest.mark.parametrize("verb", ["needs a keeper assigned pls", "must have a keeper set", "needs a keeper recorded"])
def test_a_needed_thing_with_a_participle_is_its_presence(verb):
    assert checks(f"every lighthouse {verb}", ["lighthouse_id", "keeper_id", "lit_on"]) == [("not_null", ["keeper_id"], (None, None))]


# ------------- configs
def test_monte_carlo_metric_json_with_the_metric_on_the_monitor():
    for metric, want in [("ZERO_COUNT", ("custom_sql", ["bells_rung"], "bells_rung <> 0")), ("DUPLICATE_COUNT", ("unique", ["bells_rung"], (None, None)))]:
        text = json.dumps({"type": "metric", "table": "t.peals", "metric": metric, "fields": ["bells_rung"], "alertConditions": [{"operator": "GT", "thresholdValue": 0}]})
        assert checks(text) == [want]


def test_monte_carlo_where_condition_on_an_alert_condition_keeps_the_filter():
    text = (
        "montecarlo:\n  metric:\n    - name: tuned_pitch\n      table: organ:prod.pipes\n      alert_conditions:\n"
        "        - metric: NULL_COUNT\n          fields: [pitch_hz]\n          where_condition: \"rank = 'REED'\"\n"
        "          operator: GT\n          threshold_value: 0"
    )
    ((kind, cols, cond),) = checks(text, ["pipe_id", "rank", "pitch_hz"])
    # a check on all rows where only the reed rank was asked would be a wrong check
    assert kind == "custom_sql" and set(cols) == {"rank", "pitch_hz"} and "REED" in cond and "pitch_hz IS NOT NULL" in cond


def test_monte_carlo_unary_set_and_regex_predicates_with_their_arguments_on_the_node():
    base = "montecarlo:\n  validation:\n    - name: v\n      data_source:\n        table: a:b.c\n      alert_condition:\n        type: GROUP\n        operator: AND\n        conditions:\n          - type: UNARY\n            predicate:\n              name: {name}\n              negated: true\n            value:\n              - field: {field}\n            {arg}"
    text = base.format(name="in_set", field="stop_kind", arg='values: ["FLUE", "REED", "MIXTURE"]')
    assert checks(text) == [("accepted_values", ["stop_kind"], ["FLUE", "REED", "MIXTURE"])]
    text = base.format(name="matches_regex", field="pipe_tag", arg='pattern: "^PT\\\\d{4}$"')
    assert checks(text) == [("format", ["pipe_tag"], "^PT\\d{4}$")]


def test_soda_contract_with_table_checks_only_and_valid_sql_regex():
    text = "dataset: organ/prod/tunings\nchecks:\n  - type: rows_exist\n  - type: freshness_in_hours\n    column: tuned_at\n    must_be_less_than: 36"
    got = parse_request(text, model_id="")
    assert [(c.kind, c.columns, c.min, c.max_age_seconds) for c in got] == [("row_count", [], 1, None), ("freshness", ["tuned_at"], None, 129600)]
    text = "dataset: organ/prod/pipes\ncolumns:\n  - name: pipe_tag\n    checks:\n      - type: no_invalid_values\n        valid_sql_regex: '^PT-\\d{3}$'"
    assert checks(text) == [("format", ["pipe_tag"], "^PT-\\d{3}$")]


def test_gx_one_yaml_list_with_type_keys():
    text = "expectations:\n  - type: expect_column_value_lengths_to_equal\n    kwargs: {column: hull_code, value: 6}\n  - type: expect_column_values_to_not_be_null\n    kwargs: {column: skipper}"
    assert checks(text) == [("custom_sql", ["hull_code"], "LENGTH(hull_code) = 6"), ("not_null", ["skipper"], (None, None))]


# ------------- formats by example
@pytest.mark.parametrize(
    ("text", "col", "pattern"),
    [
        ("hull_code looks like HB-07-K (HB, two digits, dash, one capital letter).", "hull_code", r"^HB-\d{2}-K$".replace("K$", "[A-Z]$")),
        ("ring_no follows FAL-0000 (FAL, dash, four digits) and is unique.", "ring_no", r"^FAL-\d{4}$"),
        ("the lamp colour column should look like #RRGGBB, a hash then 6 hex characters", "lamp_colour_hex", r"^#[0-9A-Fa-f]{6}$"),
        ("batch_ref is 2 uppercase letters + 3 digits like KL204", "batch_ref", r"^[A-Z]{2}\d{3}$"),
        ("berth_code looks like 12/A7 (2 digits, slash, a letter, a digit)", "berth_code", r"^\d{2}/[A-Za-z]\d$"),
    ],
)
def test_an_example_with_its_description_spelled_out_reads_the_description(text, col, pattern):
    cols = [col, "other_id"] if "column" in text else None
    got = checks(text, cols)
    assert got[0] == ("format", [col], pattern)
    assert all(c[1] == [col] for c in got)  # no column made of the description's words


def test_an_example_that_does_not_fit_its_description_raises():
    with pytest.raises(QualityRequestError):
        checks("plate_no looks like AB-12 (AB, dash, three digits)")


def test_a_pronouns_example_is_still_a_remark():
    # a guard (passes before and after): "they look like <example> (<description>)" next to the
    # call that states the rule stays a remark, never a check on a column "they"
    got = checks('what do our codes look like? they look like WXYZ123 (four capitals then three digits)\n\nvalidator.expect_column_values_to_match_regex(column="site_code", regex=r"^[A-Z]{4}\\d{3}$")')
    assert got == [("format", ["site_code"], r"^[A-Z]{4}\d{3}$")]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("berth must be one of B1\u2013B4.", ["B1", "B2", "B3", "B4"]),
        ("bay must be one of BAY08 to BAY11", ["BAY08", "BAY09", "BAY10", "BAY11"]),
        ("grade must be one of A\u2013D", ["A", "B", "C", "D"]),
    ],
)
def test_a_run_of_codes_is_the_list_of_its_codes(text, values):
    ((kind, _, got),) = checks(text)
    assert kind == "accepted_values" and sorted(got) == values


@pytest.mark.parametrize(
    "text",
    [
        "Alert if the newest pulse_ts in the pulses table is older than 2 hours.",
        "Page us if the latest pulse_ts of the pulses feed is more than 2 hours old.",
    ],
)
def test_a_named_timestamp_wins_over_the_key_its_table_resembles(text):
    # it was `based on pulse_id` (a freshness check on the key)
    got = parse_request(text, ["pulse_id", "rig_id", "pulse_ts", "load_pct"], model_id="")
    assert [(c.kind, c.columns) for c in got] == [("freshness", ["pulse_ts"])]


def test_a_freshness_rule_never_takes_the_column_of_the_clause_before():
    got = parse_request(
        "the fill level can be anything up to 90 percent and gauge data must arrive at least every 15 minutes.",
        ["gauge_id", "fill_level_pct", "read_at"],
        model_id="",
    )
    # it was `based on fill_level_pct`
    assert [(c.kind, c.columns) for c in got] == [("range", ["fill_level_pct"]), ("freshness", ["read_at"])]


@pytest.mark.parametrize("each", ["(one row each)", "(1 row per ringer)"])
def test_entities_counted_one_row_each_are_the_rows(each):
    got = checks(f"Expected: between 1,200 and 1,400 ringers in the export {each}; ringer_no unique.", ["ringer_no", "tower", "joined_on"])
    # the bound went to the key (`ringer_no between 1200 and 1400`)
    assert got == [("row_count", [], (1200, 1400)), ("unique", ["ringer_no"], (None, None))]


def test_a_table_that_refreshes_every_n_minutes_is_a_fact_not_a_rule():
    # a guard (passes before and after): the present tense without a modal describes the feed
    got = parse_request(
        "During the festival the peals table refreshes every 5 minutes. The check goes red if the newest logged_at is more than 20 minutes old.",
        ["peal_id", "logged_at"],
        model_id="",
    )
    assert [(c.kind, c.columns, c.max_age_seconds) for c in got] == [("freshness", ["logged_at"], 1200)]
