"""Round 25 classes of pasted configs and code (read as general rules): each test uses specs
and names of its own, never a corpus entry."""

from __future__ import annotations

import itertools
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nl_support import checks as _checks
from nl_support import duck

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.agents.quality.nl.logic import row_condition
from strands_airflow.exceptions import QualityRequestError

# an aviary's birds: a number, a text code, a nullable ring number and a flag
_BIRD_COLS = ["bird_id", "span_cm", "plumage", "ring_no", "is_rescue"]
_GRID = {
    "span_cm": ["NULL", "10", "35", "35.5", "60", "90"],
    "plumage": ["NULL", "'DULL'", "'BRIGHT'"],
    "ring_no": ["NULL", "'R1'"],
    "is_rescue": ["NULL", "TRUE", "FALSE"],
}
_TYPES = {"span_cm": "DOUBLE", "plumage": "VARCHAR", "ring_no": "VARCHAR", "is_rescue": "BOOLEAN"}


def _flagged_and_passing(bad: str, conds: list[str]) -> list[tuple[tuple[str, ...], bool, bool]]:
    """For every row of the grid: (row, the bad case selects it, every check passes it); a
    row passes a check unless its condition is FALSE (NULL passes, as in the runner)."""
    names = list(_GRID)
    rows = list(itertools.product(*_GRID.values()))
    values = ", ".join(
        "(" + ", ".join(f"CAST({v} AS {_TYPES[n]})" for v, n in zip(r, names, strict=True)) + ")"
        for r in rows
    )
    passing = " AND ".join(f"(({c}) IS NOT FALSE)" for c in conds) or "TRUE"
    with duck() as con:
        got = con.execute(
            f"SELECT coalesce(({bad}), FALSE), {passing} FROM (VALUES {values}) t({', '.join(names)})"
        ).fetchall()
    return [(r, bool(f), bool(p)) for r, (f, p) in zip(rows, got, strict=True)]


# ------------- class 1: a bad-case SQL predicate with AND / OR (Monte Carlo `type: SQL`, a
# Soda `fail condition` / `fail query`, a dbt singular test): the checks keep out exactly the
# rows it selects, NULLs included
_ATOMS = st.sampled_from(
    [
        "span_cm > 35",
        "span_cm <= 35",
        "span_cm < 60",
        "span_cm >= 90",
        "plumage = 'DULL'",
        "plumage <> 'BRIGHT'",
        "plumage != 'DULL'",
        "ring_no IS NULL",
        "ring_no IS NOT NULL",
        "is_rescue = true",
        "is_rescue = false",
    ]
)


@st.composite
def _bad_case(draw: st.DrawFn) -> str:
    # one predicate per column (two bounds of one column that leave no value are refused)
    atoms = draw(st.lists(_ATOMS, min_size=1, max_size=3, unique_by=lambda a: a.split()[0]))
    joins = [draw(st.sampled_from([" AND ", " OR ", " and ", " or "])) for _ in atoms[1:]]
    if len(atoms) == 3 and draw(st.booleans()):
        # a bracketed pair: "a AND (b OR c)"
        return f"{atoms[0]}{joins[0]}({atoms[1]}{joins[1]}{atoms[2]})"
    return atoms[0] + "".join(j + a for j, a in zip(joins, atoms[1:], strict=True))


def _spec(kind: str, bad: str) -> str:
    if kind == "monte_carlo":
        return textwrap.dedent(
            f"""\
            montecarlo:
              validation:
                - name: aviary_birds_rule
                  data_source:
                    table: zoo:prod.aviary_birds
                  alert_condition:
                    type: SQL
                    sql: "{bad}"
            """
        )
    if kind == "soda_condition":
        return f"checks for aviary_birds:\n  - failed rows:\n      name: odd birds\n      fail condition: {bad}\n"
    if kind == "soda_query":
        return (
            "checks for aviary_birds:\n  - failed rows:\n      name: odd birds\n      fail query: |\n"
            f"        SELECT * FROM aviary_birds\n        WHERE {bad}\n"
        )
    return f"-- tests/assert_no_odd_birds.sql\nselect bird_id\nfrom {{{{ ref('aviary_birds') }}}}\nwhere {bad}\n"


