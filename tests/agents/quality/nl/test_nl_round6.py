"""Round 6 classes (generalisation): requests for an alert in other words, when a check runs
stated as a pipeline step, "positive" as a strict bound, plural column words kept out of
typo correction, units of measure after a number."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

SCHEMA = ["sample_id", "depth_m", "flow_rate_lps", "ph_level", "site_code", "collected_at", "pump_mm_s"]


def _said(text: str, columns: list[str] | None = SCHEMA) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# --------------------------------------------------------------------------- alert requests
_ASKS = [
    "can we get an alert if",
    "could you set up a page when",
    "I'd like a slack alert in #dq whenever",
    "we want to be notified if",
    "please let me know if",
    "ping @oncall when",
    "there should be an alert if",
    "would someone add a notification whenever",
    "can we alert if",
    "could you page on-call when",
    "hey can we please alert when",
]
_BAD = [
    ("depth_m goes above 40", ["depth_m must be at most 40"]),
    ("ph_level is below 3", ["ph_level must be at least 3"]),
    ("site_code is null", ["site_code must not be null"]),
    ("depth_m is outside 0-40", ["depth_m must be between 0 and 40"]),
    ("the table has fewer than 500 rows", ["the table must have at least 500 rows"]),
]


@pytest.mark.parametrize("ask", _ASKS)
@pytest.mark.parametrize(("bad", "want"), _BAD)
def test_a_request_for_an_alert_states_the_bad_case(ask, bad, want):
    """'can we get an alert if X > 40': the alert is on the bad rows, the check is the good
    case; read without the alert it was the bad case itself (inverted)."""
    assert _said(f"{ask} {bad}") == want


@pytest.mark.parametrize(
    "tail", ["we should get paged", "let us know", "please ping the team", "someone should be alerted"]
)
@pytest.mark.parametrize(("bad", "want"), _BAD[:3])
def test_an_alert_after_its_condition_states_the_bad_case(tail, bad, want):
    assert _said(f"if {bad}, {tail}") == want


@pytest.mark.parametrize(
    "text",
    [
        "depth_m above 40 is something we want alerts about whenever it happens",
        "alerting is needed for us if depth_m goes above 40 somehow",
    ],
)
def test_an_alert_in_words_no_frame_knows_is_not_read_as_the_bad_case(text):
    """Never the comparison on its own (that keeps the bad rows): an error, or the good case."""
    try:
        got = _said(text)
    except QualityRequestError:
        return
    assert got == ["depth_m must be at most 40"]


# --------------------------------------------------------------------------- process steps
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("alert if the table has fewer than 500 rows after the nightly load", ["the table must have at least 500 rows"]),
        ("site_code must never be null before the weekly refresh", ["site_code must not be null"]),
        ("following the backfill, check that ph_level is between 0 and 14", ["ph_level must be between 0 and 14"]),
        ("after the morning batch, make sure sample_id is unique", ["sample_id must be unique"]),
        ("confirm the table is not empty before running the export", ["the table must have at least 1 rows"]),
        # a time column after "after" stays a comparison
        ("collected_at must be after the 2020-01-01 cutoff date", None),
    ],
)  # fmt: skip
def test_when_a_check_runs_is_context_not_a_comparison(text, want):
    if want is None:
        with pytest.raises(QualityRequestError):
            _said(text)
        return
    assert _said(text) == want


# --------------------------------------------------------------------------- positive / negative
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("depth_m must be positive", ["custom sql: depth_m > 0"]),
        ("every sample needs a positive flow rate", ["custom sql: flow_rate_lps > 0"]),
        ("depth_m should be a positive number", ["custom sql: depth_m > 0"]),
        ("depth_m must be zero or positive", ["depth_m must be at least 0"]),
        ("depth_m must not be positive", ["depth_m must be at most 0"]),
        ("depth_m can't be negative", ["depth_m must be at least 0"]),
        ("fail if depth_m is negative", ["depth_m must be at least 0"]),
        ("fail if depth_m is positive", ["depth_m must be at most 0"]),
    ],
)
def test_positive_excludes_zero_and_each_negation_flips_once(text, want):
    assert _said(text) == want


# --------------------------------------------------------------------------- column words
@pytest.mark.parametrize(
    ("text", "columns", "want"),
    [
        # "rates" is the plural of a column word, never the keyword "dates"
        ("flow rates must be at most 900", SCHEMA, ["flow_rate_lps must be at most 900"]),
        ("interest rates should be between 0.5% and 30%", ["loan_id", "interest_rate_pct", "opened_on"],
         ["interest_rate_pct must be between 0.5 and 30"]),
    ],
)  # fmt: skip
def test_a_plural_of_a_column_word_is_not_corrected_into_a_keyword(text, columns, want):
    assert _said(text, columns) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("pump vibration must stay below 12 mm/s", ["custom sql: pump_mm_s < 12"]),
        ("the pump reading never goes beyond 7.5 mm/s", ["pump_mm_s must be at most 7.5"]),
    ],
)
def test_a_unit_of_measure_after_a_number_is_not_a_multiplier(text, want):
    """'12 mm/s' is twelve millimetres a second, never 12 million (finance's "mm")."""
    assert _said(text) == want


# --------------------------------------------------------------------------- pasted code
@pytest.mark.parametrize(
    ("text", "columns", "want"),
    [
        # GX 1.x classes, wrappers, JSON configs, comment lines, raw-string prefixes
        ('suite.add_expectation(\n  gx.expectations.ExpectColumnValuesToBeUnique(column="lot_no")\n)', None,
         ["lot_no must be unique"]),
        ('# grams, never kilograms\nvalidator.expect_column_values_to_be_between(column="mass_g", min_value=1, max_value=900)',
         None, ["mass_g must be between 1 and 900"]),
        ('{"expectation_type": "expect_column_values_to_not_be_null", "kwargs": {"column": "lot_no"}}', None,
         ["lot_no must not be null"]),
        ('validator.expect_column_values_to_match_regex(column="lot_no", regex=r"^L\\d{6}$")', None,
         ["lot_no must match regex '^L\\d{6}$'"]),
        ('batch.expect_column_values_to_be_in_set(column="is_void", value_set=[True])', None,
         ["is_void must be one of true"]),
        # row filters make the check conditional; a filtered uniqueness is no check kind
        ("- name: lot_no\n  tests:\n    - not_null:\n        config:\n          where: \"plant = 'B'\"", None,
         ["custom sql: NOT coalesce(plant = 'B', FALSE) OR lot_no IS NOT NULL"]),
        ("checks for lots:\n  - missing_count(lot_no) = 0:\n      filter: plant = 'B'", None,
         ["custom sql: NOT coalesce(plant = 'B', FALSE) OR lot_no IS NOT NULL"]),
        ('.isComplete("lot_no").where("plant = \'B\'")', None,
         ["custom sql: NOT coalesce(plant = 'B', FALSE) OR lot_no IS NOT NULL"]),
        ('expect_column_values_to_be_in_set(column="grade", value_set=["A", "B"], row_condition=\'plant=="B"\', condition_parser="pandas")',
         None, ["custom sql: NOT coalesce(plant = 'B', FALSE) OR (grade IN ('A', 'B'))"]),
        # strict sides spelled as library flags
        ("- name: yield_pct\n  tests:\n    - dbt_expectations.expect_column_values_to_be_between:\n        min_value: 0\n        max_value: 100\n        strictly: true",
         None, ["custom sql: yield_pct > 0 AND yield_pct < 100"]),
        ('.isContainedIn("yield_pct", 0, 100, includeLowerBound = false)', None,
         ["custom sql: yield_pct > 0 AND yield_pct <= 100"]),
        # PyDeequ: the chain's variable and lambdas
        ('chk = (Check(spark, CheckLevel.Error, "lots")\n   .hasSize(lambda n: n >= 50)\n   .isComplete("lot_no"))', None,
         ["lot_no must not be null", "the table must have at least 50 rows"]),
        ('chk.isComplete("lot_no").isUnique("lot_no")', None, ["lot_no must be unique", "lot_no must not be null"]),
        # Soda: the fail threshold, extremes of a length, a failing-rows query
        ("checks for lots:\n  - row_count:\n      warn: when < 900\n      fail: when < 100", None,
         ["the table must have at least 100 rows"]),
        ("checks for lots:\n  - max_length(lot_no) <= 12", None, ["custom sql: LENGTH(lot_no) <= 12"]),
        ("checks for lots:\n  - failed rows:\n      fail query: |\n        SELECT * FROM lots WHERE mass_g < 0", None,
         ["mass_g must be at least 0"]),
        # dbt date bounds
        ("- name: made_on\n  tests:\n    - dbt_utils.accepted_range:\n        min_value: \"'2001-01-01'\"\n        max_value: current_date",
         None, ["custom sql: made_on >= '2001-01-01' AND made_on <= CURRENT_DATE"]),
    ],
)  # fmt: skip
def test_pasted_library_code_in_its_other_spellings(text, columns, want):
    assert _said(text, columns) == sorted(want)


@pytest.mark.parametrize(
    "text",
    [
        "- name: lot_no\n  tests:\n    - unique:\n        config:\n          where: \"plant = 'B'\"",
        'expect_column_values_to_be_between(column="mass_g", min_value=1, tolerance=3)',
        "checks for lots:\n  - max_length(lot_no) >= 12",
        '.isContainedIn("yield_pct", 0, 100, someFlag = false)',
    ],
)
def test_a_library_setting_that_changes_the_rows_is_never_dropped(text):
    """A filter on a uniqueness, an unknown argument, an aggregate of lengths: an error, never
    the check without them (that would check other rows, or other bounds)."""
    with pytest.raises(QualityRequestError):
        _said(text, None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("-- any row returned is a failure\nselect *\nfrom {{ ref('lots') }}\nwhere mass_g > 900", ["mass_g must be at most 900"]),
        ("select l.*\nfrom {{ ref('lots') }} l\nleft join {{ ref('plants') }} p on l.plant_id = p.plant_id\nwhere p.plant_id is null",
         ["every plant_id must exist in plants.plant_id"]),
        ("Monitor SQL: alert if SELECT lot_no FROM lots GROUP BY lot_no HAVING COUNT(*) > 1 returns rows", ["lot_no must be unique"]),
        ("select * from {{ ref('lots') }} where mass_g > 900 and plant = 'B'", ["custom sql: mass_g <= 900 OR plant <> 'B'"]),
    ],
)  # fmt: skip
def test_a_query_that_selects_the_bad_rows_is_read_as_the_good_case(text, want):
    assert _said(text, None) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("when mass_g > 900 and plant = 'B', grade must not be null",
         ["custom sql: NOT coalesce((mass_g > 900) AND (plant = 'B'), FALSE) OR grade IS NOT NULL"]),
        ("when mass_g > 900 or plant = 'B', grade must not be null",
         ["custom sql: NOT coalesce((mass_g > 900) OR (plant = 'B'), FALSE) OR grade IS NOT NULL"]),
    ],
)  # fmt: skip
def test_a_guard_of_two_comparisons_keeps_both(text, want):
    """The conjunction used to be read as one column name ("mass_g_GT_900_and_plant")."""
    assert _said(text, None) == want


