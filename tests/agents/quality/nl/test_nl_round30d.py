"""Round 30: "every <entity> needs a <col> that exists in <t>.<c>" is the column's presence and
its reference, with sentences of their own (never a corpus entry)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.nl import parse_request


def _kinds(text: str, columns: list[str] | None = None) -> set[tuple]:
    return {
        (c.kind, tuple(c.columns), c.ref_table, c.ref_column)
        for c in parse_request(text, columns, strict=True)
    }


@given(
    st.sampled_from(["every", "each", "Every", "AC: each"]),
    st.sampled_from(["voyage", "kiln firing", "choir rehearsal", "ferry crossing"]),
    st.sampled_from(["needs a", "has a", "must have a", "requires a", "should have an", "to carry a"]),
    st.sampled_from(["skipper_id", "glaze_code", "venue_ref"]),
    st.sampled_from(["that exists in", "which exists in", "that is found in", "present in", "that exists in\n"]),
    st.sampled_from(["registry.id", "masters.code", "dim_venue.venue_ref"]),
)
@settings(max_examples=40, deadline=None)
def test_every_row_needing_a_column_that_exists_elsewhere_gets_both_checks(
    lead, entity, verb, col, link, target
):
    table, column = target.split(".")
    text = f"{lead} {entity} {verb} {col} {link} {target}"
    assert _kinds(text) == {
        ("not_null", (col,), None, None),
        ("referential", (col,), table, column),
    }


def test_a_reference_said_alone_or_when_filled_stays_null_tolerant():
    # a reference with no "every X needs" keeps NULLs allowed: the writer said nothing about them
    assert _kinds("skipper_id must exist in registry.id") == {
        ("referential", ("skipper_id",), "registry", "id")
    }
    assert _kinds("glaze_code has to exist in masters.code when it is filled in") == {
        ("referential", ("glaze_code",), "masters", "code")
    }


def test_the_rule_beside_it_is_still_read():
    text = (
        "Each crossing needs a skipper_id that exists in registry.id, and "
        "sea_state must be between 0 and 9."
    )
    assert _kinds(text, ["crossing_id", "skipper_id", "sea_state"]) == {
        ("not_null", ("skipper_id",), None, None),
        ("referential", ("skipper_id",), "registry", "id"),
        ("range", ("sea_state",), None, None),
    }