@given(
    _bad_case(), st.sampled_from(["monte_carlo", "soda_condition", "soda_query", "dbt_singular"])
)
@settings(max_examples=120, deadline=None)
def test_a_compound_bad_case_predicate_keeps_out_exactly_its_rows(bad: str, kind: str) -> None:
    got = parse_request(_spec(kind, bad), _BIRD_COLS, model_id="")
    conds = [row_condition(c) for c in got]
    assert got and all(conds), got
    for row, flagged, passing in _flagged_and_passing(bad.replace("!=", "<>"), conds):
        assert passing == (not flagged), (kind, bad, [c.describe() for c in got], row)


def test_a_compound_monte_carlo_sql_predicate_is_one_check() -> None:
    spec = _spec("monte_carlo", "span_cm <= 0 OR ring_no IS NULL")
    got = parse_request(spec, _BIRD_COLS, model_id="")
    assert [(c.kind, sorted(c.columns)) for c in got] == [("custom_sql", ["ring_no", "span_cm"])]
    assert got[0].condition == "span_cm > 0 AND ring_no IS NOT NULL"


def test_a_dbt_singular_test_with_a_column_pair_or_a_bound_is_one_check_each() -> None:
    spec = "select *\nfrom {{ ref('kiln_firings') }}\nwhere cooled_at < fired_at\n   or peak_temp_c > 1300\n"
    got = _checks(spec, ["firing_id", "fired_at", "cooled_at", "peak_temp_c"], strict=True)
    assert sorted(got, key=str) == sorted(
        [
            ("custom_sql", ["cooled_at", "fired_at"], "cooled_at >= fired_at"),
            ("range", ["peak_temp_c"], (None, 1300.0)),
        ],
        key=str,
    )


def test_a_custom_sql_line_with_is_null_or_is_read_as_sql() -> None:
    # "x IS NULL OR ..." in SQL is not the prose "x is either null or ..."
    got = _checks(
        "custom sql: pickup_at IS NULL OR pickup_at >= booked_at",
        ["pickup_at", "booked_at"],
        strict=True,
    )
    assert got == [
        ("custom_sql", ["pickup_at", "booked_at"], "pickup_at IS NULL OR pickup_at >= booked_at")
    ]


# ------------- class 2: a config's SQL condition that is one column's list of literals (a dbt
# model constraint `type: check`, Deequ `satisfies`, dbt_utils `expression_is_true`) is that
# column's accepted values, never a custom_sql keeping the tokenised text
_CODES = st.lists(
    st.sampled_from(["'KILN'", "'WHEEL'", "'GLAZE'", "'RAKU'", "'PIT'", "3", "7.5", "12"]),
    min_size=1,
    max_size=4,
    unique=True,
)


def _list_spec(kind: str, col: str, cond: str) -> str:
    if kind == "constraint":
        return textwrap.dedent(
            f"""\
            models:
              - name: studio_firings
                config:
                  contract: {{enforced: true}}
                columns:
                  - name: {col}
                    data_type: varchar
                    constraints:
                      - type: check
                        expression: "{cond}"
            """
        )
    if kind == "satisfies":
        return f'check.satisfies("{cond}", "{col} is known")'
    return f'- name: studio_firings\n  tests:\n    - dbt_utils.expression_is_true:\n        expression: "{cond}"\n'


@given(
    _CODES,
    st.sampled_from(["constraint", "satisfies", "expression_is_true"]),
    st.sampled_from(["IN", "in"]),
)
@settings(max_examples=60, deadline=None)
def test_a_list_of_literals_in_a_config_condition_is_accepted_values(
    items: list[str], kind: str, kw: str
) -> None:
    cond = f"firing_kind {kw} ({', '.join(items)})"
    (check,) = parse_request(
        _list_spec(kind, "firing_kind", cond), ["firing_id", "firing_kind"], model_id=""
    )
    assert (check.kind, check.columns) == ("accepted_values", ["firing_kind"]), check
    want = [x[1:-1] if x.startswith("'") else float(x) for x in items]
    got = [float(v) if isinstance(v, (int, float)) else v for v in check.values or []]
    assert sorted(map(str, got)) == sorted(map(str, want)), (check, items)