@pytest.mark.parametrize(
    "text",
    [
        "the website has to be a valid URL if one is provided",
        "the website has to be a valid URL if there is one",
        "website must be a valid url when one is entered",
    ],
)
def test_a_presence_tail_is_null_tolerant(text):
    assert _said(text, ["vendor_id", "website"]) == ["website must be a valid url"]


# --------------------------------------------------------------------------- polarity: have/contain
_HAVE = ["must never contain a", "may not have any", "should never hold a", "must not contain any"]
_CMP = [
    ("outside 2-9", ["ph_level must be between 2 and 9"]),
    ("between 2 and 9", ["custom sql: ph_level < 2 OR ph_level > 9"]),
    ("above 9", ["ph_level must be at most 9"]),
    ("below 2", ["ph_level must be at least 2"]),
]


@pytest.mark.parametrize("have", _HAVE)
@pytest.mark.parametrize(("cmp", "want"), _CMP)
def test_a_negation_over_have_or_contain_flips_the_comparison_once(have, cmp, want):
    """'the table must never contain a ph level outside 2-9' used to keep the outside (the
    bad case): the negation over 'contain <noun>' now flips an interval like a comparator."""
    assert _said(f"the samples table {have} ph level {cmp}") == want


# --------------------------------------------------------------------------- scope words
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the flow rate must be positive for every sample", ["custom sql: flow_rate_lps > 0"]),
        ("ph_level must be at most 14 on each sample", ["ph_level must be at most 14"]),
        ("the ph level must not be null across all sites", ["ph_level must not be null"]),
    ],
)
def test_a_scope_over_every_row_is_not_a_column(text, want):
    assert _said(text) == want


