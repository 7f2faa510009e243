"""Round 26 (prose) classes, read as general rules: each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import passes

from strands_airflow.agents.quality.nl import parse_request

# ------------- class 1: a hard-wrapped line (an e-mail or a ticket cut at a wrap width) goes on
# in lower case on the next line: one sentence with the line before it, whatever word the cut
# falls on
_HIVE = (
    "Hi both, after the spring inspections we found a few odd records in the apiary sheet, so "
    "please make sure the hive_weight_kg of every colony is {cmp} {n} from now on."
)


@given(
    st.sampled_from(
        [("at most", "max"), ("at least", "min"), ("no more than", "max"), ("no less than", "min")]
    ),
    st.integers(min_value=2, max_value=95),
    st.data(),
)
@settings(max_examples=40, deadline=None)
def test_a_long_line_cut_mid_sentence_goes_on_on_the_next(cmp, n, data):
    text = _HIVE.format(cmp=cmp[0], n=n)
    words = text.split(" ")
    # a cut after the 60th character, before a word in lower case (as a wrapping editor cuts)
    cuts = [
        i
        for i in range(1, len(words))
        if len(" ".join(words[:i])) >= 60
        and words[i][:1].islower()
        and not words[i - 1].endswith((".", ",", ":"))
    ]
    i = data.draw(st.sampled_from(cuts))
    wrapped = " ".join(words[:i]) + "\n" + " ".join(words[i:])
    (check,) = parse_request(wrapped, model_id="")
    assert check.kind == "range" and check.columns == ["hive_weight_kg"]
    assert getattr(check, cmp[1]) == n
    assert passes(check, "hive_weight_kg", n)
    assert not passes(check, "hive_weight_kg", n + 1 if cmp[1] == "max" else n - 1)


def test_a_wrapped_email_reads_the_rule_cut_across_lines_and_rule_lines_stay_apart():
    text = (
        "Subject: apiary sheet\n\nHello,\n\nPlease make queen_marked_on mandatory for every hive in the apiary sheet from\n"
        "now on, and the frame_count of each colony can never be more than 20\n"
        "frames.\n\nThanks,\nMorag"
    )
    assert _checks(text) == [
        ("not_null", ["queen_marked_on"], (None, None)),
        ("range", ["frame_count"], (None, 20)),
    ]
    # short lines, and lines with a subject and verb of their own, stay rules of their own
    text = (
        "hive_id must be unique, and queen_marked_on must not be null on any of the hive records\n"
        "frame_count must be at most 20\n"
        "queen_marked_on is required"
    )
    assert _checks(text) == [
        ("unique", ["hive_id"], (None, None)),
        ("not_null", ["queen_marked_on"], (None, None)),
        ("range", ["frame_count"], (None, 20)),
    ]
    assert len(_checks("apiary checks:\nhive_id unique\nframe_count at most 20")) == 2


# ------------- class 2: a word in capitals in a list of codes is a value as written, never a
# typo of a keyword ("COUNTY" was read as the keyword "count")
@given(
    st.permutations(
        ["COUNTY", "BOROUGH", "PARISH", "DISTRICT", "UNIQE", "RANGES", "BETWEN", "TOWNSHIP"]
    ).map(lambda xs: xs[:4]),
    st.sampled_from(["must be one of {v}", "is one of {v}", "in ({v})"]),
)
@settings(max_examples=40, deadline=None)
def test_codes_in_capitals_are_values_as_written(codes, frame):
    text = "levy_area " + frame.format(v=", ".join(codes))
    (check,) = parse_request(text, model_id="")
    assert check.kind == "accepted_values" and check.columns == ["levy_area"]
    assert sorted(check.values) == sorted(codes)


# ------------- class 3: "should only ever be / say / report A, B or C" gives the values the column
# may take, and a word of a list joined by slashes is a value as written ("repaired" was
# corrected to the keyword "required")
@given(
    st.sampled_from(
        ["should only ever be", "must only ever say", "should only report", "can only ever show"]
    ),
    st.permutations(["repaired", "sealed", "cracked", "glazed", "fired"]).map(lambda xs: xs[:3]),
    st.sampled_from([", ", " / "]),
)
@settings(max_examples=40, deadline=None)
def test_only_ever_be_or_say_gives_the_values(verb, values, joiner):
    listed = joiner.join(values) if joiner == " / " else f"{', '.join(values[:-1])} or {values[-1]}"
    text = f"kiln_state {verb} {listed}"
    (check,) = parse_request(text, model_id="")
    assert check.kind == "accepted_values" and check.columns == ["kiln_state"]
    assert sorted(check.values) == sorted(values)
    # "only ever be one of ..." keeps its list
    assert _checks(f"glaze code {verb} one of {', '.join(values)}. anything else is a typo") == [
        ("accepted_values", ["glaze_code"], values)
    ]


# ------------- class 4: "<col> in YYYY-MM-DD" (no "format" after it), "must be in yyyy/mm/dd": a
# date format; a date mask with slashes is never a list of three values
@given(
    st.sampled_from(["in", "must be in", "should be in", "has to be in", "is", "in the"]),
    st.sampled_from(["YYYY-MM-DD", "yyyy-mm-dd", "YYYY/MM/DD", "yyyy/mm/dd"]),
    st.sampled_from(["", " format"]),
)
@settings(max_examples=40, deadline=None)
def test_a_column_in_a_date_mask_is_a_date(lead, mask, tail):
    if lead == "in the" and not tail:
        return
    (check,) = parse_request(f"- shear_date {lead} {mask}{tail}", model_id="")
    assert (check.kind, check.columns, check.format) == ("format", ["shear_date"], "date")


# ------------- class 5: "1 thru 32" is a range ("should only ever be 1 thru 32" was the one
# value '1 thru 32', a wrong check; "should be 1 thru 32" was refused)
@given(
    st.sampled_from(["should only ever be", "should be", "is only ever", "must only be"]),
    st.integers(min_value=-5, max_value=40),
    st.integers(min_value=1, max_value=60),
)
@settings(max_examples=40, deadline=None)
def test_thru_between_numbers_is_a_range(verb, lo, width):
    hi = lo + width
    (check,) = parse_request(f"bay_no {verb} {lo} thru {hi}", model_id="")
    assert (check.kind, check.columns, check.min, check.max) == ("range", ["bay_no"], lo, hi)
    assert passes(check, "bay_no", lo) and passes(check, "bay_no", hi)
    assert not passes(check, "bay_no", lo - 1) and not passes(check, "bay_no", hi + 1)


# ------------- class 6: a table (a run of it) that must not be empty: "<name> must never be empty
# after the 05:30 load", "the daily x extract should never arrive empty", "the x table is never
# empty" is a row count of at least 1; a column that must not be empty stays not-null
@given(
    st.sampled_from(
        ["must not be", "should never be", "shouldn't ever be", "is never", "must never arrive"]
    ),
    st.sampled_from(
        [
            ("shearing_log", " after the 05:30 load"),
            ("shearing_log", " after each nightly run"),
            ("the shearing table", ""),
            ("the weekly fleece extract", ""),
            ("the fleece feed", " after the import"),
        ]
    ),
    st.sampled_from(["", ", and fleece_kg must be at least 1"]),
)
@settings(max_examples=40, deadline=None)
def test_a_table_that_must_not_be_empty_has_rows(modal, subject, tail):
    name, after = subject
    got = _checks(f"{name} {modal} empty{after}{tail}")
    assert got[0] == ("row_count", [], (1, None))
    assert got[1:] == ([("range", ["fleece_kg"], (1, None))] if tail else [])
    # a column, with no table word and no run after it, stays a column's not-null
    if "arrive" not in modal:
        assert _checks(f"fleece_grade {modal} empty") == [
            ("not_null", ["fleece_grade"], (None, None))
        ]