def test_only_a_bare_list_is_accepted_values_more_stays_custom_sql() -> None:
    (check,) = parse_request(
        _list_spec("constraint", "firing_kind", "(firing_kind in ('PIT', 'RAKU'))"),
        None,
        model_id="",
    )
    assert (check.kind, check.columns, check.values) == (
        "accepted_values",
        ["firing_kind"],
        ["PIT", "RAKU"],
    )
    for cond in (
        "firing_kind NOT IN ('PIT')",
        "firing_kind IN ('PIT') OR firing_id > 3",
        "lower(firing_kind) in ('pit')",
    ):
        (check,) = parse_request(
            _list_spec("constraint", "firing_kind", cond), ["firing_id", "firing_kind"], model_id=""
        )
        assert check.kind == "custom_sql", (cond, check)


# ------------- class 3: dbt_utils expression_is_true: a whole condition under a `- name:` is
# the model's (the name is no column of it); an expression that starts with an operator
# continues the column it is under
@given(st.sampled_from(["<=", "<", ">=", ">", "=", "<>"]), st.booleans())
@settings(max_examples=30, deadline=None)
def test_expression_is_true_on_a_model_or_on_a_column(op: str, on_column: bool) -> None:
    cols = ["glaze_id", "cone_reached", "cone_target"]
    if on_column:
        spec = f'- name: cone_reached\n  tests:\n    - dbt_utils.expression_is_true:\n        expression: "{op} cone_target"\n'
    else:
        spec = f'- name: fct_glaze_runs\n  tests:\n    - dbt_utils.expression_is_true:\n        expression: "cone_reached {op} cone_target"\n'
    (check,) = parse_request(spec, cols, model_id="")
    assert check.kind == "custom_sql" and sorted(check.columns) == [
        "cone_reached",
        "cone_target",
    ], check
    assert check.condition.replace(" ", "") == f"cone_reached{op}cone_target", check
    # with no schema the model's name is never read into the condition
    (bare,) = parse_request(spec, None, model_id="")
    assert "fct_glaze_runs" not in (bare.condition or ""), bare


def test_expression_is_true_under_a_model_with_a_where_config() -> None:
    spec = (
        "- name: fct_glaze_runs\n  tests:\n    - dbt_utils.expression_is_true:\n"
        '        expression: "cone_reached is not null"\n        config:\n          where: "glaze_kind = \'CELADON\'"\n'
    )
    (check,) = parse_request(spec, ["glaze_kind", "cone_reached"], model_id="")
    assert sorted(check.columns) == ["cone_reached", "glaze_kind"]
    cond = check.condition
    with duck() as con:
        for kind, cone, ok in (
            ("'CELADON'", "NULL", False),
            ("'CELADON'", "6", True),
            ("'TENMOKU'", "NULL", True),
        ):
            got = con.execute(
                f"SELECT ({cond}) IS NOT FALSE FROM (SELECT {kind} AS glaze_kind, {cone} AS cone_reached)"
            ).fetchall()
            assert got[0][0] is ok, (cond, kind, cone)


# ------------- class 4: with no schema, a column a pasted spec or code names is an identifier
# as written ("- name: berths", `.isComplete("tides")`, `where moorings < 0`), never
# singularised into another name ("berth", "tide")
_PLURALS = st.sampled_from(
    ["berths", "tides", "moorings", "fenders_used", "hull_repairs", "crew_hours"]
)


def _named_spec(kind: str, col: str) -> tuple[str, str]:
    """A spec naming `col`, and the kind of check it gives."""
    if kind == "dbt":
        return (
            f"models:\n  - name: harbour_visits\n    columns:\n      - name: {col}\n        tests:\n          - not_null\n",
            "not_null",
        )
    if kind == "dbt_range":
        return (
            f"- name: {col}\n  tests:\n    - dbt_utils.accepted_range:\n        min_value: 0\n        max_value: 40\n",
            "range",
        )
    if kind == "soda":
        return f"checks for harbour_visits:\n  - missing_count({col}) = 0\n", "not_null"
    if kind == "deequ":
        return f'Check(CheckLevel.Error, "harbour")\n  .isNonNegative("{col}")', "range"
    if kind == "singular":
        return f"select *\nfrom {{{{ ref('harbour_visits') }}}}\nwhere {col} < 0\n", "range"
    return f'expect_column_values_to_be_unique(column="{col}")', "unique"