@pytest.mark.parametrize(
    "text",
    ["the turbidity reading on samples must be below 5", "the operator badge is always filled in for sites"],
)
def test_a_head_noun_that_names_no_column_is_never_replaced_by_its_scope(text):
    """'the interest rate on loans' used to become loan_id (the scope's key): an error now."""
    with pytest.raises(QualityRequestError, match="no column matches"):
        _said(text, ["sample_id", "site_id", "ph_level"])


# --------------------------------------------------------------------------- object + "to"
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the lab requires ph_level to be between 0 and 14", ["ph_level must be between 0 and 14"]),
        ("ops needs the site code to never be null", ["site_code must not be null"]),
        ("we expect sample_id to be unique", ["sample_id must be unique"]),
    ],
)
def test_someone_requires_x_to_be_y(text, want):
    assert _said(text) == want


# --------------------------------------------------------------------------- conditions
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("site_code not null if depth_m > 10", ["custom sql: NOT coalesce(depth_m > 10, FALSE) OR site_code IS NOT NULL"]),
        ("please enforce that rows with ph_level = 7 have a non-null site_code",
         ["custom sql: NOT coalesce(ph_level = 7, FALSE) OR site_code IS NOT NULL"]),
        ("site_code is populated for every sample where depth_m is 0",
         ["custom sql: NOT coalesce(depth_m = 0, FALSE) OR site_code IS NOT NULL"]),
        ("Sampling rule: if depth_m > 10 then site_code must be set",
         ["custom sql: NOT coalesce(depth_m > 10, FALSE) OR site_code IS NOT NULL"]),
        ("checks pls: site_code ∈ {A1, B2}", ["site_code must be one of 'A1', 'B2'"]),
    ],
)  # fmt: skip
def test_a_condition_is_kept_never_read_as_a_check_on_its_column(text, want):
    assert _said(text) == want


