"""Round 26 classes of pasted configs and code (read as general rules): each test uses specs
and names of its own, never a corpus entry."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import truth

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _parse(text: str):
    return parse_request(textwrap.dedent(text).strip("\n"), None, model_id="")


# ------------- class 1: a GX 1.x suite made on a line of its own ("suite =
# gx.ExpectationSuite(name=...)"), its expectations added below it: the suite is boilerplate
@pytest.mark.parametrize("imported", [True, False])
@pytest.mark.parametrize(
    "maker", ["gx.ExpectationSuite", "ExpectationSuite", "gx.core.ExpectationSuite"]
)
def test_gx_suite_line_then_added_expectations(imported: bool, maker: str) -> None:
    head = "import great_expectations as gx\n\n" if imported else ""
    text = head + textwrap.dedent(
        f"""\
        kiln_suite = {maker}(name="kiln_firings")
        kiln_suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column="firing_id"))
        kiln_suite.add_expectation(
            gx.expectations.ExpectColumnValuesToBeBetween(column="peak_temp_c", min_value=600, max_value=1300)
        )
        kiln_suite.add_expectation(gx.expectations.ExpectColumnValuesToBeInSet(column="glaze", value_set=["MATTE", "GLOSS"]))
        """
    )
    got = sorted(_checks(text, strict=True))
    assert got == sorted(
        [
            ("not_null", ["firing_id"], (None, None)),
            ("range", ["peak_temp_c"], (600, 1300)),
            ("accepted_values", ["glaze"], ["MATTE", "GLOSS"]),
        ]
    )


# ------------- class 2: a GX column pair given by position (column_A, column_B), as the
# signature allows; or_equal decides the comparator
_PAIR_ROWS = {"ends_at": ["1", "5", "9"], "starts_at": ["5"]}


@settings(max_examples=20, deadline=None)
@given(
    or_equal=st.sampled_from([None, True, False]), keywords=st.booleans(), validator=st.booleans()
)
def test_gx_column_pair_by_position(or_equal: bool | None, keywords: bool, validator: bool) -> None:
    cols = 'column_A="ends_at", column_B="starts_at"' if keywords else '"ends_at", "starts_at"'
    extra = "" if or_equal is None else f", or_equal={or_equal}"
    call = f"{'validator.' if validator else ''}expect_column_pair_values_A_to_be_greater_than_B({cols}{extra})"
    (check,) = _parse(call)
    assert check.kind == "custom_sql" and set(check.columns) == {"ends_at", "starts_at"}
    want = "ends_at >= starts_at" if or_equal else "ends_at > starts_at"
    assert truth(check.condition, _PAIR_ROWS) == truth(want, _PAIR_ROWS)


def test_gx_column_pair_equal_by_position() -> None:
    (check,) = _parse(
        'validator.expect_column_pair_values_to_be_equal("billed_qty", "shipped_qty")'
    )
    rows = {"billed_qty": ["1", "2"], "shipped_qty": ["2"]}
    assert check.kind == "custom_sql" and truth(check.condition, rows) == truth(
        "billed_qty = shipped_qty", rows
    )


# ------------- class 3: expect_column_values_to_be_dateutil_parseable is a valid date
@pytest.mark.parametrize(
    "call",
    [
        'validator.expect_column_values_to_be_dateutil_parseable("hatched_on")',
        'validator.expect_column_values_to_be_dateutil_parseable(column="hatched_on")',
        'suite.add_expectation(gx.expectations.ExpectColumnValuesToBeDateutilParseable(column="hatched_on"))',
    ],
)
def test_gx_dateutil_parseable_is_a_date(call: str) -> None:
    text = f'{call}\nvalidator.expect_column_values_to_be_unique("egg_id")'
    assert sorted(_checks(text, strict=True)) == [
        ("format", ["hatched_on"], (None, None)),
        ("unique", ["egg_id"], (None, None)),
    ]
    (fmt,) = [c for c in _parse(text) if c.kind == "format"]
    assert fmt.format == "date"


# ------------- class 4: a Soda contract's no_invalid_values with valid_format
@pytest.mark.parametrize(
    "fmt,kind", [("email", "email"), ("uuid", "uuid"), ("phone number", "phone")]
)
def test_soda_contract_valid_format(fmt: str, kind: str) -> None:
    text = f"""
    dataset: apiary/pg/public/hives
    columns:
      - name: keeper_contact
        checks:
          - type: no_invalid_values
            valid_format: {fmt}
      - name: hive_no
        checks:
          - type: no_duplicate_values
    """
    got = {(c.kind, tuple(c.columns), c.format) for c in _parse(text)}
    assert got == {("format", ("keeper_contact",), kind), ("unique", ("hive_no",), None)}
    # a format no check kind names is refused, not guessed
    with pytest.raises(QualityRequestError):
        _parse(text.replace(f"valid_format: {fmt}", "valid_format: positive integer"))


# ------------- class 5: a PyDeequ call assigned back to its variable ("check =
# check.satisfies(...)"), over one or several lines
_OPS = ["<", "<=", ">", ">=", "=", "<>"]
_VOL = {"fill_ml": ["100", "250", "400"], "cap_ml": ["250"]}


@settings(max_examples=25, deadline=None)
@given(op=st.sampled_from(_OPS), multiline=st.booleans(), two=st.booleans())
def test_deequ_satisfies_assigned_back(op: str, multiline: bool, two: bool) -> None:
    sep = "\n    " if multiline else " "
    one = f'check = check.satisfies({sep}"fill_ml {op} cap_ml",{sep}"fill vs cap",{sep}lambda x: x == 1.0{"," if multiline else ""}\n)'
    text = one + ('\ncheck = check.isComplete("bottle_id")' if two else "")
    got = _parse(text)
    sql = [c for c in got if c.kind == "custom_sql"]
    assert len(sql) == 1 and set(sql[0].columns) == {"fill_ml", "cap_ml"}
    assert truth(sql[0].condition, _VOL) == truth(f"fill_ml {op} cap_ml", _VOL)
    assert [c.columns for c in got if c.kind == "not_null"] == ([["bottle_id"]] if two else [])


# ------------- class 6: a Monte Carlo anti-join with both tables in one schema is a
# reference to the bare table; "k is not null and t.k is null" is the same reference
def _mc(sql: str) -> str:
    body = textwrap.indent(textwrap.dedent(sql).strip(), " " * 8)
    return (
        "montecarlo:\n  custom_sql:\n    - name: orphan_loans\n      sql: |\n"
        f"{body}\n      alert_conditions:\n        - operator: GT\n          threshold_value: 0\n"
    )


@pytest.mark.parametrize("guard", ["", "l.member_no is not null and "])
def test_mc_anti_join_in_one_schema(guard: str) -> None:
    text = _mc(
        f"""
        select l.loan_id
        from lending.loans l
        left join lending.members m on m.member_no = l.member_no
        where {guard}m.member_no is null
        """
    )
    (check,) = _parse(text)
    assert (check.kind, check.columns, check.ref_table, check.ref_column) == (
        "referential",
        ["member_no"],
        "members",
        "member_no",
    )
    # another schema is kept; a guard on another column is a condition no reference says
    (other,) = _parse(text.replace("left join lending.members", "left join registry.members"))
    assert other.ref_table == "registry.members"
    try:
        guarded = _parse(text.replace(f"where {guard}", "where l.branch_no is not null and "))
    except QualityRequestError:
        return
    assert all(c.kind != "referential" for c in guarded)


# ------------- class 7: a Soda contract's columns pasted without the "dataset:" line, the
# checks under "checks:" or as the column's own keys
@settings(max_examples=20, deadline=None)
@given(lo=st.integers(1, 8), span=st.integers(0, 8), own_keys=st.booleans())
def test_soda_contract_columns_without_dataset(lo: int, span: int, own_keys: bool) -> None:
    hi = lo + span
    if own_keys:
        spec = f"""
        columns:
          - name: hull_code
            missing:
            invalid:
              valid_min_length: {lo}
              valid_max_length: {hi}
          - name: berth_no
            duplicate:
        """
    else:
        spec = f"""
        columns:
          - name: hull_code
            checks:
              - missing:
              - invalid:
                  valid_min_length: {lo}
                  valid_max_length: {hi}
          - name: berth_no
            checks:
              - duplicate:
        """
    got = _parse(spec)
    assert sorted((c.kind, tuple(c.columns)) for c in got) == [
        ("custom_sql", ("hull_code",)),
        ("not_null", ("hull_code",)),
        ("unique", ("berth_no",)),
    ]
    (length,) = [c for c in got if c.kind == "custom_sql"]
    words = {"hull_code": [f"'{'x' * n}'" for n in range(0, hi + 3)]}
    assert truth(length.condition, words) == truth(
        f"LENGTH(hull_code) BETWEEN {lo} AND {hi}", words
    )