@given(_PLURALS, st.sampled_from(["dbt", "dbt_range", "soda", "deequ", "singular", "ge"]))
@settings(max_examples=60, deadline=None)
def test_a_spec_names_its_column_as_written(col: str, kind: str) -> None:
    spec, want = _named_spec(kind, col)
    (check,) = parse_request(spec, None, model_id="")
    assert (check.kind, check.columns) == (want, [col]), (spec, check)


def test_a_spec_name_as_written_prose_without_a_spec_as_the_column_word() -> None:
    assert _checks("- name: berths\n  tests:\n    - unique\n", strict=True) == [
        ("unique", ["berths"], (None, None))
    ]
    assert _checks("no negative moorings", strict=True) == [("range", ["mooring"], (0.0, None))]
    # a call inside prose: only its quoted names are identifiers
    got = _checks(
        'fender tags can\'t exceed 8 chars -- in deequ: hasMaxLength("fender_tag", _ <= 8)',
        strict=True,
    )
    assert {tuple(c[1]) for c in got} == {("fender_tag",)}, got


# ------------- class 5: a Monte Carlo UNARY predicate that carries its own arguments (`values`
# of an in_set / between, a `regex`) next to `value: [{field: x}]`; the negated predicate
# flags the rows outside, so the check is the set / the range / the pattern
def _mc_unary(name: str, negated: bool, extra: str) -> str:
    return (
        textwrap.dedent(
            f"""\
        montecarlo:
          validation:
            - name: lift_pass_rule
              data_source:
                table: ski:prod.lift_scans
              alert_condition:
                type: GROUP
                operator: AND
                conditions:
                  - type: UNARY
                    predicate:
                      name: {name}
                      negated: {str(negated).lower()}
        """
        )
        + extra
    )


@given(
    st.lists(
        st.sampled_from(["DAY", "WEEK", "SEASON", "NIGHT"]), min_size=1, max_size=4, unique=True
    ),
    st.integers(-20, 5),
    st.integers(6, 40),
    st.sampled_from(["in_set", "between", "matches_regex"]),
)
@settings(max_examples=40, deadline=None)
def test_a_monte_carlo_unary_predicate_with_its_own_arguments(
    kinds: list[str], lo: int, hi: int, name: str
) -> None:
    field = {"in_set": "pass_kind", "between": "gate_temp_c", "matches_regex": "scan_code"}[name]
    if name == "in_set":
        args = f"              values: [{', '.join(kinds)}]\n"
    elif name == "between":
        args = f'              values: ["{lo}", "{hi}"]\n'
    else:
        args = ""
    spec = _mc_unary(name, True, args + f"            value:\n              - field: {field}\n")
    if name == "matches_regex":
        spec += "            regex: '^[A-Z]{2}\\d{4}$'\n"
    (check,) = parse_request(
        spec, ["scan_id", "pass_kind", "gate_temp_c", "scan_code"], model_id=""
    )
    if name == "in_set":
        assert (check.kind, check.columns, check.values) == ("accepted_values", [field], kinds), (
            check
        )
    elif name == "between":
        assert (check.kind, check.columns, check.min, check.max) == ("range", [field], lo, hi), (
            check
        )
    else:
        assert (check.kind, check.columns, check.pattern) == (
            "format",
            [field],
            "^[A-Z]{2}\\d{4}$",
        ), check
    # not negated, the set / the band itself is the bad case: no check kind says that
    bad = spec.replace("negated: true", "negated: false")
    with pytest.raises(QualityRequestError):
        parse_request(bad, ["scan_id", "pass_kind", "gate_temp_c", "scan_code"], model_id="")


# ------------- class 6: Great Expectations configs pasted as JSON: several objects from a
# suite's list separated by commas, and GX 1.x's "type" key for the expectation's name
_GE_CONFIGS = [
    (
        '"expect_column_values_to_not_be_null", "kwargs": {"column": "plot_no"}',
        ("not_null", ["plot_no"]),
    ),
    (
        '"expect_column_values_to_be_unique", "kwargs": {"column": "plot_no"}',
        ("unique", ["plot_no"]),
    ),
    (
        '"expect_column_values_to_be_between", "kwargs": {"column": "rent_gbp", "min_value": 0, "max_value": 90}',
        ("range", ["rent_gbp"]),
    ),
    (
        '"expect_column_values_to_be_in_set", "kwargs": {"column": "soil", "value_set": ["CLAY", "LOAM"]}',
        ("accepted_values", ["soil"]),
    ),
]