def test_a_condition_that_cannot_be_read_is_never_dropped():
    with pytest.raises(QualityRequestError):
        _said("Sampling rule: if the sample looks odd then site_code must be set")


# --------------------------------------------------------------------------- row counts of tables
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("row count of stg_samples should be between 100 and 900", ["the table must have between 100 and 900 rows"]),
        ("the number of rows in fct_samples must be at least 50", ["the table must have at least 50 rows"]),
        ("Gate: the record count for raw_samples must be somewhere between 1k and 2k",
         ["the table must have between 1000 and 2000 rows"]),
        ("stg_samples must never be empty", ["the table must have at least 1 rows"]),
        ("please confirm dim_site isn't empty", ["the table must have at least 1 rows"]),
    ],
)  # fmt: skip
def test_the_rows_of_a_named_table_are_its_row_count(text, want):
    """'row count of stg_x between A and B' used to put a range on a column stg_x."""
    assert _said(text, None) == want


# --------------------------------------------------------------------------- Gherkin
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Scenario: lots land\nGiven the morning import has finished\nWhen I query the lots table\nThen it contains at least 10 rows",
         ["the table must have at least 10 rows"]),
        ("Scenario: deep samples\nGiven a sample has depth_m > 10\nThen site_code must not be null",
         ["custom sql: NOT coalesce(depth_m > 10, FALSE) OR site_code IS NOT NULL"]),
        ("Given the nightly import\nWhen the DQ job runs\nThen it fails if any site_code is not exactly 4 characters long",
         ["custom sql: length(site_code) = 4"]),
        ("Given depth_m > 10 then site_code must be set and ph_level must be 7",
         ["custom sql: NOT coalesce(depth_m > 10, FALSE) OR ph_level = 7",
          "custom sql: NOT coalesce(depth_m > 10, FALSE) OR site_code IS NOT NULL"]),
    ],
)  # fmt: skip
def test_a_gherkin_scenario_reads_its_given_as_a_condition_or_context(text, want):
    assert _said(text) == sorted(want)


