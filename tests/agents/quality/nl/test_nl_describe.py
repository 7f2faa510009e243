"""Check.describe() says a check back in canonical English that parses to the same check;
explain() / `strands-checks explain`, strict=False, the time budget and the Bedrock order."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strands_airflow.agents.quality.models import Check
from strands_airflow.agents.quality.nl import (
    explain,
    parse_request,
    parse_request_detailed,
    parse_request_rules,
)
from strands_airflow.exceptions import QualityRequestError

SCHEMA = ["order_id", "line_no", "quantity", "status", "email", "updated_at", "code", "shipped_at"]
ROOT = Path(__file__).parents[4]

cols = st.sampled_from(SCHEMA)
numbers = st.one_of(st.integers(-100_000, 100_000), st.integers(-9999, 9999).map(lambda x: x / 10))
words = st.text(alphabet="abcXYZ019 _-.'", min_size=0, max_size=8)


@st.composite
def checks(draw) -> Check:
    kind = draw(st.sampled_from(
        ["not_null", "unique", "unique2", "range", "accepted_values", "format", "regex",
         "freshness", "row_count", "referential", "custom_sql"]
    ))  # fmt: skip
    c = draw(cols)
    if kind == "not_null":
        return Check(kind="not_null", columns=[c])
    if kind == "unique":
        return Check(kind="unique", columns=[c])
    if kind == "unique2":
        a, b = draw(st.lists(cols, min_size=2, max_size=2, unique=True))
        return Check(kind="unique", columns=[a, b])
    if kind in ("range", "row_count"):
        lo, hi = sorted(draw(st.lists(numbers, min_size=2, max_size=2)))
        if kind == "row_count":
            lo, hi = abs(int(lo)), abs(int(lo)) + abs(int(hi))
        which = draw(st.sampled_from(["min", "max", "both"]))
        bounds = {"min": lo, "max": hi} if which == "both" else {which: lo if which == "min" else hi}
        return Check(kind=kind, columns=[] if kind == "row_count" else [c], **bounds)
    if kind == "accepted_values":
        values = draw(st.lists(st.one_of(words, st.integers(-50, 500)), min_size=1, max_size=4,
                               unique_by=lambda v: (type(v), v)))  # fmt: skip
        return Check(kind="accepted_values", columns=[c], values=values)
    if kind == "format":
        return Check(kind="format", columns=[c], format=draw(st.sampled_from(["email", "phone", "uuid", "url", "date"])))
    if kind == "regex":
        pattern = draw(st.sampled_from(["^[A-Z]{3}$", "^[0-9]+(-[0-9]+)?$", "^ab.*z$", "^\\d{5}$", "^it's$"]))
        return Check(kind="format", columns=[c], format="regex", pattern=pattern)
    if kind == "freshness":
        n = draw(st.integers(1, 500))
        unit = draw(st.sampled_from([1, 60, 3600, 86400]))
        return Check(kind="freshness", columns=[c], max_age_seconds=float(n * unit))
    if kind == "referential":
        return Check(kind="referential", columns=[c], ref_table=draw(st.sampled_from(["customers", "dim_product"])),
                     ref_column=draw(st.sampled_from(["id", "customer_id"])))  # fmt: skip
    a, b = draw(st.lists(cols, min_size=2, max_size=2, unique=True))
    cond = draw(st.sampled_from([f"{a} >= {b}", f"{a} < {b}", f"length({a}) <= 20", f"{a} <> 'it''s'", f"{a} > 0"]))
    names = [a, b] if b in cond.split()[-1:] else [a]
    return Check(kind="custom_sql", columns=names, condition=cond)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(checks())
def test_describe_round_trips(check):
    text = check.describe()
    assert parse_request(text, SCHEMA, model_id="") == [check], text


def test_explain_says_what_was_read():
    assert explain("status: a, b or c only; order_id required and unique") == [
        "read as: status must be one of 'a', 'b', 'c'",
        "read as: order_id must not be null",
        "read as: order_id must be unique",
    ]
    assert explain("quantity cant exceed 10 (returns are stored as negatives)") == [
        "read as: quantity must be at most 10",
        "context: returns are stored as negatives",
    ]


def test_cli_explain_prints_read_as_lines():
    run = subprocess.run(
        [sys.executable, "-m", "strands_airflow.agents.quality.cli", "explain",
         "email adress must be unique; no negative quantities", "--columns", "email_address,quantity"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "read as: email_address must be unique",
        "read as: quantity must be at least 0",
    ]
    bad = subprocess.run(
        [sys.executable, "-m", "strands_airflow.agents.quality.cli", "explain",
         "shoe size must not be null", "--columns", "email_address,quantity"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "shoe size" in bad.stderr and "email_address" in bad.stderr


def test_strict_raises_and_lenient_lists_what_it_left_out():
    text = "order_id must be unique; the pipeline should feel faster"
    with pytest.raises(QualityRequestError, match="feel faster"):
        parse_request_rules(text)
    parsed = parse_request_detailed(text, strict=False, model_id="")
    assert parsed.checks == [Check(kind="unique", columns=["order_id"])]
    assert len(parsed.ignored) == 1 and "feel faster" in parsed.ignored[0]
    assert parsed.read_as()[-1].startswith("ignored: the pipeline should feel faster")


def test_unresolvable_subject_names_the_words_and_the_columns():
    with pytest.raises(QualityRequestError, match=r"'shoe size'.*columns are: order_id"):
        parse_request_rules("shoe size must be at least 1", SCHEMA)


def test_long_inputs_are_refused_quickly():
    for text in ("9" * 19_999, "x must be at least " + "1" * 5000, "a " * 4999):
        start = time.perf_counter()
        with pytest.raises(QualityRequestError):
            parse_request_rules(text)
        assert time.perf_counter() - start < 10  # generous: this is not a speed test
    with pytest.raises(QualityRequestError, match="took over"):
        parse_request_rules("x must be unique; " * 50, budget_seconds=0.0)


def test_excluded_values_are_errors_that_say_so():
    with pytest.raises(QualityRequestError, match="must not take"):
        parse_request_rules("status must not be 'deleted'")


def test_bedrock_never_overrides_a_clear_rule_parse(monkeypatch):
    def boom(*a, **k):  # the model must not even be asked
        raise AssertionError("Bedrock was asked although the rules read the request")

    monkeypatch.setattr("strands_airflow.agents.quality.nl.bedrock.parse_with_bedrock", boom)
    assert parse_request("order_id is unique", model_id="some-model") == [
        Check(kind="unique", columns=["order_id"])
    ]


def test_bedrock_failure_reports_the_rules_error(monkeypatch):
    def fails(*a, **k):
        raise QualityRequestError("the model named an unknown column 'password'")

    monkeypatch.setattr("strands_airflow.agents.quality.nl.bedrock.parse_with_bedrock", fails)
    with pytest.raises(QualityRequestError, match="feel faster"):
        parse_request("the pipeline should feel faster", model_id="some-model")