@given(
    st.lists(st.sampled_from(range(len(_GE_CONFIGS))), min_size=1, max_size=4, unique=True),
    st.sampled_from(["expectation_type", "type"]),
    st.sampled_from([",\n", ",", ", ", ",\n\n"]),
    st.booleans(),
)
@settings(max_examples=50, deadline=None)
def test_great_expectations_json_configs_in_a_row(
    picked: list[int], key: str, sep: str, lead: bool
) -> None:
    body = sep.join(f'{{"{key}": {_GE_CONFIGS[i][0]}}}' for i in picked)
    text = ("Plots suite, exported:\n\n" if lead else "") + body
    got = parse_request(text, ["plot_no", "rent_gbp", "soil"], model_id="")
    assert sorted((c.kind, c.columns) for c in got) == sorted(_GE_CONFIGS[i][1] for i in picked), (
        text,
        got,
    )


# ------------- class 7: a Deequ / PyDeequ chain under a heading line ending in a colon (the
# table's name, "config table, PyDeequ:", a remark) is read like the chain alone; a heading
# that holds a call or a rule of its own is not dropped (the text is refused instead)
_CHAIN_CALLS = [
    ('.isComplete("hive_id")', ("not_null", ["hive_id"])),
    ('.hasCompleteness("queen_tag", lambda x: x == 1.0)', ("not_null", ["queen_tag"])),
    ('.isNonNegative("frames")', ("range", ["frames"])),
    ('.hasMax("frames", lambda x: x <= 20)', ("range", ["frames"])),
    ('.isContainedIn("temper", ["CALM", "RUNNY", "HOT"])', ("accepted_values", ["temper"])),
]


@given(
    st.sampled_from(
        [
            "apiary_hives:",
            "Hive inspections table, PyDeequ:",
            "Every hive gets these:",
            "checks on the hives:",
        ]
    ),
    st.lists(
        st.sampled_from(range(len(_CHAIN_CALLS))),
        min_size=1,
        max_size=3,
        unique_by=lambda i: _CHAIN_CALLS[i][1][1][0],
    ),
    st.sampled_from(["\n", "\n\n"]),
    st.sampled_from(["", "    "]),
)
@settings(max_examples=50, deadline=None)
def test_a_deequ_chain_under_a_heading_line(
    heading: str, picked: list[int], gap: str, indent: str
) -> None:
    text = heading + gap + "\n".join(indent + _CHAIN_CALLS[i][0] for i in picked)
    got = parse_request(text, ["hive_id", "queen_tag", "frames", "temper"], model_id="")
    assert sorted((c.kind, c.columns) for c in got) == sorted(_CHAIN_CALLS[i][1] for i in picked), (
        text,
        got,
    )

    # a heading that holds a call of its own is not dropped with the heading
    text = 'They suggested .isUnique("hive_id") too, fine:\n.isComplete("queen_tag")'
    got = parse_request(text, ["hive_id", "queen_tag"], model_id="")
    assert sorted((c.kind, c.columns) for c in got) == [
        ("not_null", ["queen_tag"]),
        ("unique", ["hive_id"]),
    ]


# ------------- class 8: a SodaCL `invalid_count(x) = 0` with `valid min` and `valid max` is one
# range, also under a `filter:` (it gave two guarded halves); a Soda contract's
# `no_invalid_values` / `invalid` with a `valid_length` or `valid_min_length` / `valid_max_length`
@given(
    st.integers(-10, 10),
    st.integers(11, 60),
    st.sampled_from(["lane_closed = false", "lane_kind = 'FAST'"]),
)
@settings(max_examples=30, deadline=None)
def test_a_soda_valid_min_and_max_under_a_filter_is_one_guarded_range(
    lo: int, hi: int, flt: str
) -> None:
    text = (
        "checks for pool_lanes:\n  - invalid_count(swimmers) = 0:\n"
        f"      valid min: {lo}\n      valid max: {hi}\n      filter: {flt}\n"
    )
    (check,) = parse_request(text, ["lane_id", "swimmers", "lane_closed", "lane_kind"], model_id="")
    assert check.kind == "custom_sql", check
    fcol = flt.split()[0]
    kept, other = ("FALSE", "TRUE") if fcol == "lane_closed" else ("'FAST'", "'SLOW'")
    with duck() as con:
        for fv, n, ok in (
            (kept, lo, True),
            (kept, hi, True),
            (kept, lo - 1, False),
            (kept, hi + 1, False),
            (other, hi + 1, True),
        ):
            got = con.execute(
                f"SELECT ({check.condition}) IS NOT FALSE FROM (SELECT {fv} AS {fcol}, {n} AS swimmers)"
            ).fetchall()
            assert got[0][0] is ok, (check.condition, fv, n)