def test_a_condition_after_the_last_clause_is_that_clauses_own():
    assert _said("depth_m can't be negative, and ph_level must be > 0 whenever depth_m > 10") == [
        "custom sql: NOT coalesce(depth_m > 10, FALSE) OR ph_level > 0",
        "depth_m must be at least 0",
    ]


# --------------------------------------------------------------------------- chatter, precision, junk
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ph_level should be >= 0, pls add", ["ph_level must be at least 0"]),
        ("ph_level should be >= 0 - thanks!", ["ph_level must be at least 0"]),
        ("tbh I'd just check depth_m > 0", ["custom sql: depth_m > 0"]),
        ("we'll need ph_level <= 14", ["ph_level must be at most 14"]),
        ("alert when depth_m has more than 1 decimal places", ["custom sql: depth_m = ROUND(depth_m, 1)"]),
        ("depth_m must have at most 3 decimal places", ["custom sql: depth_m = ROUND(depth_m, 3)"]),
        ("site_code is either null or exactly 4 uppercase letters", ["site_code must match regex '^[A-Z]{4}$'"]),
    ],
)
def test_asks_contractions_and_precision_are_not_column_words(text, want):
    assert _said(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "a sample can only be collected for sites in region 'north'",
        "site_code must be 4 odd characters",
        "depth_m has roughly 2 decimal places",
        "the failure ratio per site must stay below 5%",
    ],
)
def test_phrases_no_check_says_raise(text):
    with pytest.raises(QualityRequestError):
        _said(text)


# --------------------------------------------------------------------------- strictness words
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ph_level must be strictly between 0 and 14", ["custom sql: ph_level > 0 AND ph_level < 14"]),
        ("ph_level must be between 14 and 0 (exclusive)", ["custom sql: ph_level > 0 AND ph_level < 14"]),
        ("ph_level must be between 0 and 14, both exclusive", ["custom sql: ph_level > 0 AND ph_level < 14"]),
        ("ph_level must be between 0 and 14 (inclusive)", ["ph_level must be between 0 and 14"]),
        ("ph_level should be 0-14 inclusive", ["ph_level must be between 0 and 14"]),
    ],
)
def test_a_strictness_word_is_read_never_dropped(text, want):
    """'between 0 and 10 (exclusive)' used to be the inclusive range (admitting 0 and 10)."""
    assert _said(text) == want


@pytest.mark.parametrize(
    "text", ["ph_level must be between 0 and 14, excluding the upper bound", "ph_level between 0 and 14 exclusive of 14 only"]
)
def test_a_strictness_on_one_bound_only_raises(text):
    with pytest.raises(QualityRequestError):
        _said(text)


# --------------------------------------------------------------------------- bad-case conjunctions
_ACTS = ["fail if", "alert when", "flag rows where", "alert if any rows have", "raise an error when"]


@pytest.mark.parametrize("act", _ACTS)
@pytest.mark.parametrize(
    ("bad", "want"),
    [
        ("depth_m > 10 and ph_level < 2", "NOT coalesce(depth_m > 10, FALSE) OR ph_level >= 2"),
        ("depth_m is greater than 10 and less than 20", "NOT coalesce(depth_m > 10, FALSE) OR depth_m >= 20"),
        ("depth_m is strictly between 10 and 20", "NOT coalesce(depth_m > 10, FALSE) OR depth_m >= 20"),
        ("site_code = 'X1' but ph_level is missing", "NOT coalesce(site_code = 'X1', FALSE) OR ph_level IS NOT NULL"),
    ],
)
def test_a_bad_case_of_two_conditions_fails_only_when_both_hold(act, bad, want):
    """'alert when qty > 5 and price < 2' used to give 'qty <= 5' and 'price < 2' (the second
    half the bad case itself): the check is NOT (A AND B)."""
    got = parse_request(f"{act} {bad}", SCHEMA, model_id="")
    assert [c.kind for c in got] == ["custom_sql"]
    assert got[0].condition == want


