"""Round 25 (prose) classes, read as general rules: each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import passes, truth

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError

# ------------- class 1: a lead-in saying where or from when the rules apply ("going forward",
# "For the monthly extract,", "for vault.seed_lots please check", "this is what it covers:",
# "Step 3 - validate lots:") is context, never a column of its own
_LEADS = st.sampled_from(
    [
        "Going forward, {r}.",
        "Hello, going forward {r}.",
        "From now on {r}.",
        "Moving forward, {r}.",
        "For the monthly germination extract, {r}.",
        "For the seed vault report {r}, and every lot needs a drawer_no.",
        "Hi, for vault.seed_lots please check {r}.",
        "for seed_lots: {r} and drawer_no must be unique",
        "When the seed check goes red, this is what it covers: {r}; drawer_no is unique.",
        "this is what it checks: {r}, and drawer_no is unique.",
        "SEED-12: for each drawer, {r}; drawer_no must be unique.",
        "Step 3 \u2014 validate lots: {r}; drawer_no is unique.",
        "Step 3 - check the lots: {r}.",
        "Before publishing the catalogue: {r}, and drawer_no must be unique.",
        "After the 03:30 load, check: {r}; drawer_no is unique.",
    ]
)
_BOUND = st.sampled_from(["at most", "at least", "no more than", "not below"])


@given(_LEADS, _BOUND, st.integers(min_value=1, max_value=99), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_scope_or_time_lead_in_is_context(lead: str, bound: str, n: int, schema: bool) -> None:
    rule = f"germination_pct must be {bound} {n}"
    text = lead.format(r=rule)
    cols = ["lot_id", "drawer_no", "germination_pct"] if schema else None
    got = parse_request(text, cols, model_id="")
    # every check is on a column of the sentence's rules, never on the lead-in's words
    assert {c for k in got for c in k.columns} <= {"lot_id", "drawer_no", "germination_pct"}, (
        text,
        got,
    )
    on_pct = [c for c in got if c.columns == ["germination_pct"]]
    assert len(on_pct) == 1, (text, got)
    upper = bound in ("at most", "no more than")
    for v, ok in ((n, True), (n + 1, not upper), (n - 1, upper)):
        assert passes(on_pct[0], "germination_pct", v) == ok, (text, on_pct, v)


@given(
    st.sampled_from(
        [
            "Before publishing the catalogue",
            "After loading the seed lots",
            "Before releasing the index",
        ]
    )
)
@settings(max_examples=10, deadline=None)
def test_a_process_lead_with_a_colon_keeps_the_rule_after_it(lead: str) -> None:
    # the step's words end at its colon: before, "Before publishing the catalogue: a cannot
    # exceed b" was all context, up to the next comma, and its check was lost
    got = _checks(
        f"{lead}: seeds_sown cannot exceed seeds_bought, and lot_id must be unique.", None
    )
    assert ("unique", ["lot_id"], (None, None)) in got, got
    rel = [c for c in got if c[0] == "custom_sql"]
    assert len(rel) == 1 and set(rel[0][1]) == {"seeds_sown", "seeds_bought"}, got
    t = truth(rel[0][2], {"seeds_sown": ["1", "5", "9"], "seeds_bought": ["5"]})
    assert t == {("1", "5"): True, ("5", "5"): True, ("9", "5"): False}, t


# ------------- class 2: a permission for the rows a conditional rule leaves out, after the rule
# (", anything goes otherwise", "unless C, where anything goes", ", other ones can be blank",
# "; the rest can leave it empty"), is context; "nulls ok ..." beside a value, range or format
# rule is context (they pass a NULL); beside a not-null check of every row, or "anything goes"
# after a rule with no condition, it is refused
_JAR_COLS = ["jar_id", "jar_kind", "fill_ml", "lid_code"]
_KIND = st.sampled_from(["jar_kind = 'SEALED'", "jar_kind <> 'SEALED'"])


@given(
    _KIND,
    st.integers(min_value=10, max_value=400),
    st.sampled_from(
        [
            "{rule} unless {c}, where anything goes.",
            "{rule} unless {c} where anything goes",
            "{rule} unless {c}, in which case anything goes",
            "{rule} when {c}, anything goes otherwise",
            "{rule} when {c}; anything goes for the others.",
            "{rule} when {c}, nulls ok for the rest",
        ]
    ),
    st.booleans(),
)
@settings(max_examples=50, deadline=None)
def test_a_permission_for_the_other_rows_after_a_conditional_rule(
    kind, hi: int, form: str, verbless: bool
) -> None:
    cond = kind
    rule = f"fill_ml between 5 and {hi}" if verbless else f"fill_ml must be between 5 and {hi}"
    text = form.format(rule=rule, c=cond)
    got = _checks(text, _JAR_COLS, strict=True)
    assert len(got) == 1 and got[0][0] == "custom_sql", (text, got)
    assert set(got[0][1]) == {"jar_kind", "fill_ml"}, got
    t = truth(
        got[0][2], {"jar_kind": ["'SEALED'", "'OPEN'"], "fill_ml": ["4", "5", str(hi), str(hi + 1)]}
    )
    holds = {k for k in ("'SEALED'", "'OPEN'") if truth(cond, {"jar_kind": [k]})[(k,)]}
    if text.split(cond)[0].rstrip().endswith("unless"):
        holds = {"'SEALED'", "'OPEN'"} - holds  # the rule holds where the exception does not
    for (k, v), ok in t.items():
        assert ok == (k not in holds or 5 <= int(v) <= hi), (text, got, k, v)


@given(
    st.sampled_from(
        [
            "{rule} on a sealed jar (jar_kind = 'SEALED'), open ones can be blank",
            "{rule} when jar_kind = 'SEALED', other jars can leave it empty.",
            "{rule} when jar_kind = 'SEALED'. The others can leave it blank.",
            "Sealed jars (jar_kind = 'SEALED') must have a lid_code; open jars can leave it empty.",
        ]
    )
)
@settings(max_examples=10, deadline=None)
def test_others_can_be_blank_after_a_conditional_not_null(form: str) -> None:
    text = form.format(rule="lid_code must not be empty")
    got = _checks(text, _JAR_COLS, strict=True)
    assert len(got) == 1 and got[0][0] == "custom_sql", (text, got)
    t = truth(got[0][2], {"jar_kind": ["'SEALED'", "'OPEN'"], "lid_code": ["'L1'", "NULL"]})
    assert t == {
        ("'SEALED'", "'L1'"): True,
        ("'SEALED'", "NULL"): False,
        ("'OPEN'", "'L1'"): True,
        ("'OPEN'", "NULL"): True,
    }, (text, t)


def test_nulls_ok_beside_a_value_rule_and_refused_beside_not_null() -> None:
    for text in (
        "lid_code should be L1, L2 or L3, nulls ok for the open jars",
        "lid_code should be L1, L2 or L3; nulls ok for open jars",
        "fill_ml must be between 5 and 900, nulls are fine (open jars aren't measured)",
        "fill_ml must be between 5 and 900, so nulls are fine.",
        "fill_ml must be between 5 and 900. Optional for returned jars, so nulls are fine.",
    ):
        got = _checks(text, _JAR_COLS, strict=True)
        assert len(got) == 1 and got[0][1] in (["lid_code"], ["fill_ml"]), (text, got)
        assert got[0][0] in ("accepted_values", "range"), (text, got)
    for text in (
        "lid_code must not be null, open ones can be blank",
        "lid_code must not be null; nulls ok for the open jars",
        "lid_code is required. fill_ml >= 5; nulls ok for the open jars",
        "fill_ml must be between 5 and 900, anything goes for returned jars",
    ):
        with pytest.raises(QualityRequestError, match="exception"):
            parse_request(text, _JAR_COLS, model_id="")


# ------------- class 3: a verbless bound with its condition ("temp between 1 and 9 when C",
# "qty >= 1 unless C", "hints never above 5 for rooms with C") is one guarded check; before, the
# condition's value was a check on the rule's column (`temp IN ('X')`) or the condition was lost
_BOUNDS = st.sampled_from(
    [
        ("between {a} and {b}", lambda v, a, b: a <= v <= b),
        ("{a} to {b}", lambda v, a, b: a <= v <= b),
        (">= {a}", lambda v, a, b: v >= a),
        ("at most {b}", lambda v, a, b: v <= b),
        ("never above {b}", lambda v, a, b: v <= b),
        ("never below {a}", lambda v, a, b: v >= a),
        ("< {b}", lambda v, a, b: v < b),
    ]
)
_GUARDS = st.sampled_from(
    [
        ("when cellar = 'NORTH'", lambda c: c == "'NORTH'"),
        ("whenever cellar = 'NORTH'", lambda c: c == "'NORTH'"),
        ("if cellar <> 'NORTH'", lambda c: c != "'NORTH'"),
        ("unless cellar = 'NORTH'", lambda c: c != "'NORTH'"),
        ("for casks with cellar = 'NORTH'", lambda c: c == "'NORTH'"),
        ("for all casks having cellar = 'NORTH'", lambda c: c == "'NORTH'"),
    ]
)


@given(
    _BOUNDS,
    _GUARDS,
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=40),
    st.booleans(),
)
@settings(max_examples=80, deadline=None)
def test_a_verbless_bound_keeps_its_condition(
    bound, guard, a: int, width: int, heading: bool
) -> None:
    b = a + width
    (bform, ok_value), (gform, applies) = bound, guard
    text = f"cask_temp {bform.format(a=a, b=b)} {gform}"
    if heading:
        text = f"Cellar audit: {text}."
    got = _checks(text, ["cask_id", "cellar", "cask_temp"], strict=True)
    assert len(got) == 1 and got[0][0] == "custom_sql", (text, got)
    assert set(got[0][1]) == {"cellar", "cask_temp"}, (text, got)
    vals = [a - 1, a, b, b + 1]
    t = truth(got[0][2], {"cellar": ["'NORTH'", "'SOUTH'"], "cask_temp": [str(v) for v in vals]})
    for (c, v), ok in t.items():
        assert ok == (not applies(c) or ok_value(int(v), a, b)), (text, got, c, v)


# ------------- class 4: a ticket's "Story:", "Problem:" or "Background:" line beside its rules
# says why they are asked, never a rule (read as one, "the museum only opens three wings" was a
# check on a column `museum`); alone, or with a rule of its own, it is still read
@given(
    st.sampled_from(
        [
            "Story: the museum only opens three wings.",
            "Problem: guides reporting impossible visitor counts.",
            "Background: tours run on weekends only.",
            "Story: As a curator I want tour records I can trust for the annual report.",
            "Context: the ticket desk keeps double-booking groups.",
        ]
    ),
    st.booleans(),
)
@settings(max_examples=20, deadline=None)
def test_a_story_or_problem_line_beside_rules_is_context(told: str, first: bool) -> None:
    rules = "AC: group_size between 1 and 30; tour_id must be unique."
    text = f"MUS-4\n{told}\n{rules}" if first else f"MUS-4: {rules}\n{told}"
    got = _checks(text, None, strict=True)
    assert sorted(got) == [
        ("range", ["group_size"], (1.0, 30.0)),
        ("unique", ["tour_id"], (None, None)),
    ], (
        text,
        got,
    )
    # alone, or with a rule of its own, it is still read
    got = _checks(
        "Story: wing must be one of EAST, WEST. Tour date on or after booking date.", None
    )
    assert ("accepted_values", ["wing"], ["EAST", "WEST"]) in got, got
    assert _checks("Story: As a curator I need every tour to have a guide_id.", None) == [
        ("not_null", ["guide_id"], (None, None))
    ]


# ------------- class 5: codes of digits and letters in a list of values ("one of 160m, 80m",
# "in (2XL, 3XL)") are values as written, never a number and a unit ('160 m')
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=999),
            st.sampled_from(["m", "cm", "XL", "G", "mm", "D"]),
        ),
        min_size=2,
        max_size=5,
        unique=True,
    ),
    st.sampled_from(["must be one of {l}", "should be one of {l}.", "in ({l})", "is one of {l}"]),
)
@settings(max_examples=40, deadline=None)
def test_digit_letter_codes_in_a_list_are_values(items, form: str) -> None:
    vals = [f"{n}{u}" for n, u in items]
    text = "size_band " + form.format(l=", ".join(vals[:-1]) + " or " + vals[-1])
    got = _checks(text, ["size_band", "qty"], strict=True)
    assert len(got) == 1 and got[0][0] == "accepted_values", (text, got)
    assert sorted(got[0][2]) == sorted(vals), (text, got)


# ------------- class 6: a question about the data, then a request: "is x ever above 24? if so
# add a check" asks whether the bad case happens (the check is its negation; it was `x > 24`,
# the bad case kept); "is x ever outside 1-9? if not lets enforce 1..9", "... if it is thats a
# bug. pls add a check it stays between 1 and 9": the rule asked for, on the question's column;
# "is the x col only ever a/b? if so pls add a check", "only ever one of the 3 codes (A, B, C)"
_LEADS_Q = st.sampled_from(["", "quick q \u2014 ", "wait ", "hey, ", "quick one: "])


@given(
    _LEADS_Q,
    st.sampled_from(["above", "over", "below", "under"]),
    st.integers(min_value=1, max_value=500),
    st.sampled_from(["if so add a check", "if so pls add a check for it", "if so, can we add one"]),
)
@settings(max_examples=40, deadline=None)
def test_is_x_ever_bad_if_so_add_a_check_is_the_negation(
    lead: str, cmp: str, n: int, ask: str
) -> None:
    text = f"{lead}is string_gauge ever {cmp} {n}? {ask}"
    got = parse_request(text, None, model_id="")
    assert len(got) == 1 and got[0].columns == ["string_gauge"], (text, got)
    high = cmp in ("above", "over")
    # the threshold itself is never the bad case ("above 24" is 25 and up)
    assert passes(got[0], "string_gauge", n), (text, got)
    assert passes(got[0], "string_gauge", n + 1) == (not high), (text, got)
    assert passes(got[0], "string_gauge", n - 1) == high, (text, got)


@given(
    _LEADS_Q,
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=1, max_value=50),
    st.sampled_from(
        [
            "is string_gauge ever outside {a}-{b}? if not lets enforce {a}..{b}",
            "is string_gauge ever anything other than {a}-{b}? if not lets lock it down to {a}..{b}",
            "is string_gauge ever above {b}? if it is thats a setup bug. pls add a check it stays between {a} and {b}",
            "is string_gauge ever below {a}? if so, please make sure it stays between {a} and {b}",
            "is string_gauge only ever {a} to {b}? if so add a check",
        ]
    ),
)
@settings(max_examples=40, deadline=None)
def test_a_question_then_the_rule_asked_for(lead: str, a: int, width: int, form: str) -> None:
    b = a + width
    text = lead + form.format(a=a, b=b)
    got = _checks(text, ["guitar_id", "string_gauge"], strict=True)
    assert got == [("range", ["string_gauge"], (float(a), float(b)))], (text, got)


def test_only_ever_a_list_if_so_add_a_check() -> None:
    cols = ["guitar_id", "is_lefty", "body_code"]
    assert _checks(
        "wait is the is_lefty col only ever true/false? if so pls add a check", cols, True
    ) == [("accepted_values", ["is_lefty"], [True, False])]
    got = _checks(
        "quick q \u2014 is body_code only ever one of the 3 body codes (B1, B2, B3)? if so pls add a check",
        cols,
        True,
    )
    assert got == [("accepted_values", ["body_code"], ["B1", "B2", "B3"])], got


# ------------- class 7: a column of another table in brackets ("needs to exist in events
# (event_id)", "should always match a row in lockers (locker_id)") is the reference, never the
# column the words before it mean (it was "needs to event_id"); "no two rows may share (a, b,
# c)" is one key; "x in A / B / C" lists values (it was `custom sql: x in A / B / C`); ", that's
# a dupe" and ", can we enforce that?" after a rule are remarks
@given(
    st.sampled_from(
        [
            "{c} needs to exist in {t} ({c})",
            "{c} should always match a row in {t} ({c})",
            "yo, {c} on tastings should always match a row in {t} ({c}). seeing orphans since the migration",
            "CHZ-9: tastings \u2014 {c} needs to exist in {t} ({c}), and score cannot be negative.",
        ]
    ),
    st.sampled_from([("wheel_id", "wheels"), ("cave_code", "caves")]),
)
@settings(max_examples=16, deadline=None)
def test_a_reference_named_in_brackets(form: str, ref) -> None:
    c, t = ref
    got = parse_request(form.format(c=c, t=t), None, model_id="")
    fks = [x for x in got if x.kind == "referential"]
    assert (
        len(fks) == 1 and fks[0].columns == [c] and (fks[0].ref_table, fks[0].ref_column) == (t, c)
    ), got
    assert all(x.kind == "referential" or x.columns == ["score"] for x in got), got


@given(
    st.lists(
        st.sampled_from(["rind", "cave", "batch_no", "shelf"]), min_size=2, max_size=4, unique=True
    ),
    st.sampled_from(
        [
            "tastings: no two rows may share ({k}), that's a dupe and scores 0",
            "no two rows can share ({k})",
            "After the backfill, confirm that no two rows share the same ({k}) and that aged_on is a valid date.",
        ]
    ),
)
@settings(max_examples=20, deadline=None)
def test_no_two_rows_share_a_bracketed_key(key: list[str], form: str) -> None:
    text = form.format(k=", ".join(key))
    got = _checks(text, None, strict=True)
    assert ("unique", key, (None, None)) in got, (text, got)
    assert all(
        c[0] == "unique" or c == ("format", ["aged_on"], None) or c[1] == ["aged_on"] for c in got
    ), got
    assert len(got) == (2 if "aged_on" in text else 1), got


def test_spaced_slash_values_and_remarks_after_a_rule() -> None:
    assert _checks("AC: rind not null; grade in PRIME / CHOICE / TABLE.", None, True) == [
        ("not_null", ["rind"], (None, None)),
        ("accepted_values", ["grade"], ["PRIME", "CHOICE", "TABLE"]),
    ]
    got = _checks(
        "if is_blue is true then salt_pct has to be at most 4, can we enforce that?", None, True
    )
    assert (
        len(got) == 1 and got[0][0] == "custom_sql" and set(got[0][1]) == {"is_blue", "salt_pct"}
    ), got
    assert _checks(
        "the combination of cave and shelf must be unique, that's a dupe", None, True
    ) == [("unique", ["cave", "shelf"], (None, None))]


# ------------- class 8: a row count "per morning load" / "per hour-load" / "per 02:00 load" is
# the row count of the run, like "per load" (it was refused as an aggregate); "x gets like 40
# rows/day normally" is the usual volume, a fact beside the rule (it was refused)
@given(
    st.sampled_from(["morning", "evening", "hour-", "night", "day-"]),
    st.integers(min_value=1, max_value=900),
    st.integers(min_value=1, max_value=5000),
    st.booleans(),
)
@settings(max_examples=30, deadline=None)
def test_rows_per_named_run_is_the_row_count(run: str, lo: int, width: int, upper: bool) -> None:
    sep = "" if run.endswith("-") else " "
    text = f"pressings must have at least {lo} rows per {run}{sep}load"
    if upper:
        text += f", and no more than {lo + width}"
    got = _checks(text, None, strict=True)
    assert got == [("row_count", [], (float(lo), float(lo + width) if upper else None))], (
        text,
        got,
    )


def test_the_usual_volume_is_context() -> None:
    text = "pressings gets like 40 rows/day normally. we need at least 10 rows per load or something is off"
    assert _checks(text, None, strict=True) == [("row_count", [], (10.0, None))]
    # a count per entity is still an aggregate
    with pytest.raises(QualityRequestError, match="aggregate"):
        parse_request("pressings must have at most 10 rows per press", None, model_id="")


# ------------- class 9: the table named beside the column or the ask ("price on wash_bays is
# never negative", "can we add a check on bay_log \u2014 x should ...", "after the pump upgrade,
# ...") is context, never the column (it was `wash_bays >= 0`, `bay_log_minus_x > y`)
@given(
    st.sampled_from(
        ["is never negative", "must be at least 0", "can't be negative", "should never be below 0"]
    ),
    st.sampled_from(["bay_visits", "ops.bay_visits", "the bay_visits table"]),
    st.booleans(),
)
@settings(max_examples=24, deadline=None)
def test_a_column_on_its_table(pred: str, table: str, schema: bool) -> None:
    text = f"fee on {table} {pred}"
    cols = ["visit_id", "fee", "bay_no"] if schema else None
    assert _checks(text, cols, strict=True) == [("range", ["fee"], (0.0, None))], text


def test_an_ask_on_a_table_before_a_dash_and_a_process_lead() -> None:
    got = _checks(
        "hey @ops can we add a check on bay_log \u2014 closed_at should always be after opened_at.",
        None,
        True,
    )
    assert len(got) == 1 and set(got[0][1]) == {"closed_at", "opened_at"}, got
    t = truth(got[0][2], {"closed_at": ["1", "2", "3"], "opened_at": ["2"]})
    assert t == {("1", "2"): False, ("2", "2"): False, ("3", "2"): True}, t
    got = _checks(
        "Hi all, after the pump upgrade, please check that rinse_secs stays within 5 to 90 and that visit_id is unique.",
        None,
        True,
    )
    assert sorted(got) == [
        ("range", ["rinse_secs"], (5.0, 90.0)),
        ("unique", ["visit_id"], (None, None)),
    ], got


# ------------- class 10: a permission, then "but" and the rule on the same column ("qty can go
# above 2 but never above 5", "x may exceed 2 but must never exceed 5", "x can be zero but never
# negative"): the rule only (the permission was a bound of the check: `qty > 2 AND qty <= 5`)
@given(
    st.sampled_from(
        ["can go above {a}", "may exceed {a}", "is allowed to exceed {a}", "can be over {a}"]
    ),
    st.sampled_from(
        [
            ("never above {b}", True),
            ("must never exceed {b}", True),
            ("should not go over {b}", True),
            ("never below 0", False),
        ]
    ),
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=1, max_value=50),
)
@settings(max_examples=40, deadline=None)
def test_a_permission_then_but_and_the_rule(perm: str, rule, a: int, width: int) -> None:
    b = a + width
    rform, upper = rule
    text = f"bale_count {perm.format(a=a)} but {rform.format(b=b)}"
    got = parse_request(text, None, model_id="")
    assert len(got) == 1 and got[0].columns == ["bale_count"], (text, got)
    # a value between 0 and a (below the permitted bound) is never rejected for the permission
    assert passes(got[0], "bale_count", a), (text, got)
    if upper:
        assert passes(got[0], "bale_count", b) and not passes(got[0], "bale_count", b + 1), (
            text,
            got,
        )
    else:
        assert passes(got[0], "bale_count", 0) and not passes(got[0], "bale_count", -1), (text, got)


# ------------- class 11: an email's "Subject:" line is its title ("Subject: discard reasons",
# "Subject: purge old rows" refused the whole email as an ask to change the data)
@given(
    st.sampled_from(
        ["discard reasons", "purge old rows", "delete duplicates?", "drop in kiln temps"]
    ),
    st.sampled_from(["\n\n", "\n"]),
)
@settings(max_examples=8, deadline=None)
def test_an_email_subject_line_is_its_title(subject: str, gap: str) -> None:
    text = f"Subject: {subject}{gap}Hi team,{gap}glaze_batch must be unique and cone must be between 4 and 10.{gap}Thanks, Ines"
    got = _checks(text, None, strict=True)
    assert sorted(got) == [
        ("range", ["cone"], (4.0, 10.0)),
        ("unique", ["glaze_batch"], (None, None)),
    ], (text, got)
