"""Round 28 (Slack) classes, read as general rules: each test uses sentences of its own, never a
corpus entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import passes

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _strict(text: str, columns: list[str] | None = None) -> list[tuple[str, list[str], object]]:
    """The checks of `text`, read strictly (a fragment not understood raises)."""
    return _checks(text, columns, strict=True)


# ------------- class 1: a correction in chat ("max 40... wait no, 45"): only the corrected value
# is a check; the marker is never a column and a remark after the value is context


@given(
    st.sampled_from(
        [
            "... wait no,",
            ". wait, no:",
            " -- actually",
            ", sorry,",
            "... no wait,",
            " wait no make it",
        ]
    ),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=401, max_value=900),
    st.sampled_from(["", " for the deep pool", ", the new pumps allow it"]),
)
@settings(max_examples=40, deadline=None)
def test_a_corrected_bound_keeps_only_the_correction(mark, old, new, remark):
    (check,) = parse_request(f"pool: pump_rpm max {old}{mark} {new}{remark}", model_id="")
    assert check.columns == ["pump_rpm"]
    assert passes(check, "pump_rpm", new) and not passes(check, "pump_rpm", new + 1)


def test_a_corrected_range_and_a_restatement():
    assert _strict(
        "chess clubs: rating is required, range 100 to 3000... wait no, 0 to 3200, juniors start low"
    ) == [
        ("not_null", ["rating"], (None, None)),
        ("range", ["rating"], (0.0, 3200.0)),
    ]
    assert _strict("batch_weight_kg at most 20... wait no, 25 for the big silo. so max 25") == [
        ("range", ["batch_weight_kg"], (None, 25.0)),
    ]


def test_a_correction_that_cannot_be_placed_raises():
    with pytest.raises(QualityRequestError, match="correction"):
        parse_request("tier must be A or B... wait no, A or C", model_id="")
    with pytest.raises(QualityRequestError, match="correction"):
        parse_request("please check the depth table. wait no, 45", model_id="")


# ------------- class 2: a value list with sharps ("C, C#, D"): each code keeps its sign


def test_codes_with_a_sharp_in_a_list_keep_it():
    (check,) = parse_request("key_sig should be one of C, C#, D or D#", model_id="")
    assert check.kind == "accepted_values"
    assert set(check.values) == {"C", "C#", "D", "D#"}


# ------------- class 3: a row filter said with "for <col> = <value>" (before or after the rule)
# is the rule's condition, never a list of values of the rule's column nor dropped


@pytest.mark.parametrize(
    "text",
    [
        "depth_m should be between 2 and 30 for site_kind = 'REEF', other sites vary too much",
        "for site_kind = 'REEF', depth_m should be between 2 and 30",
        "depth_m should be between 2 and 30 for all site_kind 'REEF'",
    ],
)
def test_a_for_filter_is_the_condition(text):
    (check,) = parse_request(text, ["dive_id", "site_kind", "depth_m"], model_id="")
    assert check.kind == "custom_sql"
    assert "site_kind = 'REEF'" in check.condition and "depth_m" in check.condition


# ------------- class 4: a remark after a rule that opens with "that's" / "it's" is context: the
# pronoun's "'s" is never a possessive (the remark became a column sharing the rule)


@pytest.mark.parametrize("pron", ["that's", "it's", "that\u2019s"])
def test_a_remark_opening_with_a_contracted_pronoun_is_context(pron):
    assert _strict(
        f"boom_len_m should stay within 2 to 18, {pron} the crane maker's rated reach"
    ) == [
        ("range", ["boom_len_m"], (2.0, 18.0)),
    ]


# ------------- class 5: "... and never repeat(s)" after another rule is the column's uniqueness


@pytest.mark.parametrize(
    "tail", ["and never repeat", "and never repeats", ", never repeats", ", never recurs"]
)
def test_never_repeat_after_another_rule_is_unique(tail):
    assert _strict(f"ticket_ref must always be filled in {tail}") == [
        ("not_null", ["ticket_ref"], (None, None)),
        ("unique", ["ticket_ref"], (None, None)),
    ]


# ------------- class 6: "unique in <snake_case_table>" at the end of a clause names the table


def test_unique_in_a_table_name_is_no_column():
    assert _strict("seat_code is required and unique in theatre_seats, thanks") == [
        ("not_null", ["seat_code"], (None, None)),
        ("unique", ["seat_code"], (None, None)),
    ]


# ------------- class 7: "looks like / shaped like / formatted as N digits": a pattern (it was no
# check, or the uniqueness of a clause before it)


@pytest.mark.parametrize("verb", ["should look like", "shaped like", "formatted as", "looks like"])
def test_a_digit_count_after_a_shape_verb_is_a_pattern(verb):
    assert _strict(f"order_no unique, and postcode {verb} 4 digits") == [
        ("unique", ["order_no"], (None, None)),
        ("format", ["postcode"], r"^\d{4}$"),
    ]


# ------------- class 8: chat shorthand at the end of a clause ("fwiw", "tho", "imo") is no word
# of a rule; a verb of its subject ("x caps at N", "maxes out at N") is a bound


@pytest.mark.parametrize("filler", ["fwiw", "imo", "tbh", "iirc"])
def test_chat_shorthand_after_a_rule_is_dropped(filler):
    cols = ["trip_id", "fuel_litres", "logged_at"]
    (check,) = parse_request(
        f"fuel levels cap at 90 and can't go below 0 {filler}", cols, model_id=""
    )
    assert check.columns == ["fuel_litres"] and (check.min, check.max) == (0, 90)


def test_a_permission_with_tho_and_a_reason_is_context():
    cols = ["reading_id", "hive", "humidity_pct"]
    assert _strict("humidity: 30 to 80, nulls are fine tho (the probes reboot at night)", cols) == [
        ("range", ["humidity_pct"], (30.0, 80.0)),
    ]


# ------------- class 9: a verdict sentence after the sentence it judges: "that's impossible"
# after an ask to alert restates the bad case (context); "nulls are NOT ok" after a rule is the
# not-null of that rule's column


@pytest.mark.parametrize(
    "verdict", ["that's impossible", "that would be a bug", "this is clearly nonsense"]
)
def test_a_bad_verdict_after_an_alert_ask_is_context(verdict):
    got = parse_request(
        f"could we flag rows where closed_on is before opened_on?? {verdict}", model_id=""
    )
    assert [c.describe() for c in got] == ["custom sql: closed_on >= opened_on"]


@pytest.mark.parametrize("tail", ["nulls are NOT ok", "blanks are not allowed", "no nulls either"])
def test_a_missing_values_verdict_after_a_rule_is_its_not_null(tail):
    assert _strict(f"shelf_zone must be A, B or C. {tail}") == [
        ("accepted_values", ["shelf_zone"], ["A", "B", "C"]),
        ("not_null", ["shelf_zone"], (None, None)),
    ]


# ------------- class 10: "+" between two rules, each with its subject and modal, is "and" (read
# as a sum, the first rule went to the second rule's column); "a + b must be unique" stays a key


def test_a_plus_between_two_rules_joins_them():
    assert _strict("gauge_psi must be positive + site_code must not be null") == [
        ("custom_sql", ["gauge_psi"], "gauge_psi > 0"),
        ("not_null", ["site_code"], (None, None)),
    ]
    assert _strict("lot_no is required, and lot_no + bin_code must be unique") == [
        ("not_null", ["lot_no"], (None, None)),
        ("unique", ["bin_code", "lot_no"], (None, None)),
    ] or _strict("lot_no is required, and lot_no + bin_code must be unique") == [
        ("not_null", ["lot_no"], (None, None)),
        ("unique", ["lot_no", "bin_code"], (None, None)),
    ]


# ------------- class 11: "always" after the object of "need" is no column word


def test_need_a_column_always_is_its_not_null():
    assert _strict("parcels need a courier_ref always") == [
        ("not_null", ["courier_ref"], (None, None))
    ]


# ------------- class 12: a part about to be dropped as context that names a column and reads as
# a rule alone is never dropped: the sentence raises


def test_a_rule_part_is_never_dropped_as_context():
    with pytest.raises(QualityRequestError):
        parse_request(
            "parcels need a courier_ref, and zone_code is 6 chars \u2014 3 uppercase letters, 2 vowels, 1 glyph",
            model_id="",
        )


# ------------- class 13: a correction naming its source ("wait no, the spec says -18")


def test_a_correction_naming_its_source():
    assert _strict("chiller_temp_c max -2... wait no, the datasheet says -4. so max -4") == [
        ("range", ["chiller_temp_c"], (None, -4.0)),
    ]


# ------------- class 14: "make the <x> check fail if <bad case>" states the bad case (the check
# is its negation; it was the bad case itself, or a column made of the ask's words)


@pytest.mark.parametrize(
    "lead",
    [
        "can someone make the hive_readings check fail if",
        "could we have the nightly test alert when",
        "pls make the monitor fail if",
    ],
)
def test_make_the_check_fail_if_is_the_bad_case(lead):
    (check,) = parse_request(f"{lead} brood_frames is under 3?", model_id="")
    assert check.columns == ["brood_frames"]
    assert passes(check, "brood_frames", 3) and not passes(check, "brood_frames", 2)


# ------------- class 15: a gloss in brackets, in words only ("gsm (fabric weight)", "max 6 (harbour
# board rule)"), is no column word; a bracket with a check word ("(optional)") is still read


def test_a_gloss_in_brackets_is_no_column_word():
    assert _strict(
        "ply (layer total) between 1 and 12, and max_load_kg at most 40 (forklift plate limit)"
    ) == [
        ("range", ["ply"], (1.0, 12.0)),
        ("range", ["max_load_kg"], (None, 40.0)),
    ]


# ------------- class 16: ", to the penny" after an equality is its precision, no column


def test_to_the_penny_is_no_column():
    assert _strict("invoice_total has to equal net_amt + tax_amt, to the cent") == [
        (
            "custom_sql",
            ["invoice_total", "net_amt", "tax_amt"],
            "invoice_total = net_amt + tax_amt",
        ),
    ]


# ------------- class 17: "every <entity> needs a <named_column>" is the column's not-null (it
# was refused alone, and silently dropped as context before ", and <rule>")


@pytest.mark.parametrize("tail", ["", ", and grade_code should be one of A, B or C", " pls"])
@pytest.mark.parametrize("entity", ["breach", "fault", "parcel"])
def test_every_entity_needs_a_named_column(entity, tail):
    # (an entity noun that reads as a bad event, "breach" / "fault", made the part context)
    got = _strict(f"every {entity} needs a courier_ref{tail}")
    assert got[0] == ("not_null", ["courier_ref"], (None, None))
    assert len(got) == (2 if tail.startswith(",") else 1)


# ------------- class 18: a lead of an occasion ("Ahead of the meeting I went through ...") with no
# comma is read in linear time (the word pattern backtracked over every split of every word)


def test_a_long_occasion_lead_is_read_quickly():
    import time

    text = (
        "Ahead of the quarterly stocktaking review I looked through last winter's cellar inventories"
        " and a couple of columns need watching. Bottle counts should be between 0 and 500."
    )
    start = time.perf_counter()
    (check,) = parse_request(text, ["stock_id", "bottle_count"], model_id="")
    assert check.columns == ["bottle_count"] and (check.min, check.max) == (0, 500)
    assert time.perf_counter() - start < 1.5


# ------------- class 19: "<case> = no <event>" / "<case> means no <event>" says what happens to an
# event no column names: refused (read as a verdict, the negation turned the case over)


@pytest.mark.parametrize("link", ["=", "means"])
def test_a_case_meaning_no_event_is_refused(link):
    with pytest.raises(QualityRequestError, match="event"):
        parse_request(
            f"swell over 3 m {link} no paddle-out",
            ["session_id", "swell_m", "paddled_at"],
            model_id="",
        )


# ------------- class 20: "<rule> right? if so pls add a check": the rule said as a tag question,
# then the ask (context)


@pytest.mark.parametrize(
    "ask",
    [
        "right? if so pls add a check",
        ", right? if yes can we add a check for it",
        "right?? if so add a test pls",
    ],
)
def test_a_rule_as_a_tag_question_then_the_ask(ask):
    assert _strict(f"kiln_cycles shouldn't go over 900 {ask}") == [
        ("range", ["kiln_cycles"], (None, 900.0))
    ]