def test_a_condition_before_a_conditional_action_is_kept():
    """'when A, fail if B' used to drop the action's own condition B and fail on A."""
    assert _said("when depth_m > 10, fail if ph_level < 2") == ["custom sql: NOT coalesce(depth_m > 10, FALSE) OR ph_level >= 2"]


# --------------------------------------------------------------------------- columns of custom sql
def test_a_function_in_a_condition_is_not_a_column():
    (c,) = parse_request("custom sql: depth_m = ROUND(depth_m, 1) AND abs(ph_level) < 15", SCHEMA, model_id="")
    assert c.columns == ["depth_m", "ph_level"]


# --------------------------------------------------------------------------- wrapped e-mail lines
def test_a_hard_wrapped_line_goes_on_with_the_next():
    text = "Hello,\n\nplease make sure site_code is set for every sample\nwhere depth_m is 0, and that ph_level is one of 7, 8 or\n9.\n\nThanks"
    assert _said(text) == [
        "custom sql: NOT coalesce(depth_m = 0, FALSE) OR site_code IS NOT NULL",
        "ph_level must be one of 7, 8, 9",
    ]


def test_lines_that_are_each_a_rule_stay_apart():
    assert _said("site_code: unique\nph_level: >= 0\ndepth_m must not be null") == [
        "depth_m must not be null",
        "ph_level must be at least 0",
        "site_code must be unique",
    ]


# --------------------------------------------------------------------------- probes: bad-case forms
_BAD_FORMS = [
    "{bad} \u2192 alert",
    "{bad} -> page on-call",
    "{bad} => incident",
    "if {bad} then alert",
    "if {bad} then fail the run",
]


@pytest.mark.parametrize("form", _BAD_FORMS)
@pytest.mark.parametrize(
    ("bad", "want"),
    [
        ("depth_m > 40", ["depth_m must be at most 40"]),
        ("ph_level < 2", ["ph_level must be at least 2"]),
        ("site_code is null", ["site_code must not be null"]),
    ],
)
def test_a_bad_case_then_its_action_is_the_good_case(form, bad, want):
    """'refund_amount > 1000 -> alert' used to keep the bad case as the check (inverted)."""
    assert _said(form.format(bad=bad)) == want


@pytest.mark.parametrize(
    "text",
    [
        "nothing over 40 in depth_m",
        "zero rows with depth_m > 40",
        "expect 0 rows where depth_m > 40",
        "the count of rows where depth_m > 40 must be 0",
        "the number of records with depth_m > 40 should be zero",
    ],
)
def test_no_rows_in_the_bad_case_in_other_words(text):
    """'nothing over 1000 in refund_amount' used to be 'refund_amount > 1000' (inverted)."""
    assert _said(text) == ["depth_m must be at most 40"]


def test_an_entity_word_never_puts_a_bound_on_the_tables_key():
    """'no refund should be larger than 1000' with refund_id and refund_amount columns used to
    bound refund_id."""
    with pytest.raises(QualityRequestError, match="table's key"):
        _said("there should be no samples above 40", SCHEMA)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("site_code is required except for archived samples",
         ["custom sql: coalesce(is_archived = TRUE, FALSE) OR site_code IS NOT NULL"]),
        ("site_code must not be null, except for archived samples",
         ["custom sql: coalesce(is_archived = TRUE, FALSE) OR site_code IS NOT NULL"]),
    ],
)  # fmt: skip
def test_an_exception_is_a_condition_never_dropped(text, want):
    """'email is required except for deleted users' used to be an unconditional not_null."""
    assert _said(text, [*SCHEMA, "is_archived"]) == want


def test_an_exception_no_rule_reads_raises():
    with pytest.raises(QualityRequestError):
        _said("sample_id must be unique except duplicates from the re-import")


