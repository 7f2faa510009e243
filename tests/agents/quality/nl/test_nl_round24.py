"""Round 24 classes (read as general rules): each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import truth

from strands_airflow.agents.quality.nl import parse_request

# ------------- class 1: a line "when <cond>, <col> must ..." after another line is a rule of
# its own (Soda `filter:`, Deequ `.where`), never the trailing condition of the line before
_FIRST = st.sampled_from(
    [
        "berth_no must be unique",
        "pilot_code must not be null",
        "berth_no must be between 1 and 40",
    ]
)
_GUARD = st.sampled_from(
    [
        ("vessel_kind = 'TANKER'", "vessel_kind", ["'TANKER'", "'FERRY'"]),
        ("vessel_kind != 'FERRY'", "vessel_kind", ["'TANKER'", "'FERRY'"]),
        ("draft_m > 12", "draft_m", ["5", "15"]),
        ("is_hazardous = true", "is_hazardous", ["TRUE", "FALSE"]),
    ]
)
_WHEN = st.sampled_from(["when", "whenever", "if"])


@given(_FIRST, _GUARD, _WHEN, st.booleans())
@settings(max_examples=40, deadline=None)
def test_a_guarded_line_after_a_rule_line_is_its_own_sentence(
    first: str, guard: tuple[str, str, list[str]], when: str, structured: bool
) -> None:
    cond, gcol, gvals = guard
    text = f"{first}\n{when} {cond}, tug_ref must not be null"
    if structured:  # the same as a Deequ chain with a .where filter
        text = (
            'Check(CheckLevel.Error, "berths")\n  .isUnique("berth_no")\n'
            f'  .isComplete("tug_ref").where("{cond}")'
        )
    cols = ["berth_no", "pilot_code", "vessel_kind", "draft_m", "is_hazardous", "tug_ref"]
    got = _checks(text, cols, strict=True)
    guarded = [c for c in got if c[0] == "custom_sql" and "tug_ref" in c[1]]
    assert len(guarded) == 1, got
    assert set(guarded[0][1]) == {gcol, "tug_ref"}, got
    t = truth(guarded[0][2], {gcol: gvals, "tug_ref": ["'T1'", "NULL"]})
    # the rows the filter keeps need tug_ref; the others pass either way
    kept = {v for v in gvals if truth(cond.replace("!=", "<>"), {gcol: [v]})[(v,)]}
    for (g, tug), ok in t.items():
        assert ok == (g not in kept or tug != "NULL"), (text, t)
    # the line before keeps no condition of the guarded line
    assert not any(gcol in c[1] and "tug_ref" not in c[1] for c in got), got


# ------------- class 2: a Gherkin "When a <row> has c = v" guards each Then (with or without a
# Given), never dropped as context
_ROW = st.sampled_from(["a parcel", "an inbound parcel", "a courier scan row", "the shipment"])
_COND = st.sampled_from(
    [
        ("carrier = 'DHL'", "carrier", ["'DHL'", "'UPS'"]),
        ("is_fragile = true", "is_fragile", ["TRUE", "FALSE"]),
        ("weight_kg > 30", "weight_kg", ["40", "10"]),
    ]
)
_GIVEN = st.sampled_from(
    ["", "Given yesterday's depot extract\n", "Given the nightly load has finished\n"]
)


@given(_ROW, _COND, _GIVEN, st.sampled_from(["has", "with", "where"]))
@settings(max_examples=40, deadline=None)
def test_a_gherkin_when_step_with_a_row_condition_guards_the_then(
    row: str, cond: tuple[str, str, list[str]], given_line: str, verb: str
) -> None:
    c, gcol, gvals = cond
    text = f"Scenario: parcels are signed for\n  {given_line}  When {row} {verb} {c}\n  Then signer_name must be populated"
    got = _checks(
        text, ["parcel_id", "carrier", "is_fragile", "weight_kg", "signer_name"], strict=True
    )
    assert (
        len(got) == 1 and got[0][0] == "custom_sql" and set(got[0][1]) == {gcol, "signer_name"}
    ), got
    t = truth(got[0][2], {gcol: gvals, "signer_name": ["'Ann'", "NULL"]})
    kept = gvals[0]  # the first sample value is the one the When keeps
    for (g, name), ok in t.items():
        assert ok == (g != kept or name != "NULL"), (text, t)


def test_a_when_step_about_the_process_is_context() -> None:
    text = "Scenario: depot feed\n  When I query the parcels table\n  Then signer_name must be populated"
    assert _checks(text, ["parcel_id", "signer_name"], strict=True) == [
        ("not_null", ["signer_name"], (None, None))
    ]


# ------------- class 3: a Great Expectations suite pasted as YAML (block or flow kwargs) is
# read like its JSON form: one check an expectation, its meta notes no check
@given(st.booleans(), st.booleans(), st.booleans(), st.integers(0, 50), st.integers(51, 900))
@settings(max_examples=30, deadline=None)
def test_a_yaml_expectation_suite_is_read_like_its_json(
    flow: bool, named: bool, with_meta: bool, lo: int, hi: int
) -> None:
    if flow:
        between = f"    kwargs: {{column: stall_width_cm, min_value: {lo}, max_value: {hi}}}"
        in_set = "    kwargs: {column: market_day, value_set: [SAT, SUN]}"
        rows = "    kwargs: {min_value: 3, max_value: 90}"
    else:
        between = f"    kwargs:\n      column: stall_width_cm\n      min_value: {lo}\n      max_value: {hi}"
        in_set = "    kwargs:\n      column: market_day\n      value_set: [SAT, SUN]"
        rows = "    kwargs:\n      min_value: 3\n      max_value: 90"
    meta = (
        '\n    meta:\n      notes: "widths are measured at the front, not the back"'
        if with_meta
        else ""
    )
    body = (
        f"  - expectation_type: expect_column_values_to_be_between\n{between}{meta}\n"
        f"  - expectation_type: expect_column_values_to_be_in_set\n{in_set}\n"
        f"  - expectation_type: expect_table_row_count_to_be_between\n{rows}"
    )
    text = f"expectation_suite_name: market.stalls\nexpectations:\n{body}" if named else body
    got = _checks(text, ["stall_id", "stall_width_cm", "market_day"], strict=True)
    assert got == [
        ("range", ["stall_width_cm"], (lo, hi)),
        ("accepted_values", ["market_day"], ["SAT", "SUN"]),
        ("row_count", [], (3, 90)),
    ], got


# ------------- class 4: a Soda contract's dataset-level check names its column(s) by a
# `column:` / `columns:` key (freshness on one column, duplicates over a combination)
@given(st.sampled_from(["hours", "days", "minutes"]), st.integers(1, 72), st.booleans())
@settings(max_examples=20, deadline=None)
def test_a_contract_dataset_check_names_its_column_by_key(
    unit: str, n: int, with_pair: bool
) -> None:
    pair = (
        "  - type: no_duplicate_values\n    columns: ['hive_id', 'inspected_on']\n"
        if with_pair
        else ""
    )
    text = (
        "dataset: apiary/field/inspections\nchecks:\n"
        f"  - type: freshness_in_{unit}\n    column: logged_at\n    must_be_less_than: {n}\n{pair}"
        "columns:\n  - name: frames_capped\n    checks:\n      - type: no_invalid_values\n        valid_min: 0"
    )
    got = parse_request(
        text, ["hive_id", "inspected_on", "logged_at", "frames_capped"], model_id=""
    )
    fresh = [c for c in got if c.kind == "freshness"]
    assert len(fresh) == 1 and fresh[0].columns == ["logged_at"], got
    assert fresh[0].max_age_seconds == n * {"minutes": 60, "hours": 3600, "days": 86400}[unit], got
    uniq = [c.columns for c in got if c.kind == "unique"]
    assert uniq == ([["hive_id", "inspected_on"]] if with_pair else []), got
    assert [(c.kind, c.columns, c.min) for c in got if c.kind == "range"] == [
        ("range", ["frames_capped"], 0)
    ], got


# ------------- class 5: a dbt YAML test's double-quoted regex spells one backslash as two;
# YAML reads it (it was halved first, as if it were a Python string, and the YAML broke)
@given(
    st.sampled_from(["^\\d{4}$", "^[A-Z]{2}\\d{3}$", "^\\+1\\d{10}$", "^\\w+-\\d+$"]),
    st.sampled_from(["tests", "data_tests"]),
    st.booleans(),
)
@settings(max_examples=25, deadline=None)
def test_a_yaml_dbt_regex_in_double_quotes_keeps_its_backslashes(
    pattern: str, key: str, wrapped: bool
) -> None:
    doubled = pattern.replace("\\", "\\\\")
    node = (
        f"- name: plot_code\n  {key}:\n    - dbt_expectations.expect_column_values_to_match_regex:\n"
        f'        regex: "{doubled}"'
    )
    if wrapped:
        node = "models:\n  - name: allotments\n    columns:\n" + "\n".join(
            "      " + ln for ln in node.splitlines()
        )
    got = _checks(node, ["plot_id", "plot_code"], strict=True)
    assert got == [("format", ["plot_code"], pattern)], got


# ------------- class 6: Deequ haveAnyCompleteness / areAnyComplete: on every row at least one
# of the columns is filled (it raised as unknown)
@given(
    st.sampled_from(["haveAnyCompleteness({cols}, _ == 1.0)", "areAnyComplete({cols})"]),
    st.sampled_from(["Seq({})", "[{}]", "List({})"]),
    st.permutations(["pager_no", "mobile_no", "radio_id"]),
    st.integers(2, 3),
)
@settings(max_examples=30, deadline=None)
def test_deequ_any_completeness_is_one_of_the_columns_filled(
    call: str, seq: str, cols: list[str], k: int
) -> None:
    chosen = cols[:k]
    args = seq.format(", ".join(f'"{c}"' for c in chosen))
    text = f'Check(CheckLevel.Error, "crew contact")\n  .{call.format(cols=args)}'
    got = _checks(text, ["crew_id", "pager_no", "mobile_no", "radio_id"], strict=True)
    assert len(got) == 1 and got[0][0] == "custom_sql" and set(got[0][1]) == set(chosen), got
    t = truth(got[0][2], {c: ["'x'", "NULL"] for c in chosen})
    for row, ok in t.items():
        assert ok == any(v != "NULL" for v in row), (text, t)