@given(st.integers(1, 8), st.integers(9, 30), st.sampled_from(["eq", "min", "max", "both"]))
@settings(max_examples=30, deadline=None)
def test_a_soda_contract_valid_length(a: int, b: int, which: str) -> None:
    args = {
        "eq": f"valid_length: {a}",
        "min": f"valid_min_length: {a}",
        "max": f"valid_max_length: {b}",
        "both": f"valid_min_length: {a}\n        valid_max_length: {b}",
    }[which]
    text = f"dataset: pools/prod/lanes\ncolumns:\n  - name: lane_code\n    checks:\n      - type: no_invalid_values\n        {args}\n"
    (check,) = parse_request(text, ["lane_id", "lane_code"], model_id="")
    assert (check.kind, check.columns) == ("custom_sql", ["lane_code"]), check
    with duck() as con:
        for n in range(0, 32):
            got = con.execute(
                f"SELECT ({check.condition}) FROM (SELECT repeat('x', {n}) AS lane_code)"
            ).fetchall()[0][0]
            want = {"eq": n == a, "min": n >= a, "max": n <= b, "both": a <= n <= b}[which]
            assert got is want, (check.condition, n)


# ------------- class 9: a spec's column named by a word the prose reader drops or takes for
# the table ("result", "pair", "type", "batch", "key") is that column, not "which column?"
@given(
    st.sampled_from(["result", "pair", "type", "batch", "key", "entry", "partition"]),
    st.sampled_from(["dbt", "contract", "ge"]),
    st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_a_spec_column_named_by_a_reserved_word(col: str, kind: str, schema: bool) -> None:
    if kind == "dbt":
        text = f"models:\n  - name: bouts\n    columns:\n      - name: {col}\n        tests:\n          - accepted_values:\n              values: ['W', 'L', 'D']\n"
    elif kind == "contract":
        text = f"dataset: judo/prod/bouts\ncolumns:\n  - name: {col}\n    checks:\n      - type: no_invalid_values\n        valid_values: ['W', 'L', 'D']\n"
    else:
        text = f'validator.expect_column_values_to_be_in_set("{col}", ["W", "L", "D"])'
    (check,) = parse_request(text, ["bout_id", col] if schema else None, model_id="")
    assert (check.kind, check.columns, check.values) == (
        "accepted_values",
        [col],
        ["W", "L", "D"],
    ), check


# ------------- class 10: SodaCL checks pasted without their "checks for <table>:" line, with a
# bound on a column's extreme ("max(x) <= 85") or a reference ("values in (x) must exist in t
# (y)") among them, are read like under the header (they were taken for dbt tests)
_SODA_LINES = [
    ("- max(brew_temp_c) <= 96", ("range", ["brew_temp_c"])),
    ("- min(dose_g) >= 7", ("range", ["dose_g"])),
    ("- values in (bean_id) must exist in beans (bean_id)", ("referential", ["bean_id"])),
    ("- missing_count(barista_id) = 0", ("not_null", ["barista_id"])),
    ("- freshness(pulled_at) < 2h", ("freshness", ["pulled_at"])),
]


@given(
    st.lists(st.sampled_from(range(len(_SODA_LINES))), min_size=2, max_size=4, unique=True),
    st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_sodacl_lines_without_their_header(picked: list[int], header: bool) -> None:
    lines = "\n".join(_SODA_LINES[i][0] for i in picked)
    if not any(i in (0, 1, 2) for i in picked):
        return  # the lines the header-less reader already knew
    text = ("checks for espresso_shots:\n" + textwrap.indent(lines, "  ")) if header else lines
    cols = ["shot_id", "brew_temp_c", "dose_g", "bean_id", "barista_id", "pulled_at"]
    got = parse_request(text, cols, model_id="")
    assert sorted((c.kind, c.columns) for c in got) == sorted(_SODA_LINES[i][1] for i in picked), (
        text,
        got,
    )


# ------------- class 11: a dbt source's freshness and loaded_at_field under `config:` (dbt 1.9+)
@given(st.sampled_from(["hour", "day", "minute"]), st.integers(1, 48), st.booleans())
@settings(max_examples=20, deadline=None)
def test_a_dbt_source_freshness_under_config(period: str, n: int, field_in_config: bool) -> None:
    field = "      loaded_at_field: _synced_at\n"
    text = (
        "sources:\n  - name: roastery_feed\n    config:\n      freshness:\n"
        f"        error_after: {{count: {n}, period: {period}}}\n"
        + (field if field_in_config else "")
        + ("" if field_in_config else "    loaded_at_field: _synced_at\n")
        + "    tables:\n      - name: green_lots\n"
    )
    (check,) = parse_request(text, None, model_id="")
    secs = {"hour": 3600, "day": 86400, "minute": 60}[period] * n
    assert (check.kind, check.columns, check.max_age_seconds) == (
        "freshness",
        ["_synced_at"],
        secs,
    ), check


# ------------- class 12: a config's row filter that only SQL says (LIKE, IN (...), AND / OR: a
# Monte Carlo where_condition, a dbt `config: where`, a Soda `filter`) guards the rule as SQL
# (the prose condition reader refused it); a custom_sql keeps its literals as written
_FILTERS = st.sampled_from(
    [
        ("kiln_code LIKE 'K7%'", {"kiln_code": ["'K71'", "'K80'", "NULL"]}),
        ("kiln_code IN ('K1', 'K2')", {"kiln_code": ["'K1'", "'K3'", "NULL"]}),
        ("kiln_code = 'K1' AND cone > 6", {"kiln_code": ["'K1'", "'K3'"], "cone": ["5", "9"]}),
        ("kiln_code = 'K1' OR cone > 6", {"kiln_code": ["'K1'", "'K3'"], "cone": ["5", "9"]}),
    ]
)


@given(_FILTERS, st.sampled_from(["monte_carlo", "dbt", "soda"]))
@settings(max_examples=40, deadline=None)
def test_a_sql_only_filter_guards_the_rule(
    flt: tuple[str, dict[str, list[str]]], kind: str
) -> None:
    where, grid = flt
    if kind == "monte_carlo":
        text = (
            "montecarlo:\n  metric:\n    - name: glaze_lots\n      table: pottery:prod.firings\n"
            f'      where_condition: "{where}"\n      alert_conditions:\n        - metric: NULL_COUNT\n'
            "          fields: [glaze_lot]\n          operator: GT\n          threshold_value: 0\n"
        )
    elif kind == "dbt":
        text = f'- name: glaze_lot\n  tests:\n    - not_null:\n        config:\n          where: "{where}"\n'
    else:
        text = f"checks for firings:\n  - missing_count(glaze_lot) = 0:\n      filter: {where}\n"
    (check,) = parse_request(text, ["firing_id", "kiln_code", "cone", "glaze_lot"], model_id="")
    assert check.kind == "custom_sql", check
    assert "'K7%'" not in where or "'K7%')" in check.condition, check.condition  # as written
    names = list(grid) + ["glaze_lot"]
    rows = itertools.product(*grid.values(), ["'G1'", "NULL"])
    with duck() as con:
        for row in rows:
            sel = ", ".join(f"{v} AS {n}" for n, v in zip(names, row, strict=True))
            kept, ok = con.execute(
                f"SELECT coalesce(({where}), FALSE), ({check.condition}) IS NOT FALSE FROM (SELECT {sel})"
            ).fetchall()[0]
            assert ok == (not kept or row[-1] != "NULL"), (where, check.condition, row)


# ------------- class 13: a Great Expectations YAML suite under its name ("expectation_suite:",
# "orders_suite:") over the list of expectations
@given(st.sampled_from(["expectation_suite", "kilns_suite", "expectations_for_firings"]))
@settings(max_examples=5, deadline=None)
def test_a_ge_yaml_suite_under_its_name(key: str) -> None:
    text = (
        f"{key}:\n  - expectation_type: expect_column_values_to_be_in_set\n"
        "    kwargs: {column: kiln_code, value_set: [K1, K2]}\n"
        "  - expectation_type: expect_column_values_to_not_be_null\n    kwargs: {column: kiln_code}\n"
    )
    got = parse_request(text, None, model_id="")
    assert sorted((c.kind, c.columns) for c in got) == [
        ("accepted_values", ["kiln_code"]),
        ("not_null", ["kiln_code"]),
    ]


# ------------- class 7 (Great Expectations code): calls under a heading line ending in a colon
@given(
    st.sampled_from(
        [
            "Adding these to the apiary suite before the Q3 audit:",
            "hive suite, v2:",
            "From the notebook:",
        ]
    ),
    st.sampled_from(["\n", "\n\n"]),
    st.booleans(),
)
@settings(max_examples=20, deadline=None)
def test_great_expectations_calls_under_a_heading_line(heading: str, gap: str, gx1: bool) -> None:
    calls = (
        'gx.expectations.ExpectColumnValuesToNotBeNull(column="hive_id")\n'
        'gx.expectations.ExpectColumnValuesToBeBetween(column="frames", min_value=0, max_value=20)'
        if gx1
        else 'validator.expect_column_values_to_not_be_null(column="hive_id")\n'
        'validator.expect_column_values_to_be_between(\n    column="frames", min_value=0, max_value=20\n)'
    )
    got = parse_request(heading + gap + calls, ["hive_id", "frames"], model_id="")
    assert sorted((c.kind, c.columns, c.min, c.max) for c in got) == [
        ("not_null", ["hive_id"], None, None),
        ("range", ["frames"], 0, 20),
    ], got


# ------------- class 14: a Python list of GX 1.x expectations ("hive_suite = [ ... ]", a suite
# built with expectations=[ ... ]) is read like its calls alone
@given(
    st.sampled_from(
        ["hive_suite = [", 'suite = gx.ExpectationSuite(name="hives", expectations=[', "["]
    ),
    st.booleans(),
)
@settings(max_examples=12, deadline=None)
def test_a_python_list_of_gx_expectations(opening: str, trailing_comma: bool) -> None:
    closing = "])" if "ExpectationSuite" in opening else "]"
    comma = "," if trailing_comma else ""
    text = (
        f"{opening}\n"
        '    gx.expectations.ExpectColumnValuesToNotBeNull(column="hive_id"),\n'
        f'    gx.expectations.ExpectColumnValuesToBeInSet(column="temper", value_set=["CALM", "HOT"]){comma}\n'
        f"{closing}"
    )
    got = parse_request(text, ["hive_id", "temper"], model_id="")
    assert sorted((c.kind, c.columns) for c in got) == [
        ("accepted_values", ["temper"]),
        ("not_null", ["hive_id"]),
    ], got


# ------------- class 15: a dbt_utils accepted_range bound that is a name ("max_value:
# order_total") is the row's own column: dbt_utils writes the bound into its SQL
@given(st.sampled_from([0, -5, None]), st.booleans(), st.sampled_from(["hi", "lo"]))
@settings(max_examples=20, deadline=None)
def test_a_dbt_accepted_range_bound_that_is_a_column(
    num: int | None, inclusive: bool, named: str
) -> None:
    lo, hi = (
        (num, "frames_max") if named == "hi" else ("frames_min", 30 if num is None else 30 + num)
    )
    args = "".join(
        f"        {k}: {v}\n" for k, v in (("min_value", lo), ("max_value", hi)) if v is not None
    )
    text = f"- name: frames\n  tests:\n    - dbt_utils.accepted_range:\n{args}        inclusive: {str(inclusive).lower()}\n"
    (check,) = parse_request(text, ["hive_id", "frames", "frames_min", "frames_max"], model_id="")
    assert check.kind == "custom_sql", check
    with duck() as con:
        for f in range(-8, 40, 3):
            row = f"SELECT {f} AS frames, 2 AS frames_min, 20 AS frames_max"
            got = con.execute(f"SELECT ({check.condition}) FROM ({row})").fetchall()[0][0]
            lo_v = 2 if lo == "frames_min" else lo
            hi_v = 20 if hi == "frames_max" else hi
            ok = (lo_v is None or (f >= lo_v if inclusive else f > lo_v)) and (
                hi_v is None or (f <= hi_v if inclusive else f < hi_v)
            )
            assert got is ok, (check.condition, f)