@pytest.mark.parametrize(
    "text",
    [
        'expect_column_values_to_not_match_regex(column="site_code", regex="^TEST")',
        "- name: site_code\n  tests:\n    - dbt_expectations.expect_column_values_to_not_match_regex:\n        regex: \"^TEST\"",
        'expect_column_values_to_not_match_like_pattern(column="site_code", like_pattern="TEST%")',
        'expect_column_max_to_be_between(column="depth_m", min_value=5)',
        'expect_column_min_to_be_between(column="depth_m", min_value=0, max_value=3)',
    ],
)
def test_the_opposite_of_a_format_or_an_aggregate_bound_raises(text):
    """'to_not_match_regex' used to be read as a match (the bad rows kept); the max of a column
    at least N is no row check (read as 'every value at least N' it was wrong)."""
    with pytest.raises(QualityRequestError):
        _said(text, None)


def test_the_extreme_of_a_column_bounded_on_its_own_side_is_a_row_bound():
    assert _said('expect_column_max_to_be_between(column="depth_m", max_value=40)', None) == ["depth_m must be at most 40"]
    assert _said('.hasPattern("site_code", r"^[A-Z]{2}\\d$")', None) == ["site_code must match regex '^[A-Z]{2}\\d$'"]


# --------------------------------------------------------------------------- probes: more polarity
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("depth_m must not be below 1 nor above 40", ["depth_m must be between 1 and 40"]),
        ("depth_m should be less than 40 or equal to it", ["depth_m must be at most 40"]),
        ("depths over 40 are data errors, depths under 1 too", ["depth_m must be between 1 and 40"]),
        ("Runbook: if the count of samples with depth_m < 0 is non-zero, escalate", ["depth_m must be at least 0"]),
    ],
)
def test_negations_spent_once_in_other_words(text, want):
    """'not below 0.1 nor above 30' kept '> 30' (inverted); '... are data errors, ... too'
    joined a bad case and a good case into an interval no value meets."""
    assert _said(text) == want


@pytest.mark.parametrize("text", ["hardly any sample should be over 40 m deep", "depth_m rarely exceeds 40"])
def test_a_negative_frequency_is_not_a_row_rule(text):
    with pytest.raises(QualityRequestError):
        _said(text)


def test_bounds_no_value_meets_raise():
    with pytest.raises(QualityRequestError, match="admit no value"):
        _said("depth_m must be at least 50 and at most 10")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("given a sample in site_code 'X1', ph_level must be 7", ["custom sql: NOT coalesce(site_code = 'X1', FALSE) OR ph_level = 7"]),
        ("for samples in site_code 'X1', ph_level must be 7", ["custom sql: NOT coalesce(site_code = 'X1', FALSE) OR ph_level = 7"]),
        ("for archived samples the site_code must be null",
         ["custom sql: NOT coalesce(is_archived = TRUE, FALSE) OR site_code IS NULL"]),
    ],
)  # fmt: skip
def test_which_rows_a_rule_holds_on_is_a_condition(text, want):
    """'for orders in status 'cancelled', ...' read the entity as a column and dropped the
    condition; 'given <condition>, ...' was taken for a table preamble."""
    assert _said(text, [*SCHEMA, "is_archived"]) == want


# --------------------------------------------------------------------------- headings before a negation
_HEADINGS = ["Post-load check 2:", "Check 12b:", "Rule 7 -", "Data team asked:", "QA step 3:", ""]
_NEG_SUBJECTS = [
    ("no sample may have a negative depth_m", ["depth_m must be at least 0"]),
    ("nobody may have a ph_level above 14", ["ph_level must be at most 14"]),
    ("no two samples share a site_code", ["site_code must be unique"]),
    ("none of the samples can have a null site_code", ["site_code must not be null"]),
]


@pytest.mark.parametrize("heading", _HEADINGS)
@pytest.mark.parametrize(("text", "want"), _NEG_SUBJECTS)
def test_a_heading_never_hides_a_negative_subject(heading, text, want):
    """'Post-load check 2: no booking may have a negative nightly_rate' kept the negative
    rate (inverted): the numbered heading was not taken for one, so the negative subject was
    not at the start of the sentence."""
    assert _said(f"{heading} {text}".strip()) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("sample_id + site_code is unique", ["the combination of sample_id and site_code must be unique"]),
        ("every sample.site_code has a matching sites.code", ["every site_code must exist in sites.code"]),
        ("site_code must be a 3-letter uppercase code", ["site_code must match regex '^[A-Z]{3}$'"]),
        ("depth_m: no more than 40", ["depth_m must be at most 40"]),
    ],
)
def test_more_phrasings_of_set_8s_classes(text, want):
    assert _said(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("treat depth_m > 40 as an error", ["depth_m must be at most 40"]),
        ("consider negative depth_m invalid", ["depth_m must be at least 0"]),
        ("please treat rows with a null site_code as bad data", ["site_code must not be null"]),
        ("alert if any rows have a collected_at in the future", ["custom sql: collected_at <= CURRENT_TIMESTAMP"]),
    ],
)
def test_a_verdict_by_treating_the_bad_case_as_an_error(text, want):
    """'treat qty < 1 as an error' used to keep 'qty < 1' (inverted)."""
    assert _said(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("can we alert when depth_m > ph_level", ["custom sql: depth_m <= ph_level"]),
        ("can we alert when depth_m > ph_level? should never happen", ["custom sql: depth_m <= ph_level"]),
        ("Set a rule that depth_m is never greater than 40", ["depth_m must be at most 40"]),
        ("rows w/ depth_m over 40 are garbage, flag em", ["depth_m must be at most 40"]),
    ],
)
def test_requests_around_a_rule_are_not_part_of_it(text, want):
    """'can we alert if qty > 5' used to be 'alert_qty > 5' (the bad case, on a made-up column);
    'Set a rule that ...' added a not_null ('set' read as populated)."""
    assert _said(text) == want


_ASK_FOR = ["we need a test for", "can we get a monitor for", "please add a check for", "set up an alert on"]


@pytest.mark.parametrize("ask", _ASK_FOR)
@pytest.mark.parametrize(
    ("bad", "want"),
    [
        ("negative depths", ["depth_m must be at least 0"]),
        ("duplicate sample ids", ["sample_id must be unique"]),
        ("missing site_code", ["site_code must not be null"]),
    ],
)
def test_a_check_asked_for_a_bad_state_is_its_absence(ask, bad, want):
    """'we need a test for negative amounts' used to be 'amount < 0' (inverted)."""
    assert _said(f"{ask} {bad}") == want


def test_an_alert_for_a_comparison_is_the_bad_case_and_a_check_for_one_is_not_guessed():
    assert _said("add an alert for depth_m over 40") == ["depth_m must be at most 40"]
    with pytest.raises(QualityRequestError):
        _said("we need a check for depths above 40")  # the rule, or the rows to catch?


@pytest.mark.parametrize(
    "text",
    [
        "if a sample is archived its site_code has to be null",
        "site_code may only be null for archived samples",
        "archived samples shouldn't have a depth_m above 0",
        "archived samples must have a null site_code",
    ],
)
def test_a_condition_in_other_words_is_never_dropped(text):
    """Each was read as the rule on every row (the condition lost): an error now, which names
    the flag column when the schema has one."""
    with pytest.raises(QualityRequestError):
        _said(text, [*SCHEMA, "is_archived"])


@pytest.mark.parametrize(
    "text",
    [
        "site_code isn't mandatory, but when a code is present depth_m must be greater than 0",
        "under no circumstances may the sample exceed the ph level",
        "the row count should be ~1M, let's say between 800k and 1.2M",
        "every row has a site_code, and that no two rows share one",
    ],
)
def test_misreadings_found_in_the_sets_raise(text):
    """Each gave a wrong check: a permission inside a sentence read as not_null, an entity's
    key compared with a column, an approximate value as an equality, 'share one' as a column."""
    with pytest.raises(QualityRequestError):
        _said(text)


def test_a_permission_in_any_spelling_of_its_negation_is_no_check():
    for text in ("site_code isn't mandatory", "site_code isnt required", "site_code is not mandatory"):
        with pytest.raises(QualityRequestError, match="only says what is allowed"):
            _said(text)
